import type { DataSource } from 'typeorm';
import { HallEntity } from '../catalog/entities/hall.entity.js';
import { RegionEntity } from '../catalog/entities/region.entity.js';
import { ServiceItemEntity } from '../catalog/entities/service-item.entity.js';
import { UnitEntity } from '../catalog/entities/unit.entity.js';
import { WindowEntity } from '../catalog/entities/window.entity.js';
import { newScene } from '../catalog/scene.js';
import { DutyShiftEntity } from '../duty/entities/duty-shift.entity.js';
import { StaffEntity } from '../identity/entities/staff.entity.js';
import { hashPassword } from '../identity/password.js';
import { staffPhoneColumns } from '../identity/staff-phone.js';
import { DEMO_HALL_CODE, DEMO_ITEMS, DEMO_PASSWORD, DEMO_REGIONS, DEMO_STAFF, DEMO_UNITS, DEMO_WINDOWS } from './demo-data.js';

export interface DemoSummary {
  seededNow: boolean;
  hallName: string;
  windows: { number: string; name: string; scene: string }[];
  staff: { staffNumber: string; name: string; roles: string[] }[];
  password: string;
}

/** Seeds the demo hall once (kept across restarts), and describes it so the start command can print it. */
export async function seedDemo(db: DataSource, dataKey: Buffer): Promise<DemoSummary> {
  const seededNow = await db.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['demo-seed']);
    if (await m.exists(HallEntity, { where: { code: DEMO_HALL_CODE } })) return false;
    for (const region of DEMO_REGIONS) await m.upsert(RegionEntity, region, ['code']);
    const units = new Map<string, UnitEntity>();
    for (const u of DEMO_UNITS) units.set(u.key, await m.save(m.create(UnitEntity, { code: u.code, name: u.name, regionCode: '370902000000' })));
    const items: ServiceItemEntity[] = [];
    for (const item of DEMO_ITEMS) items.push(await m.save(m.create(ServiceItemEntity, { code: item.code, name: item.name, unitId: units.get(item.unit)!.id })));
    const hall = await m.save(m.create(HallEntity, { code: DEMO_HALL_CODE, name: '泰山区政务服务中心', regionCode: '370902000000', address: '山东省泰安市泰山区东岳大街 1 号' }));
    const windows = new Map<string, WindowEntity>();
    for (const w of DEMO_WINDOWS) {
      const entity = m.create(WindowEntity, { hallId: hall.id, number: w.number, name: w.name, unitId: units.get(w.unit)!.id, scene: newScene(), serviceItems: w.items.map((i) => items[i]) });
      windows.set(w.number, await m.save(entity));
    }
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    for (const s of DEMO_STAFF) {
      if (await m.exists(StaffEntity, { where: { staffNumber: s.staffNumber } })) continue;
      const staff = await m.save(
        m.create(StaffEntity, { staffNumber: s.staffNumber, name: s.name, unitId: s.unit ? units.get(s.unit)!.id : null, roles: s.roles, scopeRegionCode: s.scope ?? null, ...staffPhoneColumns(s.phone, dataKey), passwordHash }),
      );
      if (s.onDutyAt) await m.insert(DutyShiftEntity, { windowId: windows.get(s.onDutyAt)!.id, staffId: staff.id });
    }
    return true;
  });

  const hall = await db.getRepository(HallEntity).findOneByOrFail({ code: DEMO_HALL_CODE });
  const windows = await db.getRepository(WindowEntity).find({ where: { hallId: hall.id }, order: { number: 'ASC' } });
  const staff = await db.getRepository(StaffEntity).find({ order: { staffNumber: 'ASC' } });
  const demoNumbers = new Set(DEMO_STAFF.map((s) => s.staffNumber));
  return {
    seededNow,
    hallName: hall.name,
    windows: windows.map((w) => ({ number: w.number, name: w.name, scene: w.scene })),
    staff: staff.filter((s) => demoNumbers.has(s.staffNumber)).map((s) => ({ staffNumber: s.staffNumber, name: s.name, roles: s.roles })),
    password: DEMO_PASSWORD,
  };
}
