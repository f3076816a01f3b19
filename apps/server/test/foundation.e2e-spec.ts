import { mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { IsInt, IsString, MaxLength, Min } from 'class-validator';
import pg from 'pg';
import request from 'supertest';
import { QueryFailedError } from 'typeorm';
import { Public } from '../src/modules/identity/auth.decorators.js';
import { WindowEntity } from '../src/modules/catalog/entities/window.entity.js';
import { seedWorld } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

class ProbeDto {
  @IsString()
  @MaxLength(20)
  name: string;

  @IsInt()
  @Min(1)
  count: number;
}

/** Test-only routes that exercise the shared HTTP pipeline (validation, error filter, logging). */
@Public()
@Controller('probe')
class ProbeController {
  @Post()
  create(@Body() dto: ProbeDto) {
    return { name: dto.name, count: dto.count };
  }

  @Get('boom')
  boom(): never {
    throw new Error('connection to 10.1.2.3 failed: password authentication failed for user "secret_admin"');
  }

  /** A database error whose query parameters hold personal data. */
  @Get('query-failure')
  queryFailure(): never {
    throw new QueryFailedError('INSERT INTO citizen (openid, phone) VALUES ($1, $2)', ['o_secret_openid_1', '13600001111'], new Error('connection reset'));
  }
}

describe('the HTTP foundation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ controllers: [ProbeController] });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers liveness and readiness, with the database checked', async () => {
    await request(t.http).get('/health/live').expect(200, { status: 'ok', info: {}, error: {}, details: {} });
    const ready = await request(t.http).get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(ready.body.info.database.status).toBe('up');
  });

  it('refuses an unknown field with 400, a code, the field, and the request id it echoes', async () => {
    const res = await request(t.http).post('/api/v1/probe').send({ name: 'a', count: 1, isAdmin: true }).expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', requestId: res.headers['x-request-id'] });
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'isAdmin', rules: ['whitelistValidation'] })]);
  });

  it('refuses a wrong type with field-level detail', async () => {
    const res = await request(t.http).post('/api/v1/probe').send({ name: 42, count: 'three' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = Object.fromEntries(res.body.details.map((d: { field: string; rules: string[] }) => [d.field, d.rules]));
    expect(fields.name).toContain('isString');
    expect(fields.count).toContain('isInt');
  });

  it('accepts a good body', async () => {
    await request(t.http).post('/api/v1/probe').send({ name: 'ok', count: 2 }).expect(201, { name: 'ok', count: 2 });
  });

  it('answers malformed JSON and an oversized body with their own codes', async () => {
    const bad = await request(t.http).post('/api/v1/probe').set('Content-Type', 'application/json').send('{"name": ').expect(400);
    expect(bad.body.code).toBe('MALFORMED_JSON');
    const big = await request(t.http).post('/api/v1/probe').send({ name: 'x'.repeat(300_000), count: 1 }).expect(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('turns a thrown error into a 500 that reveals nothing, and logs the cause under the same request id', async () => {
    const res = await request(t.http).get('/api/v1/probe/boom').set('X-Request-Id', 'probe-req-0001').expect(500);
    expect(res.body).toEqual({ code: 'INTERNAL_ERROR', message: expect.any(String), requestId: 'probe-req-0001' });
    expect(JSON.stringify(res.body)).not.toMatch(/secret_admin|10\.1\.2\.3|Error/);
    const logged = t.logs.filter((l) => l.requestId === 'probe-req-0001');
    expect(logged.some((l) => l.msg === 'request failed')).toBe(true);
  });

  it('logs a failed query without its parameters', async () => {
    await request(t.http).get('/api/v1/probe/query-failure').set('X-Request-Id', 'probe-req-0003').expect(500);
    const logged = t.logs.filter((l) => l.requestId === 'probe-req-0003');
    expect(logged.some((l) => l.msg === 'request failed')).toBe(true);
    expect(JSON.stringify(logged)).not.toMatch(/o_secret_openid_1|13600001111/);
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const res = await request(t.http).get('/api/v1/no-such-thing').expect(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', requestId: expect.any(String) });
  });

  it('logs every request with its id and never the personal data it carried', async () => {
    await request(t.http).post('/api/v1/probe?phone=13800138000').set('X-Request-Id', 'probe-req-0002').send({ name: '13912345678', count: 1 });
    const lines = t.logs.filter((l) => l.requestId === 'probe-req-0002');
    expect(lines).toEqual([expect.objectContaining({ method: 'POST', path: '/api/v1/probe', status: 201 })]);
    expect(JSON.stringify(t.logs)).not.toMatch(/13800138000|13912345678/);
  });

  it('publishes the OpenAPI document', async () => {
    const res = await request(t.http).get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready']));
  });
});

describe('the database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers queries sent at once on one connection in turn, never two in flight (pg warns it will stop queueing them)', async () => {
    // TypeORM sends some at once: the schema check below reads its tables with Promise.all on one connection.
    const runner = t.dataSource.createQueryRunner();
    const connection = (await runner.connect()) as pg.Client;
    const send = pg.Client.prototype.query;
    let inFlight = 0;
    let most = 0;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const result = (send as (...params: unknown[]) => unknown).apply(this, args);
      if (this === connection && result instanceof Promise) {
        most = Math.max(most, ++inFlight);
        void result.catch(() => undefined).finally(() => (inFlight -= 1));
      }
      return result;
    } as typeof send;
    try {
      const answers = (await Promise.all([runner.query('SELECT 1 AS n FROM pg_sleep(0.05)'), runner.query('SELECT 2 AS n'), runner.query('SELECT 3 AS n')])) as { n: number }[][];
      expect(answers.map(([row]) => row!.n)).toEqual([1, 2, 3]);
      await expect(Promise.all([runner.query('SELECT 1/0'), runner.query('SELECT 4 AS n')])).rejects.toThrow(QueryFailedError);
      expect(await runner.query('SELECT 5 AS n')).toEqual([{ n: 5 }]);
    } finally {
      pg.Client.prototype.query = send;
      await runner.release();
    }
    expect(most).toBe(1);
  });

  it('is built by the migrations alone, and they match the entities', async () => {
    const applied = await t.dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((m: { name: string }) => m.name)).toEqual(t.dataSource.migrations.map((m) => m.name));
    // The same check `migration:generate` makes: an entity change without its migration fails here.
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('reports not ready, with a code, when the database is gone', async () => {
    await t.dataSource.destroy();
    const res = await request(t.http).get('/health/ready').expect(503);
    expect(res.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', requestId: expect.any(String) });
  });
});

describe('the H5 build served at /', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hcp-h5-'));
    await mkdir(join(dir, 'js'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><html><head><title>政务服务好差评</title></head><body><div id="app"></div></body></html>');
    await writeFile(join(dir, 'js', 'app.0123abcd.js'), 'console.log(1)');
    // A bundle as the build leaves it: the file, then its brotli and gzip copies (scripts/precompress.mjs).
    await writeFile(join(dir, 'js', 'big.4567cdef.js'), BUNDLE);
    await writeFile(join(dir, 'js', 'big.4567cdef.js.br'), brotliCompressSync(BUNDLE));
    await writeFile(join(dir, 'js', 'big.4567cdef.js.gz'), gzipSync(BUNDLE));
    // An image is compressed already: the build writes no copies of it.
    await mkdir(join(dir, 'static'));
    await writeFile(join(dir, 'static', 'face.89abcdef.png'), PNG);
    t = await createTestApp({ env: { H5_DIST_DIR: dir } });
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the page at / and at client-side routes, never cached', async () => {
    for (const path of ['/', '/r/AbCdEf123', '/pages/index/index']) {
      const res = await request(t.http).get(path).expect(200);
      expect(res.text).toContain('政务服务好差评');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('writes the scan’s answer into a window’s page, so the phone need not ask for it; never into other pages', async () => {
    const world = await seedWorld(t.dataSource);
    // A name that tries to close the data block: it must stay inside it.
    await t.dataSource.getRepository(WindowEntity).update({ id: world.windows.WA.id }, { name: '企业开办</script><script>alert(1)</script>' });
    const res = await request(t.http).get('/r/SceneWindowA1').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const block = /<script type="application\/json" id="hcp-page-data">([^<]*)<\/script><\/head>/.exec(res.text);
    expect(block).not.toBeNull();
    const data = JSON.parse(block![1]);
    expect(data.scan).toMatchObject({ scene: 'SceneWindowA1', window: { number: '1', name: '企业开办</script><script>alert(1)</script>' }, unit: { name: '泰山区行政审批服务局' } });
    expect(data.scan.tagTable.tags.length).toBeGreaterThan(30);
    expect(res.text).not.toContain('<script>alert(1)');

    for (const path of ['/r/NoSuchScene1', '/pages/index/index', '/']) {
      const plain = await request(t.http).get(path).expect(200);
      expect(plain.text).not.toContain('hcp-page-data');
      expect(plain.headers['cache-control']).toBe('no-cache');
    }
  });

  it('writes names with `$` in them as they are: a replacement pattern in a name does not rewrite the page', async () => {
    const world = await t.dataSource.getRepository(WindowEntity).findOneByOrFail({ scene: 'SceneWindowA1' });
    const name = "$` 前 $' 后 $& 本";
    await t.dataSource.getRepository(WindowEntity).update({ id: world.id }, { name });
    const res = await request(t.http).get('/r/SceneWindowA1').expect(200);
    const block = /<script type="application\/json" id="hcp-page-data">([^<]*)<\/script><\/head>/.exec(res.text);
    expect(block).not.toBeNull();
    expect(JSON.parse(block![1]).scan.window.name).toBe(name);
    // The page around the block is the build's, once: nothing of it was copied in where the name stands.
    expect(res.text.match(/<title>/g)).toHaveLength(1);
    expect(res.text.match(/<div id="app">/g)).toHaveLength(1);
  });

  it('serves hashed assets with a long cache, and 404s missing ones', async () => {
    const res = await request(t.http).get('/js/app.0123abcd.js').expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
    await request(t.http).get('/js/missing.js').expect(404);
  });

  it('leaves API paths to the API', async () => {
    const res = await request(t.http).get('/api/v1/anything').expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('sends a bundle as brotli to a browser that accepts it, as gzip to one that accepts only gzip', async () => {
    const br = await request(t.http).get('/js/big.4567cdef.js').set('Accept-Encoding', 'gzip, deflate, br, zstd').expect(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^text\/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(br.headers['content-length'])).toBeLessThan(BUNDLE.length / 4);
    // supertest decodes what it receives: the copy decodes to the bundle.
    expect(br.text).toBe(BUNDLE);

    const gz = await request(t.http).get('/js/big.4567cdef.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/Accept-Encoding/i);
    expect(Number(gz.headers['content-length'])).toBeLessThan(BUNDLE.length / 4);
    expect(gz.text).toBe(BUNDLE);

    const refusesBrotli = await request(t.http).get('/js/big.4567cdef.js').set('Accept-Encoding', 'br;q=0, gzip;q=0.8').expect(200);
    expect(refusesBrotli.headers['content-encoding']).toBe('gzip');
  });

  it('sends the file as it is to a browser that accepts no compression, still saying it varies', async () => {
    for (const accept of ['identity', 'br;q=0, gzip;q=0', '']) {
      const res = await request(t.http).get('/js/big.4567cdef.js').set('Accept-Encoding', accept).expect(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers.vary).toMatch(/Accept-Encoding/i);
      expect(res.text).toBe(BUNDLE);
    }
  });

  it('answers 304 when a cached copy is still current, for the page and for each coding of a bundle', async () => {
    const page = await request(t.http).get('/r/AbCdEf123').expect(200);
    expect(page.headers.etag).toBeDefined();
    const again = await request(t.http).get('/r/AbCdEf123').set('If-None-Match', page.headers.etag).expect(304);
    expect(again.headers['cache-control']).toBe('no-cache');

    const br = await request(t.http).get('/js/big.4567cdef.js').set('Accept-Encoding', 'br');
    const gz = await request(t.http).get('/js/big.4567cdef.js').set('Accept-Encoding', 'gzip');
    expect(br.headers.etag).not.toBe(gz.headers.etag);
    await request(t.http).get('/js/big.4567cdef.js').set('Accept-Encoding', 'br').set('If-None-Match', br.headers.etag).expect(304);
    // The gzip copy's tag does not validate the brotli answer.
    await request(t.http).get('/js/big.4567cdef.js').set('Accept-Encoding', 'br').set('If-None-Match', gz.headers.etag).expect(200);
  });

  it('never compresses what is compressed already, nor the small page', async () => {
    const image = await request(t.http).get('/static/face.89abcdef.png').set('Accept-Encoding', 'br, gzip').expect(200);
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers.vary ?? '').not.toMatch(/Accept-Encoding/i);
    expect(Buffer.compare(image.body as Buffer, PNG)).toBe(0);

    const page = await request(t.http).get('/').set('Accept-Encoding', 'br, gzip').expect(200);
    expect(page.headers['content-encoding']).toBeUndefined();
    expect(page.text).toContain('政务服务好差评');
  });

  it('sends a copy older than its file as the file: it is left over from an earlier build', async () => {
    const file = join(dir, 'js', 'big.4567cdef.js');
    const later = new Date(Date.now() + 60_000);
    await utimes(file, later, later);
    try {
      const res = await request(t.http).get('/js/big.4567cdef.js').set('Accept-Encoding', 'br, gzip').expect(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.text).toBe(BUNDLE);
    } finally {
      const longAgo = new Date(0);
      await utimes(file, longAgo, longAgo);
    }
  });

  it('does not serve files outside the build or hidden ones', async () => {
    await writeFile(join(dir, '.env'), 'SECRET=1');
    for (const path of ['/.env', '/%2e%2e/%2e%2e/etc/passwd', '/js/..%2f..%2fpackage.json', '/%E0%A4%A.js']) {
      const res = await request(t.http).get(path).set('Accept-Encoding', 'br');
      expect(res.text ?? '').not.toContain('SECRET');
      expect(res.status).not.toBe(500);
    }
  });
});

/** A script large enough to be worth compressing, with the repetition real bundles have. */
const BUNDLE = Array.from({ length: 400 }, (_, i) => `export function level${i}(){return document.querySelector('.level-choice--${i % 5}')}`).join('\n');
/** The 8-byte PNG signature and a little more: enough for the server to treat it as an image. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

