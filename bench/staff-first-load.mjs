// A case handler's first load of 我的工单 (/staff/cases/index in the H5 build) on a weak network: the built server
// (demo hall with 差评 cases at the handler's unit), headless Chromium at phone size with Chrome DevTools' "Fast 3G"
// conditions and an empty cache. The sign-in is not counted: before each visit the handler (陈静, A0009) signs in
// through the API and the session is written into the browser's storage where the app keeps it (localStorage
// `hcp.staff.session`, as Taro's setStorageSync writes it), before the page's own scripts run. Times, from the start
// of the navigation, the first frame in which every row of the list's first page is laid out and, where on the
// screen, a tap at it reaches it; also when the page itself (its bar) was first drawn.
// Usage: node bench/staff-first-load.mjs [--runs 7] [--cases 6] [--no-build]
//   --cases     差评 cases seeded at the handler's unit (windows 1 and 2, alternately) before measuring
//   --no-build  use the builds as they are (otherwise builds what is stale, as `npm start` does)
import { buildAll } from '../scripts/lib.mjs';
import { apiAt, demoScenes, openBrowser, startServer } from '../tests/browser/support.mjs';
import { FAST_3G, describeRequests, firstVisit, measure, option, rateDemoWindows, signInStaff, watchElements } from './page-load.mjs';

const RUNS = option('runs', 7);
const CASES = option('cases', 6);
const HANDLER = 'A0009';
// Where the app keeps the staff sign-in and where a signed-in member of staff lands (apps/miniapp/src/services/staff-session.ts).
const STAFF_SESSION_KEY = 'hcp.staff.session';
const STAFF_HOME_URL = '/staff/cases/index';

if (!process.argv.includes('--no-build')) await buildAll();

const server = await startServer({ DEMO_SEED: 'true', LOG_LEVEL: 'error' });
const browser = await openBrowser();
try {
  const api = apiAt(server.baseUrl);
  const scenes = await demoScenes(api);
  await rateDemoWindows(api, scenes, {
    1: Array.from({ length: Math.ceil(CASES / 2) }, (_, i) => (i % 2 ? 2 : 1)),
    2: Array.from({ length: Math.floor(CASES / 2) }, (_, i) => (i % 2 ? 1 : 2)),
  });
  // The rows the page should show: the first page of the handler's list, as the page asks for it.
  const { tokens } = await signInStaff(api, HANDLER);
  const listed = await api('/cases?page=1&pageSize=20', { token: tokens.accessToken });
  if (listed.status !== 200 || listed.body.items.length === 0) throw new Error(`the handler's list is empty: ${JSON.stringify(listed.body)}`);
  const rows = listed.body.items.length;
  console.log(`${HANDLER}'s 我的工单: ${rows} rows on the first page (${listed.body.total} cases)`);

  await measure({
    runs: RUNS,
    title: `Fast 3G, cold cache, signed in (session in storage)`,
    main: 'rows',
    labels: { page: 'the page drawn', rows: `all ${rows} rows tappable` },
    describeRun: describeRequests,
    visit: async (throttled) => {
      const { tokens: pair, staff } = await signInStaff(api, HANDLER);
      const session = { accessToken: pair.accessToken, refreshToken: pair.refreshToken, staff };
      return firstVisit(browser, `${server.baseUrl}${STAFF_HOME_URL}`, {
        conditions: throttled ? FAST_3G : null,
        storage: { local: { [STAFF_SESSION_KEY]: JSON.stringify({ data: session }) } },
        watch: [
          watchElements,
          [
            { mark: 'page', selector: '.staff-cases', covered: true },
            { mark: 'rows', selector: '.case-card', count: rows },
          ],
        ],
        marks: ['page', 'rows'],
      });
    },
  });
} finally {
  await browser.close();
  await server.stop();
}
