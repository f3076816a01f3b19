// Rating ingest against the physical limit. Starts the built server on a database of its own (DATABASE_URL's server
// is required: pgbench runs against the same database), seeds the demo hall plus W windows, signs in N browser
// devices, then:
//   1. the maximum sustained throughput: C clients posting ratings back to back for D seconds (the CPU per rating
//      net of what the server and its backends use at rest, measured over 5 s just before);
//   2. latency at fixed rates (default 100, 500 and 1,000 ratings/s, D seconds each), timed from the moment each
//      request was due, so a server falling behind shows in the figures instead of slowing the generator down;
//   3. pgbench inserting the same row shape into the same table with the same C clients, and the ratio;
//   4. the server's RSS after the run and after a rest.
// With --instances N (N > 1), N server processes run on the same database (stateless API instances behind a load
// balancer): the sustained phase runs against one of them and then with the load spread over all of them, the
// fixed rates spread over all; every answer 201 must be stored once and each 差评 have one case.
// Every rating has its own citizen-window pair (no duplicates, no limit reached), 5 % are 差评 (a case each).
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/ingest.mjs
//          [--concurrency 20] [--seconds 10] [--rates 100,500,1000] [--citizens 3000] [--windows 600] [--instances 1] [--keep]
// (--keep leaves the database for a look afterwards. --profile DIR runs the sustained phase only, with each server
// writing a V8 CPU profile of its whole life into DIR when it stops: read the profile's last --seconds.)
// Needs a build of the server (npm start or npm test once). Bounded: every phase ends after its seconds.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startServer } from '../tests/browser/support.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const CONCURRENCY = Number(arg('concurrency', 20));
const SECONDS = Number(arg('seconds', 10));
const PROFILE_DIR = arg('profile', undefined);
const RATES = PROFILE_DIR ? [] : String(arg('rates', '100,500,1000')).split(',').map(Number);
const CITIZENS = Number(arg('citizens', 3000));
const WINDOWS = Number(arg('windows', 600));
const INSTANCES = Math.max(1, Number(arg('instances', 1)));
const BAD_SHARE = 0.05;
/** Under the per-citizen hourly limit (30), so no rating of the run is refused for it. */
const PER_CITIZEN = 25;

