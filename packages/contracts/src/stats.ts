import type { RatingLevel } from './levels.js';

/**
 * Supervision figures (`/api/v1/stats/…`, docs/stats.md). Every answer covers one subject (a region's subtree, a
 * unit, a hall, a window, a staff member, a service item, or the caller's whole scope) over a period of China-time
 * days, says how fresh it is (`asOf`) and how many ratings it left out (flagged and not cleared, or invalidated by
 * an upheld appeal).
 */

/** What the figures are about; `all` is everything the caller may see. */
export const STATS_SUBJECT_KINDS = ['all', 'region', 'unit', 'hall', 'window', 'staff', 'service_item'] as const;
export type StatsSubjectKind = (typeof STATS_SUBJECT_KINDS)[number];

/** A calendar period named by one of its days (`date`), or any range (`from`/`to`). Weeks start on Monday. */
export const STATS_PERIODS = ['day', 'week', 'month'] as const;
export type StatsPeriodKind = (typeof STATS_PERIODS)[number];

/** The longest range one question may cover, in days (about three years). */
export const STATS_MAX_RANGE_DAYS = 1100;
/** The first and last days a question may name. */
export const STATS_MIN_DATE = '2000-01-01';
export const STATS_MAX_DATE = '2099-12-31';

/** Query of every stats route: one subject (or none: the caller's whole scope) and a period. */
export interface StatsQuery {
  /** 12-digit region code: the region with its subtree. */
  regionCode?: string;
  unitId?: string;
  hallId?: string;
  windowId?: string;
  staffId?: string;
  serviceItemId?: string;
  /** With `date`: the day, ISO week or month holding it. */
  period?: StatsPeriodKind;
  /** YYYY-MM-DD (China time). */
  date?: string;
  /** YYYY-MM-DD, inclusive; instead of `period`/`date`. */
  from?: string;
  to?: string;
}

export interface StatsSubject {
  kind: StatsSubjectKind;
  /** The region code or the object's id; null for `all`. */
  id: string | null;
  name: string;
}

/** Inclusive China-time days. */
export interface StatsPeriod {
  from: string;
  to: string;
}

/** The raw counts every rate is made of (numerators and denominators). */
export interface StatsCounts {
  ratings: number;
  /** Ratings per level 1–5 (index 0 is level 1). */
  levels: [number, number, number, number, number];
  cases: number;
  casesWithContact: number;
  callbackDue: number;
  calledBack: number;
  calledBackOnTime: number;
  replyDue: number;
  replied: number;
  repliedOnTime: number;
  rectified: number;
  reopened: number;
  callbackWorkingDays: number;
  replyWorkingDays: number;
  followUps: number;
  followUpsGood: number;
  appeals: number;
  appealsUpheld: number;
  appealsRejected: number;
}

/** Headline figures. A rate is a fraction 0–1, or null when its denominator is 0. */
export interface StatsFigures {
  counts: StatsCounts;
  /** 好评率: levels 3–5 / ratings. */
  goodRate: number | null;
  /** 差评率: levels 1–2 / ratings. */
  badRate: number | null;
  /** 回访率: cases called back / cases with a call-back number. */
  callbackRate: number | null;
  /** 按时回访率: called back by the deadline / call-backs due. */
  onTimeCallbackRate: number | null;
  /** 整改率: cases replied or closed / cases. */
  rectificationRate: number | null;
  /** Deadlines met (call-back and first reply) / deadlines due. */
  onTimeRate: number | null;
  /** Average working days from opening to the call-back, and to the first reply. */
  avgCallbackWorkingDays: number | null;
  avgReplyWorkingDays: number | null;
  /** Cases the rater said 未解决 at least once / cases replied. */
  reopenRate: number | null;
  /** 追评: given, at 基本满意 or better, below. */
  followUps: { total: number; good: number; bad: number; goodRate: number | null };
  /** 申诉: filed, upheld (the rating invalidated), rejected, awaiting a ruling. */
  appeals: { filed: number; upheld: number; rejected: number; pending: number };
}

/** Ratings the figures left out: flagged by the fraud signals and not cleared, or invalidated by an upheld appeal. */
export interface StatsExcluded {
  flagged: number;
  invalidated: number;
}

export interface StatsFreshness {
  /** Every rating and case change committed before this instant is in the figures; null before the first roll-up. */
  asOf: string | null;
}

/** `GET /stats/overview`: the period and the one before it, of the same length. */
export interface StatsOverview extends StatsFreshness {
  subject: StatsSubject;
  period: StatsPeriod;
  previousPeriod: StatsPeriod;
  current: StatsFigures;
  previous: StatsFigures;
  excluded: StatsExcluded;
  previousExcluded: StatsExcluded;
}

/**
 * How a breakdown or a trend is grouped. `region`: the direct child regions of the asked region (or of the caller's
 * region when none is asked; the top-level regions for a system administrator), each with its whole subtree.
 */
export const STATS_GROUP_BY = ['region', 'unit', 'hall', 'window', 'staff', 'service_item', 'day', 'week', 'month'] as const;
export type StatsGroupBy = (typeof STATS_GROUP_BY)[number];

/** The most rows a breakdown returns (the largest by ratings first). */
export const STATS_MAX_ROWS = 500;

