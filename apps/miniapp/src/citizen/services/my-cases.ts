import type { ConfirmRequest, FollowUpRequest, MyCase } from '@hcp/contracts';
import { citizenRequest } from '../../services/citizen';

/** The citizen's own case: milestones, deadlines and the reply, no staff-internal notes. */
export function getMyCase(id: string): Promise<MyCase> {
  return citizenRequest<MyCase>(`/me/cases/${encodeURIComponent(id)}`);
}

/** 已解决 / 未解决 (with what is still wrong), once the unit has replied. */
export function confirmMyCase(id: string, body: ConfirmRequest): Promise<MyCase> {
  return citizenRequest<MyCase>(`/me/cases/${encodeURIComponent(id)}/confirm`, { method: 'POST', data: { ...body } });
}

/** 追评: the one follow-up rating after the case closed. */
export function followUpMyCase(id: string, body: FollowUpRequest): Promise<MyCase> {
  return citizenRequest<MyCase>(`/me/cases/${encodeURIComponent(id)}/follow-up`, { method: 'POST', data: { ...body } });
}
