/**
 * API keys: how other systems (a province's reporting job, an Open311 client) reach the API without a staff
 * sign-in. A key carries scopes; each route that accepts keys names the one scope it needs.
 */
export const ApiKeyScope = {
  /** Open311 GeoReport v2: submit service requests (`api_key`). */
  Open311: 'open311',
  /** The national-platform export (`GET /api/v1/exports/national`). */
  NationalExport: 'export:national',
} as const;

export type ApiKeyScope = (typeof ApiKeyScope)[keyof typeof ApiKeyScope];

export const API_KEY_SCOPES: readonly { scope: ApiKeyScope; label: string }[] = [
  { scope: 'open311', label: 'Open311 诉求接口' },
  { scope: 'export:national', label: '国家平台数据导出' },
];

export function isApiKeyScope(value: unknown): value is ApiKeyScope {
  return typeof value === 'string' && API_KEY_SCOPES.some((s) => s.scope === value);
}

/** The header a client sends its key in (Open311 clients send `api_key` in the form instead). */
export const API_KEY_HEADER = 'X-Api-Key';

/** A key as listed: never the secret, only the non-secret prefix that identifies it. */
export interface ApiKey {
  id: string;
  name: string;
  /** The key's first characters (`hcp_` and its lookup id): enough to tell keys apart, useless to call with. */
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: string;
  /** The staff number of the administrator who created it. */
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreateApiKeyRequest {
  name: string;
  scopes: ApiKeyScope[];
}

/** The answer to creating a key: the only time the full key is ever shown. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}
