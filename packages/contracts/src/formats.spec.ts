import { MOBILE_NUMBER, SCENE_PATTERN } from './formats.js';
import { RATE_PAGE, isRatePagePath, ratePagePath, rateUrl, sceneSegment } from './rate-page.js';

describe('the mainland mobile number', () => {
  it('accepts 11 digits from 13x to 19x', () => {
    for (const phone of ['13912345678', '15000000000', '16612345678', '19912345678', '17012345678']) expect(MOBILE_NUMBER.test(phone)).toBe(true);
  });

  it('refuses landlines, other prefixes, wrong lengths and decorated numbers', () => {
    for (const phone of ['12912345678', '10086123456', '1391234567', '139123456789', '053812345678', '+8613912345678', '139 1234 5678', '139-1234-5678', '１３９１２３４５６７８', '13912345678\n', '']) {
      expect(MOBILE_NUMBER.test(phone)).toBe(false);
    }
  });
});

describe("a window's QR scene", () => {
  it('accepts what the server issues and what WeChat allows in a scene, up to 32 characters', () => {
    for (const scene of ['AbCdEf123456', 'w=H01-W03', "a!#$&'()*+,/:;=?@-._~", 'x'.repeat(32)]) expect(SCENE_PATTERN.test(scene)).toBe(true);
  });

  it('refuses the empty, the too long, spaces, percent signs and characters beyond ASCII', () => {
    for (const scene of ['', 'x'.repeat(33), 'Ab Cd', 'Ab%20Cd', '窗口1', 'AbC\n', 'a"b', 'a<b>']) expect(SCENE_PATTERN.test(scene)).toBe(false);
  });
});

describe("the rating page's paths", () => {
  it('prints a window’s URL and the mini-program’s path, encoding what a URL cannot carry', () => {
    expect(rateUrl('https://hcp.example.gov.cn', 'AbC123')).toBe('https://hcp.example.gov.cn/r/AbC123');
    expect(rateUrl('https://hcp.example.gov.cn/', 'w=H01&b')).toBe('https://hcp.example.gov.cn/r/w%3DH01%26b');
    expect(ratePagePath('Ab&Cd')).toBe(`/${RATE_PAGE}?scene=Ab%26Cd`);
  });

  it('finds the scene again in what it printed', () => {
    expect(sceneSegment(rateUrl('http://localhost:3000', 'AbC123'))).toBe('AbC123');
    expect(sceneSegment('https://hcp.example.gov.cn/r/w%3DH01%26b?from=poster')).toBe('w%3DH01%26b');
    expect(sceneSegment('https://hcp.example.gov.cn/rate/AbC123')).toBeNull();
    expect(isRatePagePath(ratePagePath('x').split('?')[0])).toBe(true);
    expect(isRatePagePath('https://hcp.example.gov.cn/r')).toBe(true);
    expect(isRatePagePath('pages/index/index')).toBe(false);
  });
});
