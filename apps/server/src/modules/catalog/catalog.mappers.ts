import type { Hall, Region, ServiceItem, Unit, Window } from '@hcp/contracts';
import type { HallEntity } from './entities/hall.entity.js';
import type { RegionEntity } from './entities/region.entity.js';
import type { ServiceItemEntity } from './entities/service-item.entity.js';
import type { UnitEntity } from './entities/unit.entity.js';
import type { WindowEntity } from './entities/window.entity.js';

export const toRegion = (e: RegionEntity): Region => ({ code: e.code, name: e.name, parentCode: e.parentCode, active: e.active });

export const toUnit = (e: UnitEntity): Unit => ({
  id: e.id,
  code: e.code,
  name: e.name,
  regionCode: e.regionCode,
  parentId: e.parentId,
  active: e.active,
  caseAssignment: e.caseAssignment,
});

export const toHall = (e: HallEntity): Hall => ({ id: e.id, code: e.code, name: e.name, regionCode: e.regionCode, address: e.address, active: e.active });

export const toServiceItem = (e: ServiceItemEntity): ServiceItem => ({ id: e.id, code: e.code, name: e.name, unitId: e.unitId, active: e.active });

export const toWindow = (e: WindowEntity): Window => ({
  id: e.id,
  hallId: e.hallId,
  number: e.number,
  name: e.name,
  unitId: e.unitId,
  active: e.active,
  scene: e.scene,
  serviceItemCodes: (e.serviceItems ?? []).map((s) => s.code).sort(),
});
