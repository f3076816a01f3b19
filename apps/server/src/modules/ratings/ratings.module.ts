import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { DutyModule } from '../duty/duty.module.js';
import { WechatModule } from '../wechat/wechat.module.js';
import { ClientConfigController } from './client-config.controller.js';
import { FlaggedRatingsController } from './flagged-ratings.controller.js';
import { FlaggedRatingsService } from './flagged-ratings.service.js';
import { CaseRatingsService } from './case-ratings.service.js';
import { PhoneNumbersService } from './phone-numbers.service.js';
import { RatingsController } from './ratings.controller.js';
import { RatingsService } from './ratings.service.js';

@Module({
  imports: [DutyModule, CasesModule, CatalogModule, WechatModule],
  controllers: [RatingsController, ClientConfigController, FlaggedRatingsController],
  providers: [RatingsService, PhoneNumbersService, CaseRatingsService, FlaggedRatingsService],
  exports: [RatingsService],
})
export class RatingsModule {}
