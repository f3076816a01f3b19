import { applyDecorators, Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import type { CaseSettings, RegionCaseSettings } from '@hcp/contracts';
import type { Principal } from '../../../common/authz/principal.js';
import { CurrentPrincipal, Roles } from '../../identity/auth.decorators.js';
import { CASE_SETTINGS_BOUNDS as B } from './case-settings.js';
import { CaseSettingsService } from './case-settings.service.js';

/** A whole number within the setting's bounds (CASE_SETTINGS_BOUNDS), documented as such. */
const Bounded = (key: keyof CaseSettings, example: number, description: string) =>
  applyDecorators(ApiProperty({ minimum: B[key].min, maximum: B[key].max, example, description }), IsInt(), Min(B[key].min), Max(B[key].max));

export class CaseSettingsDto implements CaseSettings {
  @Bounded('callbackWorkingDays', 1, '回访核实 within this many working days (0: the day the rating arrived)')
  callbackWorkingDays: number;

  @Bounded('replyWorkingDays', 15, '整改答复 within this many working days; not before the call-back')
  replyWorkingDays: number;

  @Bounded('remindWorkingDaysBefore', 1, 'remind the unit when this many working days are left (0: no reminder)')
  remindWorkingDaysBefore: number;

  @Bounded('defaultCloseDays', 7, '默认办结 when the rater has not answered a reply within this many days')
  defaultCloseDays: number;
}

/** Case deadlines per region; see CaseSettingsService. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('regions/:code/case-settings')
export class CaseSettingsController {
  constructor(private readonly settings: CaseSettingsService) {}

  @Roles('system_admin', 'supervisor', 'unit_admin', 'case_handler')
  @Get()
  @ApiOperation({
    summary: 'The case deadlines in force in a region, and where they come from (`inheritedFrom`: this region, an ancestor, or null for the defaults)',
    description: 'Staff whose unit or supervised region lies in or under the region. 403 `FORBIDDEN` otherwise (and for window staff); 404 `NOT_FOUND` for an unknown region.',
  })
  get(@CurrentPrincipal() principal: Principal, @Param('code') code: string): Promise<RegionCaseSettings> {
    return this.settings.get(principal, code);
  }

  @Roles('system_admin')
  @Put()
  @ApiOperation({
    summary: "Set a region's own case deadlines (system administrators); regions under it without their own follow",
    description: '400 `VALIDATION_FAILED` for a value out of bounds or a call-back later than the reply; 404 `NOT_FOUND` for an unknown region. Open cases keep their deadlines.',
  })
  put(@Param('code') code: string, @Body() dto: CaseSettingsDto): Promise<RegionCaseSettings> {
    return this.settings.put(code, dto);
  }

  @Roles('system_admin')
  @Delete()
  @ApiOperation({ summary: "Remove a region's own case deadlines: it follows its parent's (or the defaults) again", description: '404 `NOT_FOUND` for an unknown region.' })
  remove(@Param('code') code: string): Promise<RegionCaseSettings> {
    return this.settings.remove(code);
  }
}
