import type { Paged } from './api.js';
import type { CaseCloseKind, CaseState } from './cases.js';
import type { RatingLevel } from './levels.js';
import type { StatsPeriod, StatsRankingMetric } from './stats.js';

/**
 * Public disclosure (评价结果公开, docs/public.md): no sign-in. Figures per unit from the statistics roll-ups, and
 * each 差评 with the unit's reply and outcome, anonymised: no names, phone numbers, staff numbers, citizen ids, and
 * no comment that did not pass the content check.
 */

export const PUBLIC_PERIODS = ['month', 'year'] as const;
export type PublicPeriodKind = (typeof PUBLIC_PERIODS)[number];

/** `GET /public/units`: a month (`month=YYYY-MM`) or a year (`year=YYYY`), optionally one region's subtree. */
export interface PublicUnitsQuery {
  /** 12-digit region code: the region with its subtree; default every region. */
  region?: string;
  /** Default `month`. */
  period?: PublicPeriodKind;
  /** YYYY-MM (China time), with `period=month`; default the current month. */
  month?: string;
  /** YYYY, with `period=year`; default the current year. */
  year?: string;
  /** The rate the ranking is by; default 好评率. */
  metric?: StatsRankingMetric;
}

export interface PublicUnitRow {
  unitId: string;
  name: string;
  /** Ratings counted (flagged and invalidated ones left out, as in every figure). */
  ratings: number;
  good: number;
  bad: number;
  /** 差评 cases, and those replied or closed (整改). */
  cases: number;
  rectified: number;
  /** Fractions 0–1, null when the denominator is 0 (shown as "—"). */
  goodRate: number | null;
  badRate: number | null;
  rectificationRate: number | null;
  onTimeRate: number | null;
  /** Rank by `metric`; null for a unit with fewer than `minRatings` ratings (listed after the ranked ones). */
  rank: number | null;
}

export interface PublicUnits {
  region: { code: string; name: string } | null;
  period: StatsPeriod;
  metric: StatsRankingMetric;
  minRatings: number;
  /** In ranking order. */
  units: PublicUnitRow[];
  truncated: boolean;
  /** Figures include everything committed before this instant; null before the first roll-up. */
  asOf: string | null;
}

/** `GET /public/cases`: the 差评 cases of a month (the month the case opened, China time), optionally of one unit. */
export interface PublicCasesQuery {
  /** The unit handling the case (its id). */
  unit?: string;
  /** YYYY-MM; default the current month. */
  month?: string;
  page?: number;
  pageSize?: number;
}

export const PUBLIC_CASES_PAGE_SIZE = 20;
export const PUBLIC_CASES_MAX_PAGE_SIZE = 50;
/** The last page one may ask for: narrow by unit and month to see further. */
export const PUBLIC_CASES_MAX_PAGE = 200;

export interface PublicCase {
  /** The case number (CP + date + serial): what the rater was told, nothing about them. */
  caseNo: string;
  unit: string;
  hall: string;
  /** 1号窗口 企业开办 */
  window: string;
  serviceItem: string | null;
  level: RatingLevel;
  /** National tag labels ticked. */
  tags: string[];
  /** Only a comment that passed the content check, with numbers and known names masked; else null. */
  comment: string | null;
  /** As the rater sees it (a case on hold with a supervisor shows the step it returns to). */
  state: CaseState;
  stateLabel: string;
  /** The unit's reply to the rater (答复) and its rectification result, masked (docs/public.md); null before it. */
  reply: string | null;
  result: string | null;
  closeKind: CaseCloseKind | null;
  closeLabel: string | null;
  /** China-time days (YYYY-MM-DD), no times: a time and a window could point at a person. */
  ratedOn: string;
  repliedOn: string | null;
  closedOn: string | null;
}

export interface PublicCases extends Paged<PublicCase> {
  month: string;
  page: number;
  pageSize: number;
}

/** What the public pages show instead of anything the masking removed. */
export const PUBLIC_MASK = '＊＊';
