import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import type {
  AppealKind,
  AppealRequest,
  AppealRulingRequest,
  AssignRequest,
  CallbackContact,
  CallbackRequest,
  CancelRequest,
  CaseListQuery,
  CaseState,
  CaseVerification,
  ConfirmRequest,
  FollowUpRequest,
  PlanRequest,
  RatingLevel,
  ReplyRequest,
  RouteRequest,
  RuleRequest,
  TransferRequest,
} from '@hcp/contracts';
import { CASE_TEXT_MAX, CaseState as CaseStates } from '@hcp/contracts';
import { PageQueryDto } from '../../../common/http/paging.js';
import { IsCalendarDay } from '../../../common/http/calendar-day.js';
import { IsFilledText } from '../../../common/http/text-fields.js';

/** What the rater may write when a reply did not solve it (the column's length). */
const CITIZEN_COMMENT_MAX = 300;

export class CallbackDto implements CallbackRequest {
  @ApiProperty({ enum: ['reached', 'unreachable'], description: 'Reached the rater, or could not (无法联系)' })
  @IsIn(['reached', 'unreachable'])
  contact: CallbackContact;

  @ApiPropertyOptional({ enum: ['true', 'partly_true', 'not_true'], description: '属实 / 部分属实 / 不属实; required when reached' })
  @ValidateIf((o: CallbackDto) => o.contact === 'reached' || o.verification !== undefined)
  @IsIn(['true', 'partly_true', 'not_true'])
  verification?: CaseVerification;

  @IsFilledText(CASE_TEXT_MAX)
  note: string;
}

export class PlanDto implements PlanRequest {
  @IsFilledText(CASE_TEXT_MAX)
  plan: string;

  @ApiProperty({ example: '2026-12-15', description: 'The day the rectification is done (China): from today to a year from today' })
  @IsCalendarDay()
  dueDate: string;
}

export class ReplyDto implements ReplyRequest {
  @IsFilledText(CASE_TEXT_MAX, { description: 'What the rater reads' })
  reply: string;

  @IsFilledText(CASE_TEXT_MAX, { description: '整改结果' })
  result: string;
}

export class AppealDto implements AppealRequest {
  @ApiProperty({ enum: ['malicious', 'mistaken'] })
  @IsIn(['malicious', 'mistaken'])
  kind: AppealKind;

  @IsFilledText(CASE_TEXT_MAX)
  evidence: string;
}

export class ReasonDto implements TransferRequest, CancelRequest {
  @IsFilledText(CASE_TEXT_MAX)
  reason: string;
}

export class AssignDto implements AssignRequest {
  @ApiProperty({ nullable: true, description: 'A handler of the unit; null puts the case back in the unit’s queue' })
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  staffId: string | null;
}

export class RuleDto implements RuleRequest {
  @ApiProperty({ enum: ['close', 'send_back'] })
  @IsIn(['close', 'send_back'])
  decision: 'close' | 'send_back';

  @IsFilledText(CASE_TEXT_MAX)
  ruling: string;
}

export class AppealRulingDto implements AppealRulingRequest {
  @ApiProperty({ enum: ['uphold', 'reject'] })
  @IsIn(['uphold', 'reject'])
  decision: 'uphold' | 'reject';

  @IsFilledText(CASE_TEXT_MAX)
  ruling: string;
}

export class RouteDto implements RouteRequest {
  @ApiProperty()
  @IsUUID()
  unitId: string;

  @IsFilledText(CASE_TEXT_MAX)
  reason: string;
}

export class ConfirmDto implements ConfirmRequest {
  @ApiProperty({ description: '已解决 (true) or 未解决 (false)' })
  @IsBoolean()
  resolved: boolean;

  @ValidateIf((o: ConfirmDto) => o.resolved === false || o.comment !== undefined)
  @IsFilledText(CITIZEN_COMMENT_MAX, { required: false, description: 'Required when not resolved: what is still wrong' })
  comment?: string;
}

export class FollowUpDto implements FollowUpRequest {
  @ApiProperty({ enum: [5, 4, 3, 2, 1], description: 'A JSON integer' })
  @IsInt()
  @Min(1)
  @Max(5)
  level: RatingLevel;

  @ApiPropertyOptional({ maxLength: 150 })
  @IsOptional()
  @IsString()
  @MaxLength(150)
  comment?: string;
}

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Paging and `q` (part of a case number); not `active`, which cases do not have (`?active=` is a 400). */
export class CaseListQueryDto extends OmitType(PageQueryDto, ['active', 'q'] as const) implements CaseListQuery {
  @ApiPropertyOptional({ description: 'Part of a case number' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: Object.values(CaseStates) })
  @IsOptional()
  @IsIn(Object.values(CaseStates))
  state?: CaseState;

  @ApiPropertyOptional({ description: 'Only the cases assigned to me' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({ description: 'Only the cases whose next step is late' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  windowId?: string;
}

export class RevealListQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  caseId?: string;
}
