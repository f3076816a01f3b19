// The case scheduler's deadline pass (due reminders, overdue marks, 默认办结) with a million open cases: seeds them
// (with their ratings and the reminders already written) by INSERT … SELECT generate_series into a database of its
// own, migrated by the server's migrations, then times the server's own pass (CaseSchedulerService.runPass) at
// instants chosen so that nothing is due, a minute's worth is due, and an hour's backlog is due; prints the plans of
// its statements (EXPLAIN ANALYZE, rolled back) and, for comparison, the statements the pass used before its
// reminder mark and partial indexes. Prints a Markdown table.
// Usage: node bench/sweep.mjs [--cases 1000000] [--runs 5] [--keep] [--database <name>]
// (--keep leaves the seeded database; --database times an existing one again, without seeding.)
// Uses DATABASE_URL's server (creating and dropping a database there), else an embedded PostgreSQL in a temporary
// folder. Needs the server build (`pnpm --filter @hcp/server build`).
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { REUSE, arg, fromServer, load, log, logger, openBenchDatabase } from './support.mjs';

const CASES = arg('cases', 1_000_000);
const RUNS = arg('runs', 5);
/** The bench's "now": the pass runs at T0 + k minutes; the seeded reminders before T0 are already written. */
const T0 = Date.parse('2026-12-01T02:00:00Z');
const MINUTE = 60_000;

const { DataSource } = await fromServer('typeorm');
const { dataSourceOptions } = await load('database/options.js');
const { CaseSchedulerService } = await load('modules/cases/scheduler/case-scheduler.service.js');
const { NoticeOutbox } = await load('modules/notices/notice-outbox.service.js');

const { dbUrl, close } = await openBenchDatabase('hcp_bench_sweep');

/** The statements the pass sends (captured through TypeORM's logger), with the parameters of their last call. */
const statements = new Map();
const capture = {
  logQuery(query, parameters) {
    if (/^\s*(WITH|INSERT INTO notice)/.test(query)) statements.set(query, parameters ?? []);
  },
  logQueryError() {},
  logQuerySlow() {},
  logSchemaBuild() {},
  logMigration() {},
  log() {},
};

