/**
 * Finding a window's QR scene in whatever opened the rating page. A window's code reaches us as:
 * - the H5 path `/r/{scene}` (a plain URL QR code opened by a phone camera or a browser);
 * - WeChat's launch query `q`: that same URL, URL-encoded (扫普通链接二维码打开小程序);
 * - WeChat's launch query `scene`, URL-encoded (a mini-program code from getwxacodeunlimit);
 * - the home page's scanner: the URL, or the mini-program path `pages/rate/index?scene=…`.
 */

/** What WeChat allows in a mini-program code's scene: at most 32 of [0-9A-Za-z!#$&'()*+,/:;=?@-._~]. */
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

const URL_SCENE = /\/r\/([^/?#\s]+)/;
const QUERY_SCENE = /[?&]scene=([^&#\s]*)/;
const RATE_PAGE = /(^|\/)(pages\/rate\/index|r)(\?|$)/;

/** The scene from the rate page's launch parameters, or null. */
export function sceneFromLaunch(params: Readonly<Record<string, string | undefined>>): string | null {
  if (params.scene) return validScene(decodeFully(params.scene));
  if (params.q) return sceneFromText(decodeFully(params.q));
  return null;
}

/** The scene carried by a scanned code (a URL or a mini-program path), or null when it is not a window's code. */
export function sceneFromText(text: string): string | null {
  const trimmed = text.trim();
  const inPath = URL_SCENE.exec(trimmed);
  if (inPath) return validScene(decodeFully(inPath[1]));
  const pathOnly = trimmed.split(/[?#]/)[0];
  const inQuery = QUERY_SCENE.exec(trimmed);
  if (inQuery && RATE_PAGE.test(`${pathOnly}?`)) return validScene(decodeFully(inQuery[1]));
  return null;
}

/** The rate page's own path for a scene (H5 serves it at `/r/{scene}` too). */
export function ratePageUrl(scene: string): string {
  return `/pages/rate/index?scene=${encodeURIComponent(scene)}`;
}

function validScene(scene: string): string | null {
  return SCENE.test(scene) ? scene : null;
}

/** WeChat hands `q` and `scene` over encoded, sometimes twice; a stray `%` must not throw. */
function decodeFully(value: string): string {
  let current = value;
  for (let i = 0; i < 3 && /%[0-9A-Fa-f]{2}/.test(current); i += 1) {
    try {
      current = decodeURIComponent(current);
    } catch {
      break;
    }
  }
  return current;
}
