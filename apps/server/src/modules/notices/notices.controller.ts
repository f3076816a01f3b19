import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DeadLetterList, DeadLetterResendResponse, NoticeList, NoticeReadAllResponse, NoticeView, SubscriptionsResponse } from '@hcp/contracts';
import type { Principal } from '../../common/authz/principal.js';
import { CurrentPrincipal, ForCitizens, Roles } from '../identity/auth.decorators.js';
import { NoticePageDto, SubscriptionsDto } from './dto/notices.dto.js';
import { NoticesService } from './notices.service.js';

const uuid = new ParseUUIDPipe({ version: '4' });

/** The caller's own inbox, citizens and staff alike; another person's notice answers 404 NOTICE_NOT_FOUND. */
@ApiTags('notices')
@ApiBearerAuth()
@ForCitizens('also')
@Controller('me')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get('notices')
  @ApiOperation({ summary: 'The caller’s notices, newest first, with the unread count (the badge)' })
  list(@CurrentPrincipal() p: Principal, @Query() query: NoticePageDto): Promise<NoticeList> {
    return this.notices.list(p, query);
  }

  @Post('notices/read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks every notice of the caller read' })
  readAll(@CurrentPrincipal() p: Principal): Promise<NoticeReadAllResponse> {
    return this.notices.readAll(p);
  }

  @Post('notices/:id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks one notice read (again: no change)' })
  read(@CurrentPrincipal() p: Principal, @Param('id', uuid) id: string): Promise<NoticeView> {
    return this.notices.read(p, id);
  }

  @Post('subscriptions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Records the subscribe-message templates the WeChat user accepted. 403 NOTICE_WECHAT_REQUIRED outside WeChat' })
  subscribe(@CurrentPrincipal() p: Principal, @Body() dto: SubscriptionsDto): Promise<SubscriptionsResponse> {
    return this.notices.subscribe(p, dto);
  }
}

/** WeChat messages given up on, for system administrators: list and send again. */
@ApiTags('notices')
@ApiBearerAuth()
@Roles('system_admin')
@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly notices: NoticesService) {}

  @Get()
  @ApiOperation({ summary: 'WeChat notices that failed for good, newest first' })
  list(@Query() query: NoticePageDto): Promise<DeadLetterList> {
    return this.notices.deadLetters(query);
  }

  @Post(':id/resend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Queues the notice for WeChat again. 404 DEAD_LETTER_NOT_FOUND' })
  resend(@Param('id', uuid) id: string): Promise<DeadLetterResendResponse> {
    return this.notices.resend(id);
  }
}
