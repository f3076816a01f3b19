import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { SubscriptionsRequest } from '@hcp/contracts';
import { PageQueryDto } from '../../../common/http/paging.js';

/** A page of notices (no search, no filter: the inbox lists everything of the caller's, newest first). */
export class NoticePageDto extends PickType(PageQueryDto, ['page', 'pageSize'] as const) {}

export class SubscriptionsDto implements SubscriptionsRequest {
  @ApiProperty({ type: [String], maxItems: 20, description: 'The template ids the user accepted in requestSubscribeMessage' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  @Matches(/^[\w-]+$/, { each: true, message: 'a template id is letters, digits, - and _' })
  templateIds: string[];

  @ApiPropertyOptional({ description: 'Staff in WeChat: a wx.login code, so the server learns who to send to' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  @Matches(/^[\x21-\x7e]+$/, { message: 'a login code is visible ASCII characters' })
  code?: string;
}
