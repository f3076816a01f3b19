/**
 * Finding a window's QR scene in whatever opened the rating page. A window's code reaches us as:
 * - the H5 path `/r/{scene}` (a plain URL QR code opened by a phone camera or a browser);
 * - WeChat's launch query `q`: that same URL, URL-encoded (扫普通链接二维码打开小程序);
 * - WeChat's launch query `scene`, URL-encoded (a mini-program code from getwxacodeunlimit);
 * - the home page's scanner: the URL, or the mini-program path `pages/rate/index?scene=…`.
 * The paths and the scene's format are the server's too: they come from @hcp/contracts.
 */
import { SCENE_PATTERN, isRatePagePath, sceneSegment } from '@hcp/contracts';

export { ratePagePath as ratePageUrl } from '@hcp/contracts';

const QUERY_SCENE = /[?&]scene=([^&#\s]*)/;

/** The scene from the rate page's launch parameters, or null. */
export function sceneFromLaunch(params: Readonly<Record<string, string | undefined>>): string | null {
  if (params.scene) return validScene(decodeFully(params.scene));
  if (params.q) return sceneFromText(decodeFully(params.q));
  return null;
}

/** The scene carried by a scanned code (a URL or a mini-program path), or null when it is not a window's code. */
export function sceneFromText(text: string): string | null {
  const trimmed = text.trim();
  const inPath = sceneSegment(trimmed);
  if (inPath !== null) return validScene(decodeFully(inPath));
  const pathOnly = trimmed.split(/[?#]/)[0];
  const inQuery = QUERY_SCENE.exec(trimmed);
  if (inQuery && isRatePagePath(pathOnly)) return validScene(decodeFully(inQuery[1]));
  return null;
}

function validScene(scene: string): string | null {
  return SCENE_PATTERN.test(scene) ? scene : null;
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
