// Starts the built server (with the H5 build) on a free port and a fresh database, and opens headless Chromium.
/* global document, window -- page.evaluate callbacks run in the browser */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'artifacts', 'screenshots');

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A database of its own for one server: a new one on DATABASE_URL's server when that is set, else a temporary folder
 * for the embedded PostgreSQL. `env` points the server at it; `url()` is its address once the server has started it
 * (for a test that reaches into it); `drop` removes it.
 */
export async function freshDatabase() {
  if (!process.env.DATABASE_URL) {
    const dir = mkdtempSync(join(tmpdir(), 'hcp-browser-pg-'));
    // The embedded server's address, as the server itself finds it again (apps/server/src/database/embedded.ts).
    const url = () => {
      const { user, password } = JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8'));
      const port = Number(readFileSync(join(dir, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[3]);
      return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/hcp`;
    };
    return { env: { EMBEDDED_PG_DIR: dir, DATABASE_URL: '' }, url, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `hcp_b_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    url: () => url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * The server as `npm start` runs it. With DATABASE_URL set, it gets a database of its own on that server
 * (dropped at the end); otherwise its embedded PostgreSQL in a temporary folder. A caller that passes its own
 * DATABASE_URL or EMBEDDED_PG_DIR in `env` keeps that database.
 */
export async function startServer(env = {}, { nodeArgs = [] } = {}) {
  const port = await freePort();
  const cleanups = [];
  const serverEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', ...env };
  const databaseGiven = 'DATABASE_URL' in env || 'EMBEDDED_PG_DIR' in env;
  if (!databaseGiven) {
    const database = await freshDatabase();
    Object.assign(serverEnv, database.env);
    cleanups.push(database.drop);
  }

  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'apps/server/dist/main.js')], { env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/health/ready`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become ready in 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    baseUrl,
    pid: child.pid,
    output: () => output,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      for (const cleanup of cleanups.reverse()) await cleanup();
    },
  };
}

export async function openBrowser() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'hcp-chromium-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // A mid-range phone: older users' phones are the baseline. The pages run under the server's own
  // Content-Security-Policy, as on a phone (axeCheck brings its checker in through the DevTools protocol, which the
  // policy does not govern).
  const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
  const context = await browser.newContext(phone);
  return {
    context,
    /** Another phone: its own storage, so its own citizen; `options` may change its screen (`viewport`). */
    newContext: (options = {}) => browser.newContext({ ...phone, ...options }),
    async close() {
      await browser.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One file's tests against one server and one browser, set up before its first test and closed after its last: the
 * server on a fresh database with the demo hall (`demo: false` for an empty one), headless Chromium, the API client
 * and the demo hall's windows (number → QR scene). With `database: true` the test may also reach the database itself
 * through `suite.db` (a connected pg client). `prepare(suite)` runs last in the set-up. The fields are filled in
 * `before`, so read them inside tests and helpers, not at the top of the file.
 */
export function demoSuite({ demo = true, database = false, prepare } = {}) {
  const suite = {
    server: undefined,
    browser: undefined,
    scenes: undefined,
    db: undefined,
    /** The API of this suite's server (see `apiAt`). */
    api: (path, options) => apiAt(suite.server.baseUrl)(path, options),
    /**
     * A phone of its own (its own storage, so its own citizen), with its page's script errors collected. `options` may
     * change its screen (`viewport` and the like) and give `init`, a script that runs in each page before the page's own.
     */
    async phone({ init, ...options } = {}) {
      const context = await suite.browser.newContext(options);
      if (init) await context.addInitScript(init);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      return { context, page, errors };
    },
  };
  let ownDatabase;
  before(async () => {
    const env = demo ? { DEMO_SEED: 'true' } : {};
    if (database) {
      ownDatabase = await freshDatabase();
      Object.assign(env, ownDatabase.env);
    }
    suite.server = await startServer(env);
    suite.browser = await openBrowser();
    if (demo) suite.scenes = await demoScenes(suite.api);
    if (database) {
      suite.db = new pg.Client({ connectionString: ownDatabase.url() });
      await suite.db.connect();
    }
    await prepare?.(suite);
  });
  after(async () => {
    await suite.db?.end();
    await suite.browser?.close();
    await suite.server?.stop();
    await ownDatabase?.drop();
  });
  return suite;
}

/** The visible one: Taro keeps the pages below the current one in the document, hidden. */
export const shown = (page, selector) => page.locator(`${selector}:visible`);

export function screenshotPath(name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}

/** A small client for the server's API, for what a test sets up or checks behind the pages. */
export function apiAt(baseUrl) {
  return async function api(path, { token, method = 'GET', body } = {}) {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
}

/**
 * A screenshot of the whole page. Taro's H5 pages scroll inside `.taro_page`, not the document, so `fullPage` alone
 * would stop at the viewport: grow the viewport to the page for the picture.
 */
export async function screenshotWhole(page, name) {
  // Taro slides a newly opened page in from the right: wait until it has arrived.
  await page.waitForFunction(() => {
    const shown = Array.from(document.querySelectorAll('.taro_page')).filter((p) => p.offsetParent !== null);
    return shown.length === 1 && shown[0].getBoundingClientRect().left === 0 && shown[0].getAnimations().length === 0;
  });
  const viewport = page.viewportSize();
  const height = await page.evaluate(() =>
    Math.max(0, ...Array.from(document.querySelectorAll('.taro_page'), (p) => (p.offsetParent === null ? 0 : p.scrollHeight))),
  );
  await page.setViewportSize({ width: viewport.width, height: Math.max(height, viewport.height) });
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
  await page.setViewportSize(viewport);
}

/** The demo hall's windows, number → QR scene (read as the system administrator). */
export async function demoScenes(api) {
  const login = await api('/auth/login', { method: 'POST', body: { staffNumber: 'admin', password: 'Demo2026' } });
  if (login.status !== 200) throw new Error(`admin sign-in failed: ${JSON.stringify(login.body)}`);
  const windows = await api('/windows?pageSize=50', { token: login.body.accessToken });
  if (windows.status !== 200) throw new Error(`windows: ${JSON.stringify(windows.body)}`);
  return new Map(windows.body.items.map((w) => [w.number, w.scene]));
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2.0 and 2.1, levels A and AA) on the page as it is now and fails with what it found. `state`
 * names the page's state in the failure. The checker is evaluated through the DevTools protocol (Runtime.evaluate),
 * not added as a script element, so the page keeps its real `script-src 'self'` policy while it is checked.
 */
/**
 * Waits until nothing on the page is moving (endless animations such as spinners aside): a dialog zooming in is
 * half transparent and not yet where its buttons will be, and a busy machine may catch it there.
 */
export async function atRest(page) {
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity), null, { timeout: 10_000 })
    .catch(() => undefined);
}

export async function axeCheck(page, state) {
  // Colours are judged at rest, not halfway through a fade.
  await atRest(page);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef -- injected above
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  if (found.length > 0) throw new Error(`axe found ${found.length} problem(s) on ${state}:\n  ${found.join('\n  ')}`);
}
