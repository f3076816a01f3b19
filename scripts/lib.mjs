// Helpers shared by the root commands (`npm start`, `npm test`). Plain Node, no dependencies: they run before
// anything is installed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PNPM_VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).packageManager.split('@')[1];

const color = process.stdout.isTTY && !process.env.NO_COLOR;
export const bold = (s) => (color ? `\x1b[1m${s}\x1b[0m` : s);
export const green = (s) => (color ? `\x1b[32m${s}\x1b[0m` : s);
export const red = (s) => (color ? `\x1b[31m${s}\x1b[0m` : s);
export const say = (s) => process.stdout.write(`${bold('▸')} ${s}\n`);

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const ok = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 24;
  if (!ok) {
    console.error(`Node ${process.versions.node} is too old: this project needs Node ^20.19, ^22.12 or >= 24.`);
    process.exit(1);
  }
}

let pnpmCommand;
/** pnpm at the pinned version: the one on PATH when it matches, else through npx (nothing installed globally). */
export function pnpm() {
  if (pnpmCommand) return pnpmCommand;
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  pnpmCommand = onPath.status === 0 && onPath.stdout.trim() === PNPM_VERSION ? ['pnpm'] : ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
  return pnpmCommand;
}

/** Runs a command with inherited output; resolves with its exit code. */
export function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', ...options, env: { ...process.env, ...options.env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      console.error(error.message);
      resolve(1);
    });
  });
}

export async function runPnpm(args, options) {
  const [cmd, ...pre] = pnpm();
  return run(cmd, [...pre, ...args], options);
}

export async function mustRunPnpm(args, options) {
  const code = await runPnpm(args, options);
  if (code !== 0) {
    console.error(red(`✗ pnpm ${args.join(' ')} failed (exit ${code})`));
    process.exit(code);
  }
}

/** HCP_VERBOSE=1 shows every install and build step's own output as it comes. */
const VERBOSE = Boolean(process.env.HCP_VERBOSE) && process.env.HCP_VERBOSE !== '0';

/** Runs a command with its output kept back; resolves with its exit code and everything it printed. */
function runQuietly(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString() }));
  });
}

/**
 * One install or build step, as one line: what it does and how long it took. Its own output (a webpack progress
 * bar drawn as hundreds of lines in a log file, size warnings, tips) is shown only when it fails, or with
 * HCP_VERBOSE=1. `summary` picks lines of that output worth keeping on the step's line.
 */
export async function pnpmStep(title, args, { summary } = {}) {
  if (VERBOSE) {
    say(`${title}…`);
    return mustRunPnpm(args);
  }
  process.stdout.write(`${bold('▸')} ${title}… `);
  const started = Date.now();
  const [cmd, ...pre] = pnpm();
  const { code, output } = await runQuietly(cmd, [...pre, ...args]);
  const seconds = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (code !== 0) {
    process.stdout.write(`${red('failed')} (${seconds}); its output:\n${output}${output.endsWith('\n') ? '' : '\n'}`);
    console.error(red(`✗ pnpm ${args.join(' ')} failed (exit ${code})`));
    process.exit(code);
  }
  const kept = summary ? output.split('\n').filter((line) => summary.test(line)) : [];
  process.stdout.write(`${seconds}${kept.map((line) => `; ${line.trim()}`).join('')}\n`);
}

/** Installs the workspace when node_modules is missing or older than the lockfile. */
export async function ensureInstalled() {
  const marker = join(ROOT, 'node_modules', '.pnpm', 'lock.yaml');
  const lock = join(ROOT, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  await pnpmStep(`Installing dependencies (pnpm ${PNPM_VERSION}; the first time, about 1,800 packages)`, ['install', '--frozen-lockfile']);
}

/** Newest modification time of the files under `paths` (skipping build output and dependencies). */
export function newestMtime(paths) {
  let newest = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const entry of readdirSync(p)) if (!['node_modules', 'dist', 'dist-h5', '.data'].includes(entry)) walk(join(p, entry));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) walk(p);
  return newest;
}

/** True when `output` is missing or older than any of `inputs`. */
export function isStale(output, inputs) {
  return !existsSync(output) || statSync(output).mtimeMs < newestMtime(inputs);
}

export function rel(p) {
  return relative(ROOT, p) || '.';
}

/** Builds what is out of date: contracts, WeChat sandbox, server, H5, console (`h5: false` leaves out both web builds). */
export async function buildAll({ force = false, h5 = true } = {}) {
  const contracts = join(ROOT, 'packages/contracts');
  if (force || isStale(join(contracts, 'dist/index.js'), [join(contracts, 'src'), join(contracts, 'tsconfig.json')])) {
    await pnpmStep('Building the contracts', ['--filter', '@hcp/contracts', 'build']);
  }
  const sandbox = join(ROOT, 'apps/wechat-sandbox');
  if (force || isStale(join(sandbox, 'dist/cli.js'), [join(sandbox, 'src'), join(sandbox, 'tsconfig.json')])) {
    await pnpmStep('Building the WeChat sandbox', ['--filter', '@hcp/wechat-sandbox', 'build']);
  }
  const server = join(ROOT, 'apps/server');
  if (force || isStale(join(server, 'dist/main.js'), [join(server, 'src'), join(contracts, 'dist')])) {
    await pnpmStep('Building the server', ['--filter', '@hcp/server', 'build']);
  }
  const miniapp = join(ROOT, 'apps/miniapp');
  if (!h5) return;
  if (force || isStale(join(miniapp, 'dist-h5/index.html'), [join(miniapp, 'src'), join(miniapp, 'config'), join(contracts, 'dist'), join(ROOT, 'scripts/precompress.mjs')])) {
    // The build's last line says how much the brotli and gzip copies the server sends weigh.
    await pnpmStep('Building the mini-program for the browser (H5)', ['--filter', '@hcp/miniapp', 'build:h5'], { summary: /^Precompressed / });
  }
  const consoleApp = join(ROOT, 'apps/console');
  if (force || isStale(join(consoleApp, 'dist/index.html'), [join(consoleApp, 'src'), join(consoleApp, 'index.html'), join(consoleApp, 'vite.config.ts'), join(contracts, 'dist'), join(ROOT, 'scripts/precompress.mjs')])) {
    await pnpmStep('Building the console (supervisors and administrators)', ['--filter', '@hcp/console', 'build'], { summary: /^Precompressed / });
  }
}
