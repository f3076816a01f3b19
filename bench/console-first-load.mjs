// The console's first load on an office's desktop connection: the built server (demo hall, with ratings over the last
// hours at every window), headless Chromium at 1366×768 with an empty cache and 10 Mbit/s down, 5 Mbit/s up and 40 ms
// added to every round trip (CDP Network.emulateNetworkConditions). Two measures, each from the start of the
// navigation to `/console/`:
//   sign-in   signed out: the first frame in which the 工号 and 密码 fields and the 登录 button are laid out, enabled,
//             and what a click at them reaches;
//   dashboard a supervisor (李监督, S0001, the demo city's scope) signed in: the first frame in which the twelve
//             headline figures are shown; also when the trend chart (ECharts, fetched on demand) is drawn.
// The sign-in is not counted: the supervisor signs in through the API before each visit and the token pair is written
// into sessionStorage where the console keeps it (`hcp-console-session`), before the page's own scripts run.
// Usage: node bench/console-first-load.mjs [--runs 7] [--no-build]
import { buildAll } from '../scripts/lib.mjs';
import { apiAt, demoScenes, openBrowser, startServer } from '../tests/browser/support.mjs';
import { DESKTOP_LINE, DESKTOP_SCREEN, describeRequests, firstVisit, measure, option, rateDemoWindows, signInStaff, watchElements } from './page-load.mjs';

const RUNS = option('runs', 7);
// Where the console keeps its token pair (apps/console/src/api/client.ts).
const SESSION_KEY = 'hcp-console-session';
const FIGURES = 12;

if (!process.argv.includes('--no-build')) await buildAll();

const server = await startServer({ DEMO_SEED: 'true', LOG_LEVEL: 'error' });
const browser = await openBrowser();
try {
  const api = apiAt(server.baseUrl);
  // Ten minutes apart, so that all of them fall within the dashboard's first period (this month, China time).
  await rateDemoWindows(
    api,
    await demoScenes(api),
    { 1: [5, 5, 4, 5, 3, 2, 1, 5, 4, 5], 2: [5, 4, 5, 5, 4, 5, 3, 5], 3: [5, 5, 4, 2, 5, 4], 4: [4, 5, 5, 5], 5: [5, 1, 4, 5], 6: [5, 5, 4] },
    { minutesApart: 10 },
  );
  // The figures come from roll-ups the server refreshes once a minute: wait for a pass after the ratings.
  const seeded = Date.now();
  const { tokens: supervisor } = await signInStaff(api, 'S0001');
  let overview;
  for (const give = seeded + 120_000; ; await new Promise((r) => setTimeout(r, 2_000))) {
    overview = await api('/stats/overview?period=month', { token: supervisor.accessToken });
    if (overview.status !== 200) throw new Error(`the supervisor's overview: ${JSON.stringify(overview.body)}`);
    if (overview.body.asOf && Date.parse(overview.body.asOf) >= seeded) break;
    if (Date.now() > give) throw new Error('the statistics were not rolled up within two minutes of the ratings');
  }
  console.log(`S0001's dashboard: ${overview.body.current.counts.ratings} ratings this month, figures as of ${overview.body.asOf}`);
  const url = `${server.baseUrl}/console/`;
  const visit = (throttled, options) =>
    firstVisit(browser, url, { conditions: throttled ? DESKTOP_LINE : null, contextOptions: DESKTOP_SCREEN, ...options });

  console.log('The sign-in page, signed out:');
  await measure({
    runs: RUNS,
    title: 'Desktop line (10 Mbit/s, 40 ms), cold cache, signed out',
    main: 'form',
    labels: { form: 'the sign-in form usable' },
    describeRun: describeRequests,
    visit: (throttled) =>
      visit(throttled, {
        watch: [watchElements, [{ mark: 'form', selector: '#staffNumber, #password, button[type="submit"]', count: 3 }]],
        marks: ['form'],
      }),
  });

  console.log('\nThe dashboard, a supervisor signed in:');
  await measure({
    runs: RUNS,
    title: 'Desktop line (10 Mbit/s, 40 ms), cold cache, signed in (session in storage)',
    main: 'figures',
    labels: { figures: `the ${FIGURES} headline figures shown`, chart: 'the trend chart drawn' },
    describeRun: describeRequests,
    visit: async (throttled) => {
      const { tokens } = await signInStaff(api, 'S0001');
      return visit(throttled, {
        storage: { session: { [SESSION_KEY]: JSON.stringify(tokens) } },
        watch: [
          watchElements,
          [
            { mark: 'figures', selector: '.figure-grid .figure-card .ant-statistic-content-value', count: FIGURES },
            { mark: 'chart', selector: '.trend-chart canvas', covered: true },
          ],
        ],
        marks: ['figures', 'chart'],
      });
    },
  });
} finally {
  await browser.close();
  await server.stop();
}
