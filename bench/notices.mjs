// Notices: how many WeChat subscribe messages one server's delivery worker sends per second against the WeChat
// sandbox, and how long a reply takes to reach the citizen (in the inbox, and as a subscribe message).
// Usage: DATABASE_URL=postgres://… node bench/notices.mjs [--notices 5000] [--replies 40]
// Needs a build (npm start or npm test once) and a PostgreSQL server (DATABASE_URL: a database of its own is created
// and dropped). Bounded: N notices, R replies, then it stops.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT, startServer } from '../tests/browser/support.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const NOTICES = arg('notices', 5000);
const REPLIES = arg('replies', 40);
const RECIPIENTS = 50;
if (!process.env.DATABASE_URL) {
  console.error('set DATABASE_URL to a PostgreSQL server (a database of its own is created and dropped)');
  process.exit(2);
}

const { startWechatSandbox, SANDBOX_NOTICE_TEMPLATES } = await import(join(ROOT, 'apps/wechat-sandbox/dist/index.js'));
const app = { appId: 'wx0b1c2d3e4f5a6b7c', appSecret: 'bench-notices-secret' };
const sandbox = await startWechatSandbox({ apps: [app], pages: ['pages/index/index', 'citizen/case/index', 'staff/case/index'] });
// Only the kinds the bench's ratings and replies make are sent to WeChat, so every send measured is one it asked for.
const BENCH_KINDS = ['citizen_case_accepted', 'citizen_called_back', 'citizen_replied', 'staff_case_new'];
const templates = Object.fromEntries(BENCH_KINDS.map((kind) => [kind, SANDBOX_NOTICE_TEMPLATES[kind]]));
const progress = templates.citizen_replied;

const name = `hcp_bench_notices_${Date.now()}`;
const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(process.env.DATABASE_URL);
url.pathname = `/${name}`;
const server = await startServer({
  DATABASE_URL: url.toString(),
  DEMO_SEED: 'true',
  LOG_LEVEL: 'error',
  WECHAT_APP_ID: app.appId,
  WECHAT_APP_SECRET: app.appSecret,
  WECHAT_API_BASE_URL: sandbox.url,
  WECHAT_NOTICE_TEMPLATES: JSON.stringify(templates),
  NOTICE_WORKER: 'on',
  RATING_LIMIT_PER_IP_HOUR: '1000000',
});
const db = new pg.Client({ connectionString: url.toString() });
await db.connect();

