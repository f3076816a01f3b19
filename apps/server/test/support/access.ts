import { createHmac } from 'node:crypto';
import type { StaffRole } from '@hcp/contracts';

/**
 * The access table the access sweep (`test/access-matrix.e2e-spec.ts`) holds the server to: for every route, who may
 * call it and whether what it touches is limited to the caller's unit or region. Written from docs/catalog.md
 * ("Roles and what they see"), docs/cases.md, docs/stats.md, docs/api.md and docs/export.md; a route missing here
 * fails the sweep, so a new route has to be classified before it ships.
 */

/** Who may call a route: anyone (`public`), or citizens and these staff roles. */
export type Caller = StaffRole | 'citizen';

export interface Access {
  who: 'public' | readonly Caller[];
  /**
   * `unit`/`region`: the route acts on (or lists) objects of one unit or region; a caller with an allowed role but of
   * another unit or region is answered 404 (or 403 where the module documents it) and never sees unit A's objects.
   * `none`: the caller's own things (`/me/…`, duty) or things every allowed caller may reach (regions, calendar).
   */
  scope: 'unit' | 'region' | 'none';
  /** The path names an object the sweep does not seed (a random id): allowed callers may get 404 too. */
  unseeded?: true;
  /** A safe body for callers who get past the role check (default `{}`, refused by validation where fields are required). */
  body?: (ids: SeededIds) => object;
  /** A query that names unit A's objects, so a caller of another unit is out of scope. */
  query?: (ids: SeededIds) => string;
}

/** What the sweep fills paths and bodies with: unit A's objects, and throwaway ones of unit A for writes. */
export interface SeededIds {
  unitA: string;
  unitB: string;
  hallA: string;
  windowA: string;
  itemA: string;
  staffA: string;
  regionA: string;
  caseA: string;
  /** A second case of unit A, for the actions that take a case away from the unit (route, cancel). */
  caseToMove: string;
  apiKey: string;
  /** Throwaway objects of unit A (region A), which writes may change or deactivate. */
  spare: { unit: string; hall: string; window: string; item: string; staff: string; region: string };
}

const STAFF: readonly Caller[] = ['window_staff', 'case_handler', 'unit_admin', 'supervisor', 'system_admin'];
const ADMIN: readonly Caller[] = ['system_admin'];
const MANAGERS: readonly Caller[] = ['system_admin', 'unit_admin'];
const STATS: readonly Caller[] = ['system_admin', 'supervisor', 'unit_admin'];
const HANDLERS: readonly Caller[] = ['case_handler', 'unit_admin'];
const RULERS: readonly Caller[] = ['system_admin', 'supervisor'];
const CITIZEN: readonly Caller[] = ['citizen'];
const EVERYONE_SIGNED_IN: readonly Caller[] = [...STAFF, 'citizen'];

const open: Access = { who: 'public', scope: 'none' };
const adminOnly: Access = { who: ADMIN, scope: 'none' };
const statsRoute: Access = { who: STATS, scope: 'unit', query: (ids) => `unitId=${ids.unitA}` };
const note = 'x';

/** The six routes of a managed collection: list, create, read, edit, deactivate, activate. */
function managed(collection: string, param: string, access: { read: Access; create: Access; change: Access }): Record<string, Access> {
  const one = `/api/v1/${collection}/${param}`;
  return {
    [`GET /api/v1/${collection}`]: access.read,
    [`POST /api/v1/${collection}`]: access.create,
    [`GET ${one}`]: access.read,
    [`PATCH ${one}`]: access.change,
    [`POST ${one}/deactivate`]: access.change,
    [`POST ${one}/activate`]: access.change,
  };
}

