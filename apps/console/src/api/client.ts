import { API_PREFIX, type TokenPair } from '@hcp/contracts';

/**
 * The one way the console talks to the server: JSON over fetch with the staff member's Bearer token. An expired access
 * token is renewed once with the refresh token (one renewal at a time, however many requests found it expired) and
 * the request is sent again; a refresh the server refuses ends the session and the console shows the sign-in page.
 *
 * Tokens live in sessionStorage: a console left on a shared office computer is signed out when the browser closes.
 */

const STORAGE_KEY = 'hcp-console-session';

/** An error answer of the API: `{code, message, requestId, details?}` plus whatever the route adds (an import report). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

type Listener = (signedIn: boolean) => void;
const listeners = new Set<Listener>();

let tokens: TokenPair | null = readStored();

function readStored(): TokenPair | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as TokenPair) : null;
  } catch {
    return null;
  }
}

export function setTokens(next: TokenPair | null): void {
  tokens = next;
  if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  else sessionStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener(next !== null);
}

export function hasSession(): boolean {
  return tokens !== null;
}

export function currentRefreshToken(): string | null {
  return tokens?.refreshToken ?? null;
}

/** Called with false when the session ends (signed out, or refused by the server). */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let refreshing: Promise<boolean> | null = null;

/** Renews the token pair; true when it worked. Concurrent callers share one renewal (a refresh token works once). */
function refresh(): Promise<boolean> {
  if (!refreshing) {
    const refreshToken = tokens?.refreshToken;
    refreshing = (async () => {
      if (!refreshToken) return false;
      try {
        const res = await fetch(`${API_PREFIX}/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken }),
        });
        if (!res.ok) return false;
        setTokens((await res.json()) as TokenPair);
        return true;
      } catch {
        return false;
      }
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A JSON body, or FormData for an upload. */
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  /** The answer as a Blob (PDF, PNG) instead of JSON. */
  blob?: boolean;
}

export function withQuery(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {};
  if (tokens) headers.authorization = `Bearer ${tokens.accessToken}`;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  return fetch(`${API_PREFIX}${withQuery(path, options.query)}`, { method: options.method ?? 'GET', headers, body });
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await send(path, options);
    if (res.status === 401 && tokens) {
      if (await refresh()) res = await send(path, options);
      else {
        setTokens(null);
        throw new ApiError(401, 'UNAUTHORIZED', '登录已过期，请重新登录');
      }
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    const message = typeof body.message === 'string' ? body.message : `请求失败（${res.status}）`;
    throw new ApiError(res.status, typeof body.code === 'string' ? body.code : 'HTTP_ERROR', message, body);
  }
  if (options.blob) return (await res.blob()) as T;
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** A readable sentence for any error a request may end in. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return '操作未完成，请稍后重试';
}
