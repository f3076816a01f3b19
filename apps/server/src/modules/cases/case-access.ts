import type { StaffPrincipal } from '../../common/authz/principal.js';
import { hasRole, seesUnit, visibilityOf } from '../../common/authz/principal.js';
import { scopeClause } from '../../common/authz/scope.js';
import type { CaseRole } from './case-workflow.js';

/** Where a case stands for access: its handling unit and that unit's region. */
export interface CasePlace {
  unitId: string;
  unitRegionCode: string;
}

const unitOf = (place: CasePlace) => ({ id: place.unitId, regionCode: place.unitRegionCode });

/**
 * Who may see a case: the staff of the handling unit (window staff read, handlers act), supervisors of the unit's
 * region subtree, system administrators (the catalog's rule, `seesUnit`). Anyone else gets 404, as for the catalog.
 */
export function seesCase(principal: StaffPrincipal, place: CasePlace): boolean {
  return seesUnit(visibilityOf(principal), unitOf(place));
}

/**
 * A supervisor whose region subtree holds the unit, or a system administrator: the region alone decides, so a
 * supervisor's own unit outside their region is not theirs to supervise.
 */
export function supervises(principal: StaffPrincipal, place: CasePlace): boolean {
  return seesUnit({ ...visibilityOf(principal), unitId: null }, unitOf(place));
}

/** The caller's roles in the workflow for this case (see case-workflow.ts). */
export function caseRolesOf(principal: StaffPrincipal, place: CasePlace): CaseRole[] {
  const roles: CaseRole[] = [];
  if (principal.unitId === place.unitId) {
    if (hasRole(principal, 'case_handler', 'unit_admin')) roles.push('handler');
    if (hasRole(principal, 'unit_admin')) roles.push('unit_admin');
  }
  if (supervises(principal, place)) roles.push('supervisor');
  return roles;
}

/** The same rule as `seesCase`, as SQL over `c` (rating_case) joined with `u` (its unit). */
export function caseScope(principal: StaffPrincipal): { sql: string; params: Record<string, string> } | null {
  return scopeClause(visibilityOf(principal), { unit: 'c.unit_id = :scopeUnitId', regions: ['u.region_code'] });
}

/** The same rule as `supervises`, as SQL over `u` (the case's unit); null for a system administrator. */
export function supervisedScope(principal: StaffPrincipal): { sql: string; params: Record<string, string> } | null {
  return scopeClause({ ...visibilityOf(principal), unitId: null }, { regions: ['u.region_code'] });
}
