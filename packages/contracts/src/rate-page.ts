import type { ScanResult } from './catalog.js';
import type { RatingLevel } from './levels.js';

/**
 * Where a window's QR code leads: the rating page, by its path in the mini-program and its short path in a
 * browser. The server prints these (posters, mini-program codes, the demo's links) and the mini-program parses them
 * (launch parameters, the home page's scanner), so both take them from here.
 */

/** The rating page as WeChat names pages (app.json, getwxacodeunlimit's `page`): no leading slash. */
export const RATE_PAGE = 'pages/rate/index';

/** The rating page's short path in a browser: a window's plain QR code carries `{public base URL}/r/{scene}`. */
export const RATE_H5_PATH = '/r';

/** The URL a window's plain QR code carries: the H5 page in a browser; WeChat's "扫普通链接二维码" opens the mini-program. */
export function rateUrl(publicBaseUrl: string, scene: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${RATE_H5_PATH}/${encodeURIComponent(scene)}`;
}

/** The mini-program's own path to the rating page for a scene (navigateTo, a scanned mini-program code's `path`). */
export function ratePagePath(scene: string): string {
  return `/${RATE_PAGE}?scene=${encodeURIComponent(scene)}`;
}

const SCENE_SEGMENT = new RegExp(`${RATE_H5_PATH}/([^/?#\\s]+)`);

/** The `{scene}` of a rating URL (`…/r/{scene}`), still URL-encoded as it stood in the URL; null when there is none. */
export function sceneSegment(url: string): string | null {
  return SCENE_SEGMENT.exec(url)?.[1] ?? null;
}

/** Whether a path without its query names the rating page, by either of its paths (`pages/rate/index`, `/r`). */
export function isRatePagePath(path: string): boolean {
  return [RATE_PAGE, RATE_H5_PATH.slice(1)].some((page) => path === page || path.endsWith(`/${page}`));
}

/**
 * The first screen of `/r/{scene}` as the server sends it (the window's card and the five levels, as HTML that works
 * before any script arrives) and what the H5 app reads from it once it has loaded.
 */

/** What the first screen says when 提交评价 is tapped before a level. */
export const LEVEL_MISSING_MESSAGE = '请先选择您的满意程度';

/** The id of the JSON data block the server writes into a page (`<script type="application/json">`, which runs nothing). */
export const PAGE_DATA_ID = 'hcp-page-data';

/** The id of the server-rendered first screen; the app removes it when its own page is on the screen. */
export const FIRST_SCREEN_ID = 'hcp-first-screen';

/**
 * The form fields the server-rendered first screen posts back to `/r/{scene}` before the scripts have arrived: a
 * level tapped (`1`–`5`), the level chosen before (kept when 大字模式 is switched), or 大字模式 switched
 * (`on`/`off`). A POST, never a query: a printed or shared link such as
 * `/r/{scene}?level=5` must not arrive with a level chosen (rating is voluntary and never pre-filled).
 */
export const FIRST_SCREEN_FIELDS = { level: 'level', chosen: 'chosen', largeText: 'large' } as const;

/**
 * 大字模式 in a browser is also kept in this cookie (`1` or `0`, path `/`), so the server can send the first screen
 * already in the citizen's text size.
 */
export const LARGE_TEXT_COOKIE = 'hcp-large-text';

/** The data block of a window's rating page. */
export interface RatePageData {
  /** The scan's answer for the page's scene, when the server had it in time. */
  scan?: ScanResult;
  /** A level the citizen tapped on the first screen before the scripts arrived; the app carries on from it. */
  level?: RatingLevel;
}

/** How the window appears to the citizen: `3号窗口 企业开办`. */
export function windowTitle(window: { number: string; name: string }): string {
  return `${window.number}号窗口 ${window.name}`;
}
