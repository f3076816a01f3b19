import type { DataSource } from 'typeorm';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import type { StaffRole } from '@hcp/contracts';
import { readDataKey } from '../../src/common/privacy/data-key.js';
import { hashPassword } from '../../src/modules/identity/password.js';
import { staffPhoneColumns } from '../../src/modules/identity/staff-phone.js';
import { HallEntity } from '../../src/modules/catalog/entities/hall.entity.js';
import { RegionEntity } from '../../src/modules/catalog/entities/region.entity.js';
import { ServiceItemEntity } from '../../src/modules/catalog/entities/service-item.entity.js';
import { UnitEntity } from '../../src/modules/catalog/entities/unit.entity.js';
import { WindowEntity } from '../../src/modules/catalog/entities/window.entity.js';
import { StaffEntity } from '../../src/modules/identity/entities/staff.entity.js';

export const PASSWORD = 'Test1234pass';

/** The key test apps run with (no DATA_ENCRYPTION_KEY: the development key). */
export const TEST_DATA_KEY = readDataKey({}).key;

/**
 * Two cities of one province. 泰安 (3709) holds units A and B and hall H1; 威海 (3710) holds unit C and hall H2.
 * People: a system admin, a supervisor of 泰安 (S001) and one of 威海 (S002), unit A's admin, handler and window
 * clerk, and unit C's clerk.
 */
export interface World {
  units: { A: UnitEntity; B: UnitEntity; C: UnitEntity };
  halls: { H1: HallEntity; H2: HallEntity };
  windows: { WA: WindowEntity; WB: WindowEntity; WC: WindowEntity };
  items: { SA: ServiceItemEntity; SC: ServiceItemEntity };
  staff: Record<'admin' | 'supervisor' | 'supervisorWeihai' | 'unitAdminA' | 'handlerA' | 'clerkA' | 'clerkC', StaffEntity>;
}

export async function seedWorld(db: DataSource): Promise<World> {
  await db.getRepository(RegionEntity).insert([
    { code: '370000000000', name: '山东省', parentCode: null },
    { code: '370900000000', name: '泰安市', parentCode: '370000000000' },
    { code: '370902000000', name: '泰山区', parentCode: '370900000000' },
    { code: '371000000000', name: '威海市', parentCode: '370000000000' },
    { code: '371002000000', name: '环翠区', parentCode: '371000000000' },
  ]);
  const unitRepo = db.getRepository(UnitEntity);
  const A = await unitRepo.save({ code: 'UNIT-A', name: '泰山区行政审批服务局', regionCode: '370902000000' });
  const B = await unitRepo.save({ code: 'UNIT-B', name: '泰山区人力资源和社会保障局', regionCode: '370902000000' });
  const C = await unitRepo.save({ code: 'UNIT-C', name: '环翠区行政审批服务局', regionCode: '371002000000' });
  const hallRepo = db.getRepository(HallEntity);
  const H1 = await hallRepo.save({ code: 'HALL-1', name: '泰山区政务服务中心', regionCode: '370902000000', address: '泰山区东岳大街' });
  const H2 = await hallRepo.save({ code: 'HALL-2', name: '环翠区政务服务中心', regionCode: '371002000000', address: '环翠区新威路' });
  const itemRepo = db.getRepository(ServiceItemEntity);
  const SA = await itemRepo.save({ code: 'ITEM-A-001', name: '企业开办', unitId: A.id });
  const SC = await itemRepo.save({ code: 'ITEM-C-001', name: '食品经营许可', unitId: C.id });
  const windowRepo = db.getRepository(WindowEntity);
  const WA = await windowRepo.save({ hallId: H1.id, number: '1', name: '企业开办', unitId: A.id, scene: 'SceneWindowA1', serviceItems: [SA] });
  const WB = await windowRepo.save({ hallId: H1.id, number: '2', name: '社保办理', unitId: B.id, scene: 'SceneWindowB2' });
  const WC = await windowRepo.save({ hallId: H2.id, number: '1', name: '食品许可', unitId: C.id, scene: 'SceneWindowC1', serviceItems: [SC] });

  const passwordHash = await hashPassword(PASSWORD);
  const staffRepo = db.getRepository(StaffEntity);
  const person = (staffNumber: string, name: string, unitId: string | null, roles: StaffRole[], scopeRegionCode: string | null = null, phone: string | null = null) =>
    staffRepo.save({ staffNumber, name, unitId, roles, scopeRegionCode, passwordHash, ...staffPhoneColumns(phone, TEST_DATA_KEY) });
  const staff = {
    admin: await person('admin', '系统管理员', null, ['system_admin']),
    supervisor: await person('S001', '泰安督查', null, ['supervisor'], '370900000000'),
    supervisorWeihai: await person('S002', '威海督查', null, ['supervisor'], '371000000000'),
    unitAdminA: await person('A900', '甲单位管理员', A.id, ['unit_admin'], null, '13900000001'),
    handlerA: await person('A100', '甲处理人', A.id, ['case_handler'], null, '13900000002'),
    clerkA: await person('A001', '甲窗口', A.id, ['window_staff'], null, '13900000003'),
    clerkC: await person('C001', '丙窗口', C.id, ['window_staff'], null, '13900000004'),
  };
  return { units: { A, B, C }, halls: { H1, H2 }, windows: { WA, WB, WC }, items: { SA, SC }, staff };
}

export async function login(http: App, staffNumber: string, password = PASSWORD): Promise<string> {
  const res = await request(http).post('/api/v1/auth/login').send({ staffNumber, password });
  if (res.status !== 200) throw new Error(`login ${staffNumber} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
