// Two server instances on one database, as behind a load balancer: both take ratings, both run the deadline
// scheduler, the notice worker and the job queue. WeChat citizens rate at both at once (差评 among them, the same
// rating sent to both, two ratings of one window sent to both), staff act on cases through both (a double tap landing on
// each), and deadlines are moved into the past so that both instances' deadline passes run at the same moment. Every
// rating must be stored once, each 差评 with one case and a case number of its own, each reminder, overdue mark and
// 默认办结 written once, one notice per (case, event, recipient), and each WeChat message sent once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT, apiAt, demoScenes, freshDatabase, startServer } from '../browser/support.mjs';
import { assertEachRatingStoredOnce } from './support.mjs';

const CITIZENS = 10;
/** The demo hall's windows; each citizen rates each once (a second rating of a window within 10 minutes is refused). */
const WINDOWS = ['1', '2', '3', '4', '5', '6'];
const CONCURRENCY = 8;
const CASE_PASS = 'case-deadlines';

const app = { appId: 'wx0a1b2c3d4e5f6a7b', appSecret: 'two-instances-secret' };
const staffHandlers = ['A0009', 'B0009', 'C0001'];

let sandbox;
let database;
let servers = [];
let db;
let boss;
let templates;

before(async () => {
  if (!process.env.DATABASE_URL) return;
  const sandboxModule = await import(join(ROOT, 'apps/wechat-sandbox/dist/index.js'));
  templates = sandboxModule.SANDBOX_NOTICE_TEMPLATES;
  sandbox = await sandboxModule.startWechatSandbox({ apps: [app], pages: ['pages/index/index', 'citizen/case/index', 'staff/case/index'] });
  database = await freshDatabase();
  const env = {
    ...database.env,
    LOG_LEVEL: 'warn',
    JWT_SECRET: randomUUID() + randomUUID(),
    WECHAT_APP_ID: app.appId,
    WECHAT_APP_SECRET: app.appSecret,
    WECHAT_API_BASE_URL: sandbox.url,
    WECHAT_NOTICE_TEMPLATES: JSON.stringify(templates),
    CASE_SCHEDULER: 'on',
    NOTICE_WORKER: 'on',
    STATS_ROLLUP: 'on',
    RATING_LIMIT_PER_IP_HOUR: '1000000',
    // A deadline pass waits below on a lock the test holds until the other instance's pass waits too.
    DATABASE_STATEMENT_TIMEOUT_MS: '30000',
  };
  // The first instance migrates and seeds the demo hall; the second joins the same database.
  servers.push(await startServer({ ...env, DEMO_SEED: 'true' }));
  servers.push(await startServer(env));
  db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  // A client of the servers' job queue, to ask for deadline passes as pg-boss's minute schedule does.
  const PgBoss = createRequire(join(ROOT, 'apps/server/package.json'))('pg-boss');
  boss = new PgBoss({ connectionString: env.DATABASE_URL, schema: 'pgboss', supervise: false, schedule: false, migrate: false, max: 2 });
  boss.on('error', () => undefined);
  await boss.start();
});

after(async () => {
  await boss?.stop({ graceful: false, wait: true }).catch(() => undefined);
  await db?.end();
  for (const server of servers) await server.stop();
  await sandbox?.close();
  await database?.drop();
});

const rows = async (sql, params = []) => (await db.query(sql, params)).rows;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, check, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const result = await check();
    if (result) return result;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Runs `fn` over `items`, `CONCURRENCY` at a time. */
