// A citizen's first visit to a window's rating page on a weak network: the built server (demo hall, embedded
// PostgreSQL or a database of its own on DATABASE_URL's server), headless Chromium at phone size with Chrome
// DevTools' "Fast 3G" network conditions and an empty cache, opening `/r/{scene}` of demo window 1. Times, from the
// start of the navigation, the moment all five levels are on the screen and can be tapped. Prints each run and the
// median, and where the time went (document, scripts and styles, API calls). "Tappable" means a tap there works: the
// first screen the server draws (a form whose levels post back, before any script) or the app's own levels.
// Usage: node bench/first-load.mjs [--runs 7] [--no-build] [--identity]
//   --no-build  use the builds as they are (otherwise builds what is stale, as `npm start` does)
//   --identity  ask for uncompressed answers (Accept-Encoding: identity), to compare with compressed ones
import { buildAll } from '../scripts/lib.mjs';
import { apiAt, demoScenes, openBrowser, startServer } from '../tests/browser/support.mjs';
import { FAST_3G, describeRequests, firstVisit, measure, option, watchElements } from './page-load.mjs';

const RUNS = option('runs', 7);
const IDENTITY = process.argv.includes('--identity');

/**
 * The five levels are tappable when each is a submit button of a form (the first screen the server draws, which works
 * before any script has arrived) or the app's own level (a radio); the app has taken over when its five levels are
 * there and the first screen is gone.
 */
const LEVELS = [
  { mark: 'levels', selector: 'form button.level-choice[type="submit"]', count: 5 },
  { mark: 'levels', selector: '[role="radio"][class*="level-choice--"]', count: 5 },
  { mark: 'app', selector: '[role="radio"][class*="level-choice--"]', count: 5, after: 'levels', absent: '#hcp-first-screen', covered: true },
];

if (!process.argv.includes('--no-build')) await buildAll();

const server = await startServer({ DEMO_SEED: 'true', LOG_LEVEL: 'error' });
const browser = await openBrowser();
try {
  const scene = (await demoScenes(apiAt(server.baseUrl))).get('1');
  await measure({
    runs: RUNS,
    title: `Fast 3G, cold cache${IDENTITY ? ', uncompressed (Accept-Encoding: identity)' : ''}`,
    main: 'levels',
    goalMs: 1500,
    labels: { levels: 'the five levels tappable', app: "the app's own page" },
    describeRun: describeRequests,
    visit: (throttled) =>
      firstVisit(browser, `${server.baseUrl}/r/${scene}`, {
        conditions: throttled ? FAST_3G : null,
        headers: IDENTITY ? { 'Accept-Encoding': 'identity' } : undefined,
        watch: [watchElements, LEVELS],
        marks: ['levels', 'app'],
      }),
  });
} finally {
  await browser.close();
  await server.stop();
}
