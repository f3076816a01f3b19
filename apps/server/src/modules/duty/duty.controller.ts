import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { DutyShift, StartDutyRequest } from '@hcp/contracts';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import type { StaffPrincipal } from '../../common/authz/principal.js';
import { DutyService } from './duty.service.js';

export class StartDutyDto implements StartDutyRequest {
  @ApiProperty()
  @IsUUID()
  windowId: string;
}

@ApiTags('duty')
@ApiBearerAuth()
@Controller('duty')
export class DutyController {
  constructor(private readonly duty: DutyService) {}

  @Post('start')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in to a window for a shift (ratings there are credited to you)' })
  start(@CurrentPrincipal() p: StaffPrincipal, @Body() dto: StartDutyDto): Promise<DutyShift> {
    return this.duty.start(p, dto.windowId);
  }

  @Post('end')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign out of your window' })
  async end(@CurrentPrincipal() p: StaffPrincipal): Promise<{ shift: DutyShift | null }> {
    return { shift: await this.duty.end(p) };
  }

  @Get('current')
  async current(@CurrentPrincipal() p: StaffPrincipal): Promise<{ shift: DutyShift | null }> {
    return { shift: await this.duty.current(p) };
  }
}
