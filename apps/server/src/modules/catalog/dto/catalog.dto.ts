import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import type {
  CaseAssignmentMode,
  CreateHallRequest,
  CreateRegionRequest,
  CreateServiceItemRequest,
  CreateUnitRequest,
  CreateWindowRequest,
  UpdateRegionRequest,
} from '@hcp/contracts';

const REGION_CODE = /^\d{12}$/;
const REGION_MESSAGE = 'must be a 12-digit administrative code, e.g. 370902000000';
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const CODE_MESSAGE = 'must be 1–64 characters of letters, digits, ., _ and -';

export class CreateRegionDto implements CreateRegionRequest {
  @ApiProperty({ example: '370902000000' })
  @Matches(REGION_CODE, { message: `code ${REGION_MESSAGE}` })
  code: string;

  @ApiProperty({ example: '泰山区' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiPropertyOptional({ example: '370900000000', nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(REGION_CODE, { message: `parentCode ${REGION_MESSAGE}` })
  parentCode?: string | null;
}

export class UpdateRegionDto implements UpdateRegionRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(REGION_CODE, { message: `parentCode ${REGION_MESSAGE}` })
  parentCode?: string | null;
}

export class CreateUnitDto implements CreateUnitRequest {
  @ApiProperty({ example: '11370902MB2845123X' })
  @Matches(CODE, { message: `code ${CODE_MESSAGE}` })
  code: string;

  @ApiProperty({ example: '泰山区行政审批服务局' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: '370902000000' })
  @Matches(REGION_CODE, { message: `regionCode ${REGION_MESSAGE}` })
  regionCode: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({ enum: ['round_robin', 'queue'], default: 'round_robin', description: 'How new 差评 cases find a handler' })
  @IsOptional()
  @IsIn(['round_robin', 'queue'])
  caseAssignment?: CaseAssignmentMode;
}

export class UpdateUnitDto extends PartialType(CreateUnitDto) {}

export class CreateHallDto implements CreateHallRequest {
  @ApiProperty({ example: 'TSQ-ZWFW' })
  @Matches(CODE, { message: `code ${CODE_MESSAGE}` })
  code: string;

  @ApiProperty({ example: '泰山区政务服务中心' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: '370902000000' })
  @Matches(REGION_CODE, { message: `regionCode ${REGION_MESSAGE}` })
  regionCode: string;

  @ApiProperty({ example: '泰安市泰山区东岳大街 1 号' })
  @IsString()
  @Length(0, 200)
  address: string;
}

export class UpdateHallDto extends PartialType(CreateHallDto) {}

export class CreateWindowDto implements CreateWindowRequest {
  @ApiProperty()
  @IsUUID()
  hallId: string;

  @ApiProperty({ example: '3' })
  @Matches(/^[A-Za-z0-9-]{1,16}$/, { message: 'number must be 1–16 letters, digits or -' })
  number: string;

  @ApiProperty({ example: '不动产登记' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty()
  @IsUUID()
  unitId: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(CODE, { each: true, message: `each serviceItemCodes entry ${CODE_MESSAGE}` })
  serviceItemCodes?: string[];
}

export class UpdateWindowDto extends PartialType(CreateWindowDto) {}

export class CreateServiceItemDto implements CreateServiceItemRequest {
  @ApiProperty({ example: '370902-000201001000-01' })
  @Matches(CODE, { message: `code ${CODE_MESSAGE}` })
  code: string;

  @ApiProperty({ example: '不动产首次登记' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty()
  @IsUUID()
  unitId: string;
}

export class UpdateServiceItemDto extends PartialType(CreateServiceItemDto) {}
