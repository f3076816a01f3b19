import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CaseAssignee, CaseDetail, CaseList, ContactReveal, ContactRevealEntry, Paged } from '@hcp/contracts';
import type { StaffPrincipal } from '../../common/authz/principal.js';
import { CurrentPrincipal } from '../identity/auth.decorators.js';
import { CaseHandlingService } from './case-handling.service.js';
import {
  AppealDto,
  AppealRulingDto,
  AssignDto,
  CallbackDto,
  CaseListQueryDto,
  PlanDto,
  ReasonDto,
  ReplyDto,
  RevealListQueryDto,
  RouteDto,
  RuleDto,
} from './dto/case-actions.dto.js';

const uuid = new ParseUUIDPipe({ version: '4' });
const REFUSALS = '403 FORBIDDEN for a role that may not, 404 for a case outside the caller’s scope, 409 CASE_STATE_CONFLICT when the case’s state does not allow it now';

/**
 * 差评 cases for staff. Visible to the handling unit's staff, supervisors of its region and system administrators;
 * every action answers the case as it is afterwards.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller()
export class CasesController {
  constructor(private readonly cases: CaseHandlingService) {}

  @Get('cases')
  @ApiOperation({ summary: 'Cases in the caller’s scope: overdue first, then the nearest deadline; counts per state' })
  list(@CurrentPrincipal() p: StaffPrincipal, @Query() query: CaseListQueryDto): Promise<CaseList> {
    return this.cases.list(p, query);
  }

  @Get('cases/:id')
  @ApiOperation({ summary: 'A case with its rating, timeline and the actions the caller may take' })
  get(@CurrentPrincipal() p: StaffPrincipal, @Param('id', uuid) id: string): Promise<CaseDetail> {
    return this.cases.get(p, id);
  }

  @Get('cases/:id/assignees')
  @ApiOperation({ summary: 'Who the case may be assigned to: the unit’s active case handlers and administrators (those who may assign it). 403/404 as for assign' })
  assignees(@CurrentPrincipal() p: StaffPrincipal, @Param('id', uuid) id: string): Promise<CaseAssignee[]> {
    return this.cases.assignees(p, id);
  }

  @Post('cases/:id/callback')
  @HttpCode(200)
  @ApiOperation({ summary: `回访核实: record the call (handlers of the unit). ${REFUSALS}` })
  callback(@CurrentPrincipal() p: StaffPrincipal, @Param('id', uuid) id: string, @Body() dto: CallbackDto): Promise<CaseDetail> {
    return this.cases.act(p, id, 'callback', dto);
  }

  @Post('cases/:id/plan')
  @HttpCode(200)
  @ApiOperation({ summary: `整改: a plan and its date (handlers). ${REFUSALS}` })
  plan(@CurrentPrincipal() p: StaffPrincipal, @Param('id', uuid) id: string, @Body() dto: PlanDto): Promise<CaseDetail> {
    return this.cases.act(p, id, 'plan', dto);
  }

  @Post('cases/:id/reply')
  @HttpCode(200)
  @ApiOperation({ summary: `答复: the reply the rater reads and the rectification result (handlers). ${REFUSALS}` })
  reply(@CurrentPrincipal() p: StaffPrincipal, @Param('id', uuid) id: string, @Body() dto: ReplyDto): Promise<CaseDetail> {
    return this.cases.act(p, id, 'reply', dto);
  }

  @Post('cases/:id/appeal')
  @HttpCode(200)
  @ApiOperation({ summary: `申诉: the rating is malicious or mistaken (handlers; once). ${REFUSALS}` })
  appeal(@CurrentPrincipal() p: StaffPrincipal, @Param('id', uuid) id: string, @Body() dto: AppealDto): Promise<CaseDetail> {
    return this.cases.act(p, id, 'appeal', dto);
  }

  @Post('cases/:id/transfer')
  @HttpCode(200)
  @ApiOperation({ summary: `The unit is wrong: a supervisor chooses the unit (handlers). ${REFUSALS}` })
  transfer(@CurrentPrincipal() p: StaffPrincipal, @Param('id', uuid) id: string, @Body() dto: ReasonDto): Promise<CaseDetail> {
    return this.cases.act(p, id, 'transfer', dto);
  }

  @Post('cases/:id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: `指派: a handler of the unit, or the unit’s queue (unit administrators, supervisors). 400 CASE_ASSIGNEE_INVALID. ${REFUSALS}` })
  assign(@CurrentPrincipal() p: StaffPrincipal, @Param('id', uuid) id: string, @Body() dto: AssignDto): Promise<CaseDetail> {
    return this.cases.act(p, id, 'assign', dto);
  }

  @Post('cases/:id/rule')
  @HttpCode(200)
  @ApiOperation({ summary: `A second 未解决: close with a ruling or send back (supervisors). ${REFUSALS}` })
  rule(@CurrentPrincipal() p: StaffPrincipal, @Param('id', uuid) id: string, @Body() dto: RuleDto): Promise<CaseDetail> {
    return this.cases.act(p, id, 'rule', dto);
  }

  @Post('cases/:id/appeal-ruling')
  @HttpCode(200)
  @ApiOperation({ summary: `申诉裁定: uphold (the rating leaves every figure) or reject (back to handling) (supervisors). ${REFUSALS}` })
  appealRuling(@CurrentPrincipal() p: StaffPrincipal, @Param('id', uuid) id: string, @Body() dto: AppealRulingDto): Promise<CaseDetail> {
    return this.cases.act(p, id, 'appeal-ruling', dto);
  }

  @Post('cases/:id/route')
  @HttpCode(200)
  @ApiOperation({ summary: `改派: another unit of the supervisor’s region handles the case (supervisors). ${REFUSALS}` })
  route(@CurrentPrincipal() p: StaffPrincipal, @Param('id', uuid) id: string, @Body() dto: RouteDto): Promise<CaseDetail> {
    return this.cases.act(p, id, 'route', dto);
  }

  @Post('cases/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: `撤销, with a reason (supervisors). ${REFUSALS}` })
  cancel(@CurrentPrincipal() p: StaffPrincipal, @Param('id', uuid) id: string, @Body() dto: ReasonDto): Promise<CaseDetail> {
    return this.cases.act(p, id, 'cancel', dto);
  }

  @Post('cases/:id/contact-reveal')
  @HttpCode(200)
  @ApiOperation({ summary: 'The rater’s whole number (handlers of the unit only); audited. 409 CASE_NO_CONTACT when none was left' })
  reveal(@CurrentPrincipal() p: StaffPrincipal, @Param('id', uuid) id: string): Promise<ContactReveal> {
    return this.cases.revealContact(p, id);
  }

  @Get('audit/contact-reveals')
  @ApiOperation({ summary: 'Who saw which rater’s number, when (supervisors of the region, system administrators)' })
  reveals(@CurrentPrincipal() p: StaffPrincipal, @Query() query: RevealListQueryDto): Promise<Paged<ContactRevealEntry>> {
    return this.cases.reveals(p, query);
  }
}
