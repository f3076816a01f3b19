import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CURRENT_TAG_TABLE, type ScanResult } from '@hcp/contracts';
import { DutyService } from '../duty/duty.service.js';
import { CatalogErrors } from './catalog.errors.js';
import { HallEntity } from './entities/hall.entity.js';
import { RetiredSceneEntity } from './entities/retired-scene.entity.js';
import { UnitEntity } from './entities/unit.entity.js';
import { WindowEntity } from './entities/window.entity.js';
import { SCENE_PATTERN } from './scene.js';

/** Resolves a scanned QR scene into what the rating page shows. Public: the citizen may not be signed in yet. */
@Injectable()
export class ScanService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly duty: DutyService,
  ) {}

  async resolve(scene: string): Promise<ScanResult> {
    if (!SCENE_PATTERN.test(scene)) throw CatalogErrors.scanUnknown();
    const window = await this.db.getRepository(WindowEntity).findOne({ where: { scene }, relations: { serviceItems: true } });
    if (!window) {
      const retired = await this.db.getRepository(RetiredSceneEntity).exists({ where: { scene } });
      throw retired ? CatalogErrors.scanRetired() : CatalogErrors.scanUnknown();
    }
    const [hall, unit] = await Promise.all([
      this.db.getRepository(HallEntity).findOneByOrFail({ id: window.hallId }),
      this.db.getRepository(UnitEntity).findOneByOrFail({ id: window.unitId }),
    ]);
    if (!window.active || !hall.active) throw CatalogErrors.windowInactive();
    const onDuty = await this.duty.onDutyAt(window.id);
    return {
      scene,
      window: { id: window.id, number: window.number, name: window.name },
      hall: { id: hall.id, name: hall.name, address: hall.address },
      unit: { id: unit.id, name: unit.name },
      staffOnDuty: onDuty ? { name: onDuty.name, staffNumber: onDuty.staffNumber } : null,
      serviceItems: (window.serviceItems ?? [])
        .filter((s) => s.active)
        .map((s) => ({ code: s.code, name: s.name }))
        .sort((a, b) => a.code.localeCompare(b.code)),
      tagTable: CURRENT_TAG_TABLE,
    };
  }
}
