import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Paged, Region } from '@hcp/contracts';
import { translateWriteError } from '../../common/database-errors.js';
import { definedOnly, isEmpty } from '../../common/objects.js';
import { page, type PageQueryDto } from '../../common/http/paging.js';
import { CatalogErrors } from './catalog.errors.js';
import { toRegion } from './catalog.mappers.js';
import type { CreateRegionDto, UpdateRegionDto } from './dto/catalog.dto.js';
import { RegionEntity } from './entities/region.entity.js';

/** Regions are reference data: every staff member may read them; only system administrators change them. */
@Injectable()
export class RegionsService {
  constructor(@InjectRepository(RegionEntity) private readonly regions: Repository<RegionEntity>) {}

  list(query: PageQueryDto): Promise<Paged<Region>> {
    return page(this.regions.createQueryBuilder('r'), query, { searchColumns: ['r.name', 'r.code'], activeColumn: 'r.active', orderBy: 'r.code', map: toRegion });
  }

  async get(code: string): Promise<Region> {
    const region = await this.regions.findOne({ where: { code } });
    if (!region) throw CatalogErrors.notFound('地区');
    return toRegion(region);
  }

  async create(dto: CreateRegionDto): Promise<Region> {
    await this.regions.insert({ code: dto.code, name: dto.name, parentCode: dto.parentCode ?? null }).catch((e) => translateWriteError(e, '地区'));
    return this.get(dto.code);
  }

  async update(code: string, dto: UpdateRegionDto): Promise<Region> {
    await this.get(code);
    if (dto.parentCode === code) throw CatalogErrors.reference('parentCode', '上级地区不能是自己');
    const changes = definedOnly({ name: dto.name, parentCode: dto.parentCode });
    if (!isEmpty(changes)) await this.regions.update({ code }, changes).catch((e) => translateWriteError(e, '地区'));
    return this.get(code);
  }

  async setActive(code: string, active: boolean): Promise<Region> {
    await this.get(code);
    await this.regions.update({ code }, { active });
    return this.get(code);
  }
}
