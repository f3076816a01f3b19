import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ClientConfig } from '@hcp/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { Public } from '../identity/auth.decorators.js';
import { templateIdsFor } from '../notices/notice-templates.js';

/** What the mini-program needs to know about this installation before the citizen signs in. */
@ApiTags('ratings')
@Controller('client-config')
export class ClientConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Subscribe-message template ids the mini-program asks citizens to allow' })
  get(): ClientConfig {
    const { appId, subscribeTemplateIds, staffSubscribeTemplateIds, noticeTemplates } = this.config.wechat;
    const citizenTemplates = new Set(templateIdsFor(noticeTemplates, 'citizen'));
    return {
      subscribeTemplateIds,
      // A promise of 微信服务通知 holds only when a template the citizen is asked about is one a notice is sent with.
      wechatNotices: appId !== undefined && subscribeTemplateIds.some((id) => citizenTemplates.has(id)),
      staffSubscribeTemplateIds: appId !== undefined ? staffSubscribeTemplateIds : [],
    };
  }
}
