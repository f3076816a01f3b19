// Hall posters PDF under load: builds and starts the server (embedded PostgreSQL, or DATABASE_URL's server with a
// database of its own), imports a hall of 3,000 windows run by 6 units, and downloads its posters PDF while a
// prober asks /health/live back to back. Prints, per case, the time to first byte and to the last, the size, the
// server's peak memory and how long the liveness probe had to wait (the event-loop delay other requests see).
// Usage: node bench/posters.mjs [--windows 3000] [--no-build]
// The server runs with POSTER_PDF_MAX_PAGES raised to the hall's size, so the whole hall fits one PDF (the case the
// default limit of 500 refuses), and the default POSTER_PDF_CONCURRENCY of 2.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ROOT, pnpm } from '../scripts/lib.mjs';
import { startServer } from '../tests/browser/support.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const WINDOWS = arg('windows', 3000);
const UNITS = 6;

if (!process.argv.includes('--no-build')) {
  for (const pkg of ['@hcp/contracts', '@hcp/server']) {
    const [cmd, ...pre] = pnpm();
    const r = spawnSync(cmd, [...pre, '--filter', pkg, 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

const server = await startServer({ DEMO_SEED: 'true', LOG_LEVEL: 'error', POSTER_PDF_MAX_PAGES: String(Math.max(WINDOWS, 500)) });
const rss = () => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0; // not on Linux
  }
};
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

try {
  const api = async (path, init = {}) => {
    const res = await fetch(`${server.baseUrl}${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } });
    return { status: res.status, body: await res.json() };
  };
  let token;
  token = (await api('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ staffNumber: 'admin', password: 'Demo2026' }) })).body.accessToken;
  const importCsv = async (kind, lines) => {
    const form = new FormData();
    form.append('file', new Blob([lines.join('\n')], { type: 'text/csv' }), `${kind}.csv`);
    const res = await api(`/api/v1/catalog/import/${kind}?dryRun=false`, { method: 'POST', body: form });
    if (res.status !== 200) throw new Error(`import ${kind}: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  };
  // Names as varied as a real hall's, so the embedded font subsets are realistic.
  const services = ['企业开办', '不动产登记', '社会保障卡', '医保报销', '公积金提取', '户籍办理', '出入境证件', '税务登记', '工程建设审批', '食品经营许可', '药品零售许可', '道路运输许可', '人才服务', '婚姻登记', '残疾人证', '住房保障', '交通违法处理', '水电气报装', '法律援助', '综合咨询'];
  const units = Array.from({ length: UNITS }, (_, i) => ({ code: `BENCH-UNIT-${i + 1}`, name: `泰山区第${'一二三四五六七八九十'[i % 10]}服务局` }));
  await importCsv('units', ['code,name,regionCode', ...units.map((u) => `${u.code},${u.name},370902000000`)]);
  await importCsv('halls', ['code,name,regionCode,address', 'BENCH-HALL,泰安市泰山区市民之家综合服务大厅,370902000000,泰山区擂鼓石大街']);
  await importCsv('windows', [
    'hallCode,number,name,unitCode',
    ...Array.from({ length: WINDOWS }, (_, i) => `BENCH-HALL,${i + 1},${services[i % services.length]}${Math.floor(i / services.length) + 1}号,${units[i % UNITS].code}`),
  ]);
  const hall = (await api('/api/v1/halls?q=BENCH-HALL')).body.items[0];
  const unitIds = (await api('/api/v1/units?q=BENCH-UNIT&pageSize=100')).body.items.map((u) => u.id);

  /** Downloads one PDF, counting bytes as they arrive. */
  const download = async (query = '') => {
    const t0 = performance.now();
    const res = await fetch(`${server.baseUrl}/api/v1/halls/${hall.id}/posters.pdf${query}`, { headers: { authorization: `Bearer ${token}` } });
    let firstByte;
    let bytes = 0;
    for await (const chunk of res.body) {
      firstByte ??= performance.now() - t0;
      bytes += chunk.length;
    }
    return { status: res.status, firstByte, total: performance.now() - t0, bytes, retryAfter: res.headers.get('retry-after') };
  };

  /** Runs `work` while probing liveness back to back and sampling the server's memory. */
  const measure = async (work) => {
    let running = true;
    const probes = [];
    let peak = rss();
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
    const prober = (async () => {
      while (running) {
        const t0 = performance.now();
        await fetch(`${server.baseUrl}/health/live`).then((r) => r.arrayBuffer());
        probes.push(performance.now() - t0);
      }
    })();
    const result = await work();
    running = false;
    await prober;
    clearInterval(sampler);
    probes.sort((a, b) => a - b);
    const pct = (p) => probes[Math.min(probes.length - 1, Math.floor((p / 100) * probes.length))].toFixed(0);
    return { result, peak, probes: `${probes.length} probes, p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${probes.at(-1).toFixed(0)} ms` };
  };
  const line = (d) =>
    d.status === 200
      ? `200, first byte ${d.firstByte.toFixed(0)} ms, last ${d.total.toFixed(0)} ms, ${(d.bytes / 1024 / 1024).toFixed(1)} MiB`
      : `${d.status} in ${d.total.toFixed(0)} ms${d.retryAfter ? ` (Retry-After ${d.retryAfter})` : ''}`;

  await download(`?unitId=${unitIds[0]}`); // warm-up: fonts loaded, code paths compiled
  console.log(`hall: ${WINDOWS} windows, ${UNITS} units; server RSS at rest ${mib(rss())}`);
  const cases = [
    ['one unit (500 windows at 3,000/6)', () => download(`?unitId=${unitIds[1]}`)],
    [`whole hall (${WINDOWS} pages)`, () => download()],
    ['three whole-hall PDFs at once', () => Promise.all([download(), download(), download()])],
  ];
  for (const [name, work] of cases) {
    const { result, peak, probes } = await measure(work);
    console.log(`\n${name}`);
    for (const d of [result].flat()) console.log(`  ${line(d)}`);
    console.log(`  server peak RSS ${mib(peak)}; /health/live: ${probes}`);
  }
} finally {
  await server.stop();
}
