import type { CaseAssignmentMode } from './cases.js';
import type { RatingTagTable } from './tags.js';
import type { StaffRole } from './identity.js';

/** Catalog: who and what is rated. Ids are UUIDs; regions are keyed by their 12-digit administrative code. */

export interface PageQuery {
  page?: number;
  pageSize?: number;
  q?: string;
  active?: boolean;
}

export interface Region {
  code: string;
  name: string;
  parentCode: string | null;
  active: boolean;
}

export interface CreateRegionRequest {
  code: string;
  name: string;
  parentCode?: string | null;
}

export interface UpdateRegionRequest {
  name?: string;
  parentCode?: string | null;
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  regionCode: string;
  parentId: string | null;
  active: boolean;
  /** How new 差评 cases find a handler in this unit. */
  caseAssignment: CaseAssignmentMode;
}

export interface CreateUnitRequest {
  code: string;
  name: string;
  regionCode: string;
  parentId?: string | null;
  /** Default `round_robin`. */
  caseAssignment?: CaseAssignmentMode;
}

export type UpdateUnitRequest = Partial<CreateUnitRequest>;

export interface Hall {
  id: string;
  code: string;
  name: string;
  regionCode: string;
  address: string;
  active: boolean;
}

export interface CreateHallRequest {
  code: string;
  name: string;
  regionCode: string;
  address: string;
}

export type UpdateHallRequest = Partial<CreateHallRequest>;

export interface Window {
  id: string;
  hallId: string;
  number: string;
  name: string;
  unitId: string;
  active: boolean;
  /** The QR scene token: short, stable, not guessable. Rotating it retires printed posters. */
  scene: string;
  serviceItemCodes: string[];
}

export interface CreateWindowRequest {
  hallId: string;
  number: string;
  name: string;
  unitId: string;
  serviceItemCodes?: string[];
}

export type UpdateWindowRequest = Partial<CreateWindowRequest>;

export interface ServiceItem {
  id: string;
  /** National item code (事项编码 / 实施清单编码). */
  code: string;
  name: string;
  unitId: string;
  active: boolean;
}

export interface CreateServiceItemRequest {
  code: string;
  name: string;
  unitId: string;
}

export type UpdateServiceItemRequest = Partial<CreateServiceItemRequest>;

export interface Staff {
  id: string;
  staffNumber: string;
  name: string;
  unitId: string | null;
  /** Masked (138****8000) for everyone but administrators of the staff member's unit. */
  phone: string | null;
  roles: StaffRole[];
  scopeRegionCode: string | null;
  active: boolean;
  locked: boolean;
}

export interface CreateStaffRequest {
  staffNumber: string;
  name: string;
  unitId?: string | null;
  phone?: string | null;
  roles: StaffRole[];
  scopeRegionCode?: string | null;
  password: string;
}

export type UpdateStaffRequest = Partial<Omit<CreateStaffRequest, 'password' | 'staffNumber'>>;

export interface ResetPasswordRequest {
  newPassword: string;
}

/** What a citizen's phone learns from a scanned window QR code. */
export interface ScanResult {
  scene: string;
  window: { id: string; number: string; name: string };
  hall: { id: string; name: string; address: string };
  unit: { id: string; name: string };
  /** Name and staff number only. */
  staffOnDuty: { name: string; staffNumber: string } | null;
  serviceItems: { code: string; name: string }[];
  tagTable: RatingTagTable;
}

export interface DutyShift {
  id: string;
  window: { id: string; number: string; name: string; hallName: string };
  startedAt: string;
  endedAt: string | null;
}

export interface StartDutyRequest {
  windowId: string;
}

export type ImportKind = 'regions' | 'units' | 'halls' | 'windows' | 'service-items' | 'staff';

export interface ImportRowError {
  /** 1-based line in the file, the header being line 1. */
  line: number;
  field: string | null;
  message: string;
}

export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  /** The first problems by line; cut short (at most 100, a few KB in all) when the file has many. */
  errors: ImportRowError[];
  /** Every problem found, counted; present only when `errors` was cut short. */
  errorCount?: number;
}
