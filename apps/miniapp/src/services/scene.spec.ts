import { ratePageUrl, sceneFromLaunch, sceneFromText } from './scene';

describe('finding the window scene', () => {
  it('reads the H5 route parameter and the mini-program code scene (URL-encoded)', () => {
    expect(sceneFromLaunch({ scene: 'AbCdEf123456' })).toBe('AbCdEf123456');
    expect(sceneFromLaunch({ scene: encodeURIComponent('a=1&b') })).toBe('a=1&b');
  });

  it('reads the encoded URL of a plain QR code opened in WeChat (q)', () => {
    const q = encodeURIComponent('https://hcp.example.gov.cn/r/AbCdEf123456');
    expect(sceneFromLaunch({ q, scancode_time: '1700000000' })).toBe('AbCdEf123456');
    expect(sceneFromLaunch({ q: encodeURIComponent(q) })).toBe('AbCdEf123456');
  });

  it('has nothing without a scene, or with characters WeChat never puts in one', () => {
    expect(sceneFromLaunch({})).toBeNull();
    expect(sceneFromLaunch({ scene: '<script>' })).toBeNull();
    expect(sceneFromLaunch({ scene: 'x'.repeat(33) })).toBeNull();
    expect(sceneFromLaunch({ scene: '%E0%A4%A' })).toBeNull();
  });

  it('reads a scanned window URL or mini-program path', () => {
    expect(sceneFromText('https://hcp.example.gov.cn/r/AbCdEf123456')).toBe('AbCdEf123456');
    expect(sceneFromText('https://hcp.example.gov.cn/r/AbCdEf123456?from=poster#top')).toBe('AbCdEf123456');
    expect(sceneFromText('pages/rate/index?scene=AbCdEf123456')).toBe('AbCdEf123456');
    expect(sceneFromText('/pages/rate/index?scene=Ab%26Cd')).toBe('Ab&Cd');
    expect(sceneFromText('https://hcp.example.gov.cn/r?scene=AbCdEf123456')).toBe('AbCdEf123456');
  });

  it('ignores codes that are not a window’s', () => {
    expect(sceneFromText('https://weixin.qq.com/')).toBeNull();
    expect(sceneFromText('pages/index/index?scene=AbCdEf123456')).toBeNull();
    expect(sceneFromText('6901234567892')).toBeNull();
  });

  it('builds the rate page path for a scene', () => {
    expect(ratePageUrl('Ab&Cd')).toBe('/pages/rate/index?scene=Ab%26Cd');
  });
});
