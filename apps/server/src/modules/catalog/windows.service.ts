import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager, type Repository } from 'typeorm';
import type { Paged, Window } from '@hcp/contracts';
import { translateWriteError } from '../../common/database-errors.js';
import { page, type PageQueryDto } from '../../common/http/paging.js';
import { isSystemAdmin, visibilityOf, type Principal } from '../../common/authz/principal.js';
import { CatalogErrors } from './catalog.errors.js';
import { toWindow } from './catalog.mappers.js';
import { assertManagesUnit } from '../../common/authz/permissions.js';
import { scopeClause } from '../../common/authz/scope.js';
import type { CreateWindowDto, UpdateWindowDto } from './dto/catalog.dto.js';
import { HallEntity } from './entities/hall.entity.js';
import { RetiredSceneEntity } from './entities/retired-scene.entity.js';
import { ServiceItemEntity } from './entities/service-item.entity.js';
import { UnitEntity } from './entities/unit.entity.js';
import { WindowEntity } from './entities/window.entity.js';
import { newScene } from './scene.js';

/** "2" before "10", as numbers are painted above windows. One collator: `localeCompare` with options builds one per call. */
const WINDOW_NUMBER_ORDER = new Intl.Collator('zh-CN', { numeric: true });

/** What a window's printed code needs. */
export interface HallWindow {
  number: string;
  name: string;
  scene: string;
  unitName: string;
}

