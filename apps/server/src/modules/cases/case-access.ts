import type { StaffPrincipal } from '../../common/authz/principal.js';
import { hasRole, inRegionSubtree, isSystemAdmin, visibilityOf } from '../../common/authz/principal.js';
import { scopeClause } from '../../common/authz/scope.js';
import type { CaseRole } from './case-workflow.js';

/** Where a case stands for access: its handling unit and that unit's region. */
export interface CasePlace {
  unitId: string;
  unitRegionCode: string;
}

/**
 * Who may see a case: the staff of the handling unit (window staff read, handlers act), supervisors of the unit's
 * region subtree, system administrators. Anyone else gets 404, as for the catalog.
 */
export function seesCase(principal: StaffPrincipal, place: CasePlace): boolean {
  if (isSystemAdmin(principal) || principal.unitId === place.unitId) return true;
  return hasRole(principal, 'supervisor') && principal.scopeRegionCode !== null && inRegionSubtree(place.unitRegionCode, principal.scopeRegionCode);
}

/** The caller's roles in the workflow for this case (see case-workflow.ts). */
export function caseRolesOf(principal: StaffPrincipal, place: CasePlace): CaseRole[] {
  const roles: CaseRole[] = [];
  if (principal.unitId === place.unitId) {
    if (hasRole(principal, 'case_handler', 'unit_admin')) roles.push('handler');
    if (hasRole(principal, 'unit_admin')) roles.push('unit_admin');
  }
  const supervises =
    isSystemAdmin(principal) ||
    (hasRole(principal, 'supervisor') && principal.scopeRegionCode !== null && inRegionSubtree(place.unitRegionCode, principal.scopeRegionCode));
  if (supervises) roles.push('supervisor');
  return roles;
}

/** The same rule as `seesCase`, as SQL over `c` (rating_case) joined with `u` (its unit). */
export function caseScope(principal: StaffPrincipal): { sql: string; params: Record<string, string> } | null {
  return scopeClause(visibilityOf(principal), { unit: 'c.unit_id = :scopeUnitId', regions: ['u.region_code'] });
}
