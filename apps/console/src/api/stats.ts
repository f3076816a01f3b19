import { useQuery } from '@tanstack/react-query';
import type { StatsBreakdown, StatsGroupBy, StatsOverview, StatsQuery, StatsRanking, StatsRankingBy, StatsRankingMetric, StatsTagAnalysis, StatsTagRising } from '@hcp/contracts';
import { api } from './client';

/** The statistics routes (`/api/v1/stats/…`, docs/stats.md), as TanStack queries keyed by their parameters. */
type Params = Record<string, string | number | undefined>;
const query = (q: StatsQuery, extra: Params = {}) => ({ ...q, ...extra }) as Params;

export function useOverview(q: StatsQuery) {
  return useQuery({ queryKey: ['stats', 'overview', q], queryFn: () => api<StatsOverview>('/stats/overview', { query: query(q) }) });
}

export function useBreakdown(q: StatsQuery, groupBy: StatsGroupBy, enabled = true) {
  return useQuery({
    queryKey: ['stats', 'breakdown', q, groupBy],
    queryFn: () => api<StatsBreakdown>('/stats/breakdown', { query: query(q, { groupBy }) }),
    enabled,
  });
}

export function useTags(q: StatsQuery) {
  return useQuery({ queryKey: ['stats', 'tags', q], queryFn: () => api<StatsTagAnalysis>('/stats/tags', { query: query(q) }) });
}

export function useRising(q: StatsQuery, by: 'unit' | 'window') {
  return useQuery({ queryKey: ['stats', 'rising', q, by], queryFn: () => api<StatsTagRising>('/stats/tags/rising', { query: query(q, { by }) }) });
}

export function useRanking(q: StatsQuery, by: StatsRankingBy, metric: StatsRankingMetric) {
  return useQuery({
    queryKey: ['stats', 'rankings', q, by, metric],
    queryFn: () => api<StatsRanking>('/stats/rankings', { query: query(q, { by, metric }) }),
  });
}
