import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Paged, Unit } from '@hcp/contracts';
import { translateWriteError } from '../../common/database-errors.js';
import { definedOnly, isEmpty } from '../../common/objects.js';
import { page, type PageQueryDto } from '../../common/http/paging.js';
import { seesUnit, visibilityOf, type Principal } from '../../common/authz/principal.js';
import { CatalogErrors } from './catalog.errors.js';
import { toUnit } from './catalog.mappers.js';
import { scopeClause } from '../../common/authz/scope.js';
import type { CreateUnitDto, UpdateUnitDto } from './dto/catalog.dto.js';
import { UnitEntity } from './entities/unit.entity.js';

@Injectable()
export class UnitsService {
  constructor(@InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>) {}

  list(principal: Principal, query: PageQueryDto): Promise<Paged<Unit>> {
    const qb = this.units.createQueryBuilder('u');
    const scope = scopeClause(visibilityOf(principal), { unit: 'u.id = :scopeUnitId', regions: ['u.region_code'] });
    if (scope) qb.where(scope.sql, scope.params);
    return page(qb, query, { searchColumns: ['u.name', 'u.code'], activeColumn: 'u.active', orderBy: 'u.code', map: toUnit });
  }

  /** The unit if the caller may see it; else 404, as if it did not exist. */
  async findVisible(principal: Principal, id: string): Promise<UnitEntity> {
    const unit = await this.units.findOne({ where: { id } });
    if (!unit || !seesUnit(visibilityOf(principal), unit)) throw CatalogErrors.notFound('单位');
    return unit;
  }

  async get(principal: Principal, id: string): Promise<Unit> {
    return toUnit(await this.findVisible(principal, id));
  }

  async create(principal: Principal, dto: CreateUnitDto): Promise<Unit> {
    const { identifiers } = await this.units
      .insert({ code: dto.code, name: dto.name, regionCode: dto.regionCode, parentId: dto.parentId ?? null })
      .catch((e) => translateWriteError(e, '单位'));
    return this.get(principal, identifiers[0].id as string);
  }

  async update(principal: Principal, id: string, dto: UpdateUnitDto): Promise<Unit> {
    await this.findVisible(principal, id);
    if (dto.parentId === id) throw CatalogErrors.reference('parentId', '上级单位不能是自己');
    const changes = definedOnly({ code: dto.code, name: dto.name, regionCode: dto.regionCode, parentId: dto.parentId });
    if (!isEmpty(changes)) await this.units.update({ id }, changes).catch((e) => translateWriteError(e, '单位'));
    return this.get(principal, id);
  }

  async setActive(principal: Principal, id: string, active: boolean): Promise<Unit> {
    await this.findVisible(principal, id);
    await this.units.update({ id }, { active });
    return this.get(principal, id);
  }
}