async function pool(items, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

/** Deadline passes waiting for the table lock the test holds: one per instance, as each runs one job at a time. */
const waitingPasses = async () =>
  Number((await rows(`SELECT count(*) FROM pg_locks WHERE relation = 'case_event'::regclass AND NOT granted`))[0].count);

/**
 * Both instances run a deadline pass at the same moment over what `makeDue` made due: while the test holds
 * `case_event` (SHARE), the first pass taken from the queue waits on it in its first statement; its instance then takes
 * no other job, so the next pass asked for is taken by the other instance, which waits too. Released, both passes run
 * over the same due cases. The lock is taken first, so no earlier pass does the work alone.
 */
async function overlappingPasses(makeDue) {
  const lock = new pg.Client({ connectionString: database.env.DATABASE_URL });
  await lock.connect();
  try {
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE case_event IN SHARE MODE');
    await makeDue();
    for (const waiting of [1, 2]) {
      await until(`deadline pass ${waiting} to be taken from the queue`, async () => {
        if ((await waitingPasses()) >= waiting) return true;
        // A queue holds one waiting job: this asks again until there is one (the minute's own run counts too).
        await boss.send(CASE_PASS, {});
        await sleep(250);
        return false;
      }, 20_000);
    }
    assert.equal(await waitingPasses(), 2, 'two deadline passes, one per instance, wait together');
  } finally {
    await lock.query('COMMIT').catch(() => undefined);
    await lock.end();
  }
  await until('both deadline passes to finish', async () => (await waitingPasses()) === 0 && Number((await rows(`SELECT count(*) FROM pgboss.job WHERE name = $1 AND state = 'active'`, [CASE_PASS]))[0].count) === 0);
}

test('two instances on one database take each rating once and write each case, deadline step, notice and message once', { skip: !process.env.DATABASE_URL && 'needs DATABASE_URL (two servers share one database)' }, async () => {
  const [a, b] = servers;
  const apis = servers.map((s) => apiAt(s.baseUrl));
  const scenes = await demoScenes(apis[0]);

  // Staff who handle cases accept WeChat notices (their first accept carries a login code), enough for every case.
  const staffTokens = new Map();
  const staffOpenids = new Map();
  const staffTemplate = templates.staff_case_new.templateId;
  for (const number of staffHandlers) {
    const token = (await apis[0]('/auth/login', { method: 'POST', body: { staffNumber: number, password: 'Demo2026' } })).body.accessToken;
    staffTokens.set(number, token);
    const openid = `o_staff_${number}`;
    staffOpenids.set(number, openid);
    sandbox.grantSubscription(openid, staffTemplate, 80);
    const first = await apis[1]('/me/subscriptions', { method: 'POST', token, body: { templateIds: [staffTemplate], code: sandbox.issueLoginCode(openid).code } });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    await pool(Array.from({ length: 79 }, (_, i) => i), (i) => apis[i % 2]('/me/subscriptions', { method: 'POST', token, body: { templateIds: [staffTemplate] } }));
  }

  // WeChat citizens, signed in on one instance, accepting the citizen templates on the other.
  const citizenTemplates = [...new Set(Object.entries(templates).filter(([kind]) => kind.startsWith('citizen_')).map(([, t]) => t.templateId))];
  const jobs = [];
  for (let i = 0; i < CITIZENS; i += 1) {
    const openid = `o_two_${String(i).padStart(4, '0')}`;
    const token = (await apis[i % 2]('/auth/wechat', { method: 'POST', body: { code: sandbox.issueLoginCode(openid).code } })).body.accessToken;
    for (const templateId of citizenTemplates) sandbox.grantSubscription(openid, templateId, 10);
    for (let k = 0; k < 10; k += 1) await apis[(i + 1) % 2]('/me/subscriptions', { method: 'POST', token, body: { templateIds: citizenTemplates } });
    WINDOWS.forEach((number, w) => {
      const bad = (i + w) % 3 === 0;
      // A 差评 leaves a number to call back on, so the unit's call-back is still to do.
      const contact = bad ? { contactPhone: `1391234${String(i * 10 + w).padStart(4, '0')}` } : {};
      jobs.push({ token, openid, bad, body: { clientId: randomUUID(), scene: scenes.get(number), level: bad ? 1 + (w % 2) : 4 + (w % 2), tagCodes: [], ...contact } });
    });
  }
  // WeChat answers a little slowly, so both instances' workers are delivering at the same time.
  sandbox.injectFault({ path: '/cgi-bin/message/subscribe/send', delayMs: 60, times: 'always' });

  // Ratings to both instances at once. Every third is also sent to the other instance at the same moment (a phone's
  // retry that the load balancer sends elsewhere): one rating, the same receipt from both.
  await pool(jobs, async (job, i) => {
    const sends = i % 3 === 0 ? [apis[0], apis[1]] : [apis[i % 2]];
    const answers = await Promise.all(sends.map((api) => api('/ratings', { method: 'POST', token: job.token, body: job.body })));
    for (const res of answers) assert.ok(res.status === 200 || res.status === 201, `a rating is taken: ${res.status} ${JSON.stringify(res.body)}`);
    assert.equal(new Set(answers.map((r) => r.body.id)).size, 1, 'the same rating sent to both instances is one rating');
    job.receipt = answers[0].body;
  });

  // Two different ratings of one window by one citizen, one to each instance at once: the duplicate rule holds
  // across instances, so exactly one is taken.
  const twice = [];
  for (let i = 0; i < 4; i += 1) {
    const openid = `o_twice_${i}`;
    const token = (await apis[0]('/auth/wechat', { method: 'POST', body: { code: sandbox.issueLoginCode(openid).code } })).body.accessToken;
    const bodies = [0, 1].map(() => ({ clientId: randomUUID(), scene: scenes.get(WINDOWS[i]), level: 5, tagCodes: [] }));
    const answers = await Promise.all(bodies.map((body, k) => apis[k]('/ratings', { method: 'POST', token, body })));
    assert.deepEqual(answers.map((r) => r.status).sort(), [201, 409], `one of two ratings of a window is taken, the other refused: ${JSON.stringify(answers)}`);
    assert.equal(answers.find((r) => r.status === 409).body.code, 'RATING_DUPLICATE');
    twice.push(...bodies.map((b) => b.clientId));
  }
  assert.equal(Number((await rows(`SELECT count(*) FROM rating WHERE client_id = ANY($1::uuid[])`, [twice]))[0].count), 4, 'one rating per window and citizen');

  // Every rating once, with the id its phone was told; each 差评 with exactly one case; case numbers all different.
  await assertEachRatingStoredOnce(db, jobs);
  const cases = await rows(`SELECT c.id, c.case_no, s.staff_number FROM rating_case c JOIN staff s ON s.unit_id = c.unit_id AND s.staff_number = ANY($1::text[]) ORDER BY c.created_at, c.id`, [staffHandlers]);
  assert.equal(cases.length, jobs.filter((j) => j.bad).length, 'one case per 差评, each with its unit’s handler');
  assert.equal(new Set(cases.map((c) => c.case_no)).size, cases.length, 'no two cases share a case number');

  // Staff act through both instances. A third of the cases are left waiting for their call-back; a third are called
  // back with the same tap landing on both instances at once (one is taken, the other told the case moved on); a third
  // are called back on one instance and replied to on the other.
  const waiting = cases.filter((_, i) => i % 3 === 0);
  const verified = cases.filter((_, i) => i % 3 === 1);
  const replied = cases.filter((_, i) => i % 3 === 2);
  const callback = { contact: 'reached', verification: 'true', note: '已电话联系群众，核实情况属实' };
  await pool([...verified, ...replied], async (c) => {
    const token = staffTokens.get(c.staff_number);
    const answers = await Promise.all(apis.map((api) => api(`/cases/${c.id}/callback`, { method: 'POST', token, body: callback })));
    assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409], `a double tap on two instances records one call-back: ${JSON.stringify(answers.map((r) => r.body))}`);
    assert.equal(answers.find((r) => r.status === 409).body.code, 'CASE_STATE_CONFLICT');
  });
  await pool(replied, async (c, i) => {
    const res = await apis[(i + 1) % 2](`/cases/${c.id}/reply`, { method: 'POST', token: staffTokens.get(c.staff_number), body: { reply: '已当场整改，感谢您的监督', result: '已整改' } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  });
  assert.equal(Number((await rows(`SELECT count(*) FROM case_event WHERE action = 'callback'`))[0].count), verified.length + replied.length, 'one call-back entry per case called back');

  // The reminders fall due (the deadlines stay ahead): both instances' passes run together.
  await overlappingPasses(() => db.query(`UPDATE rating_case SET callback_remind_at = now() - interval '1 minute', reply_remind_at = now() - interval '1 minute'`));
  // The deadlines pass, and the raters' time to answer a reply ends: both passes again.
  await overlappingPasses(async () => {
    await db.query(`UPDATE rating_case SET callback_due_at = now() - interval '1 minute', reply_due_at = now() - interval '1 minute'`);
    await db.query(`UPDATE rating_case SET confirm_due_at = now() - interval '1 minute' WHERE state = 'replied'`);
  });
  assert.equal(Number((await rows(`SELECT count(*) FROM pgboss.job WHERE name = $1 AND state = 'failed'`, [CASE_PASS]))[0].count), 0, 'no deadline pass failed');

  // Each case's timeline has each scheduled step once, as its state asks.
  const steps = await rows(`SELECT case_id, array_agg(once_key ORDER BY once_key) AS keys, count(*)::int AS n FROM case_event WHERE once_key IS NOT NULL GROUP BY case_id`);
  const keysOf = new Map(steps.map((s) => [s.case_id, s.keys]));
  for (const c of waiting) assert.deepEqual(keysOf.get(c.id), ['overdue:callback:0', 'overdue:reply:0', 'remind:callback:0', 'remind:reply:0'], `${c.case_no}: reminded and marked overdue once per deadline`);
  for (const c of verified) assert.deepEqual(keysOf.get(c.id), ['overdue:reply:0', 'remind:reply:0'], `${c.case_no}: the reply reminded and marked overdue once`);
  for (const c of replied) assert.deepEqual(keysOf.get(c.id), ['default_close'], `${c.case_no}: 默认办结 once`);
  const closed = await rows(`SELECT count(*)::int AS n FROM rating_case WHERE state = 'closed' AND close_kind = 'default'`);
  assert.equal(closed[0].n, replied.length, 'every unanswered reply is closed by default');

  // One notice per (case, event, recipient); each scheduled step told the unit's handler; the raters told of
  // call-backs, replies and 默认办结.
  const notices = await until('every notice to leave the outbox', async () => {
    const all = await rows(`SELECT n.id, n.kind, n.case_id, n.event_key, n.recipient_kind, n.recipient_id, n.wechat_state FROM notice n`);
    return all.some((n) => n.wechat_state === 'pending') ? null : all;
  }, 40_000);
  const perKey = new Map();
  for (const n of notices) {
    const key = `${n.case_id}|${n.event_key}|${n.recipient_kind}|${n.recipient_id}`;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  assert.deepEqual([...perKey.values()].filter((n) => n > 1), [], 'no notice twice for one (case, event, recipient)');
  const kindCount = (kind) => notices.filter((n) => n.kind === kind).length;
  assert.equal(kindCount('staff_deadline_near'), 2 * waiting.length + verified.length, 'one reminder notice per reminder');
  assert.equal(kindCount('staff_overdue'), 2 * waiting.length + verified.length, 'one overdue notice per overdue mark');
  assert.equal(kindCount('citizen_called_back'), verified.length + replied.length);
  assert.equal(kindCount('citizen_replied'), replied.length);
  assert.equal(kindCount('citizen_closed'), replied.length);
  assert.deepEqual(notices.filter((n) => n.wechat_state !== 'sent').map((n) => `${n.kind}: ${n.wechat_state}`), [], 'every notice reached WeChat');

  // Each WeChat message once: per recipient, template and case page, as many messages as notices sent.
  const openids = new Map([
    ...(await rows(`SELECT 'citizen:' || id AS key, openid FROM citizen WHERE openid IS NOT NULL`)).map((r) => [r.key, r.openid]),
    ...(await rows(`SELECT 'staff:' || staff_id AS key, openid FROM notice_staff_wechat`)).map((r) => [r.key, r.openid]),
  ]);
  const expected = new Map();
  for (const n of notices) {
    const page = `${n.recipient_kind === 'citizen' ? 'citizen' : 'staff'}/case/index?id=${n.case_id}`;
    const key = `${openids.get(`${n.recipient_kind}:${n.recipient_id}`)}|${templates[n.kind].templateId}|${page}`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  const sent = new Map();
  for (const m of sandbox.sentMessages()) {
    const key = `${m.touser}|${m.templateId}|${m.page}`;
    sent.set(key, (sent.get(key) ?? 0) + 1);
  }
  assert.deepEqual(Object.fromEntries([...sent].sort()), Object.fromEntries([...expected].sort()), 'each notice reached WeChat exactly once');
  assert.ok([...staffOpenids.values()].every((openid) => sandbox.sentMessages().some((m) => m.touser === openid)), 'every handler heard in WeChat');

  // Neither instance met an error on the way.
  for (const [name, server] of [['first', a], ['second', b]]) {
    const errors = server.output().split('\n').filter((line) => /"level":(50|60)/.test(line));
    assert.deepEqual(errors, [], `the ${name} instance logged no error`);
  }
});
