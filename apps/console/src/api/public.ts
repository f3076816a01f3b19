import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PublicCases, PublicCasesQuery, PublicUnits, PublicUnitsQuery } from '@hcp/contracts';
import { api } from './client';

/** The public disclosure routes (`/api/v1/public/…`, docs/public.md): no sign-in needed. */
export function usePublicUnits(q: PublicUnitsQuery) {
  return useQuery({ queryKey: ['public', 'units', q], queryFn: () => api<PublicUnits>('/public/units', { query: { ...q } }) });
}

export function usePublicCases(q: PublicCasesQuery) {
  return useQuery({
    queryKey: ['public', 'cases', q],
    queryFn: () => api<PublicCases>('/public/cases', { query: { ...q } }),
    placeholderData: keepPreviousData,
  });
}
