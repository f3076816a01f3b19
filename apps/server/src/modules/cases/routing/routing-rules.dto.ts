import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { CreateRoutingRuleRequest, RoutingRuleKind } from '@hcp/contracts';
import { PageQueryDto } from '../../../common/http/paging.js';

const KINDS: readonly RoutingRuleKind[] = ['service_item', 'hall', 'region'];

export class CreateRoutingRuleDto implements CreateRoutingRuleRequest {
  @ApiProperty({ enum: KINDS, description: 'service_item: by 事项编码; hall: by hall id; region: by 12-digit region code (the deepest containing region wins)' })
  @IsIn(KINDS)
  kind: RoutingRuleKind;

  @ApiProperty({ example: '370902000000', description: 'The service item code, hall id or region code the rule matches; it must exist and be active' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  match: string;

  @ApiProperty({ description: 'The active unit that handles the matching cases' })
  @IsUUID()
  unitId: string;

  @ApiPropertyOptional({ maxLength: 200, example: '泰山区各大厅的差评统一由区行政审批服务局处理' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class RoutingRuleQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: KINDS })
  @IsOptional()
  @IsIn(KINDS)
  kind?: RoutingRuleKind;
}
