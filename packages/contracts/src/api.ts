/** Request and response shapes of the HTTP API. Paths are relative to the API prefix. */

export const API_PREFIX = '/api/v1';

export interface HealthResponse {
  status: 'ok' | 'error';
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string; message?: string }>;
}

export interface Paged<T> {
  items: T[];
  total: number;
}

export interface ServerInfo {
  name: string;
  version: string;
  wechatConfigured: boolean;
}