const client = new pg.Client({ connectionString: dbUrl });
let ds;
try {
  await client.connect();
  await client.query(`SET statement_timeout = 0`);
  const t0 = new Date(T0).toISOString();

  let seedS = 0;
  if (!REUSE) {
    const seedStart = Date.now();
    log('seeding the catalog');
    await client.query(`INSERT INTO region (code, name, parent_code) VALUES ('370000000000', '山东省', NULL), ('370100000000', '济南市', '370000000000')`);
    await client.query(`INSERT INTO hall (code, name, region_code, address) VALUES ('H370100', '济南市政务服务中心', '370100000000', '济南市')`);
    await client.query(`INSERT INTO unit (code, name, region_code) SELECT 'U' || n, '单位' || n, '370100000000' FROM generate_series(1, 100) n`);
    await client.query(
      `INSERT INTO service_window (hall_id, number, name, unit_id, scene)
       SELECT h.id, (row_number() OVER (ORDER BY u.code))::text, '窗口', u.id, 'S' || substr(md5(u.id::text), 1, 20) FROM unit u, hall h`,
    );
    await client.query(
      `INSERT INTO staff (staff_number, name, unit_id, roles, password_hash)
       SELECT 'W' || lpad((row_number() OVER ())::text, 6, '0'), '工作人员', u.id, '{case_handler}', 'x' FROM unit u, generate_series(1, 2)`,
    );
    await client.query(`INSERT INTO citizen (kind, device_id) SELECT 'device', 'bench-' || g FROM generate_series(1, 10000) g`);

    log(`seeding ${CASES.toLocaleString('en')} ratings`);
    const windows = `(SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, hall_id, unit_id FROM service_window) w`;
    const citizens = `(SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM citizen) ci`;
    await client.query(
      `INSERT INTO rating (id, client_id, citizen_id, window_id, hall_id, unit_id, level, tag_version, channel, rated_at, received_at)
       SELECT md5('r' || g)::uuid, md5('c' || g)::uuid, ci.id, w.id, w.hall_id, w.unit_id, 1 + g % 2, 'v2', 3, $1::timestamptz - interval '3 days', $1::timestamptz - interval '3 days'
       FROM generate_series(1, $2::int) g JOIN ${windows} ON w.k = g % 100 JOIN ${citizens} ON ci.k = g % 10000`,
      [t0, CASES],
    );
    // Open cases: 30 % 待回访, 20 % verified, 30 % 整改中, 5 % reopened, 15 % replied (答复待确认). Their deadlines are
    // spread evenly around T0 (o in [0, 1)): a callback reminder from T0 − 2 days to T0 + 1 day with its deadline a
    // day later, a reply reminder from T0 − 4 days to T0 + 2 days with its deadline 3 days later, the rater's answer
    // due up to 7 days after T0. Everything due before T0 was done by earlier passes: reminders written (mark and
    // timeline entry), overdue marks set, so at T0 nothing is due and each minute after it brings its share.
    log(`seeding ${CASES.toLocaleString('en')} open cases`);
    await client.query(
      `INSERT INTO rating_case (case_no, rating_id, citizen_id, unit_id, window_id, state, has_contact, created_at,
         callback_remind_at, callback_due_at, reply_remind_at, reply_due_at, replied_at, confirm_due_at)
       SELECT 'CP20261128' || lpad(g::text, 8, '0'), md5('r' || g)::uuid, ci.id, w.unit_id, w.id,
         CASE WHEN g % 20 < 6 THEN 'awaiting_callback' WHEN g % 20 < 10 THEN 'verified' WHEN g % 20 < 16 THEN 'in_progress' WHEN g % 20 = 16 THEN 'reopened' ELSE 'replied' END,
         true, $1::timestamptz - interval '3 days',
         $1::timestamptz - interval '2 days' + x.o * interval '3 days', $1::timestamptz - interval '1 day' + x.o * interval '3 days',
         $1::timestamptz - interval '4 days' + x.o * interval '6 days', $1::timestamptz - interval '1 day' + x.o * interval '6 days',
         CASE WHEN g % 20 >= 17 THEN $1::timestamptz - interval '1 day' END,
         CASE WHEN g % 20 >= 17 THEN $1::timestamptz + x.o * interval '7 days' END
       FROM generate_series(1, $2::int) g JOIN ${windows} ON w.k = g % 100 JOIN ${citizens} ON ci.k = g % 10000,
         LATERAL (SELECT ((g::bigint * 7919) % 1000003) / 1000003.0 AS o) x`,
      [t0, CASES],
    );
    await client.query(
      `UPDATE rating_case SET
         callback_reminded_round = CASE WHEN callback_remind_at <= $1 THEN 0 ELSE -1 END,
         reply_reminded_round = CASE WHEN reply_remind_at <= $1 THEN 0 ELSE -1 END,
         callback_overdue_at = CASE WHEN state = 'awaiting_callback' AND callback_due_at <= $1 THEN callback_due_at END,
         reply_overdue_at = CASE WHEN state <> 'replied' AND reply_due_at <= $1 THEN reply_due_at END`,
      [t0],
    );
    await client.query(
      `INSERT INTO case_event (case_id, at, actor_kind, action, note, once_key)
       SELECT id, callback_remind_at, 'system', 'reminder', '回访核实即将到期，请尽快联系群众', 'remind:callback:0' FROM rating_case WHERE state = 'awaiting_callback' AND callback_remind_at <= $1
       UNION ALL SELECT id, reply_remind_at, 'system', 'reminder', '整改答复即将到期，请尽快答复群众', 'remind:reply:0' FROM rating_case WHERE state <> 'replied' AND reply_remind_at <= $1`,
      [t0],
    );
    await client.query(`VACUUM ANALYZE`);
    seedS = (Date.now() - seedStart) / 1000;
    log(`seeded in ${seedS.toFixed(0)} s`);
  }
  const counts = (
    await client.query(
      `SELECT (SELECT count(*) FROM rating_case WHERE state <> 'closed')::int AS open, (SELECT count(*) FROM case_event)::int AS events,
         (SELECT count(*) FROM rating_case WHERE callback_overdue_at IS NOT NULL OR reply_overdue_at IS NOT NULL)::int AS overdue`,
    )
  ).rows[0];

  ds = new DataSource({ ...dataSourceOptions(dbUrl), logging: ['query'], logger: capture });
  await ds.initialize();
  const config = { cases: { scheduler: false }, wechat: { appId: undefined, noticeTemplates: {} } };
  const scheduler = new CaseSchedulerService(ds, config, logger, { register() {} }, new NoticeOutbox(config));

  const rows = [];
  const pass = async (label, at) => {
    const start = process.hrtime.bigint();
    const r = await scheduler.runPass(new Date(at));
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    rows.push({ label, at, ms, ...r });
    log(`${label}: ${ms.toFixed(1)} ms, ${r.reminders} reminders, ${r.overdue} overdue, ${r.defaultClosed} 默认办结`);
  };

  // Nothing due: at T0, and again (a second instance's pass finds the same nothing).
  for (let i = 0; i < RUNS; i += 1) await pass('nothing due', T0);
  // Steady state: the pass every minute, each with its minute's reminders, overdue marks and 默认办结.
  for (let k = 1; k <= RUNS; k += 1) await pass('one minute due', T0 + k * MINUTE);
  // The plans, at the next minute (EXPLAIN ANALYZE inside a transaction that is rolled back).
  const plans = [];
  for (const [query, parameters] of statements) {
    const params = parameters.map((p, i) => (i === 0 && p instanceof Date ? new Date(T0 + (RUNS + 1) * MINUTE) : p));
    await client.query('BEGIN');
    const plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
    await client.query('ROLLBACK');
    plans.push([query.replace(/\s+/g, ' ').trim(), plan]);
  }
  // A backlog: an hour without a pass (a server down), then passes until caught up.
  const late = T0 + (RUNS + 60) * MINUTE;
  for (let i = 1; i <= 10; i += 1) {
    await pass(`an hour's backlog, pass ${i}`, late);
    const last = rows.at(-1);
    if (last.reminders + last.overdue + last.defaultClosed === 0) break;
  }
  for (let i = 0; i < RUNS; i += 1) await pass('nothing due (after)', late);

  // The statements of the pass before the reminder mark and the partial indexes, timed at T0 (nothing due) with
  // the old (state, due) indexes: the reminder's anti-join walks every case inside its reminder period.
  const before = [
    [
      'reply reminders (anti-join on the timeline)',
      `SELECT c.id FROM rating_case c
       WHERE c.state = ANY($2::varchar[]) AND c.reply_remind_at <= $1 AND c.reply_due_at > $1
         AND NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.once_key = 'remind:reply:' || c.deadline_round)
       ORDER BY c.reply_remind_at LIMIT 200`,
      [t0, ['awaiting_callback', 'verified', 'in_progress', 'reopened']],
    ],
    [
      'callback reminders (anti-join on the timeline)',
      `SELECT c.id FROM rating_case c
       WHERE c.state = ANY($2::varchar[]) AND c.callback_remind_at <= $1 AND c.callback_due_at > $1
         AND NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.once_key = 'remind:callback:' || c.deadline_round)
       ORDER BY c.callback_remind_at LIMIT 200`,
      [t0, ['awaiting_callback']],
    ],
    [
      'reply overdue marks ((state, reply_due_at) index)',
      `SELECT id FROM rating_case WHERE state = ANY($2::varchar[]) AND reply_due_at <= $1 AND reply_overdue_at IS NULL ORDER BY reply_due_at LIMIT 200`,
      [t0, ['awaiting_callback', 'verified', 'in_progress', 'reopened']],
    ],
  ];
  const beforeRows = [];
  await client.query(`SET enable_bitmapscan = on`);
  for (const [label, query, params] of before) {
    await client.query('BEGIN');
    // Hide the new partial indexes inside this transaction, so the planner picks what it had before.
    for (const index of ['IDX_case_callback_remind_pending', 'IDX_case_reply_remind_pending', 'IDX_case_callback_overdue_pending', 'IDX_case_reply_overdue_pending']) {
      await client.query(`DROP INDEX "${index}"`);
    }
    const start = process.hrtime.bigint();
    await client.query(query, params);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
    await client.query('ROLLBACK');
    beforeRows.push({ label, ms, plan });
    log(`before: ${label}: ${ms.toFixed(0)} ms`);
  }

  const version = (await client.query(`SHOW server_version`)).rows[0].server_version;
  const f = (x) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
  console.log(`\n## Plans of the pass's statements (one minute due)\n`);
  for (const [query, plan] of plans) console.log(`${query}\n${plan}\n`);
  console.log(`## The statements before the mark and the partial indexes (nothing due)\n`);
  for (const r of beforeRows) console.log(`${r.label}: ${f(r.ms)} ms\n${r.plan}\n`);
  console.log(
    `${counts.open.toLocaleString('en')} open cases, ${counts.overdue.toLocaleString('en')} of them already overdue, ${counts.events.toLocaleString('en')} timeline entries` +
      `${seedS ? `; seeded in ${seedS.toFixed(0)} s` : ''}; PostgreSQL ${version}; ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}; load average at the end ${loadavg().map((x) => x.toFixed(2)).join(', ')}\n`,
  );
  console.log('| pass | instant | ms | reminders | overdue marks | 默认办结 |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.label} | T0 + ${Math.round((r.at - T0) / MINUTE)} min | ${f(r.ms)} | ${r.reminders} | ${r.overdue} | ${r.defaultClosed} |`);
  console.log('\n| statement before (nothing due) | ms |');
  console.log('|---|---:|');
  for (const r of beforeRows) console.log(`| ${r.label} | ${f(r.ms)} |`);
} finally {
  await ds?.destroy().catch(() => undefined);
  await client.end().catch(() => undefined);
  await close();
}
