import type { StaffRole } from '@hcp/contracts';

/** Who is calling, as established by the access token. */
export type Principal = StaffPrincipal | CitizenPrincipal;

export interface StaffPrincipal {
  kind: 'staff';
  staffId: string;
  /** The sign-in session the access token belongs to. */
  sessionId: string;
  roles: StaffRole[];
  unitId: string | null;
  scopeRegionCode: string | null;
}

export interface CitizenPrincipal {
  kind: 'citizen';
  citizenId: string;
}

export function hasRole(principal: Principal, ...roles: StaffRole[]): boolean {
  return principal.kind === 'staff' && roles.some((r) => principal.roles.includes(r));
}

export function isSystemAdmin(principal: Principal): boolean {
  return hasRole(principal, 'system_admin');
}

/**
 * The code prefix that all regions under `code` share. National 12-digit codes are positional:
 * province (2) · city (2) · county (2) · township (3) · village (3); trailing zero groups mean "the whole level".
 */
export function regionPrefix(code: string): string {
  if (/^\d{2}0{10}$/.test(code)) return code.slice(0, 2);
  if (/^\d{4}0{8}$/.test(code)) return code.slice(0, 4);
  if (/^\d{6}0{6}$/.test(code)) return code.slice(0, 6);
  if (/^\d{9}0{3}$/.test(code)) return code.slice(0, 9);
  return code;
}

export function inRegionSubtree(code: string, root: string): boolean {
  return code.startsWith(regionPrefix(root));
}

/**
 * What part of the catalog a staff member may see:
 * - system admins: everything;
 * - supervisors: whatever belongs to a unit (or hall) inside their region subtree;
 * - everyone else: their own unit.
 * A staff member with several roles gets the union.
 */
export interface Visibility {
  all: boolean;
  regionPrefix: string | null;
  unitId: string | null;
}

export function visibilityOf(principal: Principal): Visibility {
  if (principal.kind !== 'staff') return { all: false, regionPrefix: null, unitId: null };
  if (principal.roles.includes('system_admin')) return { all: true, regionPrefix: null, unitId: null };
  const prefix = principal.roles.includes('supervisor') && principal.scopeRegionCode ? regionPrefix(principal.scopeRegionCode) : null;
  return { all: false, regionPrefix: prefix, unitId: principal.unitId };
}

/** True when `v` lets its holder see something owned by a unit with this id and region. */
export function seesUnit(v: Visibility, unit: { id: string; regionCode: string }): boolean {
  return v.all || (v.unitId !== null && v.unitId === unit.id) || (v.regionPrefix !== null && unit.regionCode.startsWith(v.regionPrefix));
}
