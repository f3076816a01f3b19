import { useSearchParams } from 'react-router';
import type { StatsPeriodKind, StatsQuery, StatsTrendGranularity } from '@hcp/contracts';

/**
 * The period the figures cover, kept in the address (`?period=month&date=2026-11-30`, or `?from=…&to=…`) so a link
 * to a dashboard or a drill-down shows the same figures to whoever opens it. Default: this month.
 */
export interface PeriodChoice {
  period?: StatsPeriodKind;
  date?: string;
  from?: string;
  to?: string;
}

/** Today in China time, YYYY-MM-DD. */
export function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

export function usePeriod(): [PeriodChoice, (next: PeriodChoice) => void] {
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const choice: PeriodChoice =
    from && to ? { from, to } : { period: (params.get('period') as StatsPeriodKind | null) ?? 'month', date: params.get('date') ?? chinaToday() };
  const set = (next: PeriodChoice) =>
    setParams(
      (current) => {
        const out = new URLSearchParams(current);
        for (const key of ['period', 'date', 'from', 'to'] as const) {
          const value = next[key];
          if (value) out.set(key, value);
          else out.delete(key);
        }
        return out;
      },
      { replace: true },
    );
  return [choice, set];
}

export function periodQuery(choice: PeriodChoice): StatsQuery {
  return choice.from && choice.to ? { from: choice.from, to: choice.to } : { period: choice.period, date: choice.date };
}

/** The trend's buckets: days within a week or month, weeks within a longer range, months beyond a quarter. */
export function trendGranularity(choice: PeriodChoice): StatsTrendGranularity {
  if (!(choice.from && choice.to)) return 'day';
  const span = (Date.parse(choice.to) - Date.parse(choice.from)) / 86_400_000;
  return span <= 62 ? 'day' : span <= 190 ? 'week' : 'month';
}

/** The address of a page with the period chosen now, so moving between pages keeps the figures' period. */
export function withPeriod(path: string, choice: PeriodChoice, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of ['period', 'date', 'from', 'to'] as const) if (choice[key]) params.set(key, choice[key]);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return `${path}?${params.toString()}`;
}
