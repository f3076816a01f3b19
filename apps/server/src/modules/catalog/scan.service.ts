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

export interface RateableWindow {
  window: WindowEntity;
  hall: HallEntity;
  unit: UnitEntity;
}

/** Windows kept in memory (each a few KB with its service items). */
const WINDOW_CACHE_MAX = 20_000;

/** Resolves a scanned QR scene into what the rating page shows. Public: the citizen may not be signed in yet. */
@Injectable()
export class ScanService {
  private readonly windows = new Map<string, { version: string; value: RateableWindow }>();

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
   * `WINDOW_INACTIVE`. A caller that read the catalog version (`catalog_version`, bumped in the transaction of every
   * change to windows, halls, units and service items) in its own statement passes it: windows found by scene are
   * then kept in memory under it and reused while it stands, so a rating costs no catalog query while nothing
   * changed. Without it (the scan) the window is read afresh. The objects returned are shared: read, never change.
   */
  async rateableWindow(ref: { scene?: string; windowId?: string }, catalogVersion?: string): Promise<RateableWindow> {
    const found = ref.windowId ? await this.load({ id: ref.windowId }) : ref.scene && SCENE_PATTERN.test(ref.scene) ? await this.byScene(ref.scene, catalogVersion) : null;
    if (!found) throw CatalogErrors.scanUnknown();
    const { window, hall, unit } = found;
    if (!window.active || !hall.active || !unit.active) throw CatalogErrors.windowInactive();
    return found;
  }

  /**
   * The window of this scene as this server holds it, with the catalog version it was read under; no query, and no
   * promise that it is current: a write made with it must check the version (see `rating_ingest`).
   */
  heldWindow(scene: string): { version: string; value: RateableWindow } | undefined {
    return this.windows.get(scene);
  }

  private async byScene(scene: string, version?: string): Promise<RateableWindow | null> {
    if (version === undefined) return (await this.load({ scene })) ?? (await this.unknownScene(scene));
    const cached = this.windows.get(scene);
    if (cached?.version === version) return cached.value;
    const value = await this.load({ scene });
    if (!value) {
      this.windows.delete(scene);
      return this.unknownScene(scene);
    }
    // Bounded: unknown scenes are never kept, and past the cap the oldest entry goes.
    if (this.windows.size >= WINDOW_CACHE_MAX) this.windows.delete(this.windows.keys().next().value as string);
    this.windows.delete(scene);
    this.windows.set(scene, { version, value });
    return value;
  }

  /** No window has this scene now: a rotated code's is `SCAN_UNKNOWN` with `retired`; null for any other. */
  private async unknownScene(scene: string): Promise<null> {
    if (await this.db.getRepository(RetiredSceneEntity).exists({ where: { scene } })) throw CatalogErrors.scanRetired();
    return null;
  }

  private async load(where: { id: string } | { scene: string }): Promise<RateableWindow | null> {
    const window = await this.db.getRepository(WindowEntity).findOne({ where, relations: { serviceItems: true } });
    if (!window) return null;
    const [hall, unit] = await Promise.all([
      this.db.getRepository(HallEntity).findOneByOrFail({ id: window.hallId }),
      this.db.getRepository(UnitEntity).findOneByOrFail({ id: window.unitId }),
    ]);
    return { window, hall, unit };
  }
}
