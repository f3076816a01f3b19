import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';

/** A bundle large enough to be worth compressing, as the console's build writes it (apps/console, Vite). */
const BUNDLE = `export const pages = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ key: `page-${i}`, title: '监督概览' })))};\n`;

describe('the console served at /console/', () => {
  let t: TestApp;
  let h5: string;
  let consoleDir: string;
  beforeAll(async () => {
    h5 = await mkdtemp(join(tmpdir(), 'hcp-h5-'));
    await writeFile(join(h5, 'index.html'), '<!doctype html><html><head><title>政务服务好差评</title></head><body><div id="app"></div></body></html>');
    consoleDir = await mkdtemp(join(tmpdir(), 'hcp-console-'));
    await mkdir(join(consoleDir, 'static'));
    await writeFile(join(consoleDir, 'index.html'), '<!doctype html><html><head><title>好差评监督管理平台</title></head><body><div id="root"></div></body></html>');
    await writeFile(join(consoleDir, 'static', 'index-DFbYA3BN.js'), BUNDLE);
    await writeFile(join(consoleDir, 'static', 'index-DFbYA3BN.js.br'), brotliCompressSync(BUNDLE));
    t = await createTestApp({ env: { H5_DIST_DIR: h5, CONSOLE_DIST_DIR: consoleDir } });
  });
  afterAll(async () => {
    await t.close();
    await rm(h5, { recursive: true, force: true });
    await rm(consoleDir, { recursive: true, force: true });
  });

  it('serves the console’s page at /console/ and at its client-side routes, revalidated on every visit', async () => {
    for (const path of ['/console/', '/console/explore', '/console/catalog/windows', '/console/login?from=%2Fcases']) {
      const res = await request(t.http).get(path).expect(200);
      expect(res.text).toContain('好差评监督管理平台');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('lets the console frame a PDF it fetched (blob:), and nothing from elsewhere', async () => {
    const res = await request(t.http).get('/console/').expect(200);
    expect(res.headers['content-security-policy']).toMatch(/frame-src 'self' blob:(;|$)/);
  });

  it('sends /console to /console/', async () => {
    const res = await request(t.http).get('/console').expect(301);
    expect(res.headers.location).toBe('/console/');
  });

  it('caches the hashed bundles for a year and sends them compressed when the browser accepts it', async () => {
    const res = await request(t.http).get('/console/static/index-DFbYA3BN.js').set('Accept-Encoding', 'gzip, br').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.text).toBe(BUNDLE);
    await request(t.http).get('/console/static/missing-AAAAAAAA.js').expect(404);
  });

  it('leaves the mini-program’s pages at / and the API where they were', async () => {
    const home = await request(t.http).get('/').expect(200);
    expect(home.text).toContain('政务服务好差评');
    expect(home.text).not.toContain('监督管理平台');
    const api = await request(t.http).get('/api/v1/anything').expect(404);
    expect(api.body.code).toBe('NOT_FOUND');
  });

  it('does not serve files outside the console’s build', async () => {
    await request(t.http).get('/console/..%2f..%2fetc%2fpasswd').expect((res) => expect(res.text).not.toContain('root:'));
    await request(t.http).get('/console/%2e%2e/index.html').expect((res) => expect(res.text).not.toContain('root:'));
  });
});

describe('the console before it is built', () => {
  let t: TestApp;
  let empty: string;
  beforeAll(async () => {
    empty = await mkdtemp(join(tmpdir(), 'hcp-console-empty-'));
    t = await createTestApp({ env: { CONSOLE_DIST_DIR: empty } });
  });
  afterAll(async () => {
    await t.close();
    await rm(empty, { recursive: true, force: true });
  });

  it('says how to build it, in Chinese, instead of showing the mini-program', async () => {
    const res = await request(t.http).get('/console/').expect(503);
    expect(res.text).toContain('管理端页面尚未构建');
  });
});
