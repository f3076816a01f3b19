import type {
  CalendarYear,
  CaseAction,
  CaseAssignee,
  CaseDetail,
  CaseList,
  CaseListQuery,
  ContactReveal,
  Paged,
  Unit,
} from '@hcp/contracts';
import { staffRequest } from './staff-api';

/** `GET /cases`: the server orders (overdue first, then the nearest deadline) and scopes to the caller. */
export function listCases(query: CaseListQuery): Promise<CaseList> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== false) data[key] = value;
  return staffRequest<CaseList>('/cases', { data });
}

export function getCase(id: string): Promise<CaseDetail> {
  return staffRequest<CaseDetail>(`/cases/${encodeURIComponent(id)}`);
}

/** One handling action (`POST /cases/{id}/{action}`); the answer is the case after it. */
export function actOnCase(id: string, action: CaseAction, body: object): Promise<CaseDetail> {
  return staffRequest<CaseDetail>(`/cases/${encodeURIComponent(id)}/${action}`, { method: 'POST', data: { ...body } });
}

/** The rater's whole number, for the handling unit's staff only; the server writes an audit entry each time. */
export function revealContact(id: string): Promise<ContactReveal> {
  return staffRequest<ContactReveal>(`/cases/${encodeURIComponent(id)}/contact-reveal`, { method: 'POST', data: {} });
}

/**
 * Who may take the case (指派): the server's answer (`GET /cases/{id}/assignees`: the handling unit's active case
 * handlers and administrators), so the rule lives in one place and needs no right to list the unit's staff.
 */
export function listAssignees(caseId: string): Promise<CaseAssignee[]> {
  return staffRequest<CaseAssignee[]>(`/cases/${encodeURIComponent(caseId)}/assignees`);
}

/** Units a supervisor may route a case to (the server scopes the list to the caller's region). */
export async function searchUnits(q: string): Promise<Unit[]> {
  const data: Record<string, unknown> = { active: true, pageSize: 20 };
  if (q.trim() !== '') data.q = q.trim();
  return (await staffRequest<Paged<Unit>>('/units', { data })).items;
}

const calendars = new Map<number, Promise<CalendarYear | null>>();

/** A year of the working-day calendar, once per session; null when it cannot be had (weekdays count then). */
export function workCalendar(year: number): Promise<CalendarYear | null> {
  let found = calendars.get(year);
  if (!found) {
    found = staffRequest<CalendarYear>(`/calendar/${year}`).catch(() => {
      calendars.delete(year);
      return null;
    });
    calendars.set(year, found);
  }
  return found;
}
