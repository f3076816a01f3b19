// A citizen's first visit to a window's rating page on a weak network: the built server (demo hall, embedded
// PostgreSQL or a database of its own on DATABASE_URL's server), headless Chromium at phone size with Chrome
// DevTools' "Fast 3G" network conditions and an empty cache, opening `/r/{scene}` of demo window 1. Times, from the
// start of the navigation, the moment all five levels are on the screen and can be tapped. Prints each run and the
// median, and where the time went (document, scripts and styles, API calls). "Tappable" means a tap there works: the
// first screen the server draws (a form whose levels post back, before any script) or the app's own levels.
// Usage: node bench/first-load.mjs [--runs 7] [--no-build] [--identity]
//   --no-build  use the builds as they are (otherwise builds what is stale, as `npm start` does)
//   --identity  ask for uncompressed answers (Accept-Encoding: identity), to compare with compressed ones
/* global document, window, requestAnimationFrame, innerHeight -- page callbacks run in the browser */
import { buildAll } from '../scripts/lib.mjs';
import { apiAt, demoScenes, openBrowser, startServer } from '../tests/browser/support.mjs';

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = option('runs', 7);
const IDENTITY = process.argv.includes('--identity');
const GOAL_MS = 1500;

/**
 * Chrome DevTools' "Fast 3G" preset (named "Slow 4G" in recent DevTools, same figures): 1.6 Mbit/s down and
 * 750 kbit/s up, each at 90 %, and 562.5 ms added to every request's round trip.
 */
const FAST_3G = {
  offline: false,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
  latency: 150 * 3.75,
};

if (!process.argv.includes('--no-build')) await buildAll();

const server = await startServer({ DEMO_SEED: 'true', LOG_LEVEL: 'error' });
const browser = await openBrowser();
try {
  const scene = (await demoScenes(apiAt(server.baseUrl))).get('1');
  const url = `${server.baseUrl}/r/${scene}`;
  // One unthrottled, uncounted visit first: a citizen meets a server that has been up for a while.
  await firstLoad(url, null);

  const runs = [];
  for (let i = 0; i < RUNS; i += 1) {
    const run = await firstLoad(url, FAST_3G);
    runs.push(run);
    console.log(`run ${i + 1}: ${describe(run)}`);
  }
  const sorted = runs.map((r) => r.tappableAt).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const typical = runs.find((r) => r.tappableAt === median);
  const apps = runs.map((r) => r.appAt).sort((a, b) => a - b);
  console.log(
    `\nFast 3G, cold cache${IDENTITY ? ', uncompressed (Accept-Encoding: identity)' : ''}: the five levels tappable after ` +
      `${ms(median)} (median of ${RUNS}; ${ms(sorted[0])}–${ms(sorted.at(-1))}); goal ${ms(GOAL_MS)}: ` +
      `${median <= GOAL_MS ? 'met' : `missed by ${ms(median - GOAL_MS)}`}. The app took over after ` +
      `${ms(apps[Math.floor(apps.length / 2)])} (median; ${ms(apps[0])}–${ms(apps.at(-1))}).`,
  );
  console.log('Where the time went in the median run (start → end from the start of the navigation, bytes on the wire):');
  for (const r of typical.requests) {
    console.log(`  ${String(Math.round(r.start)).padStart(5)} → ${String(Math.round(r.end)).padStart(5)} ms  ${kb(r.transferred).padStart(9)}  ${r.name}`);
  }
} finally {
  await browser.close();
  await server.stop();
}

/** One first visit in a fresh browser context (empty cache, empty storage: a new phone). */
async function firstLoad(url, conditions) {
  const context = await browser.newContext();
  try {
    if (IDENTITY) await context.setExtraHTTPHeaders({ 'Accept-Encoding': 'identity' });
    await context.addInitScript(watchLevels);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    await cdp.send('Network.clearBrowserCache');
    if (conditions) await cdp.send('Network.emulateNetworkConditions', conditions);
    await page.goto(url, { waitUntil: 'commit' });
    const tappableAt = await page
      .waitForFunction(() => window.__levelsTappableAt, undefined, { timeout: 60_000, polling: 100 })
      .then((handle) => handle.jsonValue())
      .catch(async (error) => {
        const seen = await page.evaluate(() => document.body?.innerText.slice(0, 300)).catch(() => '');
        throw new Error(`the five levels did not become tappable within 60 s (${error.message}); the page showed: ${seen}`);
      });
    const appAt = await page
      .waitForFunction(() => window.__appAt, undefined, { timeout: 60_000, polling: 100 })
      .then((handle) => handle.jsonValue());
    const requests = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const entries = [nav, ...performance.getEntriesByType('resource')];
      return entries.map((e) => ({
        name: new URL(e.name).pathname,
        start: e.startTime,
        end: e.responseEnd,
        transferred: e.transferSize,
        decoded: e.decodedBodySize,
      }));
    });
    return { tappableAt, appAt, requests };
  } finally {
    await context.close();
  }
}

/**
 * Runs in the page before its own scripts: records `performance.now()` (milliseconds since the navigation began) at
 * the first frame in which the five level choices are laid out and, where on screen, are what a tap at them hits, and
 * a tap there works: a submit button of a form (the first screen the server draws, which works before any script
 * has arrived) or the app's own level (a radio). Then the frame in which the app's page has taken over.
 */
function watchLevels() {
  const works = (el) => (el.matches('button[type="submit"]') && el.form !== null) || el.getAttribute('role') === 'radio';
  const hits = (el) => {
    if (!works(el)) return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const x = r.left + r.width / 2;
    // A level below the fold is reachable by scrolling; one on the screen must not be covered (a bar, a dialog).
    if (r.top >= innerHeight) return true;
    return [r.top + r.height / 2, r.top + 4].some((y) => {
      const hit = document.elementFromPoint(x, Math.min(y, innerHeight - 1));
      return hit !== null && el.contains(hit);
    });
  };
  const appLevels = () => document.querySelectorAll('[role="radio"][class*="level-choice--"]').length === 5;
  const check = () => {
    const levels = [1, 2, 3, 4, 5].map((n) => document.querySelector(`.level-choice--${n}`));
    if (!window.__levelsTappableAt && levels.every((el) => el !== null && hits(el))) window.__levelsTappableAt = performance.now();
    if (window.__levelsTappableAt && appLevels() && !document.getElementById('hcp-first-screen')) window.__appAt = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

function describe(run) {
  const bytes = run.requests.reduce((sum, r) => sum + r.transferred, 0);
  const scripts = run.requests.filter((r) => /\.(js|css)$/.test(r.name));
  const api = run.requests.filter((r) => r.name.startsWith('/api/'));
  return (
    `levels tappable at ${ms(run.tappableAt)}, the app's own at ${ms(run.appAt)}; document ${ms(run.requests[0].end)}, scripts and styles ` +
    `${ms(Math.max(...scripts.map((r) => r.end)))}, last API answer ${api.length ? ms(Math.max(...api.map((r) => r.end))) : '–'}; ` +
    `${kb(bytes)} in ${run.requests.length} requests`
  );
}

function ms(value) {
  return `${Math.round(value).toLocaleString('en')} ms`;
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
