import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseAction, CaseAssignee, CaseDetail, CaseList, CaseListQuery } from '@hcp/contracts';
import { api } from './client';

/** The case routes (docs/cases.md): lists, one case, and its actions. */
export function useCaseList(q: CaseListQuery, enabled = true) {
  return useQuery({
    queryKey: ['cases', 'list', q],
    queryFn: () => api<CaseList>('/cases', { query: q as Record<string, string | number | boolean | undefined> }),
    enabled,
  });
}

export function useCase(id: string | null) {
  return useQuery({ queryKey: ['cases', 'detail', id], queryFn: () => api<CaseDetail>(`/cases/${id}`), enabled: !!id });
}

export function useAssignees(id: string, enabled: boolean) {
  return useQuery({ queryKey: ['cases', 'assignees', id], queryFn: () => api<CaseAssignee[]>(`/cases/${id}/assignees`), enabled });
}

/** Takes an action; the answer is the case afterwards, which replaces the cached one, and lists are asked again. */
export function useCaseAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: CaseAction; body: unknown }) => api<CaseDetail>(`/cases/${id}/${action}`, { method: 'POST', body }),
    onSuccess: (detail) => {
      client.setQueryData(['cases', 'detail', id], detail);
      void client.invalidateQueries({ queryKey: ['cases', 'list'] });
    },
  });
}
