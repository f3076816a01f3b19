// Catalog imports under hostile files: starts the built server (embedded PostgreSQL, or DATABASE_URL's server with a
// database of its own), uploads each file as a system administrator (dry runs: nothing is written), and meanwhile
// asks /health/live again and again. Prints, per file: the answer, its size, how long the import took, the longest
// /health/live wait while it ran (how long the event loop was blocked, plus one round trip), and the server's peak
// memory. Usage: node bench/import-limits.mjs   (needs a build: npm start or npm test once). Bounded: 11 uploads.
import { readFileSync } from 'node:fs';
import { startServer } from '../tests/browser/support.mjs';
import { hugeSharedString, unclosedCells, unclosedSheetTags, workbookOf, zipBomb } from '../apps/server/test/support/xlsx-files.mjs';

const MB = 1024 * 1024;
const header = 'code,name,regionCode\n';
const units = (count) => Array.from({ length: count }, (_, i) => [`BENCH-${i}`, `基准单位${i}`, '370902000000']);
const fill = (line) => header + line.repeat(Math.floor((5 * MB - 1024 - header.length) / line.length));

const cases = [
  ['CSV, 20,000 good rows', 'csv', header + units(20_000).map((r) => r.join(',')).join('\n')],
  ['XLSX, 20,000 good rows', 'xlsx', workbookOf([['code', 'name', 'regionCode'], ...units(20_000)])],
  ['CSV, 2.5 M short lines (5 MB)', 'csv', fill('x\n')],
  ['CSV, 2.5 M blank lines (5 MB)', 'csv', fill(',\n')],
  ['CSV, one 5 MB cell', 'csv', `${header}BENCH-1,${'长'.repeat((5 * MB - 1024) / 3)},370902000000\n`],
  ['CSV, one row of 5 M commas', 'csv', `${header}BENCH-1${','.repeat(5 * MB - 1024)}\n`],
  ['CSV, 2.4 M formula-like cells', 'csv', [Array(120).fill('code').join(','), ...Array(20_000).fill(Array(120).fill('=').join(','))].join('\n')],
  ['XLSX, one 200 MB cell', 'xlsx', hugeSharedString(200)],
  ['XLSX, sheet inflating to 1 GiB', 'xlsx', zipBomb(1024)],
  ['XLSX, a row of 340,000 unclosed cells', 'xlsx', unclosedCells(340_000)],
  ['XLSX, workbook of 8 MiB unclosed sheet tags', 'xlsx', unclosedSheetTags(8)],
];

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const server = await startServer({ DEMO_SEED: 'true', LOG_LEVEL: 'error' });
let peakRss = 0;
const sampler = setInterval(() => {
  try {
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    peakRss = Math.max(peakRss, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024);
  } catch {
    /* not on Linux, or gone */
  }
}, 20);

try {
  const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ staffNumber: 'admin', password: 'Demo2026' }),
  });
  const token = (await login.json()).accessToken;
  console.log('| file | upload | answer | body | time | longest /health/live wait | server peak RSS |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [label, type, content] of cases) {
    const file = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const form = new FormData();
    form.append('file', new Blob([file]), `bench.${type}`);
    let running = true;
    let longestWait = 0;
    const probe = (async () => {
      while (running) {
        const t0 = performance.now();
        await fetch(`${server.baseUrl}/health/live`)
          .then((res) => res.arrayBuffer())
          .catch(() => undefined);
        longestWait = Math.max(longestWait, performance.now() - t0);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    peakRss = 0;
    const t0 = performance.now();
    const answer = await fetch(`${server.baseUrl}/api/v1/catalog/import/units?dryRun=true`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
      .then(async (res) => ({ status: res.status, body: await res.text() }))
      .catch((error) => ({ status: 'no answer', body: '', error }));
    const seconds = (performance.now() - t0) / 1000;
    running = false;
    await probe;
    let code = '';
    try {
      const json = JSON.parse(answer.body);
      code = json.code ?? `rows ${json.rows}`;
    } catch {
      code = answer.error ? `(${answer.error.cause?.code ?? answer.error.message})` : 'not JSON';
    }
    const size = (bytes) => (bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);
    console.log(`| ${label} | ${size(file.length)} | ${answer.status} ${code} | ${size(Buffer.byteLength(answer.body))} | ${seconds.toFixed(2)} s | ${longestWait.toFixed(0)} ms | ${(peakRss / MB).toFixed(0)} MiB |`);
    if (!alive(server.pid)) {
      console.log(`The server exited:\n${server.output().slice(-2000)}`);
      break;
    }
  }
} finally {
  clearInterval(sampler);
  await server.stop();
}
