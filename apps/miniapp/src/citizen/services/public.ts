import type { PublicCases, PublicCasesQuery, PublicUnits, PublicUnitsQuery } from '@hcp/contracts';
import { request } from '../../services/request';

/** Published figures per unit (评价结果公开); no sign-in, so no token goes along. */
export function getPublicUnits(query: PublicUnitsQuery): Promise<PublicUnits> {
  return request<PublicUnits>('/public/units', { data: { ...query }, token: null });
}

/** Published 差评 cases of a month, anonymised by the server. */
export function getPublicCases(query: PublicCasesQuery): Promise<PublicCases> {
  return request<PublicCases>('/public/cases', { data: { ...query }, token: null });
}

/** `2026年 3月` of `2026-03` (a narrow screen breaks the line at the space). */
export function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年 ${Number(month.slice(5, 7))}月`;
}

/** The month `delta` months from `month` (YYYY-MM). */
export function shiftMonth(month: string, delta: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `81.3%`, or `—` when there is nothing to divide by. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** This month in China time. */
export function chinaMonth(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}
