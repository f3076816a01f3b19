import type { RatingLevel } from './levels.js';

/**
 * Handling a 差评 (shared DOMAIN.md, "Handling a 差评"; national principle 谁办理谁负责): the responsible unit calls the
 * rater back and verifies (回访核实), rectifies (整改), replies (答复); the rater says whether it is resolved; a
 * supervisor rules on disputes, appeals (申诉) and cancellations. One state machine, on the server; these are its
 * words.
 */
export const CaseState = {
  AwaitingCallback: 'awaiting_callback', // 待回访
  Verified: 'verified', // 已回访核实 (the call is recorded; a plan or the reply comes next)
  InProgress: 'in_progress', // 整改中
  Replied: 'replied', // 已答复 (waiting for the rater's answer)
  Reopened: 'reopened', // 群众表示未解决，单位重新处理
  Escalated: 'escalated', // 第二次未解决，待监督人员裁定
  Appealing: 'appealing', // 申诉中，待监督人员裁定
  Rerouting: 'rerouting', // 处理人员认为责任单位有误，待监督人员改派
  Closed: 'closed', // 已办结
  Cancelled: 'cancelled', // 已撤销
} as const;

export type CaseState = (typeof CaseState)[keyof typeof CaseState];

export const CASE_STATE_LABELS: Record<CaseState, string> = {
  awaiting_callback: '待回访',
  verified: '已回访核实',
  in_progress: '整改中',
  replied: '已答复',
  reopened: '未解决，重新处理',
  escalated: '待督办裁定',
  appealing: '申诉审核中',
  rerouting: '待改派',
  closed: '已办结',
  cancelled: '已撤销',
};

/** States in which the case is still the unit's (or a supervisor's) to act on. */
export const OPEN_CASE_STATES: readonly CaseState[] = ['awaiting_callback', 'verified', 'in_progress', 'replied', 'reopened', 'escalated', 'appealing', 'rerouting'];

/** The unit's next step is the call-back (回访核实). */
export const BEFORE_CALLBACK_STATES: readonly CaseState[] = ['awaiting_callback'];
/** The unit's next step leads to a reply (答复): its reply deadline runs. */
export const BEFORE_REPLY_STATES: readonly CaseState[] = ['awaiting_callback', 'verified', 'in_progress', 'reopened'];
/** On hold with a supervisor (no deadline of the unit's runs); the rater sees the step the case will return to. */
export const ON_HOLD_STATES: readonly CaseState[] = ['appealing', 'rerouting'];

/** The longest text staff write on a case (a note, a plan, a reply, a reason, a ruling). */
export const CASE_TEXT_MAX = 500;

/** The deadline a case waits on next, as the server counts it: none while closed, cancelled or with a supervisor. */
export interface NextDeadline {
  kind: 'callback' | 'reply' | 'confirm';
  at: string;
  overdue: boolean;
}

/** How a closed case ended. `default`: the rater did not answer the reply in time (默认办结). */
export type CaseCloseKind = 'resolved' | 'default' | 'ruling' | 'appeal_upheld';

export const CASE_CLOSE_KIND_LABELS: Record<CaseCloseKind, string> = {
  resolved: '群众确认已解决',
  default: '默认办结',
  ruling: '监督裁定办结',
  appeal_upheld: '申诉成立',
};

/** 回访核实: did the call reach the rater, and is the complaint true (属实 / 部分属实 / 不属实)? */
export type CallbackContact = 'reached' | 'unreachable';
export type CaseVerification = 'true' | 'partly_true' | 'not_true';

export const CALLBACK_CONTACT_LABELS: Record<CallbackContact, string> = { reached: '已联系上', unreachable: '无法联系' };

export const CASE_VERIFICATION_LABELS: Record<CaseVerification, string> = { true: '属实', partly_true: '部分属实', not_true: '不属实' };

/** 申诉: the handler holds the rating to be 恶意 (malicious) or 误评 (mistaken). */
export type AppealKind = 'malicious' | 'mistaken';

export const APPEAL_KIND_LABELS: Record<AppealKind, string> = { malicious: '恶意评价', mistaken: '误评' };

/**
 * Handling actions, each `POST /cases/{id}/{action}` with its body below. Who may act:
 * - the handling unit's `case_handler` or `unit_admin`: callback, plan, reply, appeal, transfer;
 * - the unit's `unit_admin`: assign;
 * - a `supervisor` of the unit's region (or a system administrator): rule, appeal-ruling, route, cancel.
 */
export const CaseAction = {
  Callback: 'callback', // 回访核实
  Plan: 'plan', // 制定整改计划 → 整改中
  Reply: 'reply', // 答复 → 已答复
  Appeal: 'appeal', // 申诉
  Transfer: 'transfer', // 退回改派 (the unit is wrong)
  Assign: 'assign', // 指派处理人
  Rule: 'rule', // 裁定第二次未解决: close or send back
  AppealRuling: 'appeal-ruling', // 申诉裁定: uphold or reject
  Route: 'route', // 改派单位
  Cancel: 'cancel', // 撤销
} as const;