if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL is required (pgbench runs against the same database), e.g. postgres://postgres@127.0.0.1:5432/postgres');
  process.exit(2);
}
const pgbenchPath = ['/usr/bin/pgbench', ...readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin/pgbench`)].find((p) => existsSync(p));

const dbName = `hcp_ingest_${Date.now()}`;
const adminUrl = process.env.DATABASE_URL;
const dbUrl = new URL(adminUrl);
dbUrl.pathname = `/${dbName}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${dbName}`);

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}`;
console.log(`machine:     ${machine}; load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

const serverEnv = {
  DATABASE_URL: dbUrl.toString(),
  // One secret for every instance, so a citizen signed in on one is signed in on all (as behind a load balancer).
  JWT_SECRET: randomUUID() + randomUUID(),
  DEMO_SEED: 'true',
  LOG_LEVEL: 'error',
  TRUST_PROXY: '1',
  DEVICE_SIGNUPS_PER_IP_HOUR: '1000000',
};
// One after the other: the first migrates and seeds the database, the others find it ready.
const servers = [];
for (let i = 0; i < INSTANCES; i += 1) servers.push(await startServer(serverEnv, { nodeArgs: PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [] }));
const server = servers[0];
/** CPU seconds a process has used (user + system), from /proc; 0 once it is gone. */
const cpuOf = (pid) => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
};
const cpuSeconds = (of = servers) => of.reduce((sum, s) => sum + cpuOf(s.pid), 0);
/**
 * The CPU this database's backends (the servers' pools: PostgreSQL's share of a rating) use from now until the
 * returned function is called. Sampled every 200 ms, so that a backend the pool closes meanwhile (idle connections
 * end after 10 s) still counts up to its last sample instead of taking its whole CPU off the sum.
 */
const pgMeter = async () => {
  const seen = new Map();
  const sample = async (initial) => {
    const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
    for (const { pid } of rows) {
      const cpu = cpuOf(pid);
      const known = seen.get(pid);
      if (known) known.last = Math.max(known.last, cpu);
      else seen.set(pid, { first: initial ? cpu : 0, last: cpu });
    }
  };
  await sample(true);
  let sampling = Promise.resolve();
  const timer = setInterval(() => (sampling = sampling.then(() => sample(false)).catch(() => {})), 200);
  return async () => {
    clearInterval(timer);
    await sampling;
    await sample(false);
    return [...seen.values()].reduce((sum, b) => sum + b.last - b.first, 0);
  };
};
const rss = (s = server) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${s.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const db = new pg.Client({ connectionString: dbUrl.toString() });
const agent = new Agent({ keepAlive: true, maxSockets: 1000 });
const targets = servers.map((s) => new URL(s.baseUrl));

/** One HTTP request with a keep-alive connection to one of the instances (the first by default); resolves with the status. */
function post(path, body, token, forwardedFor, instance = 0) {
  const { hostname, port } = targets[instance];
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        hostname,
        port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
const fmt = (n) => (Number.isFinite(n) ? n.toFixed(1) : '—');

try {
  await db.connect();
  // Windows of the demo hall's units, each with its own scene.
  const [seed] = (await db.query(`SELECT hall_id, unit_id FROM service_window ORDER BY number LIMIT 1`)).rows;
  await db.query(
    `INSERT INTO service_window (hall_id, number, name, unit_id, scene)
     SELECT $1, 'B' || g, '压测窗口' || g, $2, 'bench-' || g FROM generate_series(1, $3) g`,
    [seed.hall_id, seed.unit_id, WINDOWS],
  );
  const scenes = Array.from({ length: WINDOWS }, (_, i) => `bench-${i + 1}`);

  // Citizens: browser devices signed in through the API, 20 at a time.
  const tokens = [];
  for (let i = 0; i < CITIZENS; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, CITIZENS - i) }, (_, k) => post('/api/v1/auth/device', { deviceId: `ingest-device-${String(i + k).padStart(8, '0')}` })),
    );
    for (const r of batch) tokens.push(JSON.parse(r.text).accessToken);
  }

  // Each job a distinct citizen-window pair; each citizen from an address of its own (a phone on mobile data).
  let cursor = 0;
  const nextJob = () => {
    const n = cursor++;
    const citizen = n % CITIZENS;
    const round = Math.floor(n / CITIZENS);
    if (round >= PER_CITIZEN) throw new Error('out of citizens: raise --citizens');
    const window = (citizen * 7 + round) % WINDOWS;
    const bad = n % Math.round(1 / BAD_SHARE) === 7;
    return {
      token: tokens[citizen],
      ip: `10.${(citizen >> 16) & 255}.${(citizen >> 8) & 255}.${citizen & 255}`,
      body: { clientId: randomUUID(), scene: scenes[window], level: bad ? 1 + (n % 2) : 4 + (n % 2), tagCodes: [] },
    };
  };
  const statuses = {};
  // The load balancer: request after request to the next of the instances in play.
  let turn = 0;
  const acknowledged = [];
  const send = async (job, instances = INSTANCES) => {
    const instance = turn++ % instances;
    // A connection the server closed as the request left is sent again with the same clientId, as a phone would.
    const res = await post('/api/v1/ratings', job.body, job.token, job.ip, instance)
      .catch(() => post('/api/v1/ratings', job.body, job.token, job.ip, instance))
      .catch((error) => ({ status: error.code ?? 'error', text: String(error) }));
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.status === 201 || res.status === 200) acknowledged.push(job.body.clientId);
    if (res.status >= 300 && (statuses[res.status] ?? 0) <= 3) console.log(`  answer ${res.status}: ${res.text.slice(0, 200)}`);
  };

  // Warm-up: the JIT, the pool and the window cache. The first WINDOWS jobs rate every window once (their stride, 7,
  // is prime to the default 600 windows), so the phases measure a server that holds every window, as it does all day.
  const WARM_UP = Math.max(200, WINDOWS);
  for (let i = 0; i < WARM_UP; i += CONCURRENCY) await Promise.all(Array.from({ length: CONCURRENCY }, () => send(nextJob())));

  // 1. Sustained throughput, closed loop: against one instance, and with several also spread over all of them.
  let atRest = { server: 0, pg: 0 };
  const sustainedOver = async (instances) => {
    const inPlay = servers.slice(0, instances);
    // What the servers and their backends use at rest (timers, workers) over 5 s, taken off the phase's CPU: on a
    // busy machine the phase rates few ratings, and that share would otherwise be counted as their cost.
    const rest0 = { server: cpuSeconds(inPlay), pg: await pgMeter(), at: performance.now() };
    await new Promise((r) => setTimeout(r, 5000));
    const restSeconds = (performance.now() - rest0.at) / 1000;
    atRest = { server: (cpuSeconds(inPlay) - rest0.server) / restSeconds, pg: (await rest0.pg()) / restSeconds };
    const load1 = loadavg()[0];
    const lat = [];
    let done = 0;
    const cpu0 = cpuSeconds(inPlay);
    const pgUsed = await pgMeter();
    const gen0 = process.cpuUsage();
    const t0 = performance.now();
    const stopAt = t0 + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < stopAt) {
          const s = performance.now();
          await send(nextJob(), instances);
          lat.push(performance.now() - s);
          done += 1;
        }
      }),
    );
    const rate = done / ((performance.now() - t0) / 1000);
    const restNote = `at rest ${(atRest.server * 1000).toFixed(0)} + ${(atRest.pg * 1000).toFixed(0)} ms/s taken off`;
    const phaseSeconds = (performance.now() - t0) / 1000;
    const cpuPerRating = ((cpuSeconds(inPlay) - cpu0 - atRest.server * phaseSeconds) * 1000) / done;
    const pgPerRating = (((await pgUsed()) - atRest.pg * phaseSeconds) * 1000) / done;
    const gen = process.cpuUsage(gen0);
    const genPerRating = (gen.user + gen.system) / 1000 / done;
    lat.sort((a, b) => a - b);
    const label = INSTANCES > 1 ? ` (${instances} instance${instances > 1 ? 's' : ''})` : '';
    console.log(
      `sustained${label}: ${done} ratings in ${SECONDS} s = ${rate.toFixed(0)}/s with ${CONCURRENCY} clients; p50 ${fmt(pct(lat, 50))} ms, p99 ${fmt(pct(lat, 99))} ms; CPU per rating: server ${cpuPerRating.toFixed(2)} ms, PostgreSQL ${pgPerRating.toFixed(2)} ms (${restNote}), load generator ${genPerRating.toFixed(2)} ms (load average ${load1.toFixed(2)})`,
    );
    return rate;
  };
  let sustained = await sustainedOver(1);
  if (INSTANCES > 1) {
    const spread = await sustainedOver(INSTANCES);
    console.log(`instances:   ${INSTANCES} instances sustain ${spread.toFixed(0)}/s against ${sustained.toFixed(0)}/s for one (× ${(spread / sustained).toFixed(2)})`);
    sustained = spread;
  }

  // 2. Fixed rates, open loop, timed from when each request was due; at most 1,000 in flight (a request due while
  //    1,000 wait is counted as not sent: the server is past this rate).
  const rateRows = [];
  for (const rate of RATES) {
    const load = loadavg()[0];
    const times = [];
    let late = 0;
    let inFlight = 0;
    const start = performance.now();
    const total = rate * SECONDS;
    const pending = [];
    const cpu0 = cpuSeconds();
    const pgUsed = await pgMeter();
    for (let i = 0; i < total; i += 1) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      if (inFlight >= 1000) {
        late += 1;
        continue;
      }
      inFlight += 1;
      pending.push(
        send(nextJob()).then(() => {
          inFlight -= 1;
          times.push(performance.now() - due);
        }),
      );
    }
    await Promise.all(pending);
    const phaseSeconds = (performance.now() - start) / 1000;
    const achieved = times.length / phaseSeconds;
    // Comparable between runs on a busy machine as long as both keep up with the rate (the same work per second).
    const serverMs = ((cpuSeconds() - cpu0 - atRest.server * phaseSeconds) * 1000) / times.length;
    const pgMs = (((await pgUsed()) - atRest.pg * phaseSeconds) * 1000) / times.length;
    times.sort((a, b) => a - b);
    rateRows.push({ rate, achieved, p50: pct(times, 50), p99: pct(times, 99), max: times.at(-1), dropped: late, load });
    console.log(`rate ${String(rate).padStart(5)}/s: achieved ${achieved.toFixed(0)}/s; p50 ${fmt(pct(times, 50))} ms, p99 ${fmt(pct(times, 99))} ms, max ${fmt(times.at(-1))} ms; not sent (1,000 in flight) ${late}; CPU per rating: server ${serverMs.toFixed(2)} ms, PostgreSQL ${pgMs.toFixed(2)} ms (load average ${load.toFixed(2)})`);
  }
  console.log(`statuses:    ${JSON.stringify(statuses)}`);
  const stored = (await db.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE level <= 2)::int AS bad FROM rating`)).rows[0];
  const cases = (await db.query(`SELECT count(*)::int AS n FROM rating_case`)).rows[0].n;
  console.log(`stored:      ${stored.n} ratings, ${stored.bad} 差评, ${cases} cases`);
  // Correctness, also across instances: every rating acknowledged (201, or 200 for a resent one) is stored (once:
  // the client id is unique), and each 差评 has exactly one case.
  const casesPerBad = (await db.query(`SELECT count(*)::int AS n FROM rating r WHERE r.level <= 2 AND (SELECT count(*) FROM rating_case c WHERE c.rating_id = r.id) <> 1`)).rows[0].n;
  const found = (await db.query(`SELECT count(*)::int AS n FROM rating WHERE client_id = ANY ($1::uuid[])`, [acknowledged])).rows[0].n;
  const correct = found === acknowledged.length && casesPerBad === 0 && cases === stored.bad;
  console.log(
    `correctness: ${acknowledged.length} acknowledged, ${found} of them stored, ${stored.n - found} stored without an answer seen; ${casesPerBad} 差评 without exactly one case: ${correct ? 'ok' : 'MISMATCH'}`,
  );
  if (!correct) process.exitCode = 1;
  // Group commit: how many ratings shared a transaction (xmin is the writing transaction's id).
  const commits = (await db.query(`SELECT count(DISTINCT xmin::text)::int AS n FROM rating`)).rows[0].n;
  console.log(`commits:     ${stored.n} ratings written in ${commits} transactions (${(stored.n / commits).toFixed(2)} per commit)`);
  const rssAfter = rss();

  // 3. The physical limit: the same row shape, same clients, same database, same indexes.
  let pgbenchTps = NaN;
  if (PROFILE_DIR) console.log(`profile:     written into ${PROFILE_DIR} when the server stops (no pgbench, no fixed rates)`);
  else if (pgbenchPath) {
    await db.query(`CREATE TABLE bench_pair AS SELECT row_number() OVER () AS n, c.id AS citizen_id, w.id AS window_id, w.hall_id, w.unit_id
                      FROM (SELECT id FROM citizen ORDER BY id LIMIT 1000) c CROSS JOIN LATERAL (SELECT * FROM service_window ORDER BY random() LIMIT 1) w`);
    await db.query(`CREATE UNIQUE INDEX ON bench_pair (n)`);
    await db.query(`CREATE TABLE bench_window AS SELECT row_number() OVER () AS n, id, hall_id, unit_id FROM service_window`);
    await db.query(`CREATE UNIQUE INDEX ON bench_window (n)`);
    const windowCount = (await db.query(`SELECT count(*)::int AS n FROM bench_window`)).rows[0].n;
    const pgbench = (name, sql) => {
      const script = join(tmpdir(), `${dbName}-${name}.sql`);
      writeFileSync(script, sql);
      const run = spawnSync(pgbenchPath, ['-n', '-f', script, '-c', String(CONCURRENCY), '-j', '2', '-T', String(SECONDS), '-h', dbUrl.hostname, '-p', dbUrl.port || '5432', '-U', dbUrl.username || 'postgres', dbName], {
        encoding: 'utf8',
        env: { ...process.env, PGPASSWORD: decodeURIComponent(dbUrl.password) },
      });
      const tps = Number(/tps = ([\d.]+)/.exec(run.stdout)?.[1]);
      if (!Number.isFinite(tps)) console.log(run.stdout, run.stderr);
      return tps;
    };
    pgbenchTps = pgbench(
      'insert',
      `\\set n random(1, 1000)
INSERT INTO rating (client_id, citizen_id, window_id, hall_id, unit_id, level, tag_codes, tag_version, comment_check, channel, rated_at, ip_hash, flags, flag_status)
SELECT gen_random_uuid(), citizen_id, window_id, hall_id, unit_id, 5, '{}', 'v2', 'none', 3, now(), md5(random()::text) || md5(random()::text), '{}', 'none' FROM bench_pair WHERE n = :n;
`,
    );
    console.log(`pgbench:     ${fmt(pgbenchTps)} inserts/s with ${CONCURRENCY} clients (${pgbenchPath}); load average ${loadavg()[0].toFixed(2)}`);
    // The database's own share of a rating: the same clients calling the rating's write function directly (a random
    // citizen of 1,000 at a random window, as the server's phase does, with the server's limits), no server between.
    const ingestTps = pgbench(
      'rating-ingest',
      `\\set c random(1, 1000)
\\set w random(1, ${windowCount})
SELECT (rating_ingest(gen_random_uuid(), p.citizen_id, NULL, w.id, w.hall_id, w.unit_id, NULL, 5::smallint, '{}'::smallint[], 'v2', NULL, 'none', 3::smallint, now(), NULL, false, NULL, NULL, NULL, md5(random()::text) || md5(random()::text), '{}'::text[], now(), 1000000, 1000000, 10, 10, 4, 20)).o_outcome
  FROM bench_pair p, bench_window w WHERE p.n = :c AND w.n = :w;
`,
    );
    console.log(`pgbench:     ${fmt(ingestTps)} calls/s of rating_ingest itself (the rating's rules in the database, no server) with ${CONCURRENCY} clients; load average ${loadavg()[0].toFixed(2)}`);
  } else console.log('pgbench:     not found (apt-get install postgresql-contrib, or the server binaries)');
  if (!PROFILE_DIR) console.log(`ratio:       the server sustains ${((sustained / pgbenchTps) * 100).toFixed(1)} % of pgbench's insert rate (1 : ${(pgbenchTps / sustained).toFixed(1)})`);

  if (!PROFILE_DIR) await new Promise((r) => setTimeout(r, 10_000));
  console.log(`server RSS:  ${rssAfter.toFixed(0)} MiB after the run, ${rss().toFixed(0)} MiB after 10 s at rest${INSTANCES > 1 ? ` (the first instance; the others ${servers.slice(1).map((s) => `${rss(s).toFixed(0)} MiB`).join(', ')} at rest)` : ''}`);
} finally {
  await db.end().catch(() => {});
  agent.destroy();
  for (const s of servers) await s.stop();
  if (process.argv.includes('--keep')) console.log(`kept:        database ${dbName}`);
  else await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
