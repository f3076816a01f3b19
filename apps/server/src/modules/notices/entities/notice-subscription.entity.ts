import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The WeChat subscribe messages a person allowed and not yet used, per template: WeChat allows one message per accept
 * ("用户每次订阅，开发者可下发一条消息"), so each accept recorded adds one and each send spends one.
 */
@Entity({ name: 'notice_subscription' })
export class NoticeSubscriptionEntity {
  @PrimaryColumn({ name: 'recipient_kind', type: 'varchar', length: 10 })
  recipientKind: 'citizen' | 'staff';

  @PrimaryColumn({ name: 'recipient_id', type: 'uuid' })
  recipientId: string;

  @PrimaryColumn({ name: 'template_id', type: 'varchar', length: 64 })
  templateId: string;

  @Column({ type: 'int', default: 0 })
  allowance: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
