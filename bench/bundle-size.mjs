// Measures the mini-program's package sizes. WeChat limits each package (main or sub) to 2 MB; our targets are
// tighter (the whole weapp build under 500 KB, the main package under 400 KB) because citizens open it on weak
// rural networks. Also the desktop console's build: its total, each chunk, and what its first page loads (the
// chart library only on the dashboard). Usage: node bench/bundle-size.mjs [--no-build]
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { ROOT, pnpm } from '../scripts/lib.mjs';

const miniapp = join(ROOT, 'apps/miniapp');
if (!process.argv.includes('--no-build')) {
  for (const target of ['weapp', 'h5']) {
    const [cmd, ...pre] = pnpm();
    const r = spawnSync(cmd, [...pre, '--filter', '@hcp/miniapp', `build:${target}`], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  const [cmd, ...pre] = pnpm();
  const r = spawnSync(cmd, [...pre, '--filter', '@hcp/console', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Every file under `dir`, with its path relative to `root` (so a subpackage's files keep their root folder). */
function files(dir, root = dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...files(p, root));
    else out.push({ path: relative(root, p), size: statSync(p).size });
  }
  return out;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const weapp = files(join(miniapp, 'dist'));
const weappTotal = weapp.reduce((s, f) => s + f.size, 0);
// Subpackages live under folders declared in app.json; everything else is the main package.
let subRoots = [];
try {
  const appJson = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(join(miniapp, 'dist/app.json'), 'utf8')));
  subRoots = (appJson.subPackages ?? appJson.subpackages ?? []).map((p) => p.root.replace(/\/?$/, '/'));
} catch {
  /* no app.json: nothing to split */
}
const mainPackage = weapp.filter((f) => !subRoots.some((root) => f.path.startsWith(root))).reduce((s, f) => s + f.size, 0);
// The brotli and gzip copies the build writes beside the H5 files (scripts/precompress.mjs) are not part of the total.
const h5All = files(join(miniapp, 'dist-h5'));
const h5 = h5All.filter((f) => !/\.(br|gz)$/.test(f.path));
const h5Total = h5.reduce((s, f) => s + f.size, 0);
// What a browser downloads: the brotli copy where there is one.
const h5Brotli = h5.reduce((s, f) => s + (h5All.find((c) => c.path === `${f.path}.br`)?.size ?? f.size), 0);
const largest = [...weapp].sort((a, b) => b.size - a.size).slice(0, 5);

console.log(`weapp total:        ${kb(weappTotal)} (target < 500 KB)`);
console.log(`weapp main package: ${kb(mainPackage)} (target < 400 KB; WeChat limit 2048 KB)`);
for (const root of subRoots) {
  const size = weapp.filter((f) => f.path.startsWith(root)).reduce((s, f) => s + f.size, 0);
  console.log(`weapp subpackage ${root}: ${kb(size)}`);
}
console.log(`h5 total:           ${kb(h5Total)} (as sent to a browser that accepts brotli: ${kb(h5Brotli)})`);
// What a browser opening a window's QR code downloads before the rating page shows: the files index.html names.
// The subpackages' chunks (staff, citizen) must not be among them.
const html = readFileSync(join(miniapp, 'dist-h5/index.html'), 'utf8');
const firstLoad = [...html.matchAll(/(?:src|href)="\/((?:js|css)\/[^"]+)"/g)].map((m) => m[1]);
const firstRaw = firstLoad.reduce((s, f) => s + statSync(join(miniapp, 'dist-h5', f)).size, 0);
const firstGz = firstLoad.reduce((s, f) => s + gzipSync(readFileSync(join(miniapp, 'dist-h5', f))).length, 0);
console.log(`h5 first load:      ${kb(firstRaw)} (${kb(firstGz)} gzipped): ${firstLoad.join(', ')}`);
for (const chunk of h5.filter((f) => /^js\/(staff|citizen)\./.test(f.path))) console.log(`h5 chunk on demand: ${kb(chunk.size)}  ${chunk.path}`);
const leaked = firstLoad.filter((f) => /^(js|css)\/(staff|citizen)\./.test(f));
console.log('largest weapp files:');
for (const f of largest) console.log(`  ${kb(f.size).padStart(9)}  ${f.path}`);
if (leaked.length > 0) {
  console.error(`the rating page would load subpackage code: ${leaked.join(', ')}`);
  process.exit(1);
}

// The console: the files the build writes (not their brotli and gzip copies), and the ones index.html names.
const consoleDir = join(ROOT, 'apps/console/dist');
const consoleAll = files(consoleDir);
const consoleFiles = consoleAll.filter((f) => !/\.(br|gz)$/.test(f.path));
const consoleTotal = consoleFiles.reduce((s, f) => s + f.size, 0);
const consoleBrotli = consoleFiles.reduce((s, f) => s + (consoleAll.find((c) => c.path === `${f.path}.br`)?.size ?? f.size), 0);
const consoleHtml = readFileSync(join(consoleDir, 'index.html'), 'utf8');
const consoleFirst = [...consoleHtml.matchAll(/(?:src|href)="\/console\/(static\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const consoleFirstRaw = consoleFirst.reduce((s, f) => s + statSync(join(consoleDir, f)).size, 0);
const consoleFirstGz = consoleFirst.reduce((s, f) => s + gzipSync(readFileSync(join(consoleDir, f))).length, 0);
console.log(`console total:      ${kb(consoleTotal)} (as sent to a browser that accepts brotli: ${kb(consoleBrotli)})`);
console.log(`console first load: ${kb(consoleFirstRaw)} (${kb(consoleFirstGz)} gzipped): ${consoleFirst.join(', ')}`);
for (const f of consoleFiles.filter((x) => /\.js$/.test(x.path)).sort((a, b) => b.size - a.size)) console.log(`  ${kb(f.size).padStart(9)}  ${f.path}`);
const chartsUpFront = consoleFirst.filter((f) => /echarts/.test(f));
if (chartsUpFront.length > 0) {
  console.error(`the console's first page would load the chart library: ${chartsUpFront.join(', ')}`);
  process.exit(1);
}
if (weappTotal >= 500 * 1024 || mainPackage >= 400 * 1024) {
  console.error('over target');
  process.exit(1);
}