export type CaseAction = (typeof CaseAction)[keyof typeof CaseAction];

export interface CallbackRequest {
  contact: CallbackContact;
  /** Required when the rater was reached. */
  verification?: CaseVerification;
  note: string;
}

export interface PlanRequest {
  plan: string;
  /** The day the rectification should be done (YYYY-MM-DD, China). */
  dueDate: string;
}

export interface ReplyRequest {
  /** What the rater reads. */
  reply: string;
  /** 整改结果, for the unit and supervisors. */
  result: string;
}

export interface AppealRequest {
  kind: AppealKind;
  evidence: string;
}

export interface TransferRequest {
  reason: string;
}

export interface AssignRequest {
  /** A case_handler (or unit_admin) of the handling unit; null puts the case back in the unit's queue. */
  staffId: string | null;
}

export interface RuleRequest {
  decision: 'close' | 'send_back';
  ruling: string;
}

export interface AppealRulingRequest {
  decision: 'uphold' | 'reject';
  ruling: string;
}

export interface RouteRequest {
  unitId: string;
  reason: string;
}

export interface CancelRequest {
  reason: string;
}

/** The citizen's answer to a reply (`POST /me/cases/{id}/confirm`). */
export interface ConfirmRequest {
  resolved: boolean;
  /** Required when not resolved: what is still wrong. */
  comment?: string;
}

/** 追评: one follow-up rating after the case closed (`POST /me/cases/{id}/follow-up`). */
export interface FollowUpRequest {
  level: RatingLevel;
  comment?: string;
}

/** One timeline entry: who did what, when. Staff see all; the citizen sees the milestones and the reply only. */
export interface CaseEvent {
  at: string;
  actor: { kind: 'citizen' | 'staff' | 'system'; name: string | null };
  /** `opened`, a CaseAction, `confirm`, `follow_up`, `reminder`, `overdue`, `default_close`, `contact_reveal`… */
  action: string;
  fromState: CaseState | null;
  toState: CaseState | null;
  note: string | null;
}

export interface CaseDeadlines {
  callbackDueAt: string;
  replyDueAt: string;
  /** When the rater's answer to the reply is due; after it the case closes as 默认办结. */
  confirmDueAt: string | null;
  /** Set once the deadline passed with the step undone. */
  callbackOverdue: boolean;
  replyOverdue: boolean;
}

/**
 * Where a case came from: a 差评 rated at a window, or a service request sent by another system through the Open311
 * GeoReport v2 API (`POST /open311/v2/requests.json`), which has no rating and no window.
 */
export type CaseSource = 'rating' | 'open311';

/** A case as staff see it in a list. */
export interface CaseSummary {
  id: string;
  caseNo: string;
  source: CaseSource;
  state: CaseState;
  /** The rating's level; null for a request that came through Open311 (no rating). */
  level: RatingLevel | null;
  unit: { id: string; name: string };
  /** The rated window; null for a request that came through Open311. */
  window: { id: string; number: string; name: string; hallName: string } | null;
  assignee: { id: string; name: string } | null;
  deadlines: CaseDeadlines;
  createdAt: string;
  /** The unit's next step is overdue. */
  overdue: boolean;
  /** What the case waits on next; pages show this, never a deadline rule of their own. */
  nextDeadline: NextDeadline | null;
}

/** A case as staff see it on its page. */
export interface CaseDetail extends CaseSummary {
  /** The 差评 behind the case; null for a request that came through Open311 (see `request`). */
  rating: {
    id: string;
    level: RatingLevel;
    tagCodes: number[];
    tagVersion: string;
    /** Null when the comment was hidden by the content check (supervisors see it). */
    comment: string | null;
    ratedAt: string;
    serviceItem: { code: string; name: string } | null;
    staffOnDuty: { name: string; staffNumber: string } | null;
    /** Whether the rating has been marked invalid (an upheld appeal); it is never deleted. */
    invalid: boolean;
  } | null;
  /** What a request sent through Open311 says; null for a case opened by a rating. */
  request: CaseRequestView | null;
  /** 138****8000, or null when the rater left no number. Whole only through contact-reveal. */
  contactMasked: string | null;
  callback: { contact: CallbackContact; verification: CaseVerification | null; note: string | null; at: string } | null;
  plan: { plan: string; dueDate: string } | null;
  reply: { reply: string; result: string; at: string } | null;
  citizenAnswer: { resolved: boolean; comment: string | null; at: string } | null;
  reopenCount: number;
  appeal: { kind: AppealKind; evidence: string; state: 'pending' | 'upheld' | 'rejected'; ruling: string | null } | null;
  closeKind: CaseCloseKind | null;
  followUp: { level: RatingLevel; comment: string | null; at: string } | null;
  timeline: CaseEvent[];
  /** The actions the caller may take now, so pages show only buttons that will work. */
  allowedActions: CaseAction[];
  /** The caller may see the rater's whole number now (`POST /cases/{id}/contact-reveal`). */
  canRevealContact: boolean;
}

