import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffEntity } from '../../identity/entities/staff.entity.js';
import { WindowEntity } from '../../catalog/entities/window.entity.js';

/** A staff member on duty at a window from `startedAt` until `endedAt` (open while null). */
@Entity({ name: 'duty_shift' })
@Index('IDX_duty_window_time', ['windowId', 'startedAt'])
// At most one open shift per window and per staff member.
@Index('UQ_duty_open_window', ['windowId'], { unique: true, where: 'ended_at IS NULL' })
@Index('UQ_duty_open_staff', ['staffId'], { unique: true, where: 'ended_at IS NULL' })
export class DutyShiftEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'window_id', type: 'uuid' })
  windowId: string;

  @ManyToOne(() => WindowEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'window_id' })
  window?: WindowEntity;

  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
