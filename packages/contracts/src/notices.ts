import type { Paged } from './api.js';

/** What a notice is about. citizen_* go to the citizen who rated; staff_* go to staff. */
export const NOTICE_KINDS = [
  'citizen_case_accepted',   // case assigned to a handler (受理)
  'citizen_called_back',     // the unit recorded its call-back
  'citizen_replied',         // the unit replied (body carries the reply)
  'citizen_closed',          // closed, including 默认办结
  'citizen_escalated',       // the answer to a second 未解决
  'citizen_appeal_ruled',    // appeal outcome that changes what the citizen sees
  'staff_case_new',          // a new case assigned to me or my unit
  'staff_deadline_near',
  'staff_overdue',
  'staff_reopened',          // the citizen said 未解决
  'staff_appeal_ruled',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface NoticeView {
  id: string;
  kind: NoticeKind;
  /** Short Chinese headline, e.g. 您反映的问题已答复 */
  title: string;
  /** One or two Chinese sentences; for citizen_replied the unit's reply (may be shortened). */
  body: string;
  /** The case the notice opens with one tap; null if none. */
  caseId: string | null;
  /** The case number shown to people, when there is a case. */
  caseNo: string | null;
  createdAt: string; // ISO 8601
  readAt: string | null;
}

export interface NoticeList extends Paged<NoticeView> {
  /** Unread notices of the caller in all (not only this page): the badge. */
  unread: number;
}

export interface NoticeReadAllResponse { unread: number }

/** POST /me/subscriptions: the templates the WeChat user accepted in requestSubscribeMessage. */
export interface SubscriptionsRequest {
  templateIds: string[];
  /**
   * Staff only (optional addition): a wx.login code from the mini-program, so that the server learns the staff
   * member's openid the first time they accept in WeChat. Citizens signed in through WeChat never send it.
   */
  code?: string;
}
export interface SubscriptionsResponse { recorded: number }

/** The mini-program pages a notice opens (with `?id={caseId}`): the citizen's and the staff member's case page. */
export const NOTICE_CASE_PAGES = { citizen: 'citizen/case/index', staff: 'staff/case/index' } as const;

/** Why a WeChat subscribe message was given up (optional addition, for `GET /admin/dead-letters`). */
export interface DeadLetterView {
  /** The notice's id (resend with `POST /admin/dead-letters/{id}/resend`). */
  id: string;
  kind: NoticeKind;
  recipientKind: 'citizen' | 'staff';
  caseId: string | null;
  caseNo: string | null;
  templateId: string | null;
  /** WeChat's errcode when WeChat answered one; null for a timeout or an unreachable WeChat. */
  errcode: number | null;
  /** What went wrong, in English for the operator (no personal data). */
  error: string;
  attempts: number;
  createdAt: string;
  failedAt: string;
}

export type DeadLetterList = Paged<DeadLetterView>;

/** `POST /admin/dead-letters/{id}/resend`: the notice is queued again for WeChat. */
export interface DeadLetterResendResponse {
  id: string;
  /** `pending`: the delivery worker sends it shortly. */
  wechatState: 'pending';
}
