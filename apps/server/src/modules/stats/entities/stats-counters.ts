import { Column } from 'typeorm';

/**
 * The counters every roll-up row carries, so every tier (staff and service item, window, unit) and the per-case
 * facts add up the same way. Levels are counted as columns (one row per day and key, not per level). Case counters
 * belong to the day the rated service took place (the case's cohort), so a case's later steps change its day's row.
 */
export abstract class StatsCounters {
  @Column({ name: 'ratings_l1', type: 'integer', default: 0 })
  ratingsL1: number;

  @Column({ name: 'ratings_l2', type: 'integer', default: 0 })
  ratingsL2: number;

  @Column({ name: 'ratings_l3', type: 'integer', default: 0 })
  ratingsL3: number;

  @Column({ name: 'ratings_l4', type: 'integer', default: 0 })
  ratingsL4: number;

  @Column({ name: 'ratings_l5', type: 'integer', default: 0 })
  ratingsL5: number;

  /** 差评 cases opened. */
  @Column({ type: 'integer', default: 0 })
  cases: number;

  /** Cases whose rater left a call-back number (only these are called back). */
  @Column({ name: 'cases_with_contact', type: 'integer', default: 0 })
  casesWithContact: number;

  /** Cases with contact whose call-back was done or is overdue (the call-back was due). */
  @Column({ name: 'callback_due', type: 'integer', default: 0 })
  callbackDue: number;

  @Column({ name: 'called_back', type: 'integer', default: 0 })
  calledBack: number;

  @Column({ name: 'called_back_on_time', type: 'integer', default: 0 })
  calledBackOnTime: number;

  /** Sum of working days from opening to the call-back. */
  @Column({ name: 'callback_days', type: 'integer', default: 0 })
  callbackDays: number;

  /** Cases whose first reply was done or is overdue (the reply was due). */
  @Column({ name: 'reply_due', type: 'integer', default: 0 })
  replyDue: number;

  @Column({ type: 'integer', default: 0 })
  replied: number;

  @Column({ name: 'replied_on_time', type: 'integer', default: 0 })
  repliedOnTime: number;

  /** Sum of working days from opening to the first reply. */
  @Column({ name: 'reply_days', type: 'integer', default: 0 })
  replyDays: number;

  /** 整改: replied, or closed (not cancelled). */
  @Column({ type: 'integer', default: 0 })
  rectified: number;

  /** The rater said 未解决 at least once. */
  @Column({ type: 'integer', default: 0 })
  reopened: number;

  /** 追评 given, and those at 基本满意 or better. */
  @Column({ name: 'follow_ups', type: 'integer', default: 0 })
  followUps: number;

  @Column({ name: 'follow_ups_good', type: 'integer', default: 0 })
  followUpsGood: number;

  @Column({ type: 'integer', default: 0 })
  appeals: number;

  @Column({ name: 'appeals_upheld', type: 'integer', default: 0 })
  appealsUpheld: number;

  @Column({ name: 'appeals_rejected', type: 'integer', default: 0 })
  appealsRejected: number;
}

/** The counter columns, in one order, for the roll-up SQL. */
export const COUNTER_COLUMNS = [
  'ratings_l1',
  'ratings_l2',
  'ratings_l3',
  'ratings_l4',
  'ratings_l5',
  'cases',
  'cases_with_contact',
  'callback_due',
  'called_back',
  'called_back_on_time',
  'callback_days',
  'reply_due',
  'replied',
  'replied_on_time',
  'reply_days',
  'rectified',
  'reopened',
  'follow_ups',
  'follow_ups_good',
  'appeals',
  'appeals_upheld',
  'appeals_rejected',
] as const;

export type CounterColumn = (typeof COUNTER_COLUMNS)[number];
/** Counters about appeals: kept for an invalidated rating (its upheld appeal is what they count). */
export const APPEAL_COUNTERS: readonly CounterColumn[] = ['appeals', 'appeals_upheld', 'appeals_rejected'];

/** Roll-up keys have no nulls (they are primary keys): "no staff member" and "no service item" are this id. */
export const NONE_ID = '00000000-0000-0000-0000-000000000000';
