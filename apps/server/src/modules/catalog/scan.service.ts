import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CURRENT_TAG_TABLE, SCENE_PATTERN, type ScanResult } from '@hcp/contracts';
import { DutyService } from '../duty/duty.service.js';
import { CatalogErrors } from './catalog.errors.js';
import { HallEntity } from './entities/hall.entity.js';
import { RetiredSceneEntity } from './entities/retired-scene.entity.js';
import { UnitEntity } from './entities/unit.entity.js';
import { WindowEntity } from './entities/window.entity.js';

/** Resolves a scanned QR scene into what the rating page shows. Public: the citizen may not be signed in yet. */
@Injectable()
export class ScanService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly duty: DutyService,
  ) {}

  async resolve(scene: string): Promise<ScanResult> {
    const { window, hall, unit } = await this.rateableWindow({ scene });
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

  /** The id of the window whose current code this scene is, active or not; null for any other scene. */
  async windowIdForScene(scene: string): Promise<string | null> {
    const window = await this.db.getRepository(WindowEntity).findOne({ where: { scene }, select: { id: true } });
    return window?.id ?? null;
  }

  /**
   * The window a scan (or a rating) names, with its hall, unit and service items, if citizens may rate it now:
   * an unknown scene is `SCAN_UNKNOWN` (with `retired` for a rotated one), a deactivated window, hall or unit
   * `WINDOW_INACTIVE`.
   */
  async rateableWindow(ref: { scene?: string; windowId?: string }): Promise<{ window: WindowEntity; hall: HallEntity; unit: UnitEntity }> {
    const windows = this.db.getRepository(WindowEntity);
    let window: WindowEntity | null = null;
    if (ref.windowId) window = await windows.findOne({ where: { id: ref.windowId }, relations: { serviceItems: true } });
    else if (ref.scene && SCENE_PATTERN.test(ref.scene)) {
      window = await windows.findOne({ where: { scene: ref.scene }, relations: { serviceItems: true } });
      if (!window && (await this.db.getRepository(RetiredSceneEntity).exists({ where: { scene: ref.scene } }))) throw CatalogErrors.scanRetired();
    }
    if (!window) throw CatalogErrors.scanUnknown();
    const [hall, unit] = await Promise.all([
      this.db.getRepository(HallEntity).findOneByOrFail({ id: window.hallId }),
      this.db.getRepository(UnitEntity).findOneByOrFail({ id: window.unitId }),
    ]);
    if (!window.active || !hall.active || !unit.active) throw CatalogErrors.windowInactive();
    return { window, hall, unit };
  }
}
