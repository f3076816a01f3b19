import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Hall, Paged } from '@hcp/contracts';
import { translateWriteError } from '../../common/database-errors.js';
import { definedOnly, isEmpty } from '../../common/objects.js';
import { page, type PageQueryDto } from '../../common/http/paging.js';
import { visibilityOf, type Principal } from '../../common/authz/principal.js';
import { CatalogErrors } from './catalog.errors.js';
import { toHall } from './catalog.mappers.js';
import { scopeClause } from '../../common/authz/scope.js';
import type { CreateHallDto, UpdateHallDto } from './dto/catalog.dto.js';
import { HallEntity } from './entities/hall.entity.js';

/** A hall is visible to supervisors of its region, and to the staff of any unit with a window in it. */
@Injectable()
export class HallsService {
  constructor(@InjectRepository(HallEntity) private readonly halls: Repository<HallEntity>) {}

  private scoped(principal: Principal) {
    const qb = this.halls.createQueryBuilder('h');
    const scope = scopeClause(visibilityOf(principal), {
      unit: 'EXISTS (SELECT 1 FROM service_window sw WHERE sw.hall_id = h.id AND sw.unit_id = :scopeUnitId)',
      regions: ['h.region_code'],
    });
    if (scope) qb.where(scope.sql, scope.params);
    return qb;
  }

  list(principal: Principal, query: PageQueryDto): Promise<Paged<Hall>> {
    return page(this.scoped(principal), query, { searchColumns: ['h.name', 'h.code', 'h.address'], activeColumn: 'h.active', orderBy: 'h.code', map: toHall });
  }

  async findVisible(principal: Principal, id: string): Promise<HallEntity> {
    const hall = await this.scoped(principal).andWhere('h.id = :id', { id }).getOne();
    if (!hall) throw CatalogErrors.notFound('大厅');
    return hall;
  }

  async get(principal: Principal, id: string): Promise<Hall> {
    return toHall(await this.findVisible(principal, id));
  }

  async create(principal: Principal, dto: CreateHallDto): Promise<Hall> {
    const { identifiers } = await this.halls.insert({ ...dto }).catch((e) => translateWriteError(e, '大厅'));
    return this.get(principal, identifiers[0].id as string);
  }

  async update(principal: Principal, id: string, dto: UpdateHallDto): Promise<Hall> {
    await this.findVisible(principal, id);
    const changes = definedOnly({ ...dto });
    if (!isEmpty(changes)) await this.halls.update({ id }, changes).catch((e) => translateWriteError(e, '大厅'));
    return this.get(principal, id);
  }

  async setActive(principal: Principal, id: string, active: boolean): Promise<Hall> {
    await this.findVisible(principal, id);
    await this.halls.update({ id }, { active });
    return this.get(principal, id);
  }
}
