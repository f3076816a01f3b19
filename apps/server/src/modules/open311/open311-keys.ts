/**
 * Who may POST service requests: systems holding an API key with the `open311` scope. The keys themselves are
 * managed elsewhere; this module only asks whether a key is good.
 */
export const OPEN311_SCOPE = 'open311';

/** The sending system a good key names: its id counts the rate limit and is kept with each request. */
export interface Open311Client {
  id: string;
}

export interface Open311KeyVerifier {
  /** The client behind a raw key with the scope, or null (unknown, revoked, or without the scope). */
  verify(rawKey: string, scope: typeof OPEN311_SCOPE): Promise<Open311Client | null>;
}

export const OPEN311_KEYS = Symbol('OPEN311_KEYS');
