// The database restarts under load: while phones post ratings, every connection to PostgreSQL is cut and nothing
// listens for a few seconds, then it is back. Meanwhile /health/ready says not ready and every rating is answered
// quickly with 503 SERVICE_UNAVAILABLE (the phone keeps it and sends it again with the same clientId, as the
// mini-program's offline queue does); afterwards the server is ready again by itself and takes ratings, and every rating
// acknowledged with 2xx is stored exactly once; the notice worker is back too, so a new 差评's notice reaches WeChat
// without waiting for the minute's run. The database is the machine's shared PostgreSQL, so the server reaches it
// through a TCP proxy inside this test, and it is the proxy that goes down and comes back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, connect } from 'node:net';
import pg from 'pg';
import { join } from 'node:path';
import { ROOT, apiAt, demoScenes, freshDatabase, startServer } from '../browser/support.mjs';
import { assertEachRatingStoredOnce } from './support.mjs';

const CITIZENS = 16;
const WINDOWS = ['1', '2', '3', '4', '5', '6'];
const PHONES = 8;
/** The database goes down once this many ratings have been acknowledged, and stays down this long. */
const DOWN_AFTER = 30;
const DOWN_MS = 4000;
/** A phone waits this long before sending a refused rating again. */
const RESEND_MS = 200;
/** No answer during the outage may take longer: the server must not hang on a database that is not there. */
const QUICK_MS = 3000;

/**
 * A TCP proxy in front of PostgreSQL. `down()` ends every open connection (as a restarting database does) and stops
 * listening, so new connections are refused; `up()` listens on the same port again.
 */
async function startProxy(target) {
  const links = new Set();
  let server = null;
  let port = 0;
  const accept = (client) => {
    const upstream = connect(target.port, target.host);
    const link = { client, upstream };
    links.add(link);
    const drop = () => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on('error', drop);
      socket.on('close', drop);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const up = () =>
    new Promise((resolve, reject) => {
      server = createServer(accept);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = server.address().port;
        resolve();
      });
    });
  const down = () => {
    server.close();
    for (const link of links) {
      link.client.destroy();
      link.upstream.destroy();
    }
    links.clear();
  };
  await up();
  return { port: () => port, up, down, close: down };
}

const app = { appId: 'wx1b2c3d4e5f6a7b8c', appSecret: 'database-restart-secret' };

let sandbox;
let staffTemplate;
let database;
let proxy;
let server;
let db;

before(async () => {
  if (!process.env.DATABASE_URL) return;
  const { startWechatSandbox, SANDBOX_NOTICE_TEMPLATES } = await import(join(ROOT, 'apps/wechat-sandbox/dist/index.js'));
  staffTemplate = SANDBOX_NOTICE_TEMPLATES.staff_case_new;
  sandbox = await startWechatSandbox({ apps: [app], pages: ['pages/index/index', 'citizen/case/index', 'staff/case/index'] });
  database = await freshDatabase();
  const direct = new URL(database.env.DATABASE_URL);
  proxy = await startProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const proxied = new URL(direct);
  proxied.host = `127.0.0.1:${proxy.port()}`;
  server = await startServer({
    DATABASE_URL: proxied.toString(),
    DEMO_SEED: 'true',
    LOG_LEVEL: 'fatal',
    DEVICE_SIGNUPS_PER_IP_HOUR: '1000000',
    RATING_LIMIT_PER_IP_HOUR: '1000000',
    WECHAT_APP_ID: app.appId,
    WECHAT_APP_SECRET: app.appSecret,
    WECHAT_API_BASE_URL: sandbox.url,
    WECHAT_NOTICE_TEMPLATES: JSON.stringify({ staff_case_new: staffTemplate }),
  });
  db = new pg.Client({ connectionString: direct.toString() });
  await db.connect();
});

