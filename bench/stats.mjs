// Supervision figures at scale: seeds N ratings (default 10 million) with their 差评 cases into a database of its
// own, with COPY, rolls them up with the server's own roll-up job, then times each figure (overview, tag analysis,
// window ranking, daily trend, child regions) over a month and a year for a region, a unit and a window, beside the same figure
// computed by a plain GROUP BY over the ratings table in the same run. Prints a Markdown table.
// Usage: node bench/stats.mjs [--ratings 10000000] [--runs 20] [--baseline-runs 3] [--keep] [--database <name>]
// (--keep leaves the seeded database; --database times an existing one again, without seeding.)
// Uses DATABASE_URL's server (creating and dropping a database there), else an embedded PostgreSQL in a temporary
// folder. Needs the server build (`pnpm --filter @hcp/server build`, or npm start / npm test once).
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { REUSE, arg, fromServer, load, log, logger, openBenchDatabase } from './support.mjs';
import { from as copyFrom } from 'pg-copy-streams';

const RATINGS = arg('ratings', 10_000_000);
const RUNS = arg('runs', 20);
const BASELINE_RUNS = arg('baseline-runs', 3);
/** Ratings per COPY (one transaction each, as a busy day of real traffic would be many). */
const CHUNK = 250_000;

const { DataSource } = await fromServer('typeorm');
const { dataSourceOptions } = await load('database/options.js');
const { StatsRollupService } = await load('modules/stats/stats-rollup.service.js');
const { StatsService } = await load('modules/stats/stats.service.js');

const { dbUrl, close } = await openBenchDatabase('hcp_bench_stats');

