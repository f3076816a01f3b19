import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { MOBILE_NUMBER, STAFF_ROLES, type CreateStaffRequest, type ResetPasswordRequest, type StaffRole, type UpdateStaffRequest } from '@hcp/contracts';

const ROLE_VALUES = STAFF_ROLES.map((r) => r.role);

export class CreateStaffDto implements CreateStaffRequest {
  @ApiProperty({ example: 'A1001' })
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'staffNumber must be 1–32 letters, digits, _ or -' })
  staffNumber: string;

  @ApiProperty({ example: '王晓燕' })
  @IsString()
  @Length(1, 50)
  name: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  unitId?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '13800138000' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(MOBILE_NUMBER, { message: 'phone must be an 11-digit mainland mobile number' })
  phone?: string | null;

  @ApiProperty({ enum: ROLE_VALUES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsIn(ROLE_VALUES, { each: true })
  roles: StaffRole[];

  @ApiPropertyOptional({ nullable: true, example: '370900000000' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(/^\d{12}$/, { message: 'scopeRegionCode must be a 12-digit administrative code' })
  scopeRegionCode?: string | null;

  @ApiProperty({ description: 'At least 8 characters with letters and digits' })
  @IsString()
  @Length(1, 128)
  password: string;
}

export class UpdateStaffDto implements UpdateStaffRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 50)
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  unitId?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(MOBILE_NUMBER, { message: 'phone must be an 11-digit mainland mobile number' })
  phone?: string | null;

  @ApiPropertyOptional({ enum: ROLE_VALUES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsIn(ROLE_VALUES, { each: true })
  roles?: StaffRole[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(/^\d{12}$/, { message: 'scopeRegionCode must be a 12-digit administrative code' })
  scopeRegionCode?: string | null;
}

export class ResetPasswordDto implements ResetPasswordRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 128)
  newPassword: string;
}
