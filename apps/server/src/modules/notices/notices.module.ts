import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WechatModule } from '../wechat/wechat.module.js';
import { NoticeEntity } from './entities/notice.entity.js';
import { NoticeSubscriptionEntity } from './entities/notice-subscription.entity.js';
import { StaffWechatEntity } from './entities/staff-wechat.entity.js';
import { NoticeDeliveryService } from './notice-delivery.service.js';
import { NoticeOutbox } from './notice-outbox.service.js';
import { NoticeRetentionService } from './notice-retention.service.js';
import { DeadLettersController, NoticesController } from './notices.controller.js';
import { NoticesService } from './notices.service.js';

/** Notices: the outbox other modules write to in their transactions, the inbox, and WeChat delivery. */
@Module({
  imports: [TypeOrmModule.forFeature([NoticeEntity, NoticeSubscriptionEntity, StaffWechatEntity]), WechatModule],
  controllers: [NoticesController, DeadLettersController],
  providers: [NoticeOutbox, NoticeDeliveryService, NoticeRetentionService, NoticesService],
  exports: [NoticeOutbox, NoticeDeliveryService],
})
export class NoticesModule {}
