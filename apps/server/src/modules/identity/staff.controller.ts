import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Paged, Staff } from '@hcp/contracts';
import { PageQueryDto } from '../../common/http/paging.js';
import { CurrentPrincipal, Roles } from './auth.decorators.js';
import { CreateStaffDto, ResetPasswordDto, UpdateStaffDto } from './dto/staff.dto.js';
import type { Principal } from '../../common/authz/principal.js';
import { StaffService } from './staff.service.js';

const uuid = new ParseUUIDPipe({ version: '4' });

/** Staff accounts: system administrators manage all; a unit administrator manages the unit's own staff. */
@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() query: PageQueryDto): Promise<Paged<Staff>> {
    return this.staff.list(p, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<Staff> {
    return this.staff.get(p, id);
  }

  @Roles('system_admin', 'unit_admin')
  @Post()
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateStaffDto): Promise<Staff> {
    return this.staff.create(p, dto);
  }

  @Roles('system_admin', 'unit_admin')
  @Patch(':id')
  update(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string, @Body() dto: UpdateStaffDto): Promise<Staff> {
    return this.staff.update(p, id, dto);
  }

  @Roles('system_admin', 'unit_admin')
  @Post(':id/deactivate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate (never delete): old ratings keep naming the person; sessions end' })
  deactivate(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<Staff> {
    return this.staff.setActive(p, id, false);
  }

  @Roles('system_admin', 'unit_admin')
  @Post(':id/activate')
  @HttpCode(200)
  activate(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<Staff> {
    return this.staff.setActive(p, id, true);
  }

  @Roles('system_admin', 'unit_admin')
  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Set a new password, lift a lockout, end sessions' })
  resetPassword(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string, @Body() dto: ResetPasswordDto): Promise<Staff> {
    return this.staff.resetPassword(p, id, dto.newPassword);
  }
}
