import type { ReactNode } from 'react';
import { STAFF_ROLES, type StaffProfile, type StaffRole } from '@hcp/contracts';
import { can, hasRole } from '../../lib/roles';

/** A field of a catalog form. `pick` chooses from another catalog list (searched on the server). */
export interface CatalogField {
  name: string;
  label: string;
  kind: 'text' | 'password' | 'select' | 'pick' | 'lines';
  required?: boolean;
  /** Only when creating (a key, an initial password). */
  createOnly?: boolean;
  /** Cleared, it is sent as null (an optional reference). */
  nullable?: boolean;
  options?: { value: string; label: string }[];
  of?: 'units' | 'halls' | 'regions' | 'serviceItems';
  multiple?: boolean;
  placeholder?: string;
}

export interface CatalogColumn {
  title: string;
  render: (row: Record<string, unknown>, names: Names) => ReactNode;
}

/** Names of units and halls by id, for lists that hold only the id. */
export interface Names {
  unit: (id: unknown) => ReactNode;
  hall: (id: unknown) => ReactNode;
}

export interface CatalogKind {
  title: string;
  path: string;
  /** The row's key in paths (`id`, or `code` for regions). */
  key: 'id' | 'code';
  noun: string;
  columns: CatalogColumn[];
  fields: CatalogField[];
  canCreate: (p: StaffProfile) => boolean;
  canEdit: (p: StaffProfile) => boolean;
  searchHint: string;
}

const text = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
const ROLE_OPTIONS = STAFF_ROLES.map((r) => ({ value: r.role, label: r.label }));

