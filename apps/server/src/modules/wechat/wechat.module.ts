import { Module } from '@nestjs/common';
import { WechatClient } from './wechat.client.js';

/**
 * WeChat's server API behind one client. Import this module where WeChat is needed; the client reads
 * `AppConfig.wechat` (global `ConfigModule`), so the same code talks to WeChat or to `@hcp/wechat-sandbox`.
 */
@Module({
  providers: [WechatClient],
  exports: [WechatClient],
})
export class WechatModule {}
