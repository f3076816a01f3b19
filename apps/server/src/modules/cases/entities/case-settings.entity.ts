import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { RegionEntity } from '../../catalog/entities/region.entity.js';

/** A region's own case deadlines (local rules differ: Zhejiang, Liaoning…); regions without use their parent's. */
@Entity({ name: 'region_case_settings' })
export class CaseSettingsEntity {
  @PrimaryColumn({ name: 'region_code', type: 'char', length: 12 })
  regionCode: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code' })
  region?: RegionEntity;

  @Column({ name: 'callback_working_days', type: 'smallint' })
  callbackWorkingDays: number;

  @Column({ name: 'reply_working_days', type: 'smallint' })
  replyWorkingDays: number;

  @Column({ name: 'remind_working_days_before', type: 'smallint' })
  remindWorkingDaysBefore: number;

  @Column({ name: 'default_close_days', type: 'smallint' })
  defaultCloseDays: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
