import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { h5StaticMiddleware, preferredCoding } from './h5-static.js';

describe('choosing the coding of a built file from Accept-Encoding', () => {
  const both = ['br', 'gzip'] as const;

  it('prefers brotli when the browser accepts both equally, in whatever order it names them', () => {
    expect(preferredCoding('gzip, deflate, br, zstd', both)).toBe('br');
    expect(preferredCoding('br, gzip', both)).toBe('br');
  });

  it('follows the weights the browser gives, and takes q=0 as a refusal', () => {
    expect(preferredCoding('br;q=0.5, gzip', both)).toBe('gzip');
    expect(preferredCoding('br;q=0, gzip;q=0.1', both)).toBe('gzip');
    expect(preferredCoding('br;q=0, gzip;q=0', both)).toBeNull();
    expect(preferredCoding('BR ; Q=0.9', both)).toBe('br');
  });

  it('reads * as every coding not named, and x-gzip as gzip', () => {
    expect(preferredCoding('*', both)).toBe('br');
    expect(preferredCoding('br;q=0, *', both)).toBe('gzip');
    expect(preferredCoding('x-gzip', both)).toBe('gzip');
  });

  it('sends the file as it is when nothing acceptable exists', () => {
    expect(preferredCoding(undefined, both)).toBeNull();
    expect(preferredCoding('', both)).toBeNull();
    expect(preferredCoding('identity', both)).toBeNull();
    expect(preferredCoding('deflate, zstd', both)).toBeNull();
    expect(preferredCoding('br', ['gzip'])).toBeNull();
    expect(preferredCoding('br, gzip', [])).toBeNull();
  });
});

describe('the page of a subpackage’s path', () => {
  const INDEX = '<!doctype html><html><head><title>政务服务好差评</title><script defer="defer" src="/js/app.1234abcd.js"></script></head><body><div id="app"></div></body></html>';
  let dir: string;
  let app: express.Express;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hcp-h5-preload-'));
    await writeFile(join(dir, 'index.html'), INDEX);
    await writeFile(
      join(dir, 'subpackage-files.json'),
      JSON.stringify({
        '/staff/cases/index': ['css/staff.d070cff9.css', 'js/86.d9a91edd.js', 'js/staff.1b03cfb9.js'],
        '/staff/case/index': ['css/staff.d070cff9.css', 'js/810.47357cf6.js', 'js/staff.1b03cfb9.js'],
        '/citizen/case/index': ['js/citizen.681269be.js'],
      }),
    );
    app = express();
    app.use(h5StaticMiddleware(dir));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names what a staff page loads as preloads on that page, so it comes with the app’s scripts', async () => {
    const res = await request(app).get('/staff/cases/index').expect(200);
    expect(res.text).toContain(
      '<link rel="preload" href="/css/staff.d070cff9.css" as="style"><link rel="preload" href="/js/86.d9a91edd.js" as="script"><link rel="preload" href="/js/staff.1b03cfb9.js" as="script"></head>',
    );
    expect(res.text).not.toContain('citizen.681269be');
    expect(res.text).not.toContain('810.47357cf6');
  });

  it('sends the page as built on the main package’s paths: the rating page loads no subpackage', async () => {
    for (const path of ['/', '/r/AbC123', '/pages/mine/index']) {
      const res = await request(app).get(path).expect(200);
      expect(res.text).toBe(INDEX);
    }
  });
});