@Injectable()
export class WindowsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(WindowEntity) private readonly windows: Repository<WindowEntity>,
  ) {}

  /**
   * Windows of the caller's unit; for supervisors, windows whose unit or hall lies in their region subtree. The
   * one rule for who sees which window: lists, single windows and printed codes all start here.
   */
  private scoped(principal: Principal, { serviceItems = true } = {}) {
    const qb = this.windows
      .createQueryBuilder('w')
      .innerJoin(UnitEntity, 'u', 'u.id = w.unit_id')
      .innerJoin(HallEntity, 'h', 'h.id = w.hall_id');
    if (serviceItems) qb.leftJoinAndSelect('w.serviceItems', 'si');
    const scope = scopeClause(visibilityOf(principal), { unit: 'w.unit_id = :scopeUnitId', regions: ['u.region_code', 'h.region_code'] });
    if (scope) qb.where(scope.sql, scope.params);
    return qb;
  }

  list(principal: Principal, query: PageQueryDto & { hallId?: string }): Promise<Paged<Window>> {
    const qb = this.scoped(principal);
    if (query.hallId) qb.andWhere('w.hall_id = :hallId', { hallId: query.hallId });
    return page(qb, query, { searchColumns: ['w.name', 'w.number', 'h.name'], activeColumn: 'w.active', orderBy: 'w.number', map: toWindow });
  }

  async findVisible(principal: Principal, id: string): Promise<WindowEntity> {
    const window = await this.scoped(principal).andWhere('w.id = :id', { id }).getOne();
    if (!window) throw CatalogErrors.notFound('窗口');
    return window;
  }

  /**
   * The active windows of a hall that the caller may see (only `unitId`'s when given), skipping those of a
   * deactivated unit, and all of a deactivated hall, in window-number order, with their unit's name. `total` counts
   * them all; the windows themselves are read only when there are at most `limit`, so a caller that refuses a large
   * hall never loads it.
   */
  async activeInHall(principal: Principal, hallId: string, options: { unitId?: string; limit: number }): Promise<{ total: number; windows: HallWindow[] }> {
    // A deactivated unit's or hall's windows take no ratings (the scan refuses them): no poster for them either.
    const qb = this.scoped(principal, { serviceItems: false }).andWhere('w.hall_id = :hallId AND w.active AND u.active AND h.active', { hallId });
    if (options.unitId) qb.andWhere('w.unit_id = :unitId', { unitId: options.unitId });
    const total = await qb.getCount();
    if (total === 0 || total > options.limit) return { total, windows: [] };
    const windows = await qb
      .select(['w.number AS number', 'w.name AS name', 'w.scene AS scene', 'u.name AS "unitName"'])
      .getRawMany<HallWindow>();
    windows.sort((a, b) => WINDOW_NUMBER_ORDER.compare(a.number, b.number));
    return { total, windows };
  }

  async get(principal: Principal, id: string): Promise<Window> {
    return toWindow(await this.findVisible(principal, id));
  }

  async create(principal: Principal, dto: CreateWindowDto): Promise<Window> {
    const id = await this.db.transaction(async (manager) => {
      await this.assertExists(manager, HallEntity, dto.hallId, 'hallId', '所属大厅不存在');
      await this.assertExists(manager, UnitEntity, dto.unitId, 'unitId', '负责单位不存在');
      const serviceItems = await this.resolveServiceItems(manager, dto.serviceItemCodes ?? []);
      const window = manager.create(WindowEntity, { hallId: dto.hallId, number: dto.number, name: dto.name, unitId: dto.unitId, scene: newScene(), serviceItems });
      await manager.save(window).catch((e) => translateWriteError(e, '窗口（同一大厅的窗口号）'));
      return window.id;
    });
    return this.get(principal, id);
  }

  async update(principal: Principal, id: string, dto: UpdateWindowDto): Promise<Window> {
    const window = await this.findVisible(principal, id);
    assertManagesUnit(principal, window.unitId);
    if ((dto.unitId && dto.unitId !== window.unitId) || (dto.hallId && dto.hallId !== window.hallId)) {
      // Moving a window to another unit or hall changes who answers for it: system administrators only.
      if (!isSystemAdmin(principal)) throw CatalogErrors.outOfScope();
    }
    await this.db.transaction(async (manager) => {
      if (dto.hallId) await this.assertExists(manager, HallEntity, dto.hallId, 'hallId', '所属大厅不存在');
      if (dto.unitId) await this.assertExists(manager, UnitEntity, dto.unitId, 'unitId', '负责单位不存在');
      if (dto.number !== undefined) window.number = dto.number;
      if (dto.name !== undefined) window.name = dto.name;
      if (dto.hallId) window.hallId = dto.hallId;
      if (dto.unitId) window.unitId = dto.unitId;
      if (dto.serviceItemCodes) window.serviceItems = await this.resolveServiceItems(manager, dto.serviceItemCodes);
      await manager.save(window).catch((e) => translateWriteError(e, '窗口（同一大厅的窗口号）'));
    });
    return this.get(principal, id);
  }

  async setActive(principal: Principal, id: string, active: boolean): Promise<Window> {
    const window = await this.findVisible(principal, id);
    assertManagesUnit(principal, window.unitId);
    await this.windows.update({ id }, { active });
    return this.get(principal, id);
  }

  /** Issues a new scene token; posters with the old one then tell whoever scans them that the code is retired. */
  async rotateScene(principal: Principal, id: string): Promise<Window> {
    const window = await this.findVisible(principal, id);
    assertManagesUnit(principal, window.unitId);
    await this.db.transaction(async (manager) => {
      await manager.insert(RetiredSceneEntity, { scene: window.scene, windowId: window.id });
      await manager.update(WindowEntity, { id }, { scene: newScene(), sceneRotatedAt: new Date() });
    });
    return this.get(principal, id);
  }

  private async assertExists(manager: EntityManager, entity: typeof HallEntity | typeof UnitEntity, id: string, field: string, message: string) {
    if (!(await manager.exists(entity, { where: { id } }))) throw CatalogErrors.reference(field, message);
  }

  private async resolveServiceItems(manager: EntityManager, codes: string[]): Promise<ServiceItemEntity[]> {
    const unique = [...new Set(codes)];
    if (unique.length === 0) return [];
    const found = await manager.find(ServiceItemEntity, { where: { code: In(unique) } });
    const missing = unique.filter((c) => !found.some((s) => s.code === c));
    if (missing.length) throw CatalogErrors.reference('serviceItemCodes', `以下事项编码不存在：${missing.join('、')}`);
    return found;
  }
}
