import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CaseState } from '@hcp/contracts';
import { UnitEntity } from '../../catalog/entities/unit.entity.js';
import { WindowEntity } from '../../catalog/entities/window.entity.js';
import { RatingEntity } from '../../ratings/entities/rating.entity.js';

/** A 差评 case (差评工单): opened with its rating, routed to the window's responsible unit (谁办理谁负责). */
@Entity({ name: 'rating_case' })
@Index('IDX_case_unit_state', ['unitId', 'state'])
export class CaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** What people quote on the phone: CP + date (China time) + a six-digit serial, e.g. CP20261126000042. */
  @Index({ unique: true })
  @Column({ name: 'case_no', type: 'varchar', length: 24 })
  caseNo: string;

  @Column({ name: 'rating_id', type: 'uuid', unique: true })
  ratingId: string;

  @OneToOne(() => RatingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rating_id' })
  rating?: RatingEntity;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  @Column({ name: 'window_id', type: 'uuid' })
  windowId: string;

  @ManyToOne(() => WindowEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'window_id' })
  window?: WindowEntity;

  @Column({ type: 'varchar', length: 24 })
  state: CaseState;

  /** 回访核实 deadline: end of a working day, China time. */
  @Column({ name: 'callback_due_at', type: 'timestamptz' })
  callbackDueAt: Date;

  /** 整改答复 deadline. */
  @Column({ name: 'reply_due_at', type: 'timestamptz' })
  replyDueAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