after(async () => {
  await db?.end();
  await server?.stop();
  await sandbox?.close();
  proxy?.close();
  await database?.drop();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One request, timed; a request that fails outright (no HTTP answer) is recorded as status 0. */
async function timed(url, init) {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
    const body = await res.json().catch(() => null);
    return { status: res.status, body, retryAfter: res.headers.get('retry-after'), ms: performance.now() - started, at: Date.now() };
  } catch (error) {
    return { status: 0, body: { error: String(error) }, ms: performance.now() - started, at: Date.now() };
  }
}

test('a database restart under load: quick 503s and not ready meanwhile, recovery by itself, every acknowledged rating once', { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL (the test database sits behind a proxy of its own)' }, async (t) => {
  const api = apiAt(server.baseUrl);
  const scenes = await demoScenes(api);
  // The handler of the units of windows 1, 2 and 6 accepts WeChat notices of new cases.
  const handler = (await api('/auth/login', { method: 'POST', body: { staffNumber: 'A0009', password: 'Demo2026' } })).body.accessToken;
  sandbox.grantSubscription('o_restart_A0009', staffTemplate.templateId, 40);
  for (let k = 0; k < 40; k += 1) {
    const code = k === 0 ? { code: sandbox.issueLoginCode('o_restart_A0009').code } : {};
    assert.equal((await api('/me/subscriptions', { method: 'POST', token: handler, body: { templateIds: [staffTemplate.templateId], ...code } })).status, 200);
  }
  const later = (await api('/auth/device', { method: 'POST', body: { deviceId: 'restart-phone-after' } })).body.accessToken;
  const jobs = [];
  for (let i = 0; i < CITIZENS; i += 1) {
    const device = await api('/auth/device', { method: 'POST', body: { deviceId: `restart-phone-${String(i).padStart(6, '0')}` } });
    assert.equal(device.status, 200, JSON.stringify(device.body));
    WINDOWS.forEach((number, w) => {
      const bad = (i + w) % 4 === 0;
      jobs.push({ token: device.body.accessToken, bad, body: { clientId: randomUUID(), scene: scenes.get(number), level: bad ? 1 : 5, tagCodes: [] } });
    });
  }

  // Readiness, asked every 100 ms throughout.
  const probes = [];
  let probing = true;
  const prober = (async () => {
    while (probing) {
      probes.push(await timed(`${server.baseUrl}/health/ready`));
      await sleep(100);
    }
  })();

  // Phones post their ratings; one refused is sent again, with the same clientId, until it is acknowledged.
  const answers = [];
  let acknowledged = 0;
  let wentDown = null;
  let cameUp = null;
  let next = 0;
  const outage = (async () => {
    while (acknowledged < DOWN_AFTER) await sleep(10);
    proxy.down();
    wentDown = Date.now();
    await sleep(DOWN_MS);
    await proxy.up();
    cameUp = Date.now();
  })();
  await Promise.all(
    Array.from({ length: PHONES }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        for (;;) {
          const res = await timed(`${server.baseUrl}/api/v1/ratings`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${job.token}` },
            body: JSON.stringify(job.body),
          });
          answers.push(res);
          if (res.status === 200 || res.status === 201) {
            job.receipt = res.body;
            acknowledged += 1;
            break;
          }
          assert.ok(Date.now() - (cameUp ?? Date.now()) < 20_000, `ratings are taken again after the database is back: ${res.status} ${JSON.stringify(res.body)}`);
          await sleep(RESEND_MS);
        }
        // A phone sends its next rating a little later, so the load lasts through the outage.
        await sleep(50);
      }
    }),
  );
  await outage;
  // Ready again by itself, with nothing restarted.
  const readyAgain = Date.now() + 15_000;
  while (!probes.some((p) => p.at > cameUp && p.status === 200)) {
    assert.ok(Date.now() < readyAgain, 'ready again within 15 s of the database coming back');
    await sleep(100);
  }
  probing = false;
  await prober;

  // During the outage: ratings refused quickly with 503 SERVICE_UNAVAILABLE and Retry-After, and nothing else.
  const refused = answers.filter((a) => a.status !== 200 && a.status !== 201);
  assert.ok(refused.length >= PHONES, `ratings were posted while the database was down: ${refused.length} refused`);
  for (const a of refused) {
    assert.equal(a.status, 503, `a rating the database could not take is answered 503: ${a.status} ${JSON.stringify(a.body)}`);
    assert.equal(a.body?.code, 'SERVICE_UNAVAILABLE');
    assert.equal(a.retryAfter, '5');
  }
  const slowest = Math.max(...answers.filter((a) => a.at >= wentDown && a.at <= cameUp + QUICK_MS).map((a) => a.ms));
  t.diagnostic(`${refused.length} rating posts refused during the ${DOWN_MS} ms outage; slowest answer ${Math.round(slowest)} ms`);
  assert.ok(slowest < QUICK_MS, `every rating was answered within ${QUICK_MS} ms during the outage (slowest ${Math.round(slowest)} ms)`);

  // Readiness: not ready while the database was away, and quickly said so.
  const duringOutage = probes.filter((p) => p.at > wentDown + 500 && p.at < cameUp);
  const back = probes.find((p) => p.at > cameUp && p.status === 200);
  t.diagnostic(`${duringOutage.length} readiness answers during the outage; ready again ${back.at - cameUp} ms after the database came back`);
  assert.ok(duringOutage.length > 0, 'readiness was asked during the outage');
  for (const p of duringOutage) {
    assert.equal(p.status, 503, `not ready while the database is away: ${p.status} ${JSON.stringify(p.body)}`);
    assert.equal(p.body?.code, 'SERVICE_UNAVAILABLE');
    assert.ok(p.ms < QUICK_MS, `readiness answered within ${QUICK_MS} ms (${Math.round(p.ms)} ms)`);
  }
  assert.ok(probes.filter((p) => p.at < wentDown).every((p) => p.status === 200), 'ready before the outage');

  // Every rating acknowledged, stored exactly once with the id its phone was given; each 差评 with one case.
  await assertEachRatingStoredOnce(db, jobs);

  // The notice worker listens again by itself (it tries every 5 s), and a 差评 rated now reaches its handler in WeChat
  // at once, not with the next minute's run.
  const listening = Date.now() + 15_000;
  while (Number((await db.query(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'hcp-notices'`)).rows[0].count) === 0) {
    assert.ok(Date.now() < listening, 'the notice worker listens again within 15 s');
    await sleep(200);
  }
  const rated = await api('/ratings', { method: 'POST', token: later, body: { clientId: randomUUID(), scene: scenes.get('1'), level: 1, tagCodes: [] } });
  assert.equal(rated.status, 201, JSON.stringify(rated.body));
  const delivered = Date.now() + 10_000;
  while (!sandbox.sentMessages().some((m) => m.touser === 'o_restart_A0009' && m.page?.endsWith(`id=${rated.body.caseId}`))) {
    assert.ok(Date.now() < delivered, 'the new case reached its handler in WeChat within 10 s');
    await sleep(100);
  }
});
