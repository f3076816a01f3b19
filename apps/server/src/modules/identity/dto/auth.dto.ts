import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import type {
  ChangePasswordRequest,
  DeviceLoginRequest,
  LinkWechatRequest,
  RefreshRequest,
  StaffLoginRequest,
  WechatLoginRequest,
} from '@hcp/contracts';

export class StaffLoginDto implements StaffLoginRequest {
  @ApiProperty({ example: 'A1001' })
  @IsString()
  @Length(1, 32)
  staffNumber: string;

  @ApiProperty()
  @IsString()
  @Length(1, 128)
  password: string;

  @ApiPropertyOptional({ description: 'The browser device id, when signing in from the H5 pages' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{16,64}$/, { message: 'deviceId must be 16–64 characters of A–Z, a–z, 0–9, _ and -' })
  deviceId?: string;
}

export class RefreshDto implements RefreshRequest {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

export class WechatLoginDto implements WechatLoginRequest {
  @ApiProperty({ description: 'The code from wx.login' })
  @IsString()
  @Length(1, 128)
  code: string;
}

export class LinkWechatDto extends WechatLoginDto implements LinkWechatRequest {}

export class DeviceLoginDto implements DeviceLoginRequest {
  @ApiProperty({ description: 'A random id the browser keeps', example: 'd_3f9a0c2b7e1d4a5b8c6d' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{16,64}$/, { message: 'deviceId must be 16–64 characters of A–Z, a–z, 0–9, _ and -' })
  deviceId: string;
}

export class ChangePasswordDto implements ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @MaxLength(128)
  currentPassword: string;

  @ApiProperty({ description: 'At least 8 characters with letters and digits' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  newPassword: string;
}
