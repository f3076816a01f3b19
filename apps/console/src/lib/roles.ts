import type { StaffProfile, StaffRole } from '@hcp/contracts';

/**
 * What the navigation offers each role. It only decides which pages are listed: every page asks the server, which
 * answers 403 or 404 to anyone who may not see the data, so nothing depends on the menu for protection.
 */
export function hasRole(profile: StaffProfile | null | undefined, ...roles: StaffRole[]): boolean {
  return !!profile && profile.roles.some((r) => roles.includes(r));
}

export const can = {
  /** Figures, drill-down (stats routes: supervisors, unit and system administrators). */
  seeFigures: (p: StaffProfile) => hasRole(p, 'supervisor', 'unit_admin', 'system_admin'),
  /** Flagged ratings (supervisors, system administrators). */
  reviewFlags: (p: StaffProfile) => hasRole(p, 'supervisor', 'system_admin'),
  /** Case queues: whoever sees cases. */
  seeCases: (p: StaffProfile) => hasRole(p, 'supervisor', 'system_admin', 'unit_admin', 'case_handler'),
  /** Catalog lists (read for supervisors; windows, service items and staff also changed by unit administrators). */
  seeCatalog: (p: StaffProfile) => hasRole(p, 'supervisor', 'unit_admin', 'system_admin'),
  manageCatalog: (p: StaffProfile) => hasRole(p, 'system_admin'),
  manageUnitCatalog: (p: StaffProfile) => hasRole(p, 'system_admin', 'unit_admin'),
  import: (p: StaffProfile) => hasRole(p, 'system_admin'),
  posters: (p: StaffProfile) => hasRole(p, 'system_admin', 'unit_admin', 'supervisor'),
  editCalendar: (p: StaffProfile) => hasRole(p, 'system_admin'),
  seeAudit: (p: StaffProfile) => hasRole(p, 'supervisor', 'system_admin'),
  /** Deadlines per region (read: supervisors and administrators; changed, with routing rules, by system administrators). */
  /** API keys for other systems (system administrators). */
  manageApiKeys: (p: StaffProfile) => hasRole(p, 'system_admin'),
  seeCaseRules: (p: StaffProfile) => hasRole(p, 'supervisor', 'unit_admin', 'system_admin'),
};
