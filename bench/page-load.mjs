// What the first-load benchmarks (first-load.mjs, staff-first-load.mjs, console-first-load.mjs) share: network
// conditions, one first visit in a fresh browser context with its marks and requests, a watcher of when elements are
// on the screen and can be tapped, and how runs are summed up and printed.
/* global document, window, requestAnimationFrame, innerHeight -- page callbacks run in the browser */
import { randomUUID } from 'node:crypto';

/** `--name <number>` on the command line, else `fallback`. */
export const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/**
 * Chrome DevTools' "Fast 3G" preset (named "Slow 4G" in recent DevTools, same figures): 1.6 Mbit/s down and
 * 750 kbit/s up, each at 90 %, and 562.5 ms added to every request's round trip.
 */
export const FAST_3G = {
  offline: false,
  downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9,
  uploadThroughput: ((750 * 1000) / 8) * 0.9,
  latency: 150 * 3.75,
};

/** An office's desktop connection: 10 Mbit/s down, 5 Mbit/s up, 40 ms added to every request's round trip. */
export const DESKTOP_LINE = {
  offline: false,
  downloadThroughput: (10 * 1000 * 1000) / 8,
  uploadThroughput: (5 * 1000 * 1000) / 8,
  latency: 40,
};

/** The smallest desktop screen the console is made for. */
export const DESKTOP_SCREEN = { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };

/**
 * One first visit in a fresh browser context (empty cache; storage empty but for `storage`, written before the page's
 * own scripts run, as the app itself keeps it). `watch` is the page-side watcher and its argument, which sets
 * `window.__marks[name]` to `performance.now()` (milliseconds since the navigation began); the visit lasts until every
 * one of `marks` is set. Returns the marks and each request's timing (the document first).
 */
export async function firstVisit(browser, url, { conditions, contextOptions = {}, headers, storage, watch, marks }) {
  const context = await browser.newContext(contextOptions);
  try {
    if (headers) await context.setExtraHTTPHeaders(headers);
    if (storage) await context.addInitScript(fillStorage, storage);
    await context.addInitScript(...watch);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    await cdp.send('Network.clearBrowserCache');
    if (conditions) await cdp.send('Network.emulateNetworkConditions', conditions);
    await page.goto(url, { waitUntil: 'commit' });
    const at = {};
    for (const name of marks) {
      at[name] = await page
        .waitForFunction((mark) => window.__marks?.[mark], name, { timeout: 60_000, polling: 100 })
        .then((handle) => handle.jsonValue())
        .catch(async (error) => {
          const seen = await page.evaluate(() => document.body?.innerText.slice(0, 300)).catch(() => '');
          throw new Error(`"${name}" was not reached within 60 s (${error.message}); the page showed: ${seen}`);
        });
    }
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
    return { at, requests };
  } finally {
    await context.close();
  }
}

/** Runs in the page before its own scripts: `{local, session}` maps of keys to strings, written once per tab. */
function fillStorage({ local = {}, session = {} }) {
  if (window.top !== window || window.sessionStorage.getItem('__benchFilled')) return;
  for (const [key, value] of Object.entries(local)) window.localStorage.setItem(key, value);
  for (const [key, value] of Object.entries(session)) window.sessionStorage.setItem(key, value);
  window.sessionStorage.setItem('__benchFilled', '1');
}

/**
 * A page-side watcher: for each `{mark, selector, count, after, absent, covered}` in `specs`, in order, records the
 * first frame in which at least `count` elements match `selector` (all of them: laid out, enabled, and, where on the
 * screen, what a tap at them hits, unless `covered` is allowed), no element matches `absent`, and the mark `after`
 * (if any) is set. Use as `watch: [watchElements, specs]`.
 */
