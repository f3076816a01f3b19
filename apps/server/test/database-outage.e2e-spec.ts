import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { bearer, PASSWORD, seedWorld } from './support/fixtures.js';
import { startDatabaseProxy, type DatabaseProxy } from './support/database-proxy.js';
import { createTestApp, testDatabaseAddress, type TestApp } from './support/test-app.js';

/**
 * The database fails in the ways it fails in production: it hangs, it refuses, it is full, it ends a session, a
 * statement waits on a lock, a connection goes dark. Each time the citizen's phone gets a quick 503 it can act on
 * (keep the rating, try again later), never a request that hangs or a 500; and when the database is back, so is
 * the service. The app reaches its database through a proxy that plays each failure.
 */

/** Short limits, so that each failure is answered within a few seconds. */
const CONNECT_TIMEOUT_MS = 1000;
const STATEMENT_TIMEOUT_MS = 2000;
/** A request not answered by then counts as hanging: without limits it waits on a silent database for minutes. */
const HANGING_AFTER_MS = 8000;

describe('when the database is unavailable', () => {
  let proxy: DatabaseProxy;
  let t: TestApp;
  let citizen: string;
  let h5Dir: string;

  beforeAll(async () => {
    proxy = await startDatabaseProxy(testDatabaseAddress());
    h5Dir = await mkdtemp(join(tmpdir(), 'hcp-h5-outage-'));
    await writeFile(join(h5Dir, 'index.html'), '<!doctype html><html><head><title>政务服务好差评</title></head><body><div id="app"></div></body></html>');
    t = await createTestApp({
      databaseHost: proxy.address,
      env: {
        H5_DIST_DIR: h5Dir,
        DATABASE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
        DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
        RATING_DUPLICATE_MINUTES: '0',
      },
    });
    await seedWorld(t.dataSource);
    citizen = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: 'outage-device-000001' }).expect(200)).body.accessToken as string;
  });
  afterEach(async () => {
    await proxy.setMode('forward');
  });
  afterAll(async () => {
    proxy.cut();
    await t.close();
    await proxy.close();
    await rm(h5Dir, { recursive: true, force: true });
  });

  const scan = () => request(t.http).get('/api/v1/scan/SceneWindowA1').timeout(HANGING_AFTER_MS);
  const signIn = () => request(t.http).post('/api/v1/auth/login').send({ staffNumber: 'A001', password: PASSWORD }).timeout(HANGING_AFTER_MS);
  const rate = (clientId: string) =>
    request(t.http)
      .post('/api/v1/ratings')
      .set(bearer(citizen))
      .send({ clientId, scene: 'SceneWindowA1', level: 1, tagCodes: [], comment: '等了很久没人理' })
      .timeout(HANGING_AFTER_MS);
  /** A good rating without a comment at a window the server holds: the write alone, sent straight to the pool. */
  const rateGood = (clientId: string) =>
    request(t.http).post('/api/v1/ratings').set(bearer(citizen)).send({ clientId, scene: 'SceneWindowA1', level: 5, tagCodes: [] }).timeout(HANGING_AFTER_MS);

  const expectUnavailable = (res: request.Response) => {
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
  };
  /** The pool recovers: scanning, signing in and rating work again at the first try. */
  const expectServing = async () => {
    expect((await scan()).status).toBe(200);
    expect((await signIn()).status).toBe(200);
    expect((await rate(randomUUID())).status).toBe(201);
  };
  /** The database's own codes of the failures the log recorded for 503 answers. */
  const loggedOutageCodes = () =>
    t.logs.filter((l) => l.msg === 'request failed' && l.status === 503).map((l) => (l.err as { code?: string }).code);
  /** A session of its own on the app's database, straight to the server (not through the proxy). */
  const directSession = async () => {
    const url = new URL(t.config.database.url!);
    const { host, port } = testDatabaseAddress();
    url.hostname = host;
    url.port = String(port);
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    return client;
  };

  it('a database that accepts connections and never answers: scan, sign-in and rating answer 503 within seconds', async () => {
    await expectServing();
    await proxy.setMode('silent');
    proxy.cut();

    expectUnavailable(await scan());
    expectUnavailable(await signIn());
    const clientId = randomUUID();
    expectUnavailable(await rate(clientId));
    // More requests than pooled connections: those waiting for a connection give up too.
    for (const res of await Promise.all(Array.from({ length: 15 }, () => scan()))) expectUnavailable(res);

    await proxy.setMode('forward');
    await expectServing();
    // The phone sends the kept rating again, with its clientId: it is stored now.
    expect((await rate(clientId)).status).toBe(201);
  });

  it('a window’s rating page does not wait for a silent database: it comes at once, without the scan written in', async () => {
    const page = () => request(t.http).get('/r/SceneWindowA1');
    expect((await page().expect(200)).text).toContain('hcp-page-data');
    await proxy.setMode('silent');
    proxy.cut();

    // Answered before the database's connect timeout could have run out: the page did not wait for it.
    const plain = await page().timeout(CONNECT_TIMEOUT_MS - 200);
    expect(plain.status).toBe(200);
    expect(plain.text).toContain('<div id="app">');
    expect(plain.text).not.toContain('hcp-page-data');
    // Nor its first screen, which needs the window: the app draws the page as it does without the data.
    expect(plain.text).not.toContain('hcp-first-screen');

    await proxy.setMode('forward');
    await expectServing();
    expect((await page().expect(200)).text).toContain('hcp-page-data');
  });

  it('a refused connection (the database is down) is 503, not 500', async () => {
    await proxy.setMode('refuse');
    proxy.cut();

    expectUnavailable(await scan());
    expectUnavailable(await signIn());
    expectUnavailable(await rate(randomUUID()));
    expect(loggedOutageCodes()).toContain('ECONNREFUSED');

    await proxy.setMode('forward');
    await expectServing();
  });

  it('Open311 answers a database that is down with 503 in its own error list, in JSON and XML', async () => {
    await proxy.setMode('refuse');
    proxy.cut();

    for (const format of ['json', 'xml']) {
      const res = await request(t.http).get(`/open311/v2/services.${format}`).timeout(HANGING_AFTER_MS);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.text).toContain(format === 'json' ? '[{"code":503,"description":' : '<errors><error><code>503</code>');
    }

    await proxy.setMode('forward');
    await request(t.http).get('/open311/v2/services.json').expect(200);
  });

  it('a database with every connection slot taken (53300) is 503', async () => {
    await proxy.setMode('full');
    proxy.cut();

    expectUnavailable(await scan());
    expectUnavailable(await rate(randomUUID()));
    expect(loggedOutageCodes()).toContain('53300');

    await proxy.setMode('forward');
    await expectServing();
  });

  it('a statement that waits longer than the statement timeout is cancelled: 503, with its parameters kept out of the log', async () => {
    const locker = await directSession();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE service_window, staff, rating IN ACCESS EXCLUSIVE MODE');
    const clientId = randomUUID();
    const goodId = randomUUID();
    const answers = await Promise.all([scan(), signIn(), rate(clientId), rateGood(goodId)]);
    await locker.query('ROLLBACK');
    await locker.end();

    for (const res of answers) expectUnavailable(res);
    expect(loggedOutageCodes()).toContain('57014'); // query_canceled
    expect(JSON.stringify(t.logs)).not.toContain(clientId);
    expect(JSON.stringify(t.logs)).not.toContain(goodId);
    await expectServing();
    // Nothing of the refused good rating was kept: sent again, it is stored now.
    expect((await rateGood(goodId)).status).toBe(201);
  });

  it('a session the server ends while its statement runs (shutdown, or an operator) is 503', async () => {
    const locker = await directSession();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE service_window IN ACCESS EXCLUSIVE MODE');
    const answer = scan().then((res) => res);
    const database = new URL(t.config.database.url!).pathname.slice(1);
    let terminated = false;
    while (!terminated) {
      const { rows } = await locker.query<{ ended: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
         WHERE datname = $1 AND application_name = 'hcp-server' AND wait_event_type = 'Lock'`,
        [database],
      );
      terminated = rows.some((r) => r.ended);
      if (!terminated) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expectUnavailable(await answer);
    await locker.query('ROLLBACK');
    await locker.end();

    expect(loggedOutageCodes()).toContain('57P01'); // admin_shutdown
    await expectServing();
  });

  it('a connection that goes dark mid-statement is given up after the read timeout, and never used again', async () => {
    await expectServing();
    const pool = (t.dataSource.driver as unknown as { master: pg.Pool }).master;
    proxy.stall();
    await proxy.setMode('silent');

    // One request more than the pool holds, so that every dark connection is tried once.
    const answers = await Promise.all(Array.from({ length: pool.totalCount + 1 }, () => scan()));
    for (const res of answers) expectUnavailable(res);

    // New connections work again; the dark ones stay open, and must not be handed out.
    await proxy.setMode('forward');
    await expectServing();
  });
});
