/**
 * The key that encrypts personal data at rest (phone numbers) and keys the hashes that match them. Read in one place,
 * so the server's configuration and the migrations that encrypt existing rows use the same key.
 */

/** Development and tests only: a fixed key that is public (it is in this file), so local data survives restarts. */
const DEVELOPMENT_DATA_KEY = 'aGNwLWRldmVsb3BtZW50LW9ubHktZGF0YS1rZXkhISE=';

export interface DataKey {
  key: Buffer;
  /** True when no key was configured and the public development key is in use: never for real data. */
  developmentKey: boolean;
  /** Why the configured value cannot be used, in words for the operator. */
  problem?: string;
}

export function readDataKey(env: Record<string, string | undefined>): DataKey {
  const text = env.DATA_ENCRYPTION_KEY?.trim();
  if (text) {
    const key = Buffer.from(text, 'base64');
    if (key.length !== 32) return { key, developmentKey: false, problem: 'DATA_ENCRYPTION_KEY must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`)' };
    return { key, developmentKey: false };
  }
  if (env.NODE_ENV?.trim() === 'production') return { key: Buffer.alloc(0), developmentKey: false, problem: 'DATA_ENCRYPTION_KEY is required when NODE_ENV=production' };
  return { key: Buffer.from(DEVELOPMENT_DATA_KEY, 'base64'), developmentKey: true };
}
