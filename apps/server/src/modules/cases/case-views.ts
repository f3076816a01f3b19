import {
  BEFORE_CALLBACK_STATES,
  BEFORE_REPLY_STATES,
  ON_HOLD_STATES,
  type CaseAction,
  type CaseDeadlines,
  type CaseDetail,
  type CaseEvent,
  type CaseRequestView,
  type CaseState,
  type CaseSummary,
  type MyCase,
  type NextDeadline,
  type RatingLevel,
} from '@hcp/contracts';
import type { CaseRatingView } from './case-ratings.js';
import type { CaseEventEntity } from './entities/case-event.entity.js';
import type { CaseEntity } from './entities/case.entity.js';

const BEFORE_CALLBACK = BEFORE_CALLBACK_STATES;
const BEFORE_REPLY = BEFORE_REPLY_STATES;

/** A case loaded with its unit, window (and hall) and assignee. */
export type LoadedCase = CaseEntity & Required<Pick<CaseEntity, 'unit' | 'window'>>;

export function deadlinesOf(c: CaseEntity, now: Date): CaseDeadlines {
  return {
    callbackDueAt: c.callbackDueAt.toISOString(),
    replyDueAt: c.replyDueAt.toISOString(),
    confirmDueAt: c.confirmDueAt ? c.confirmDueAt.toISOString() : null,
    callbackOverdue: c.callbackOverdueAt !== null || (BEFORE_CALLBACK.includes(c.state) && c.callbackDueAt < now),
    replyOverdue: c.replyOverdueAt !== null || (BEFORE_REPLY.includes(c.state) && c.replyDueAt < now),
  };
}

/** The unit's next step is late now (a step done late no longer makes the case overdue in lists). */
export function overdueNow(c: CaseEntity, now: Date): boolean {
  return (BEFORE_CALLBACK.includes(c.state) && c.callbackDueAt < now) || (BEFORE_REPLY.includes(c.state) && c.replyDueAt < now);
}

/** The deadline the case waits on next (the one rule: lists order by it, pages show it). */
export function nextDeadlineOf(c: CaseEntity, now: Date): NextDeadline | null {
  const due = (kind: NextDeadline['kind'], at: Date, late: boolean): NextDeadline => ({ kind, at: at.toISOString(), overdue: late && at < now });
  if (BEFORE_CALLBACK.includes(c.state)) return due('callback', c.callbackDueAt, true);
  if (BEFORE_REPLY.includes(c.state)) return due('reply', c.replyDueAt, true);
  // The rater's answer is theirs to give: it is never the unit's overdue step.
  if (c.state === 'replied' && c.confirmDueAt) return due('confirm', c.confirmDueAt, false);
  return null;
}

/** What the rater sees while a case is on hold with a supervisor: the step it will return to. */
export function citizenState(c: Pick<CaseEntity, 'state' | 'stateBeforeHold'>): CaseState {
  return ON_HOLD_STATES.includes(c.state) ? (c.stateBeforeHold ?? 'in_progress') : c.state;
}

export function toCaseSummary(c: LoadedCase, rating: CaseRatingView | undefined, now: Date): CaseSummary {
  return {
    id: c.id,
    caseNo: c.caseNo,
    source: c.source,
    state: c.state,
    level: rating?.level ?? null,
    unit: { id: c.unit.id, name: c.unit.name },
    window: c.window ? { id: c.window.id, number: c.window.number, name: c.window.name, hallName: c.window.hall?.name ?? '' } : null,
    assignee: c.assignee ? { id: c.assignee.id, name: c.assignee.name } : null,
    deadlines: deadlinesOf(c, now),
    createdAt: c.createdAt.toISOString(),
    overdue: overdueNow(c, now),
    nextDeadline: nextDeadlineOf(c, now),
  };
}

export function toCaseEvent(e: CaseEventEntity, names: ReadonlyMap<string, string>): CaseEvent {
  const name = e.actorKind === 'staff' && e.actorId ? (names.get(e.actorId) ?? null) : e.actorKind === 'citizen' ? '群众' : '系统';
  return {
    at: e.at.toISOString(),
    actor: { kind: e.actorKind, name },
    action: e.action,
    fromState: e.fromState as CaseState | null,
    toState: e.toState as CaseState | null,
    note: e.note,
  };
}