export const CATALOG_KINDS: Record<string, CatalogKind> = {
  regions: {
    title: '行政区划',
    noun: '区划',
    path: '/regions',
    key: 'code',
    searchHint: '名称或编码',
    columns: [
      { title: '区划编码', render: (r) => text(r.code) },
      { title: '名称', render: (r) => text(r.name) },
      { title: '上级编码', render: (r) => text(r.parentCode) },
    ],
    fields: [
      { name: 'code', label: '区划编码（12位）', kind: 'text', required: true, createOnly: true },
      { name: 'name', label: '名称', kind: 'text', required: true },
      { name: 'parentCode', label: '上级区划', kind: 'pick', of: 'regions', nullable: true },
    ],
    canCreate: can.manageCatalog,
    canEdit: can.manageCatalog,
  },
  units: {
    title: '单位',
    noun: '单位',
    path: '/units',
    key: 'id',
    searchHint: '单位名称或编码',
    columns: [
      { title: '单位编码', render: (r) => text(r.code) },
      { title: '单位名称', render: (r) => text(r.name) },
      { title: '区划编码', render: (r) => text(r.regionCode) },
      { title: '工单分派', render: (r) => (r.caseAssignment === 'queue' ? '单位待领取' : '轮流分派') },
    ],
    fields: [
      { name: 'code', label: '单位编码', kind: 'text', required: true },
      { name: 'name', label: '单位名称', kind: 'text', required: true },
      { name: 'regionCode', label: '所属区划', kind: 'pick', of: 'regions', required: true },
      { name: 'parentId', label: '上级单位', kind: 'pick', of: 'units', nullable: true },
      {
        name: 'caseAssignment',
        label: '差评工单分派方式',
        kind: 'select',
        options: [
          { value: 'round_robin', label: '在差评处理人员中轮流分派' },
          { value: 'queue', label: '进入单位待领取' },
        ],
      },
    ],
    canCreate: can.manageCatalog,
    canEdit: can.manageCatalog,
  },
  halls: {
    title: '大厅',
    noun: '大厅',
    path: '/halls',
    key: 'id',
    searchHint: '大厅名称或编码',
    columns: [
      { title: '大厅编码', render: (r) => text(r.code) },
      { title: '大厅名称', render: (r) => text(r.name) },
      { title: '区划编码', render: (r) => text(r.regionCode) },
      { title: '地址', render: (r) => text(r.address) },
    ],
    fields: [
      { name: 'code', label: '大厅编码', kind: 'text', required: true },
      { name: 'name', label: '大厅名称', kind: 'text', required: true },
      { name: 'regionCode', label: '所属区划', kind: 'pick', of: 'regions', required: true },
      { name: 'address', label: '地址', kind: 'text', required: true },
    ],
    canCreate: can.manageCatalog,
    canEdit: can.manageCatalog,
  },
  windows: {
    title: '窗口',
    noun: '窗口',
    path: '/windows',
    key: 'id',
    searchHint: '窗口名称或窗口号',
    columns: [
      { title: '大厅', render: (r, n) => n.hall(r.hallId) },
      { title: '窗口号', render: (r) => text(r.number) },
      { title: '窗口名称', render: (r) => text(r.name) },
      { title: '负责单位', render: (r, n) => n.unit(r.unitId) },
      { title: '服务事项', render: (r) => `${(r.serviceItemCodes as string[]).length} 项` },
    ],
    fields: [
      { name: 'hallId', label: '所在大厅', kind: 'pick', of: 'halls', required: true },
      { name: 'number', label: '窗口号', kind: 'text', required: true },
      { name: 'name', label: '窗口名称', kind: 'text', required: true },
      { name: 'unitId', label: '负责单位', kind: 'pick', of: 'units', required: true },
      { name: 'serviceItemCodes', label: '服务事项', kind: 'pick', of: 'serviceItems', multiple: true },
    ],
    canCreate: can.manageCatalog,
    canEdit: can.manageUnitCatalog,
  },
  'service-items': {
    title: '服务事项',
    noun: '事项',
    path: '/service-items',
    key: 'id',
    searchHint: '事项名称或编码',
    columns: [
      { title: '事项编码', render: (r) => text(r.code) },
      { title: '事项名称', render: (r) => text(r.name) },
      { title: '负责单位', render: (r, n) => n.unit(r.unitId) },
    ],
    fields: [
      { name: 'code', label: '事项编码', kind: 'text', required: true },
      { name: 'name', label: '事项名称', kind: 'text', required: true },
      { name: 'unitId', label: '负责单位', kind: 'pick', of: 'units', required: true },
    ],
    canCreate: can.manageUnitCatalog,
    canEdit: can.manageUnitCatalog,
  },
  staff: {
    title: '工作人员',
    noun: '人员',
    path: '/staff',
    key: 'id',
    searchHint: '姓名或工号',
    columns: [
      { title: '工号', render: (r) => text(r.staffNumber) },
      { title: '姓名', render: (r) => text(r.name) },
      { title: '单位', render: (r, n) => (r.unitId ? n.unit(r.unitId) : '—') },
      { title: '角色', render: (r) => (r.roles as StaffRole[]).map((role) => ROLE_OPTIONS.find((o) => o.value === role)?.label ?? role).join('、') },
      { title: '手机号', render: (r) => text(r.phone) },
      { title: '监督区划', render: (r) => text(r.scopeRegionCode) },
    ],
    fields: [
      { name: 'staffNumber', label: '工号', kind: 'text', required: true, createOnly: true },
      { name: 'name', label: '姓名', kind: 'text', required: true },
      { name: 'unitId', label: '所属单位', kind: 'pick', of: 'units', nullable: true },
      { name: 'phone', label: '手机号', kind: 'text', nullable: true },
      { name: 'roles', label: '角色', kind: 'select', options: ROLE_OPTIONS, multiple: true, required: true },
      { name: 'scopeRegionCode', label: '监督区划（监督人员）', kind: 'pick', of: 'regions', nullable: true },
      { name: 'password', label: '初始密码（至少8位，含字母和数字）', kind: 'password', required: true, createOnly: true },
    ],
    canCreate: can.manageUnitCatalog,
    canEdit: can.manageUnitCatalog,
  },
};

/** Unit administrators grant only these roles (the server refuses others with STAFF_ACTION_NOT_ALLOWED). */
export function grantableRoles(p: StaffProfile): StaffRole[] {
  return hasRole(p, 'system_admin') ? STAFF_ROLES.map((r) => r.role) : ['window_staff', 'case_handler', 'unit_admin'];
}