const client = new pg.Client({ connectionString: dbUrl });
let ds;
try {
  await client.connect();
  await client.query(`SET statement_timeout = 0`);

  let seedRatingsS = 0;
  let seedCasesS = 0;
  if (!REUSE) {
    // The catalog: 16 cities × 8 counties; two units and one hall per county; 8 windows per unit, 2 staff per window,
    // 4 service items per unit; 20,000 citizens.
    log('seeding the catalog');
    await client.query(`INSERT INTO region (code, name, parent_code) VALUES ('370000000000', '山东省', NULL)`);
    await client.query(`INSERT INTO region (code, name, parent_code) SELECT '37' || lpad(c::text, 2, '0') || '00000000', '市' || c, '370000000000' FROM generate_series(1, 16) c`);
    await client.query(
      `INSERT INTO region (code, name, parent_code) SELECT '37' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0') || '000000', '县' || c || '-' || k, '37' || lpad(c::text, 2, '0') || '00000000'
       FROM generate_series(1, 16) c, generate_series(1, 8) k`,
    );
    await client.query(`INSERT INTO hall (code, name, region_code, address) SELECT 'H' || code, name || '政务服务中心', code, name FROM region WHERE code ~ '^37[0-9]{4}000000$' AND code !~ '^37[0-9]{2}00'`);
    await client.query(`INSERT INTO unit (code, name, region_code) SELECT 'U' || h.region_code || '-' || n, h.name || '单位' || n, h.region_code FROM hall h, generate_series(1, 2) n`);
    await client.query(
      `INSERT INTO service_window (hall_id, number, name, unit_id, scene)
       SELECT h.id, (row_number() OVER (PARTITION BY h.id ORDER BY u.code, n))::text, '窗口' || n, u.id, 'S' || substr(md5(u.id::text || n), 1, 20)
       FROM unit u JOIN hall h ON h.region_code = u.region_code, generate_series(1, 8) n`,
    );
    await client.query(
      `INSERT INTO staff (staff_number, name, unit_id, roles, password_hash)
       SELECT 'W' || lpad((row_number() OVER ())::text, 6, '0'), '工作人员', w.unit_id, '{window_staff}', 'x' FROM service_window w, generate_series(1, 2)`,
    );
    await client.query(`INSERT INTO service_item (code, name, unit_id) SELECT 'I' || u.code || '-' || n, '事项' || n, u.id FROM unit u, generate_series(1, 4) n`);
    await client.query(`INSERT INTO citizen (kind, device_id) SELECT 'device', 'bench-' || g FROM generate_series(1, 20000) g`);

    const windows = (
      await client.query(
        `SELECT w.id, w.hall_id, w.unit_id, array_agg(DISTINCT s.id) AS staff, array_agg(DISTINCT i.id) AS items
         FROM service_window w JOIN staff s ON s.unit_id = w.unit_id JOIN service_item i ON i.unit_id = w.unit_id GROUP BY w.id`,
      )
    ).rows;
    const citizens = (await client.query(`SELECT id FROM citizen`)).rows.map((r) => r.id);
    log(`catalog: ${windows.length} windows, ${citizens.length} citizens`);

    // Ratings over the year to 29 November 2026 (China time), 08:00–18:00; levels as a real hall sees them.
    const TAGS = { 5: [510, 511, 512, 513, 514, 515, 516, 517], 4: [406, 407, 408, 409, 410, 411, 412, 413], 3: [307, 308, 309, 310, 311, 312, 313, 314], 2: [207, 208, 209, 210, 211, 212, 213, 214], 1: [108, 109, 110, 111, 112, 113, 114, 115] };
    const YEAR_START = Date.parse('2025-11-30T00:00:00+08:00');
    const DAY = 86_400_000;
    // mulberry32: a small seeded generator, so every run seeds the same data.
    let seed = 42;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const pick = (a) => a[Math.floor(rand() * a.length)];
    const level = () => {
      const x = rand();
      return x < 0.7 ? 5 : x < 0.88 ? 4 : x < 0.96 ? 3 : x < 0.985 ? 2 : 1;
    };
    function* lines(n) {
      for (let i = 0; i < n; i += 1) {
        const w = pick(windows);
        const l = level();
        const at = new Date(YEAR_START + Math.floor(rand() * 365) * DAY + (8 + rand() * 10) * 3600_000).toISOString();
        const tags = rand() < 0.6 ? `{${pick(TAGS[l])}}` : '{}';
        const flagged = rand() < 0.005;
        yield `${randomUUID()}\t${pick(citizens)}\t${w.id}\t${w.hall_id}\t${w.unit_id}\t${rand() < 0.9 ? pick(w.staff) : '\\N'}\t${rand() < 0.7 ? pick(w.items) : '\\N'}\t${l}\t${tags}\tv2\t3\t${at}\t${at}\t${flagged ? '{good_burst}' : '{}'}\t${flagged ? 'pending' : 'none'}\n`;
      }
    }
    const seedStart = Date.now();
    for (let done = 0; done < RATINGS; done += CHUNK) {
      const n = Math.min(CHUNK, RATINGS - done);
      const it = lines(n);
      const source = Readable.from(
        (function* batched() {
          let buf = '';
          for (const line of it) {
            buf += line;
            if (buf.length > 1 << 16) {
              yield buf;
              buf = '';
            }
          }
          if (buf) yield buf;
        })(),
      );
      await pipeline(
        source,
        client.query(
          copyFrom(
            `COPY rating (client_id, citizen_id, window_id, hall_id, unit_id, staff_id, service_item_id, level, tag_codes, tag_version, channel, rated_at, received_at, flags, flag_status) FROM STDIN`,
          ),
        ),
      );
      if ((done / CHUNK) % 4 === 3 || done + n >= RATINGS) log(`ratings: ${done + n} (${Math.round((done + n) / ((Date.now() - seedStart) / 1000))}/s)`);
    }
    seedRatingsS = (Date.now() - seedStart) / 1000;

    // Cases for every 差评, in one statement each: opened; called back (90 % of those with a number), replied (85 %),
    // the rater's answer (a third 未解决), 追评 for a fifth, appeals for 2 % (half upheld).
    log('seeding cases');
    const caseStart = Date.now();
    await client.query(`
      INSERT INTO rating_case (case_no, rating_id, citizen_id, unit_id, window_id, state, has_contact, callback_due_at, reply_due_at, created_at,
        called_back_at, replied_at, reopen_count, follow_up_level, appeal_state, closed_at)
      SELECT 'CP' || to_char(r.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || lpad((row_number() OVER ())::text, 8, '0'), r.id, r.citizen_id, r.unit_id, r.window_id,
        'closed', x.contact, r.received_at + interval '1 day', r.received_at + interval '21 days', r.received_at,
        CASE WHEN x.contact AND x.a < 0.9 THEN r.received_at + (x.b * interval '40 hours') END,
        CASE WHEN x.a < 0.85 THEN r.received_at + (x.b * interval '25 days') END,
        CASE WHEN x.a < 0.28 THEN 1 ELSE 0 END,
        CASE WHEN x.a < 0.17 THEN 2 + floor(x.b * 4)::int END,
        CASE WHEN x.a > 0.98 THEN (CASE WHEN x.b < 0.5 THEN 'upheld' ELSE 'rejected' END) END,
        r.received_at + interval '30 days'
      FROM rating r, LATERAL (SELECT random() < 0.6 AS contact, random() AS a, random() AS b) x WHERE r.level <= 2`);
    await client.query(`
      INSERT INTO case_event (case_id, at, actor_kind, action, from_state, to_state)
      SELECT id, created_at, 'citizen', 'opened', NULL, 'awaiting_callback' FROM rating_case
      UNION ALL SELECT id, called_back_at, 'staff', 'callback', 'awaiting_callback', 'verified' FROM rating_case WHERE called_back_at IS NOT NULL
      UNION ALL SELECT id, replied_at, 'staff', 'reply', 'verified', 'replied' FROM rating_case WHERE replied_at IS NOT NULL
      UNION ALL SELECT id, replied_at + interval '1 day', 'citizen', 'confirm', 'replied', CASE WHEN reopen_count > 0 THEN 'reopened' ELSE 'closed' END FROM rating_case WHERE replied_at IS NOT NULL
      UNION ALL SELECT id, replied_at + interval '2 days', 'citizen', 'follow_up', NULL, NULL FROM rating_case WHERE follow_up_level IS NOT NULL
      UNION ALL SELECT id, created_at + interval '1 hour', 'staff', 'appeal', 'verified', 'appealing' FROM rating_case WHERE appeal_state IS NOT NULL
      UNION ALL SELECT id, created_at + interval '2 days', 'staff', 'appeal-ruling', 'appealing', CASE appeal_state WHEN 'upheld' THEN 'closed' ELSE 'verified' END FROM rating_case WHERE appeal_state IS NOT NULL`);
    await client.query(`UPDATE rating r SET invalidated_at = c.created_at + interval '2 days', invalid_reason = '申诉成立' FROM rating_case c WHERE c.rating_id = r.id AND c.appeal_state = 'upheld'`);
    seedCasesS = (Date.now() - caseStart) / 1000;
    log(`cases seeded in ${seedCasesS.toFixed(0)} s`);
    await client.query(`VACUUM ANALYZE`);

  }
  const ratingCount = Number((await client.query(`SELECT count(*) FROM rating`)).rows[0].count);
  const cases = Number((await client.query(`SELECT count(*) FROM rating_case`)).rows[0].count);

  // The roll-up: the server's own job, run until it has caught up. A kept database (--database) has been migrated
  // by openBenchDatabase first, so what a newer build's migrations add is in place before it is timed.
  ds = new DataSource({ ...dataSourceOptions(dbUrl), extra: { statement_timeout: 600_000 } });
  await ds.initialize();
  const rollup = new StatsRollupService(ds, { stats: { rollup: false } }, logger, { register() {} });
  const rollStart = Date.now();
  for (let pass = 1; ; pass += 1) {
    const r = await rollup.runPass();
    log(`roll-up pass ${pass}: ${r.ratings} ratings, ${r.cases} cases`);
    if (r.caughtUp) break;
  }
  const rollupS = (Date.now() - rollStart) / 1000;
  await client.query(`VACUUM ANALYZE`);
  const sizes = (
    await client.query(
      `SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE relname IN ('rating', 'stats_day_detail', 'stats_day_window', 'stats_day_unit', 'stats_month_window', 'stats_month_unit', 'stats_tag_window', 'stats_tag_unit', 'stats_tag_unit_month', 'stats_case_fact') ORDER BY relname`,
    )
  ).rows;

  // Subjects: a city (16 counties' 256 windows), a unit, a window; periods: October 2026, and the year.
  const city = (await client.query(`SELECT code FROM region WHERE code = '370100000000'`)).rows[0].code;
  const unit = (await client.query(`SELECT id FROM unit WHERE region_code LIKE '3701%' ORDER BY code LIMIT 1`)).rows[0].id;
  const windowId = (await client.query(`SELECT id FROM service_window WHERE unit_id = $1 ORDER BY number LIMIT 1`, [unit])).rows[0].id;
  const subjects = [
    ['region (a city)', { regionCode: city }, `r.unit_id IN (SELECT id FROM unit WHERE region_code LIKE '3701%')`],
    ['unit', { unitId: unit }, `r.unit_id = '${unit}'`],
    ['window', { windowId }, `r.window_id = '${windowId}'`],
  ];
  const periods = [
    ['month', { from: '2026-10-01', to: '2026-10-31' }, ['2026-09-01', '2026-09-30'], '2026-10-01', '2026-10-31'],
    ['year', { from: '2025-11-30', to: '2026-11-29' }, ['2024-11-30', '2025-11-29'], '2025-11-30', '2026-11-29'],
  ];
  const principal = { kind: 'staff', staffId: randomUUID(), sessionId: 'bench', roles: ['system_admin'], unitId: null, scopeRegionCode: null };
  const stats = new StatsService(ds);
  const between = (from, to) => `r.rated_at >= '${from}T00:00:00+08:00' AND r.rated_at < ('${to}'::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`;
  const kept = `NOT (r.flag_status IN ('pending', 'confirmed') OR r.invalidated_at IS NOT NULL)`;
  /** The plain query for each figure: the same answer, from the ratings (and cases) table. */
  const plain = {
    overview: (where, from, to) => `SELECT count(*) FILTER (WHERE r.level = 1) l1, count(*) FILTER (WHERE r.level = 2) l2, count(*) FILTER (WHERE r.level = 3) l3,
        count(*) FILTER (WHERE r.level = 4) l4, count(*) FILTER (WHERE r.level = 5) l5, count(c.id) cases, count(c.called_back_at) called_back,
        count(*) FILTER (WHERE c.called_back_at <= c.callback_due_at) on_time, count(c.replied_at) replied, count(*) FILTER (WHERE c.reopen_count > 0) reopened,
        count(c.follow_up_level) follow_ups, count(c.appeal_state) appeals
      FROM rating r LEFT JOIN rating_case c ON c.rating_id = r.id WHERE ${where} AND ${between(from, to)} AND ${kept}`,
    tags: (where, from, to) => `SELECT tag, count(*) FROM rating r CROSS JOIN LATERAL unnest(r.tag_codes) tag WHERE ${where} AND ${between(from, to)} AND ${kept} GROUP BY tag`,
    ranking: (where, from, to) => `SELECT r.window_id, count(*), count(*) FILTER (WHERE r.level >= 3) FROM rating r WHERE ${where} AND ${between(from, to)} AND ${kept} GROUP BY r.window_id`,
    regions: (where, from, to) => `SELECT substr(u.region_code, 1, 6), count(*), count(*) FILTER (WHERE r.level >= 3) FROM rating r JOIN unit u ON u.id = r.unit_id WHERE ${where} AND ${between(from, to)} AND ${kept} GROUP BY 1`,
    trend: (where, from, to) => `SELECT (r.rated_at AT TIME ZONE 'Asia/Shanghai')::date, count(*), count(*) FILTER (WHERE r.level >= 3) FROM rating r WHERE ${where} AND ${between(from, to)} AND ${kept} GROUP BY 1`,
  };
  const figures = [
    ['overview (with the previous period)', (q) => stats.overview(principal, q), 'overview', true],
    ['tag analysis (with the previous period)', (q) => stats.tags(principal, q, undefined), 'tags', true],
    ['window ranking', (q) => stats.rankings(principal, q, 'window', 'good_rate', 30), 'ranking', false],
    ['daily trend', (q) => stats.breakdown(principal, q, 'day'), 'trend', false],
    // The region's child regions (a city's counties), each with its subtree: only a region can be divided so.
    ['child regions', (q) => stats.breakdown(principal, q, 'region'), 'regions', false, true],
  ];
  const time = async (fn, runs) => {
    const ms = [];
    for (let i = 0; i < runs; i += 1) {
      const t0 = process.hrtime.bigint();
      await fn();
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    ms.sort((a, b) => a - b);
    const at = (p) => ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)];
    return { p50: at(50), p95: at(95) };
  };
  const rows = [];
  for (const [figure, run, plainKey, withPrevious, regionsOnly] of figures) {
    for (const [subjectName, subjectQuery, where] of subjects) {
      if (regionsOnly && !subjectQuery.regionCode) continue;
      for (const [periodName, range, previous, from, to] of periods) {
        const q = { ...subjectQuery, ...range };
        await run(q);
        await run(q);
        const rolled = await time(() => run(q), RUNS);
        const baseline = await time(async () => {
          await ds.query(plain[plainKey](where, from, to));
          if (withPrevious) await ds.query(plain[plainKey](where, previous[0], previous[1]));
        }, BASELINE_RUNS);
        rows.push({ figure, subject: subjectName, period: periodName, ...rolled, base: baseline.p50 });
        log(`${figure} · ${subjectName} · ${periodName}: p95 ${rolled.p95.toFixed(1)} ms, plain ${baseline.p50.toFixed(0)} ms`);
      }
    }
  }

  const f = (x) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
  console.log(`\n${ratingCount.toLocaleString('en')} ratings, ${cases.toLocaleString('en')} cases; seeding ${seedRatingsS.toFixed(0)} s (ratings, COPY) + ${seedCasesS.toFixed(0)} s (cases); roll-up ${rollupS.toFixed(0)} s`);
  console.log(`rows: ${sizes.map((s) => `${s.relname} ${Number(s.n_live_tup).toLocaleString('en')}`).join(', ')}\n`);
  console.log('| figure | subject | period | roll-up p50 ms | roll-up p95 ms | plain GROUP BY p50 ms | speed-up |');
  console.log('|---|---|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.figure} | ${r.subject} | ${r.period} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.base)} | ${Math.round(r.base / r.p50)}× |`);
} finally {
  await ds?.destroy().catch(() => undefined);
  await client.end().catch(() => undefined);
  await close();
}