const json = async (path, body, token) => {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (values, p) => values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const wechatCitizen = async (openid) => (await json('/api/v1/auth/wechat', { code: sandbox.issueLoginCode(openid).code })).body.accessToken;

try {
  // ---- throughput: N notices committed at once to RECIPIENTS WeChat users, each with enough accepts ----
  const per = Math.ceil(NOTICES / RECIPIENTS);
  const citizens = [];
  for (let i = 0; i < RECIPIENTS; i += 1) {
    const openid = `o_bench_notice_${String(i).padStart(4, '0')}`;
    await wechatCitizen(openid);
    sandbox.grantSubscription(openid, progress.templateId, per);
    citizens.push(openid);
  }
  const before = sandbox.sentMessages().length;
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO notice_subscription (recipient_kind, recipient_id, template_id, allowance) SELECT 'citizen', id, $1, $2 FROM citizen WHERE openid = ANY($3)`,
    [progress.templateId, per, citizens],
  );
  await db.query(
    `INSERT INTO notice (kind, title, body, recipient_kind, recipient_id, case_id, case_no, unit_name, event_key, wechat_state, wechat_next_at)
     SELECT 'citizen_replied', '您反映的问题已答复', '单位已答复您反映的问题，请查看答复并告诉我们是否解决。', 'citizen', c.id, gen_random_uuid(),
            'CP20261130' || lpad(g::text, 6, '0'), '泰山区行政审批服务局', 'bench:' || g, 'pending', now()
     FROM generate_series(1, $1) g JOIN LATERAL (SELECT id FROM citizen WHERE openid = ($2::text[])[1 + g % $3]) c ON true`,
    [NOTICES, citizens, RECIPIENTS],
  );
  await db.query(`SELECT pg_notify('hcp_notices', '')`);
  const committed = performance.now();
  await db.query('COMMIT');
  let first = null;
  for (;;) {
    const sent = sandbox.sentMessages().length - before;
    if (sent > 0 && first === null) first = performance.now();
    if (sent >= NOTICES) break;
    if (performance.now() - committed > 300_000) throw new Error(`only ${sent} of ${NOTICES} sent in 5 minutes`);
    await sleep(100);
  }
  const done = performance.now();
  const [{ states }] = (await db.query(`SELECT json_object_agg(wechat_state, n) AS states FROM (SELECT wechat_state, count(*)::int AS n FROM notice WHERE event_key LIKE 'bench:%' GROUP BY 1) s`)).rows;
  console.log(`delivery:    ${NOTICES} subscribe messages in ${((done - committed) / 1000).toFixed(1)} s from commit = ${(NOTICES / ((done - committed) / 1000)).toFixed(0)} per second`);
  console.log(`             first after ${(first - committed).toFixed(0)} ms; rows ${JSON.stringify(states)}; sandbox received ${sandbox.sentMessages().length - before}`);

  // ---- a reply reaching the citizen: R cases, each replied to by its handler ----
  const staff = (await json('/api/v1/auth/login', { staffNumber: 'A0009', password: 'Demo2026' })).body.accessToken;
  const adminToken = (await json('/api/v1/auth/login', { staffNumber: 'admin', password: 'Demo2026' })).body.accessToken;
  const scenes = (await json('/api/v1/windows?pageSize=50', undefined, adminToken)).body.items.map((w) => w.scene);
  const cases = [];
  for (let i = 0; cases.length < REPLIES && i < REPLIES * 10; i += 1) {
    const openid = `o_bench_reply_${String(i).padStart(4, '0')}`;
    const token = await wechatCitizen(openid);
    sandbox.grantSubscription(openid, progress.templateId, 3);
    await json('/api/v1/me/subscriptions', { templateIds: [progress.templateId, progress.templateId] }, token);
    for (let k = 0; k < 2; k += 1) await json('/api/v1/me/subscriptions', { templateIds: [progress.templateId] }, token);
    const rated = await json('/api/v1/ratings', { clientId: randomUUID(), scene: scenes[i % scenes.length], level: 1, tagCodes: [], contactPhone: '13512340000' }, token);
    const caseId = rated.body.caseId;
    if (!caseId) continue;
    const called = await json(`/api/v1/cases/${caseId}/callback`, { contact: 'reached', verification: 'true', note: '已核实' }, staff);
    if (called.status === 200) cases.push({ caseId, token, openid });
  }
  const inApp = [];
  const wechat = [];
  for (const c of cases) {
    const t0 = performance.now();
    const replied = await json(`/api/v1/cases/${c.caseId}/reply`, { reply: '已为您加急办理，并对窗口人员进行了批评教育', result: '已整改' }, staff);
    if (replied.status !== 200) throw new Error(`reply answered ${replied.status}`);
    for (;;) {
      const inbox = await json('/api/v1/me/notices?pageSize=1', undefined, c.token);
      if (inbox.body.items[0]?.kind === 'citizen_replied') break;
      await sleep(5);
    }
    inApp.push(performance.now() - t0);
    for (;;) {
      if (sandbox.sentMessages({ touser: c.openid }).some((m) => m.data.phrase2 === '已答复')) break;
      if (performance.now() - t0 > 120_000) throw new Error('no subscribe message within 2 minutes');
      await sleep(5);
    }
    wechat.push(performance.now() - t0);
  }
  inApp.sort((a, b) => a - b);
  wechat.sort((a, b) => a - b);
  const line = (v) => `p50 ${pct(v, 50).toFixed(0)} ms  p95 ${pct(v, 95).toFixed(0)} ms  max ${v.at(-1).toFixed(0)} ms`;
  console.log(`reply → in-app notice (${inApp.length} replies):        ${line(inApp)}`);
  console.log(`reply → subscribe message at WeChat (${wechat.length}): ${line(wechat)}`);
} finally {
  await db.end();
  await server.stop();
  await sandbox.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
