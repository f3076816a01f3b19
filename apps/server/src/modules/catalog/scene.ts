import { randomInt } from 'node:crypto';

/**
 * A window's QR scene token: 12 random characters from [A-Za-z0-9] (about 71 bits), a subset of what a scene may
 * hold (SCENE_PATTERN in @hcp/contracts: what WeChat allows in a mini-program code's `scene`) and safe in a URL path.
 * It is not derived from any id, so one window's code says nothing about another's.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LENGTH = 12;

export function newScene(): string {
  let scene = '';
  for (let i = 0; i < LENGTH; i += 1) scene += ALPHABET[randomInt(ALPHABET.length)];
  return scene;
}