export function watchElements(specs) {
  const marks = (window.__marks = {});
  const tappable = (el, covered) => {
    if (el.disabled || el.getAttribute('aria-disabled') === 'true') return false;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    // An element below the fold is reachable by scrolling; one on the screen must not be covered (a bar, a dialog).
    if (covered || r.top >= innerHeight) return true;
    const x = r.left + r.width / 2;
    return [r.top + r.height / 2, r.top + 4].some((y) => {
      const hit = document.elementFromPoint(x, Math.min(y, innerHeight - 1));
      return hit !== null && el.contains(hit);
    });
  };
  const check = () => {
    for (const { mark, selector, count = 1, after, absent, covered = false } of specs) {
      if (marks[mark] || (after && !marks[after])) continue;
      if (absent && document.querySelector(absent)) continue;
      const found = [...document.querySelectorAll(selector)];
      if (found.length >= count && found.every((el) => tappable(el, covered))) marks[mark] = performance.now();
    }
    if (specs.some(({ mark }) => !marks[mark])) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/**
 * An uncounted, unthrottled visit (the server has been up a while), then `runs` throttled ones; prints each, the
 * median of `main` (and of the other marks) against `goalMs`, and where the median run's time went.
 */
export async function measure({ runs, title, main, goalMs, visit, describeRun, labels }) {
  await visit(null);
  const all = [];
  for (let i = 0; i < runs; i += 1) {
    const run = await visit(true);
    all.push(run);
    console.log(`run ${i + 1}: ${Object.entries(run.at).map(([name, t]) => `${labels[name]} at ${ms(t)}`).join(', ')}; ${describeRun(run)}`);
  }
  const spread = (name) => {
    const sorted = all.map((r) => r.at[name]).sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted.at(-1) };
  };
  const first = spread(main);
  const others = Object.keys(all[0].at)
    .filter((name) => name !== main)
    .map((name) => {
      const s = spread(name);
      return ` ${labels[name][0].toUpperCase()}${labels[name].slice(1)} after ${ms(s.median)} (median; ${ms(s.min)}–${ms(s.max)}).`;
    });
  const goal = goalMs === undefined ? '' : `; goal ${ms(goalMs)}: ${first.median <= goalMs ? 'met' : `missed by ${ms(first.median - goalMs)}`}`;
  console.log(`\n${title}: ${labels[main]} after ${ms(first.median)} (median of ${runs}; ${ms(first.min)}–${ms(first.max)})${goal}.${others.join('')}`);
  const typical = all.find((r) => r.at[main] === first.median);
  console.log('Where the time went in the median run (start → end from the start of the navigation, bytes on the wire):');
  for (const r of typical.requests) {
    console.log(`  ${String(Math.round(r.start)).padStart(5)} → ${String(Math.round(r.end)).padStart(5)} ms  ${kb(r.transferred).padStart(9)}  ${r.name}`);
  }
  return all;
}

/**
 * Ratings from citizens' phones (a device each) at the demo windows: `levels` maps a window's number to the levels
 * given there. Sent as the offline queue sends them, `minutesApart` apart before now and taking the windows in turn,
 * so the fraud signals see separate visits. A 差评 leaves a phone number, so it opens a case for the window's unit.
 */
export async function rateDemoWindows(api, scenes, levels, { minutesApart = 120 } = {}) {
  const longest = Math.max(...Object.values(levels).map((list) => list.length));
  const plan = Array.from({ length: longest }, (_, round) =>
    Object.entries(levels).flatMap(([number, list]) => (round < list.length ? [{ number, level: list[round] }] : [])),
  ).flat();
  for (const [i, { number, level }] of plan.entries()) {
    const device = await api('/auth/device', { method: 'POST', body: { deviceId: `bench-device-${randomUUID()}` } });
    if (device.status !== 200) throw new Error(`device sign-in: ${JSON.stringify(device.body)}`);
    const bad = level <= 2;
    const rated = await api('/ratings', {
      method: 'POST',
      token: device.body.accessToken,
      body: {
        clientId: randomUUID(),
        scene: scenes.get(number),
        level,
        tagCodes: bad ? (level === 1 ? [113] : [213]) : level === 5 ? [517] : [],
        queued: true,
        ratedAt: new Date(Date.now() - (plan.length - i) * minutesApart * 60_000).toISOString(),
        ...(bad ? { contactPhone: `139${String(10_000_000 + i).slice(-8)}`, comment: '材料要求前后不一致' } : {}),
      },
    });
    if (rated.status !== 201 && rated.status !== 200) throw new Error(`rating at window ${number}: ${JSON.stringify(rated.body)}`);
  }
}

/** Signs a member of staff in through the API (demo password): the token pair and who it is (`GET /me`). */
export async function signInStaff(api, staffNumber) {
  const login = await api('/auth/login', { method: 'POST', body: { staffNumber, password: 'Demo2026' } });
  if (login.status !== 200) throw new Error(`${staffNumber} sign-in: ${JSON.stringify(login.body)}`);
  const me = await api('/me', { token: login.body.accessToken });
  if (me.status !== 200 || me.body.kind !== 'staff') throw new Error(`${staffNumber} /me: ${JSON.stringify(me.body)}`);
  return { tokens: login.body, staff: me.body.staff };
}

/** A run's document, scripts and styles, API answers and bytes, in one line. */
export function describeRequests(run) {
  const bytes = run.requests.reduce((sum, r) => sum + r.transferred, 0);
  const scripts = run.requests.filter((r) => /\.(js|css)$/.test(r.name));
  const api = run.requests.filter((r) => r.name.startsWith('/api/'));
  return (
    `document ${ms(run.requests[0].end)}, scripts and styles ${scripts.length ? ms(Math.max(...scripts.map((r) => r.end))) : '–'}, ` +
    `last API answer ${api.length ? ms(Math.max(...api.map((r) => r.end))) : '–'}; ${kb(bytes)} in ${run.requests.length} requests`
  );
}

export function ms(value) {
  return `${Math.round(value).toLocaleString('en')} ms`;
}

export function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
