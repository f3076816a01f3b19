import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A day that breaks the weekday rule: a statutory holiday on a weekday (`holiday`), or a weekend day designated
 * a make-up workday (`workday`, 调休补班). Days not listed follow the rule: Monday–Friday work, weekends rest.
 * Seeded from the `chinese-days` package; an administrator's correction (`source = admin`) is never overwritten;
 * `normal` records an administrator's decision that a listed day follows the weekday rule after all.
 */
@Entity({ name: 'calendar_day' })
export class CalendarDayEntity {
  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ type: 'varchar', length: 10 })
  kind: 'holiday' | 'workday' | 'normal';

  @Column({ type: 'varchar', length: 50, default: '' })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  source: 'chinese-days' | 'admin';

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
