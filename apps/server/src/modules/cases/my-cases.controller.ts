import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MyCase } from '@hcp/contracts';
import type { CitizenPrincipal } from '../../common/authz/principal.js';
import { CurrentPrincipal, ForCitizens } from '../identity/auth.decorators.js';
import { ConfirmDto, FollowUpDto } from './dto/case-actions.dto.js';
import { MyCasesService } from './my-cases.service.js';

const uuid = new ParseUUIDPipe({ version: '4' });

/** The rater's own case: progress, the answer to the reply, one follow-up rating. Another citizen's answers 404. */
@ApiTags('cases')
@ApiBearerAuth()
@ForCitizens('only')
@Controller('me/cases')
export class MyCasesController {
  constructor(private readonly cases: MyCasesService) {}

  @Get(':id')
  @ApiOperation({ summary: 'The citizen’s case: milestones, deadlines, the reply, what they may do now' })
  get(@CurrentPrincipal() p: CitizenPrincipal, @Param('id', uuid) id: string): Promise<MyCase> {
    return this.cases.get(p, id);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: '已解决 closes; 未解决 (with a comment) reopens once, then goes to a supervisor. 409 CASE_STATE_CONFLICT / CASE_ANSWER_DONE' })
  confirm(@CurrentPrincipal() p: CitizenPrincipal, @Param('id', uuid) id: string, @Body() dto: ConfirmDto): Promise<MyCase> {
    return this.cases.confirm(p, id, dto);
  }

  @Post(':id/follow-up')
  @HttpCode(200)
  @ApiOperation({ summary: '追评: one follow-up rating after the case closed. 409 CASE_ANSWER_DONE the second time' })
  followUp(@CurrentPrincipal() p: CitizenPrincipal, @Param('id', uuid) id: string, @Body() dto: FollowUpDto): Promise<MyCase> {
    return this.cases.followUp(p, id, dto);
  }
}
