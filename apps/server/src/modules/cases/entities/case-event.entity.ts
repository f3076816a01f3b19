import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { STATS_TXID_DEFAULT } from '../../ratings/entities/rating.entity.js';
import { CaseEntity } from './case.entity.js';

/** The case timeline: every change of a case leaves one entry, with who and when. */
@Entity({ name: 'case_event' })
@Index('IDX_case_event_case_at', ['caseId', 'at'])
// Open311's service request updates read the timeline by time.
@Index('IDX_case_event_at', ['at'])
// A scheduled entry (a reminder, an overdue mark, 默认办结) is written once per case however many servers run.
@Index('UQ_case_event_once', ['caseId', 'onceKey'], { unique: true, where: 'once_key IS NOT NULL' })
export class CaseEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'actor_kind', type: 'varchar', length: 10 })
  actorKind: 'citizen' | 'staff' | 'system';

  /** The citizen's or staff member's id; null for the system. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 32 })
  action: string;

  @Column({ name: 'from_state', type: 'varchar', length: 24, nullable: true })
  fromState: string | null;

  @Column({ name: 'to_state', type: 'varchar', length: 24, nullable: true })
  toState: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** The unit the case went to, on `opened` and `route` entries: what the rater's timeline names. */
  @Column({ name: 'unit_name', type: 'varchar', length: 100, nullable: true })
  unitName: string | null;

  /** For entries that must exist at most once per case (e.g. `remind:callback`, `overdue:reply`). */
  @Column({ name: 'once_key', type: 'varchar', length: 32, nullable: true })
  onceKey: string | null;

  /** The inserting transaction's id, set by the database: the statistics job recomputes the cases that moved. */
  @Index('IDX_case_event_stats_txid')
  @Column({ name: 'stats_txid', type: 'bigint', default: () => STATS_TXID_DEFAULT, select: false, insert: false, update: false })
  statsTxid?: string;
}