export const ACCESS_TABLE: Record<string, Access> = {
  'GET /health/live': open,
  'GET /health/ready': open,
  'POST /api/v1/auth/login': open,
  'POST /api/v1/auth/refresh': open,
  'POST /api/v1/auth/logout': open,
  'POST /api/v1/auth/wechat': open,
  'POST /api/v1/auth/device': open,
  'POST /api/v1/auth/link-wechat': { who: CITIZEN, scope: 'none' },
  'POST /api/v1/auth/password': { who: STAFF, scope: 'none' },
  'GET /api/v1/me': { who: EVERYONE_SIGNED_IN, scope: 'none' },

  ...managed('staff', '{id}', { read: { who: STAFF, scope: 'unit' }, create: { who: MANAGERS, scope: 'unit', body: (ids) => ({ staffNumber: 'Z777', name: '越权新建', unitId: ids.unitA, roles: ['window_staff'], password: 'Zz12345678pass' }) }, change: { who: MANAGERS, scope: 'unit' } }),
  'POST /api/v1/staff/{id}/reset-password': { who: MANAGERS, scope: 'unit', body: () => ({ password: 'Reset12345pass' }) },

  'GET /api/v1/admin/api-keys': adminOnly,
  'POST /api/v1/admin/api-keys': adminOnly,
  'POST /api/v1/admin/api-keys/{id}/revoke': adminOnly,

  ...managed('regions', '{code}', { read: { who: STAFF, scope: 'none' }, create: adminOnly, change: adminOnly }),
  ...managed('units', '{id}', { read: { who: STAFF, scope: 'unit' }, create: adminOnly, change: adminOnly }),
  ...managed('halls', '{id}', { read: { who: STAFF, scope: 'unit' }, create: adminOnly, change: adminOnly }),
  ...managed('windows', '{id}', { read: { who: STAFF, scope: 'unit' }, create: adminOnly, change: { who: MANAGERS, scope: 'unit' } }),
  'POST /api/v1/windows/{id}/rotate-scene': { who: MANAGERS, scope: 'unit' },
  'GET /api/v1/windows/{id}/qrcode.png': { who: STAFF, scope: 'unit' },
  'GET /api/v1/windows/{id}/qrcode.svg': { who: STAFF, scope: 'unit' },
  'GET /api/v1/windows/{id}/poster.png': { who: STAFF, scope: 'unit' },
  // The test app has no WeChat mini-program configured: allowed callers get 404 WECHAT_NOT_CONFIGURED.
  'GET /api/v1/windows/{id}/wxacode': { who: STAFF, scope: 'unit', unseeded: true },
  'GET /api/v1/windows/{id}/wxacode.png': { who: STAFF, scope: 'unit', unseeded: true },
  'GET /api/v1/halls/{id}/posters.pdf': { who: STAFF, scope: 'unit' },

  ...managed('service-items', '{id}', {
    read: { who: STAFF, scope: 'unit' },
    create: { who: MANAGERS, scope: 'unit', body: (ids) => ({ code: 'ITEM-Z-777', name: '越权事项', unitId: ids.unitA }) },
    change: { who: MANAGERS, scope: 'unit' },
  }),

  'GET /api/v1/scan/{scene}': open,
  'POST /api/v1/catalog/import/{kind}': adminOnly,

  // A shift is at a window of one's own unit (a supervisor has none; a system administrator may take any).
  'POST /api/v1/duty/start': { who: ['window_staff', 'case_handler', 'unit_admin', 'system_admin'], scope: 'unit', body: (ids) => ({ windowId: ids.windowA }) },
  'POST /api/v1/duty/end': { who: STAFF, scope: 'none' },
  'GET /api/v1/duty/current': { who: STAFF, scope: 'none' },

  'GET /api/v1/calendar/{year}': { who: STAFF, scope: 'none' },
  'PUT /api/v1/calendar/days/{date}': adminOnly,

  'GET /api/v1/cases': { who: STAFF, scope: 'unit' },
  'GET /api/v1/cases/{id}': { who: STAFF, scope: 'unit' },
  'GET /api/v1/cases/{id}/assignees': { who: ['unit_admin', 'supervisor', 'system_admin'], scope: 'unit' },
  'POST /api/v1/cases/{id}/callback': { who: HANDLERS, scope: 'unit', body: () => ({ contact: 'unreachable', note }) },
  'POST /api/v1/cases/{id}/plan': { who: HANDLERS, scope: 'unit', body: () => ({ plan: note, dueDate: '2099-01-04' }) },
  'POST /api/v1/cases/{id}/reply': { who: HANDLERS, scope: 'unit', body: () => ({ reply: note, result: note }) },
  'POST /api/v1/cases/{id}/appeal': { who: HANDLERS, scope: 'unit', body: () => ({ kind: 'mistaken', evidence: note }) },
  'POST /api/v1/cases/{id}/transfer': { who: HANDLERS, scope: 'unit', body: () => ({ reason: note }) },
  'POST /api/v1/cases/{id}/assign': { who: ['unit_admin', 'supervisor', 'system_admin'], scope: 'unit', body: () => ({ staffId: null }) },
  'POST /api/v1/cases/{id}/rule': { who: RULERS, scope: 'region', body: () => ({ decision: 'send_back', ruling: note }) },
  'POST /api/v1/cases/{id}/appeal-ruling': { who: RULERS, scope: 'region', body: () => ({ decision: 'reject', ruling: note }) },
  'POST /api/v1/cases/{id}/route': { who: RULERS, scope: 'region', body: (ids) => ({ unitId: ids.unitB, reason: note }) },
  'POST /api/v1/cases/{id}/cancel': { who: RULERS, scope: 'region', body: () => ({ reason: note }) },
  'POST /api/v1/cases/{id}/contact-reveal': { who: HANDLERS, scope: 'unit' },
  'GET /api/v1/audit/contact-reveals': { who: RULERS, scope: 'region', query: (ids) => `caseId=${ids.caseA}` },
  'GET /api/v1/me/cases/{id}': { who: CITIZEN, scope: 'unit' },
  'POST /api/v1/me/cases/{id}/confirm': { who: CITIZEN, scope: 'unit', body: () => ({ resolved: true }) },
  'POST /api/v1/me/cases/{id}/follow-up': { who: CITIZEN, scope: 'unit', body: () => ({ comment: note }) },

  'GET /api/v1/regions/{code}/case-settings': { who: ['system_admin', 'supervisor', 'unit_admin', 'case_handler'], scope: 'region' },
  'PUT /api/v1/regions/{code}/case-settings': adminOnly,
  'DELETE /api/v1/regions/{code}/case-settings': adminOnly,
  'GET /api/v1/routing-rules': adminOnly,
  'POST /api/v1/routing-rules': adminOnly,
  'POST /api/v1/routing-rules/{id}/deactivate': { ...adminOnly, unseeded: true },

  'POST /api/v1/ratings/phone-number': { who: CITIZEN, scope: 'none' },
  'POST /api/v1/ratings': { who: CITIZEN, scope: 'none' },
  'GET /api/v1/me/ratings': { who: CITIZEN, scope: 'none' },
  'GET /api/v1/me/ratings/recent': { who: CITIZEN, scope: 'none' },
  'GET /api/v1/client-config': open,
  'GET /api/v1/ratings/flagged': { who: RULERS, scope: 'region', query: (ids) => `unitId=${ids.unitA}` },
  'POST /api/v1/ratings/flagged/{id}': { who: RULERS, scope: 'region', unseeded: true },

  'GET /api/v1/stats/overview': statsRoute,
  'GET /api/v1/stats/breakdown': { ...statsRoute, query: (ids) => `unitId=${ids.unitA}&groupBy=window` },
  'GET /api/v1/stats/rankings': statsRoute,
  'GET /api/v1/stats/tags': statsRoute,
  'GET /api/v1/stats/tags/trend': statsRoute,
  'GET /api/v1/stats/tags/rising': statsRoute,
  'GET /api/v1/stats/report.xlsx': { ...statsRoute, query: (ids) => `unitId=${ids.unitA}&month=2026-11` },
  'GET /api/v1/public/units': open,
  'GET /api/v1/public/cases': open,
  'GET /api/v1/exports/national': adminOnly,

  'GET /api/v1/me/notices': { who: EVERYONE_SIGNED_IN, scope: 'none' },
  'POST /api/v1/me/notices/read-all': { who: EVERYONE_SIGNED_IN, scope: 'none' },
  'POST /api/v1/me/notices/{id}/read': { who: EVERYONE_SIGNED_IN, scope: 'none', unseeded: true },
  'POST /api/v1/me/subscriptions': { who: EVERYONE_SIGNED_IN, scope: 'none' },
  'GET /api/v1/admin/dead-letters': adminOnly,
  'POST /api/v1/admin/dead-letters/{id}/resend': { ...adminOnly, unseeded: true },

  // Open311 GeoReport v2: open to anyone; a write needs an API key with the `open311` scope, never a staff token.
  'GET /open311/discovery.{format}': open,
  'GET /open311/v2/services.{format}': open,
  'GET /open311/v2/services/{service_code}.{format}': { ...open, unseeded: true },
  'GET /open311/v2/requests.{format}': open,
  'GET /open311/v2/requests/{service_request_id}.{format}': { ...open, unseeded: true },
  'POST /open311/v2/requests.{format}': { who: [], scope: 'none' },
};

const base64url = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** An HS256 JSON Web Token signed with `secret` (or an unsigned one with `alg: none`). */
export function signToken(claims: object, secret: string | null): string {
  const header = base64url({ alg: secret === null ? 'none' : 'HS256', typ: 'JWT' });
  const payload = base64url(claims);
  if (secret === null) return `${header}.${payload}.`;
  return `${header}.${payload}.${createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')}`;
}

/** The claims of a token, read without checking it. */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** `token` with its payload replaced by `claims`, keeping its header and signature. */
export function withClaims(token: string, claims: object): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url(claims)}.${signature}`;
}