/** A service request received through Open311, as the handling unit's staff read it. */
export interface CaseRequestView {
  serviceItem: { code: string; name: string };
  description: string;
  /** The address the sender gave (`address_string`), if any. */
  address: string | null;
  lat: number | null;
  long: number | null;
  /** The sender's `attribute[code]` values, by code. */
  attributes: Record<string, string>;
  /** The reporter's name as sent (first and last name joined), or null. */
  reporterName: string | null;
  /** The reporter's e-mail address, masked (z***@example.cn), or null. */
  emailMasked: string | null;
}

/** `GET /cases` filters. */
export interface CaseListQuery {
  /** Part of a case number. */
  q?: string;
  state?: CaseState;
  mine?: boolean;
  overdue?: boolean;
  unitId?: string;
  windowId?: string;
  page?: number;
  pageSize?: number;
}

/** `GET /cases` answer: a page, counts per state for the same filter without `state`, and warnings for the reader. */
export interface CaseList {
  items: CaseSummary[];
  total: number;
  counts: Partial<Record<CaseState, number>>;
  /** e.g. the coming year's working-day calendar is not complete (system administrators). */
  warnings: string[];
}

/** `POST /cases/{id}/contact-reveal`: the whole number, once, audited. */
export interface ContactReveal {
  phone: string;
}

/** One audited reveal of a rater's number (`GET /audit/contact-reveals`, supervisors and system administrators). */
export interface ContactRevealEntry {
  at: string;
  caseId: string;
  caseNo: string;
  staff: { id: string; name: string; staffNumber: string };
}

/** The citizen's view of their case (`GET /me/cases/{id}`): milestones and the reply, no staff-internal notes. */
export interface MyCase {
  id: string;
  caseNo: string;
  state: CaseState;
  closeKind: CaseCloseKind | null;
  unit: { name: string };
  window: { number: string; name: string; hallName: string };
  level: RatingLevel;
  deadlines: Pick<CaseDeadlines, 'callbackDueAt' | 'replyDueAt' | 'confirmDueAt'>;
  /** Whether a call-back was promised (the rater left a number). */
  callbackExpected: boolean;
  reply: { reply: string; at: string } | null;
  /** The citizen may answer the reply now (已解决 / 未解决). */
  canConfirm: boolean;
  /** The citizen may add the one follow-up rating now. */
  canFollowUp: boolean;
  followUp: { level: RatingLevel; comment: string | null; at: string } | null;
  timeline: { at: string; text: string }[];
}

/** Per-region deadlines (`/regions/{code}/case-settings`); a region without its own uses its parent's, then these. */
export interface CaseSettings {
  /** 回访核实 within this many working days. */
  callbackWorkingDays: number;
  /** 整改答复 within this many working days. */
  replyWorkingDays: number;
  /** Remind the unit when this many working days are left. */
  remindWorkingDaysBefore: number;
  /** 默认办结 when the rater has not answered a reply within this many days. */
  defaultCloseDays: number;
}

export const DEFAULT_CASE_SETTINGS: CaseSettings = { callbackWorkingDays: 1, replyWorkingDays: 15, remindWorkingDaysBefore: 1, defaultCloseDays: 7 };

export interface RegionCaseSettings extends CaseSettings {
  regionCode: string;
  /** The region whose settings apply (this one, an ancestor), or null for the defaults. */
  inheritedFrom: string | null;
}

/** Routing rules: which unit handles a case, overriding the window's unit (谁办理谁负责 is the default). */
export type RoutingRuleKind = 'service_item' | 'hall' | 'region';

export interface RoutingRule {
  id: string;
  kind: RoutingRuleKind;
  /** The service item code, hall id or region code the rule matches. */
  match: string;
  unit: { id: string; name: string };
  note: string;
  active: boolean;
}

export interface CreateRoutingRuleRequest {
  kind: RoutingRuleKind;
  match: string;
  unitId: string;
  note?: string;
}

/** How a unit's new cases find a handler: round-robin among its active case handlers, or its queue. */
export type CaseAssignmentMode = 'round_robin' | 'queue';

/** Who a case may be assigned to (`GET /cases/{id}/assignees`): the handling unit's active handlers. */
export interface CaseAssignee {
  id: string;
  name: string;
  staffNumber: string;
}
