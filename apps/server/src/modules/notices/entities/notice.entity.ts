import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { NoticeKind } from '@hcp/contracts';

/** Where a notice's WeChat subscribe message stands. */
export type WechatDelivery =
  /** No WeChat message for it: no template for its kind, or WeChat is not configured. */
  | 'none'
  /** Waiting for the delivery worker (first try, or a retry after `wechat_next_at`). */
  | 'pending'
  /** WeChat accepted it. */
  | 'sent'
  /** Not sent, by rule: no allowance left (or 43101), no openid. The in-app notice stands. */
  | 'skipped'
  /** A permanent error, or transient ones past the retry limit: on the dead-letter list. */
  | 'dead';

/**
 * A notice to one person about one step of a case: the in-app inbox entry and, where possible, a WeChat subscribe
 * message. Rows are written in the transaction of the case change they tell of (the transactional outbox); the
 * delivery worker sends the WeChat part. (case, event, recipient) is unique, so a retried change or a second server
 * never makes a second notice.
 */
@Entity({ name: 'notice' })
@Index('UQ_notice_event_recipient', ['caseId', 'eventKey', 'recipientKind', 'recipientId'], { unique: true })
@Index('IDX_notice_inbox', ['recipientKind', 'recipientId', 'createdAt'])
@Index('IDX_notice_unread', ['recipientKind', 'recipientId'], { where: 'read_at IS NULL' })
@Index('IDX_notice_wechat_due', ['wechatNextAt'], { where: `wechat_state = 'pending'` })
@Index('IDX_notice_dead', ['wechatDoneAt'], { where: `wechat_state = 'dead'` })
@Index('IDX_notice_read_created', ['createdAt'], { where: 'read_at IS NOT NULL' })
export class NoticeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 32 })
  kind: NoticeKind;

  @Column({ name: 'recipient_kind', type: 'varchar', length: 10 })
  recipientKind: 'citizen' | 'staff';

  /** The citizen's (the WeChat account a device was merged into, when it was) or the staff member's id. */
  @Column({ name: 'recipient_id', type: 'uuid' })
  recipientId: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  /** Copied from the case when written: the inbox lists notices without reading cases. */
  @Column({ name: 'case_no', type: 'varchar', length: 32 })
  caseNo: string;

  /** The unit handling the case when the notice was written (a subscribe message's 办理单位). */
  @Column({ name: 'unit_name', type: 'varchar', length: 100 })
  unitName: string;

  /** What happened, once per case: a timeline entry's id or once-key (`remind:reply:1`), or a fixed name (`accepted`). */
  @Column({ name: 'event_key', type: 'varchar', length: 64 })
  eventKey: string;

  @Column({ type: 'varchar', length: 40 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @Column({ name: 'wechat_state', type: 'varchar', length: 10, default: 'none' })
  wechatState: WechatDelivery;

  /** Sends tried so far (a claimed one counts). */
  @Column({ name: 'wechat_attempts', type: 'int', default: 0 })
  wechatAttempts: number;

  /** Pending: when the worker may take it (now, after a backoff, or when a claim's lease runs out). */
  @Column({ name: 'wechat_next_at', type: 'timestamptz', nullable: true })
  wechatNextAt: Date | null;

  @Column({ name: 'wechat_template_id', type: 'varchar', length: 64, nullable: true })
  wechatTemplateId: string | null;

  /** WeChat's message id (19 digits, as text) when its answer carried one. */
  @Column({ name: 'wechat_msgid', type: 'varchar', length: 24, nullable: true })
  wechatMsgid: string | null;

  @Column({ name: 'wechat_errcode', type: 'int', nullable: true })
  wechatErrcode: number | null;

  /** The last failure or the reason it was skipped, in English for operators (no personal data). */
  @Column({ name: 'wechat_error', type: 'varchar', length: 200, nullable: true })
  wechatError: string | null;

  /** When it was sent, skipped or given up. */
  @Column({ name: 'wechat_done_at', type: 'timestamptz', nullable: true })
  wechatDoneAt: Date | null;
}
