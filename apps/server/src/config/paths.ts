import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The server package's folder (apps/server), whether running from src (tests) or dist. */
export const SERVER_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