export function toCaseDetail(
  c: LoadedCase,
  origin: { rating: CaseRatingView | null; request: (CaseRequestView & { phoneMasked: string | null }) | null },
  timeline: CaseEvent[],
  allowedActions: CaseAction[],
  options: { seesHiddenComment: boolean; canRevealContact: boolean; now: Date },
): CaseDetail {
  const { rating, request } = origin;
  const contactMasked = rating ? rating.contactMasked : (request?.phoneMasked ?? null);
  return {
    ...toCaseSummary(c, rating ?? undefined, options.now),
    rating: rating && {
      id: rating.id,
      level: rating.level,
      tagCodes: rating.tagCodes,
      tagVersion: rating.tagVersion,
      comment: rating.commentHidden && !options.seesHiddenComment ? null : rating.comment,
      ratedAt: rating.ratedAt.toISOString(),
      serviceItem: rating.serviceItem,
      staffOnDuty: rating.staffOnDuty,
      invalid: rating.invalid,
    },
    request: request && {
      serviceItem: request.serviceItem,
      description: request.description,
      address: request.address,
      lat: request.lat,
      long: request.long,
      attributes: request.attributes,
      reporterName: request.reporterName,
      emailMasked: request.emailMasked,
    },
    contactMasked,
    callback: c.callbackContact
      ? { contact: c.callbackContact, verification: c.verification, note: c.callbackNote, at: (c.calledBackAt ?? c.createdAt).toISOString() }
      : null,
    plan: c.plan && c.planDueDate ? { plan: c.plan, dueDate: c.planDueDate } : null,
    reply: c.replyText && c.repliedAt ? { reply: c.replyText, result: c.rectificationResult ?? '', at: c.repliedAt.toISOString() } : null,
    citizenAnswer:
      c.citizenResolved !== null && c.citizenAnsweredAt ? { resolved: c.citizenResolved, comment: c.citizenComment, at: c.citizenAnsweredAt.toISOString() } : null,
    reopenCount: c.reopenCount,
    appeal: c.appealKind && c.appealState ? { kind: c.appealKind, evidence: c.appealEvidence ?? '', state: c.appealState, ruling: c.appealRuling } : null,
    closeKind: c.closeKind,
    followUp: c.followUpLevel && c.followUpAt ? { level: c.followUpLevel as RatingLevel, comment: c.followUpComment, at: c.followUpAt.toISOString() } : null,
    timeline,
    allowedActions,
    canRevealContact: options.canRevealContact && contactMasked !== null,
  };
}

/**
 * The citizen's timeline: milestones and the reply in plain Chinese, nothing staff-internal (no notes, no plan, no
 * appeal, no names). A case on hold with a supervisor shows as the state it will return to.
 */
export function toMyCase(c: LoadedCase, level: RatingLevel, events: readonly CaseEventEntity[]): MyCase {
  const state = citizenState(c);
  return {
    id: c.id,
    caseNo: c.caseNo,
    state,
    closeKind: c.closeKind === 'appeal_upheld' ? 'ruling' : c.closeKind,
    unit: { name: c.unit.name },
    window: { number: c.window?.number ?? '', name: c.window?.name ?? '', hallName: c.window?.hall?.name ?? '' },
    level,
    deadlines: { callbackDueAt: c.callbackDueAt.toISOString(), replyDueAt: c.replyDueAt.toISOString(), confirmDueAt: c.confirmDueAt?.toISOString() ?? null },
    callbackExpected: c.hasContact,
    reply: c.replyText && c.repliedAt ? { reply: c.replyText, at: c.repliedAt.toISOString() } : null,
    canConfirm: c.state === 'replied',
    // An upheld appeal closes like a ruling for the rater (they are not told they were judged malicious), so they
    // may follow up as after any ruling; the rating stays invalid.
    canFollowUp: c.state === 'closed' && c.followUpLevel === null,
    followUp: c.followUpLevel && c.followUpAt ? { level: c.followUpLevel as RatingLevel, comment: c.followUpComment, at: c.followUpAt.toISOString() } : null,
    timeline: events.flatMap((e) => {
      const text = citizenText(e, c);
      return text ? [{ at: e.at.toISOString(), text }] : [];
    }),
  };
}

function citizenText(e: CaseEventEntity, c: LoadedCase): string | null {
  switch (e.action) {
    case 'opened':
      return e.unitName ? `已受理，由${e.unitName}办理` : '已受理';
    case 'callback':
      return e.actorKind === 'system' ? '您未留联系电话，单位将直接核实，并在此答复您' : '工作人员已回访核实';
    case 'plan':
      return '单位已制定整改措施，正在整改';
    case 'reply':
      return '单位已答复，请查看答复并告诉我们是否解决';
    case 'confirm':
      return e.toState === 'closed' ? '您已确认问题解决' : e.toState === 'escalated' ? '您表示仍未解决，已提交监督部门处理' : '您表示未解决，单位将重新处理';
    case 'route':
      return e.unitName ? `已转交${e.unitName}办理` : '已转交其他单位办理';
    // An upheld appeal reads as a ruling close; a rejected one is not the rater's news.
    case 'rule':
    case 'appeal-ruling':
      if (e.toState === 'closed') return '监督部门已作出处理，工单办结';
      return e.action === 'rule' ? '监督部门已要求单位重新处理' : null;
    case 'default_close':
      return `答复后 ${c.defaultCloseDays} 天内未收到您的确认，工单已默认办结`;
    case 'cancel':
      return '工单已撤销';
    case 'follow_up':
      return '您已追评';
    default:
      return null;
  }
}
