// Rating submission under load: starts the built server (embedded PostgreSQL, or DATABASE_URL's server with a
// database of its own), seeds the demo hall, signs in N browser devices, and has them rate the demo windows with
// C requests in flight. Prints throughput, latency percentiles and the server's peak memory.
// Usage: node bench/ratings-throughput.mjs [--citizens 200] [--concurrency 20]
// Needs a build (npm start or npm test once). Bounded: citizens × 6 windows requests, then it stops.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startServer } from '../tests/browser/support.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CITIZENS = arg('citizens', 200);
const CONCURRENCY = arg('concurrency', 20);

const server = await startServer({ DEMO_SEED: 'true', LOG_LEVEL: 'error', RATING_LIMIT_PER_IP_HOUR: '1000000', DEVICE_SIGNUPS_PER_IP_HOUR: '1000000' });
const pid = server.pid;
let peakRss = 0;
const sampler = setInterval(() => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    peakRss = Math.max(peakRss, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
  } catch {
    /* not on Linux, or gone */
  }
}, 100);

try {
  const json = async (path, body, token) => {
    const res = await fetch(`${server.baseUrl}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json() };
  };
  const admin = (await json('/api/v1/auth/login', { staffNumber: 'admin', password: 'Demo2026' })).body.accessToken;
  const scenes = (await json('/api/v1/windows?pageSize=50', undefined, admin)).body.items.map((w) => w.scene);
  const tokens = [];
  for (let i = 0; i < CITIZENS; i += 1) tokens.push((await json('/api/v1/auth/device', { deviceId: `bench-device-${String(i).padStart(8, '0')}` })).body.accessToken);

  const jobs = [];
  for (const token of tokens) for (const [i, scene] of scenes.entries()) jobs.push({ token, scene, level: i % 5 === 4 ? 1 : 5 - (i % 4) });
  const latencies = [];
  const statuses = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const t0 = performance.now();
        const res = await json('/api/v1/ratings', { clientId: randomUUID(), scene: job.scene, level: job.level, tagCodes: [] }, job.token);
        latencies.push(performance.now() - t0);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
  console.log(`ratings:     ${jobs.length} in ${seconds.toFixed(1)} s = ${(jobs.length / seconds).toFixed(0)} per second (concurrency ${CONCURRENCY})`);
  console.log(`statuses:    ${JSON.stringify(statuses)}`);
  console.log(`latency ms:  p50 ${pct(50)}  p95 ${pct(95)}  p99 ${pct(99)}  max ${latencies.at(-1).toFixed(1)}`);
  console.log(`server RSS:  peak ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
} finally {
  clearInterval(sampler);
  await server.stop();
}