export interface StatsBreakdownRow {
  /** The object's id, the region's code for `region`, or the bucket's first day (YYYY-MM-DD) for day/week/month. */
  key: string;
  name: string;
  figures: StatsFigures;
  excluded: StatsExcluded;
  /**
   * `region` only: this row is the region's own level (本级), the units placed in the region itself rather than in
   * one of its child regions; its key is the region's code.
   */
  ownLevel?: true;
}

/** `GET /stats/breakdown?groupBy=`: the subject's figures per unit, window… or per day, week, month (a trend). */
export interface StatsBreakdown extends StatsFreshness {
  subject: StatsSubject;
  period: StatsPeriod;
  groupBy: StatsGroupBy;
  rows: StatsBreakdownRow[];
  /** More groups exist than `STATS_MAX_ROWS`. */
  truncated: boolean;
}

export interface StatsTagCount {
  code: number;
  level: RatingLevel;
  label: string;
  count: number;
  previousCount: number;
}

/** `GET /stats/tags`: national tag counts per level in the period and the previous one (原因分析). */
export interface StatsTagAnalysis extends StatsFreshness {
  subject: StatsSubject;
  period: StatsPeriod;
  previousPeriod: StatsPeriod;
  tags: StatsTagCount[];
  excluded: StatsExcluded;
}

export const STATS_TREND_GRANULARITIES = ['day', 'week', 'month'] as const;
export type StatsTrendGranularity = (typeof STATS_TREND_GRANULARITIES)[number];

/** `GET /stats/tags/trend`: counts per bucket (its first day) and tag. */
export interface StatsTagTrend extends StatsFreshness {
  subject: StatsSubject;
  period: StatsPeriod;
  granularity: StatsTrendGranularity;
  points: { bucket: string; code: number; count: number }[];
}

export const STATS_RISING_BY = ['unit', 'window'] as const;
export type StatsRisingBy = (typeof STATS_RISING_BY)[number];

export interface StatsRisingTag {
  code: number;
  level: RatingLevel;
  label: string;
  by: StatsRisingBy;
  id: string;
  name: string;
  count: number;
  previousCount: number;
}

/** `GET /stats/tags/rising`: where a tag was ticked more often than in the previous period, most increase first. */
export interface StatsTagRising extends StatsFreshness {
  subject: StatsSubject;
  period: StatsPeriod;
  previousPeriod: StatsPeriod;
  rising: StatsRisingTag[];
}

export const STATS_RANKING_METRICS = ['good_rate', 'bad_rate', 'rectification_rate', 'on_time_rate'] as const;
export type StatsRankingMetric = (typeof STATS_RANKING_METRICS)[number];
/** `region`: the child regions of the asked region (or of the caller's), each with its subtree; see `STATS_GROUP_BY`. */
export const STATS_RANKING_BY = ['unit', 'window', 'region'] as const;
export type StatsRankingBy = (typeof STATS_RANKING_BY)[number];
/** Ratings a unit or window needs before it is ranked (default of `minRatings`). */
export const STATS_DEFAULT_MIN_RATINGS = 30;

export interface StatsRankingRow {
  /** 1 = best; null below `minRatings` (listed after the ranked, unranked). Ties share a rank. */
  rank: number | null;
  id: string;
  name: string;
  ratings: number;
  value: number | null;
}

/** `GET /stats/rankings`: units, windows or child regions by a rate (好评率 and 整改率 highest first; 差评率 lowest first). */
export interface StatsRanking extends StatsFreshness {
  subject: StatsSubject;
  period: StatsPeriod;
  by: StatsRankingBy;
  metric: StatsRankingMetric;
  minRatings: number;
  rows: StatsRankingRow[];
  truncated: boolean;
}

/** Flagged ratings (`/api/v1/ratings/flagged`): the fraud and content signals, for a supervisor to clear or confirm. */
export const RATING_FLAG_LABELS: Record<string, string> = {
  many_windows: '同一用户短时间内评价多个窗口',
  staff_self: '疑似工作人员本人评价',
  good_burst: '同一窗口短时间内好评集中',
  risky_comment: '评价内容存在风险',
  review_comment: '评价内容需人工复核',
  late_upload: '离线保存超过7天后上传',
  backdated: '评价时间早于提交时间',
};

export const FLAG_REVIEW_STATES = ['pending', 'cleared', 'confirmed'] as const;
export type FlagReviewState = (typeof FLAG_REVIEW_STATES)[number];

export interface FlaggedRating {
  id: string;
  level: RatingLevel;
  ratedAt: string;
  receivedAt: string;
  unit: { id: string; name: string };
  hall: { id: string; name: string };
  window: { id: string; name: string; number: string };
  staff: { id: string; name: string; staffNumber: string } | null;
  /** The signals, with their Chinese wording. */
  signals: { code: string; label: string }[];
  state: FlagReviewState;
  comment: string | null;
  tagCodes: number[];
  /** The case number when the rating opened one. */
  caseNo: string | null;
  review: { by: string; at: string; note: string | null } | null;
}

export interface FlaggedRatingQuery {
  state?: FlagReviewState;
  unitId?: string;
  windowId?: string;
  page?: number;
  pageSize?: number;
}

/** `POST /ratings/flagged/{id}`: `clear` returns the rating to the figures; `confirm` keeps it out for good. */
export interface FlagReviewRequest {
  decision: 'clear' | 'confirm';
  note?: string;
}
