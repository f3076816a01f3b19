import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Body, Controller, Get, Post } from '@nestjs/common';
import { IsInt, IsString, MaxLength, Min } from 'class-validator';
import request from 'supertest';
import { QueryFailedError } from 'typeorm';
import { Public } from '../src/modules/identity/auth.decorators.js';
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
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>政务服务好差评</title><div id="app"></div>');
    await writeFile(join(dir, 'js', 'app.0123abcd.js'), 'console.log(1)');
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

  it('serves hashed assets with a long cache, and 404s missing ones', async () => {
    const res = await request(t.http).get('/js/app.0123abcd.js').expect(200);
    expect(res.headers['cache-control']).toContain('immutable');
    await request(t.http).get('/js/missing.js').expect(404);
  });

  it('leaves API paths to the API', async () => {
    const res = await request(t.http).get('/api/v1/anything').expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});
