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
