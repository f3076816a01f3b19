import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import request from 'supertest';
import { scanWxacode, startWechatSandbox, type WechatSandbox } from '@hcp/wechat-sandbox';
import { bearer, login, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BASE = 'https://pj.example.gov.cn';
// jsqr is a webpack bundle: ESM receives its `module.exports`, whose `default` is the function.
const jsQR = jsQRModule.default;

function decodeQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

/** Supertest buffers binary bodies when told how. */
const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

describe('window QR codes and posters', () => {
  let t: TestApp;
  let w: World;
  let wechat: WechatSandbox;
  let admin: Record<string, string>;

  beforeAll(async () => {
    wechat = await startWechatSandbox({ apps: [{ appId: 'wx00112233445566aa', appSecret: 'codes-secret' }] });
    t = await createTestApp({ env: { PUBLIC_BASE_URL: BASE, WECHAT_APP_ID: 'wx00112233445566aa', WECHAT_APP_SECRET: 'codes-secret', WECHAT_API_BASE_URL: wechat.url } });
    w = await seedWorld(t.dataSource);
    admin = bearer(await login(t.http, 'admin'));
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  it('serves a PNG QR code that decodes back to the window’s rating URL', async () => {
    const res = await request(t.http).get(`/api/v1/windows/${w.windows.WA.id}/qrcode.png`).set(admin).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(decodeQr(res.body as Buffer)).toBe(`${BASE}/r/SceneWindowA1`);
  });

  it('serves the same code as SVG for print', async () => {
    const res = await request(t.http).get(`/api/v1/windows/${w.windows.WA.id}/qrcode.svg`).set(admin).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect((res.body as Buffer).toString('utf8')).toMatch(/^<svg[^>]+viewBox=/);
  });

  it('prints a poster whose QR code scans to the window', async () => {
    const res = await request(t.http).get(`/api/v1/windows/${w.windows.WC.id}/poster.png`).set(admin).buffer(true).parse(binary).expect(200);
    const image = PNG.sync.read(res.body as Buffer);
    expect([image.width, image.height]).toEqual([1240, 1754]);
    expect(decodeQr(res.body as Buffer)).toBe(`${BASE}/r/SceneWindowC1`);
  });

  it('puts every active window of a hall on its own A4 page of one PDF', async () => {
    const res = await request(t.http).get(`/api/v1/halls/${w.halls.H1.id}/posters.pdf`).set(admin).buffer(true).parse(binary).expect(200);
    const pdf = (res.body as Buffer).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.match(/\/Type \/Page\b(?!s)/g)).toHaveLength(2); // H1 has windows 1 and 2
    expect(res.headers['content-disposition']).toContain('attachment');
    await request(t.http).post(`/api/v1/windows/${w.windows.WB.id}/deactivate`).set(admin).expect(200);
    const after = await request(t.http).get(`/api/v1/halls/${w.halls.H1.id}/posters.pdf`).set(admin).buffer(true).parse(binary).expect(200);
    expect((after.body as Buffer).toString('latin1').match(/\/Type \/Page\b(?!s)/g)).toHaveLength(1);
  });

  it('gives codes only to staff who may see the window', async () => {
    const clerkC = bearer(await login(t.http, 'C001'));
    await request(t.http).get(`/api/v1/windows/${w.windows.WA.id}/qrcode.png`).set(clerkC).expect(404);
    await request(t.http).get(`/api/v1/halls/${w.halls.H1.id}/posters.pdf`).set(clerkC).expect(404);
    await request(t.http).get(`/api/v1/windows/${w.windows.WA.id}/qrcode.png`).expect(401);
  });

  it('offers the WeChat mini-program code for the window’s scene, typed and named as the image WeChat sent (JPEG)', async () => {
    for (const path of ['wxacode', 'wxacode.png']) {
      const res = await request(t.http).get(`/api/v1/windows/${w.windows.WA.id}/${path}`).set(admin).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['content-disposition']).toContain(`wxacode-${w.windows.WA.id}.jpg`);
      expect([...(res.body as Buffer).subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      expect(scanWxacode(res.body as Buffer)).toMatchObject({ scene: 'SceneWindowA1', page: 'pages/rate/index' });
    }
  });

  it('changes the code when the window’s scene is rotated', async () => {
    const rotated = await request(t.http).post(`/api/v1/windows/${w.windows.WA.id}/rotate-scene`).set(admin).expect(200);
    const res = await request(t.http).get(`/api/v1/windows/${w.windows.WA.id}/qrcode.png`).set(admin).buffer(true).parse(binary).expect(200);
    expect(decodeQr(res.body as Buffer)).toBe(`${BASE}/r/${rotated.body.scene}`);
  });
});
