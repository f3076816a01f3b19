import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { StatsCounters } from './stats-counters.js';

/**
 * Roll-ups of ratings and case milestones, kept by the stats job (`StatsRollupService`), read by the stats routes.
 * One row per China-time day and key; `NONE_ID` stands for no staff member / no service item. Three tiers of the same
 * counters, so a figure over a region for a year adds up a few thousand rows, never the ratings themselves.
 */

/** Day × unit × hall × window × staff member on duty × service item: figures for a staff member or a service item. */
@Entity({ name: 'stats_day_detail' })
@Index('IDX_stats_day_detail_staff', ['staffId', 'day'])
@Index('IDX_stats_day_detail_item', ['serviceItemId', 'day'])
export class StatsDayDetailEntity extends StatsCounters {
  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ name: 'window_id', type: 'uuid' })
  windowId: string;

  @PrimaryColumn({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @PrimaryColumn({ name: 'service_item_id', type: 'uuid' })
  serviceItemId: string;

  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ name: 'hall_id', type: 'uuid' })
  hallId: string;
}

/** Day × window (with its unit and hall as rated): figures for a window or a hall. */
@Entity({ name: 'stats_day_window' })
@Index('IDX_stats_day_window_hall', ['hallId', 'day'])
@Index('IDX_stats_day_window_unit', ['unitId', 'day'])
export class StatsDayWindowEntity extends StatsCounters {
  @PrimaryColumn({ name: 'window_id', type: 'uuid' })
  windowId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ name: 'hall_id', type: 'uuid' })
  hallId: string;
}

/** Day × unit: figures for a unit or a region (a region is the units whose region lies in its subtree). */
@Entity({ name: 'stats_day_unit' })
@Index('IDX_stats_day_unit_day', ['day'])
export class StatsDayUnitEntity extends StatsCounters {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;
}

/**
 * The same counters per month (`day` is the month's first day) for units and windows: a year's figures for a region
 * add up twelve rows per unit instead of 365. A period is read as its whole months from these and its other days
 * from the daily tiers.
 */
@Entity({ name: 'stats_month_unit' })
export class StatsMonthUnitEntity extends StatsCounters {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;
}

@Entity({ name: 'stats_month_window' })
@Index('IDX_stats_month_window_hall', ['hallId', 'day'])
@Index('IDX_stats_month_window_unit', ['unitId', 'day'])
export class StatsMonthWindowEntity extends StatsCounters {
  @PrimaryColumn({ name: 'window_id', type: 'uuid' })
  windowId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ name: 'hall_id', type: 'uuid' })
  hallId: string;
}

/** Tag counts per day × window × level (cause analysis, 原因分析). */
@Entity({ name: 'stats_tag_window' })
@Index('IDX_stats_tag_window_unit', ['unitId', 'day'])
@Index('IDX_stats_tag_window_hall', ['hallId', 'day'])
export class StatsTagWindowEntity {
  @PrimaryColumn({ name: 'window_id', type: 'uuid' })
  windowId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ name: 'tag_code', type: 'smallint' })
  tagCode: number;

  @PrimaryColumn({ type: 'smallint' })
  level: number;

  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ name: 'hall_id', type: 'uuid' })
  hallId: string;

  @Column({ type: 'integer', default: 0 })
  count: number;
}

/** Tag counts per day × unit × level: the same, a tier up, for regions and units. */
@Entity({ name: 'stats_tag_unit' })
@Index('IDX_stats_tag_unit_day', ['day'])
export class StatsTagUnitEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ name: 'tag_code', type: 'smallint' })
  tagCode: number;

  @PrimaryColumn({ type: 'smallint' })
  level: number;

  @Column({ type: 'integer', default: 0 })
  count: number;
}

/** Tag counts per month (`day` is its first day) × unit × level. */
@Entity({ name: 'stats_tag_unit_month' })
export class StatsTagUnitMonthEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ name: 'tag_code', type: 'smallint' })
  tagCode: number;

  @PrimaryColumn({ type: 'smallint' })
  level: number;

  @Column({ type: 'integer', default: 0 })
  count: number;
}

/**
 * What one case has contributed to the roll-ups (its milestones so far), keyed like its rating. When a case moves
 * the job recomputes this row and adds the difference to the roll-ups, so each case counts once however often it
 * changes.
 */
@Entity({ name: 'stats_case_fact' })
export class StatsCaseFactEntity extends StatsCounters {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @Index('IDX_stats_case_fact_rating', { unique: true })
  @Column({ name: 'rating_id', type: 'uuid' })
  ratingId: string;

  @Column({ type: 'date' })
  day: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ name: 'hall_id', type: 'uuid' })
  hallId: string;

  @Column({ name: 'window_id', type: 'uuid' })
  windowId: string;

  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @Column({ name: 'service_item_id', type: 'uuid' })
  serviceItemId: string;
}

/**
 * How far each source has been rolled up: every row written by a transaction whose id is below `txid` is in the
 * roll-ups, and none above. `passedAt` is when that was established (what `asOf` reports).
 */
@Entity({ name: 'stats_watermark' })
export class StatsWatermarkEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  source: 'rating' | 'case_event';

  @Column({ type: 'bigint' })
  txid: string;

  /** Null until the first pass. */
  @Column({ name: 'passed_at', type: 'timestamptz', nullable: true })
  passedAt: Date | null;
}
