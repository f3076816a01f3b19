import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Paged, ServiceItem } from '@hcp/contracts';
import { translateWriteError } from '../../common/database-errors.js';
import { definedOnly, isEmpty } from '../../common/objects.js';
import { page, type PageQueryDto } from '../../common/http/paging.js';
import { isSystemAdmin, visibilityOf, type Principal } from '../../common/authz/principal.js';
import { CatalogErrors } from './catalog.errors.js';
import { toServiceItem } from './catalog.mappers.js';
import { assertManagesUnit } from '../../common/authz/permissions.js';
import { scopeClause } from '../../common/authz/scope.js';
import type { CreateServiceItemDto, UpdateServiceItemDto } from './dto/catalog.dto.js';
import { ServiceItemEntity } from './entities/service-item.entity.js';
import { UnitEntity } from './entities/unit.entity.js';

/** A service item as open interfaces publish it (the Open311 service list): active, of an active unit. */
export interface PublishedServiceItem {
  id: string;
  code: string;
  name: string;
  unitId: string;
  unitName: string;
}

@Injectable()
export class ServiceItemsService {
  constructor(@InjectRepository(ServiceItemEntity) private readonly items: Repository<ServiceItemEntity>) {}

  private scoped(principal: Principal) {
    const qb = this.items.createQueryBuilder('s').innerJoin(UnitEntity, 'u', 'u.id = s.unit_id');
    const scope = scopeClause(visibilityOf(principal), { unit: 's.unit_id = :scopeUnitId', regions: ['u.region_code'] });
    if (scope) qb.where(scope.sql, scope.params);
    return qb;
  }

  /** Every published service item in code order, or those of `codes` (unknown and inactive ones left out). */
  async published(codes?: readonly string[]): Promise<PublishedServiceItem[]> {
    const qb = this.items
      .createQueryBuilder('s')
      .innerJoin(UnitEntity, 'u', 'u.id = s.unit_id AND u.active')
      .select(['s.id AS id', 's.code AS code', 's.name AS name', 'u.id AS "unitId"', 'u.name AS "unitName"'])
      .where('s.active')
      .orderBy('s.code');
    if (codes) qb.andWhere('s.code = ANY(:codes)', { codes: [...codes] });
    return qb.getRawMany<PublishedServiceItem>();
  }

  list(principal: Principal, query: PageQueryDto): Promise<Paged<ServiceItem>> {
    return page(this.scoped(principal), query, { searchColumns: ['s.name', 's.code'], activeColumn: 's.active', orderBy: 's.code', map: toServiceItem });
  }

  async findVisible(principal: Principal, id: string): Promise<ServiceItemEntity> {
    const item = await this.scoped(principal).andWhere('s.id = :id', { id }).getOne();
    if (!item) throw CatalogErrors.notFound('事项');
    return item;
  }

  async get(principal: Principal, id: string): Promise<ServiceItem> {
    return toServiceItem(await this.findVisible(principal, id));
  }

  async create(principal: Principal, dto: CreateServiceItemDto): Promise<ServiceItem> {
    assertManagesUnit(principal, dto.unitId);
    const { identifiers } = await this.items.insert({ code: dto.code, name: dto.name, unitId: dto.unitId }).catch((e) => translateWriteError(e, '事项'));
    return this.get(principal, identifiers[0].id as string);
  }

  async update(principal: Principal, id: string, dto: UpdateServiceItemDto): Promise<ServiceItem> {
    const item = await this.findVisible(principal, id);
    assertManagesUnit(principal, item.unitId);
    if (dto.unitId && dto.unitId !== item.unitId && !isSystemAdmin(principal)) throw CatalogErrors.outOfScope();
    const changes = definedOnly({ code: dto.code, name: dto.name, unitId: dto.unitId });
    if (!isEmpty(changes)) await this.items.update({ id }, changes).catch((e) => translateWriteError(e, '事项'));
    return this.get(principal, id);
  }

  async setActive(principal: Principal, id: string, active: boolean): Promise<ServiceItem> {
    const item = await this.findVisible(principal, id);
    assertManagesUnit(principal, item.unitId);
    await this.items.update({ id }, { active });
    return this.get(principal, id);
  }
}
