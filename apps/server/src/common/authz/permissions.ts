import type { StaffRole } from '@hcp/contracts';
import { hasRole, isSystemAdmin, type Principal } from './principal.js';
import { AccessErrors } from './access-errors.js';

/** System administrators manage everything; a unit administrator manages what belongs to their own unit. */
export function managesUnit(principal: Principal, unitId: string | null): boolean {
  return isSystemAdmin(principal) || (principal.kind === 'staff' && hasRole(principal, 'unit_admin') && unitId !== null && principal.unitId === unitId);
}

export function assertManagesUnit(principal: Principal, unitId: string | null): void {
  if (!managesUnit(principal, unitId)) throw AccessErrors.outOfScope();
}

/** Roles a unit administrator may hand out; the others only a system administrator may. */
export const UNIT_ADMIN_GRANTABLE: readonly StaffRole[] = ['window_staff', 'case_handler', 'unit_admin'];
