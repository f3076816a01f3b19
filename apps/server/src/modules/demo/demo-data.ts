import type { StaffRole } from '@hcp/contracts';

/**
 * A realistic (fictional) hall for the local demo: one district of 泰安市 with three units, one service hall with six
 * windows, ten service items with national-style codes (unit credit code + basic item code), and eight staff.
 */
export const DEMO_PASSWORD = 'Demo2026';
export const DEMO_HALL_CODE = 'DEMO-TSQ-ZWFW';

export const DEMO_REGIONS = [
  { code: '370000000000', name: '山东省', parentCode: null },
  { code: '370900000000', name: '泰安市', parentCode: '370000000000' },
  { code: '370902000000', name: '泰山区', parentCode: '370900000000' },
];

export const DEMO_UNITS = [
  { key: 'approval', code: '11370902MB2845001A', name: '泰山区行政审批服务局' },
  { key: 'hrss', code: '11370902MB2845002B', name: '泰山区人力资源和社会保障局' },
  { key: 'estate', code: '12370902MB2845003C', name: '泰安市不动产登记中心泰山分中心' },
] as const;

export type DemoUnitKey = (typeof DEMO_UNITS)[number]['key'];

export const DEMO_ITEMS: { code: string; name: string; unit: DemoUnitKey }[] = [
  { code: '11370902MB2845001A-000201002000', name: '企业设立登记', unit: 'approval' },
  { code: '11370902MB2845001A-000201003000', name: '企业变更登记', unit: 'approval' },
  { code: '11370902MB2845001A-000201004000', name: '企业注销登记', unit: 'approval' },
  { code: '11370902MB2845001A-000126001000', name: '建设工程规划许可证核发', unit: 'approval' },
  { code: '11370902MB2845001A-000127001000', name: '建筑工程施工许可证核发', unit: 'approval' },
  { code: '11370902MB2845002B-001003064000', name: '社会保障卡申领', unit: 'hrss' },
  { code: '11370902MB2845002B-001003014000', name: '失业登记', unit: 'hrss' },
  { code: '11370902MB2845002B-001003007000', name: '就业困难人员认定', unit: 'hrss' },
  { code: '12370902MB2845003C-000231001000', name: '不动产首次登记', unit: 'estate' },
  { code: '12370902MB2845003C-000231003000', name: '不动产转移登记', unit: 'estate' },
];

export const DEMO_WINDOWS: { number: string; name: string; unit: DemoUnitKey; items: number[] }[] = [
  { number: '1', name: '企业开办', unit: 'approval', items: [0, 1, 2] },
  { number: '2', name: '工程建设项目审批', unit: 'approval', items: [3, 4] },
  { number: '3', name: '社会保障卡', unit: 'hrss', items: [5] },
  { number: '4', name: '就业创业', unit: 'hrss', items: [6, 7] },
  { number: '5', name: '不动产登记', unit: 'estate', items: [8, 9] },
  { number: '6', name: '综合咨询', unit: 'approval', items: [0, 5, 8] },
];

export const DEMO_STAFF: { staffNumber: string; name: string; unit: DemoUnitKey | null; roles: StaffRole[]; scope?: string; phone: string; onDutyAt?: string }[] = [
  { staffNumber: 'admin', name: '系统管理员', unit: null, roles: ['system_admin'], phone: '13800000000' },
  { staffNumber: 'S0001', name: '李监督', unit: null, roles: ['supervisor'], scope: '370900000000', phone: '13800000001' },
  { staffNumber: 'A0001', name: '王晓燕', unit: 'approval', roles: ['window_staff'], phone: '13800000011', onDutyAt: '1' },
  { staffNumber: 'A0002', name: '张建国', unit: 'approval', roles: ['window_staff'], phone: '13800000012', onDutyAt: '2' },
  { staffNumber: 'A0009', name: '陈静', unit: 'approval', roles: ['case_handler', 'unit_admin'], phone: '13800000019' },
  { staffNumber: 'B0001', name: '刘洋', unit: 'hrss', roles: ['window_staff'], phone: '13800000021', onDutyAt: '3' },
  { staffNumber: 'B0009', name: '赵敏', unit: 'hrss', roles: ['case_handler', 'unit_admin'], phone: '13800000029' },
  { staffNumber: 'C0001', name: '孙丽', unit: 'estate', roles: ['window_staff', 'case_handler', 'unit_admin'], phone: '13800000031', onDutyAt: '5' },
];
