import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ClientConfig } from '@hcp/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { Public } from '../identity/auth.decorators.js';

/** What the mini-program needs to know about this installation before the citizen signs in. */
@ApiTags('ratings')
@Controller('client-config')
export class ClientConfigController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Subscribe-message template ids the mini-program asks citizens to allow' })
  get(): ClientConfig {
    return { subscribeTemplateIds: this.config.wechat.subscribeTemplateIds };
  }
}
