import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { Hall, Paged, Region, ServiceItem, Unit, Window } from '@hcp/contracts';
import { PageQueryDto } from '../../common/http/paging.js';
import { CurrentPrincipal, Roles } from '../identity/auth.decorators.js';
import type { Principal } from '../../common/authz/principal.js';
import {
  CreateHallDto,
  CreateRegionDto,
  CreateServiceItemDto,
  CreateUnitDto,
  CreateWindowDto,
  UpdateHallDto,
  UpdateRegionDto,
  UpdateServiceItemDto,
  UpdateUnitDto,
  UpdateWindowDto,
} from './dto/catalog.dto.js';
import { HallsService } from './halls.service.js';
import { RegionsService } from './regions.service.js';
import { ServiceItemsService } from './service-items.service.js';
import { UnitsService } from './units.service.js';
import { WindowsService } from './windows.service.js';

const uuid = new ParseUUIDPipe({ version: '4' });

/**
 * Catalog administration. Reads are open to every staff member within their scope (own unit, or a supervisor's
 * region subtree; out-of-scope objects answer 404). Regions, units and halls are changed by system administrators;
 * windows and service items also by the administrator of the owning unit.
 */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  list(@Query() query: PageQueryDto): Promise<Paged<Region>> {
    return this.regions.list(query);
  }

  @Get(':code')
  get(@Param('code') code: string): Promise<Region> {
    return this.regions.get(code);
  }

  @Roles('system_admin')
  @Post()
  create(@Body() dto: CreateRegionDto): Promise<Region> {
    return this.regions.create(dto);
  }

  @Roles('system_admin')
  @Patch(':code')
  update(@Param('code') code: string, @Body() dto: UpdateRegionDto): Promise<Region> {
    return this.regions.update(code, dto);
  }

  @Roles('system_admin')
  @Post(':code/deactivate')
  @HttpCode(200)
  deactivate(@Param('code') code: string): Promise<Region> {
    return this.regions.setActive(code, false);
  }

  @Roles('system_admin')
  @Post(':code/activate')
  @HttpCode(200)
  activate(@Param('code') code: string): Promise<Region> {
    return this.regions.setActive(code, true);
  }
}

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() query: PageQueryDto): Promise<Paged<Unit>> {
    return this.units.list(p, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<Unit> {
    return this.units.get(p, id);
  }

  @Roles('system_admin')
  @Post()
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateUnitDto): Promise<Unit> {
    return this.units.create(p, dto);
  }

  @Roles('system_admin')
  @Patch(':id')
  update(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string, @Body() dto: UpdateUnitDto): Promise<Unit> {
    return this.units.update(p, id, dto);
  }

  @Roles('system_admin')
  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<Unit> {
    return this.units.setActive(p, id, false);
  }

  @Roles('system_admin')
  @Post(':id/activate')
  @HttpCode(200)
  activate(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<Unit> {
    return this.units.setActive(p, id, true);
  }
}

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('halls')
export class HallsController {
  constructor(private readonly halls: HallsService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() query: PageQueryDto): Promise<Paged<Hall>> {
    return this.halls.list(p, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<Hall> {
    return this.halls.get(p, id);
  }

  @Roles('system_admin')
  @Post()
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateHallDto): Promise<Hall> {
    return this.halls.create(p, dto);
  }

  @Roles('system_admin')
  @Patch(':id')
  update(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string, @Body() dto: UpdateHallDto): Promise<Hall> {
    return this.halls.update(p, id, dto);
  }

  @Roles('system_admin')
  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<Hall> {
    return this.halls.setActive(p, id, false);
  }

  @Roles('system_admin')
  @Post(':id/activate')
  @HttpCode(200)
  activate(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<Hall> {
    return this.halls.setActive(p, id, true);
  }
}

export class WindowQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  hallId?: string;
}

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('windows')
export class WindowsController {
  constructor(private readonly windows: WindowsService) {}

  @Get()
  @ApiOperation({ summary: 'Windows in scope, each with its id and QR scene' })
  list(@CurrentPrincipal() p: Principal, @Query() query: WindowQueryDto): Promise<Paged<Window>> {
    return this.windows.list(p, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<Window> {
    return this.windows.get(p, id);
  }

  @Roles('system_admin')
  @Post()
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateWindowDto): Promise<Window> {
    return this.windows.create(p, dto);
  }

  @Roles('system_admin', 'unit_admin')
  @Patch(':id')
  update(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string, @Body() dto: UpdateWindowDto): Promise<Window> {
    return this.windows.update(p, id, dto);
  }

  @Roles('system_admin', 'unit_admin')
  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<Window> {
    return this.windows.setActive(p, id, false);
  }

  @Roles('system_admin', 'unit_admin')
  @Post(':id/activate')
  @HttpCode(200)
  activate(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<Window> {
    return this.windows.setActive(p, id, true);
  }

  @Roles('system_admin', 'unit_admin')
  @Post(':id/rotate-scene')
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue a new QR scene; printed posters with the old one stop working' })
  rotateScene(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<Window> {
    return this.windows.rotateScene(p, id);
  }
}

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('service-items')
export class ServiceItemsController {
  constructor(private readonly items: ServiceItemsService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() query: PageQueryDto): Promise<Paged<ServiceItem>> {
    return this.items.list(p, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<ServiceItem> {
    return this.items.get(p, id);
  }

  @Roles('system_admin', 'unit_admin')
  @Post()
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateServiceItemDto): Promise<ServiceItem> {
    return this.items.create(p, dto);
  }

  @Roles('system_admin', 'unit_admin')
  @Patch(':id')
  update(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string, @Body() dto: UpdateServiceItemDto): Promise<ServiceItem> {
    return this.items.update(p, id, dto);
  }

  @Roles('system_admin', 'unit_admin')
  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<ServiceItem> {
    return this.items.setActive(p, id, false);
  }

  @Roles('system_admin', 'unit_admin')
  @Post(':id/activate')
  @HttpCode(200)
  activate(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<ServiceItem> {
    return this.items.setActive(p, id, true);
  }
}
