import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AppealKind, CallbackContact, CaseCloseKind, CaseSource, CaseState, CaseVerification } from '@hcp/contracts';
import { UnitEntity } from '../../catalog/entities/unit.entity.js';
import { WindowEntity } from '../../catalog/entities/window.entity.js';
import { StaffEntity } from '../../identity/entities/staff.entity.js';
import { RatingEntity } from '../../ratings/entities/rating.entity.js';

/**
 * A 差评 case (差评工单): opened with its rating, routed to the responsible unit (谁办理谁负责, or a routing rule), and
 * moved only by the state machine in `case-workflow.ts`. Each step's facts are kept on the case; the timeline
 * (`case_event`) says who did what when.
 */
@Entity({ name: 'rating_case' })
@Index('IDX_case_unit_state', ['unitId', 'state'])
@Index('IDX_case_assignee_state', ['assigneeId', 'state'])
@Index('IDX_case_state_callback_due', ['state', 'callbackDueAt'])
@Index('IDX_case_state_reply_due', ['state', 'replyDueAt'])
@Index('IDX_case_state_confirm_due', ['state', 'confirmDueAt'])
// Open311's request search and the published 差评 list (modules/public) read cases by the time they were opened.
@Index('IDX_case_created', ['createdAt'])
@Index('IDX_case_unit_created', ['unitId', 'createdAt'])
// The deadline pass reads only what is due and not yet done (see case-scheduler.service.ts; the predicates are
// repeated there word for word so the planner matches them).
@Index('IDX_case_callback_remind_pending', ['callbackRemindAt'], { where: `state IN ('awaiting_callback') AND callback_reminded_round < deadline_round` })
@Index('IDX_case_reply_remind_pending', ['replyRemindAt'], { where: `state IN ('awaiting_callback', 'verified', 'in_progress', 'reopened') AND reply_reminded_round < deadline_round` })
@Index('IDX_case_callback_overdue_pending', ['callbackDueAt'], { where: `state IN ('awaiting_callback') AND callback_overdue_at IS NULL` })
@Index('IDX_case_reply_overdue_pending', ['replyDueAt'], { where: `state IN ('awaiting_callback', 'verified', 'in_progress', 'reopened') AND reply_overdue_at IS NULL` })
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** What people quote on the phone: CP + date (China time) + a six-digit serial, e.g. CP20261126000042. */
  @Index({ unique: true })
  @Column({ name: 'case_no', type: 'varchar', length: 24 })
  caseNo: string;

  /** Where the case came from: a 差评, or a request sent through Open311 (no rating, no window, no citizen account). */
  @Column({ type: 'varchar', length: 12, default: 'rating' })
  source: CaseSource;

  /** The 差评 behind the case; null for an Open311 request (its content is in `case_request`). */
  @Column({ name: 'rating_id', type: 'uuid', unique: true, nullable: true })
  ratingId: string | null;

  @OneToOne(() => RatingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rating_id' })
  rating?: RatingEntity;

  /** The citizen who rated (the rating's), so the citizen's own case pages need no rating lookup to authorise. */
  @Index()
  @Column({ name: 'citizen_id', type: 'uuid', nullable: true })
  citizenId: string | null;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  /** The rated window; null for an Open311 request. */
  @Column({ name: 'window_id', type: 'uuid', nullable: true })
  windowId: string | null;

  @ManyToOne(() => WindowEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'window_id' })
  window?: WindowEntity | null;

  /** The routing rule that sent the case to its unit, when one did. */
  @Column({ name: 'routing_rule_id', type: 'uuid', nullable: true })
  routingRuleId: string | null;

  @Column({ type: 'varchar', length: 24 })
  state: CaseState;

  /** Where an appeal or a transfer returns the case when it is rejected or routed. */
  @Column({ name: 'state_before_hold', type: 'varchar', length: 24, nullable: true })
  stateBeforeHold: CaseState | null;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: StaffEntity | null;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt: Date | null;

  /** The rater left a call-back number (else no call is promised, and the case records 无法联系 at once). */
  @Column({ name: 'has_contact', type: 'boolean', default: false })
  hasContact: boolean;

  /** 回访核实 deadline: end of a working day, China time. */
  @Column({ name: 'callback_due_at', type: 'timestamptz' })
  callbackDueAt: Date;

  /** 整改答复 deadline. */
  @Column({ name: 'reply_due_at', type: 'timestamptz' })
  replyDueAt: Date;

  /** When the unit is reminded of each deadline (settings of the unit's region at opening). */
  @Column({ name: 'callback_remind_at', type: 'timestamptz', nullable: true })
  callbackRemindAt: Date | null;

  @Column({ name: 'reply_remind_at', type: 'timestamptz', nullable: true })
  replyRemindAt: Date | null;

  /** Set by the scheduler when a deadline passed with its step undone; counts against the on-time rate. */
  @Column({ name: 'callback_overdue_at', type: 'timestamptz', nullable: true })
  callbackOverdueAt: Date | null;

  @Column({ name: 'reply_overdue_at', type: 'timestamptz', nullable: true })
  replyOverdueAt: Date | null;

  /**
   * Which round of deadlines runs: reopening, sending back and routing give the case new deadlines and count it up,
   * so the scheduler's once-keys (`remind:reply:1`) admit the new round's reminder and overdue mark.
   */
  @Column({ name: 'deadline_round', type: 'smallint', default: 0 })
  deadlineRound: number;

  /**
   * The round whose reminder of each deadline is settled (written, or its deadline passed first); -1 before any.
   * Behind `deadline_round` while a reminder may still be owed, which is what the scheduler's index selects.
   */
  @Column({ name: 'callback_reminded_round', type: 'smallint', default: -1 })
  callbackRemindedRound: number;

  @Column({ name: 'reply_reminded_round', type: 'smallint', default: -1 })
  replyRemindedRound: number;

  /** Days the rater has to answer a reply before 默认办结 (the region's setting when the case opened). */
  @Column({ name: 'default_close_days', type: 'smallint', default: 7 })
  defaultCloseDays: number;

  // 回访核实
  @Column({ name: 'callback_contact', type: 'varchar', length: 12, nullable: true })
  callbackContact: CallbackContact | null;

  @Column({ type: 'varchar', length: 12, nullable: true })
  verification: CaseVerification | null;

  @Column({ name: 'callback_note', type: 'text', nullable: true })
  callbackNote: string | null;

  @Column({ name: 'called_back_at', type: 'timestamptz', nullable: true })
  calledBackAt: Date | null;

  // 整改
  @Column({ type: 'text', nullable: true })
  plan: string | null;

  @Column({ name: 'plan_due_date', type: 'date', nullable: true })
  planDueDate: string | null;

  // 答复
  @Column({ name: 'reply_text', type: 'text', nullable: true })
  replyText: string | null;

  @Column({ name: 'rectification_result', type: 'text', nullable: true })
  rectificationResult: string | null;

  @Column({ name: 'replied_at', type: 'timestamptz', nullable: true })
  repliedAt: Date | null;

  /** After this the case closes as 默认办结 if the rater has not answered the reply. */
  @Column({ name: 'confirm_due_at', type: 'timestamptz', nullable: true })
  confirmDueAt: Date | null;

  // The rater's answer to the last reply
  @Column({ name: 'citizen_resolved', type: 'boolean', nullable: true })
  citizenResolved: boolean | null;

  @Column({ name: 'citizen_comment', type: 'varchar', length: 300, nullable: true })
  citizenComment: string | null;

  @Column({ name: 'citizen_answered_at', type: 'timestamptz', nullable: true })
  citizenAnsweredAt: Date | null;

  /** Times the rater said 未解决: the first reopens the case to the unit, the second escalates it. */
  @Column({ name: 'reopen_count', type: 'smallint', default: 0 })
  reopenCount: number;

  // 申诉
  @Column({ name: 'appeal_kind', type: 'varchar', length: 12, nullable: true })
  appealKind: AppealKind | null;

  @Column({ name: 'appeal_evidence', type: 'text', nullable: true })
  appealEvidence: string | null;

  @Column({ name: 'appeal_state', type: 'varchar', length: 12, nullable: true })
  appealState: 'pending' | 'upheld' | 'rejected' | null;

  @Column({ name: 'appeal_ruling', type: 'text', nullable: true })
  appealRuling: string | null;

  // The end
  @Column({ name: 'close_kind', type: 'varchar', length: 16, nullable: true })
  closeKind: CaseCloseKind | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  // 追评
  @Column({ name: 'follow_up_level', type: 'smallint', nullable: true })
  followUpLevel: number | null;

  @Column({ name: 'follow_up_comment', type: 'varchar', length: 150, nullable: true })
  followUpComment: string | null;

  @Column({ name: 'follow_up_at', type: 'timestamptz', nullable: true })
  followUpAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
