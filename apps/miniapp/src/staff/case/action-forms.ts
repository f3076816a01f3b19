import {
  APPEAL_KIND_LABELS,
  CALLBACK_CONTACT_LABELS,
  CASE_VERIFICATION_LABELS,
  type AppealRequest,
  type AppealRulingRequest,
  type AssignRequest,
  type CallbackRequest,
  type CancelRequest,
  type CaseAction,
  type CaseDetail,
  type PlanRequest,
  type ReplyRequest,
  type RouteRequest,
  type RuleRequest,
  type TransferRequest,
} from '@hcp/contracts';
import type { Option } from './FormFields';
import { chinaDate } from '../services/time-left';

/** What a form holds while it is being filled: plain strings, kept per action so a closed form keeps its text. */
export type Draft = Record<string, string>;

/** A field of an action's short form. `staff` and `unit` are choices whose options come from the server. */
export type FieldSpec =
  | { kind: 'choice'; name: string; label: string; options: Option[]; shownWhen?: (draft: Draft) => boolean }
  | { kind: 'text'; name: string; label: string; placeholder: string; max: number }
  | { kind: 'date'; name: string; label: string }
  | { kind: 'staff'; name: string; label: string }
  | { kind: 'unit'; name: string; label: string };

export interface ActionForm {
  fields: FieldSpec[];
  /** Sensible defaults for this case (whether a number was left, the reply deadline). */
  initial: (detail: CaseDetail, now: number) => Draft;
  /** The request body, or what is missing, in the words the form shows. */
  build: (draft: Draft) => { body: object } | { problem: string };
  /** Ask before sending: the action cannot be undone. */
  confirm?: string;
}

/** Value of the 指派 choice that puts the case back in the unit's queue (`staffId: null`). */
export const UNIT_QUEUE = 'queue';

const TEXT = 500;

const text = (name: string, label: string, placeholder: string): FieldSpec => ({ kind: 'text', name, label, placeholder, max: TEXT });

function needs(draft: Draft, checks: [string, string][]): string | null {
  for (const [name, problem] of checks) if ((draft[name] ?? '').trim() === '') return problem;
  return null;
}

const trimmed = (draft: Draft, name: string) => (draft[name] ?? '').trim();

function labelled<T extends string>(labels: Record<T, string>): Option[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));
}

function reasonOnly(label: string, placeholder: string, problem: string, confirm?: string): ActionForm {
  return {
    fields: [text('reason', label, placeholder)],
    initial: () => ({ reason: '' }),
    build: (draft) => {
      const missing = needs(draft, [['reason', problem]]);
      return missing ? { problem: missing } : { body: { reason: trimmed(draft, 'reason') } satisfies TransferRequest & CancelRequest };
    },
    confirm,
  };
}

function ruling(options: Option[], placeholder: string): ActionForm {
  return {
    fields: [{ kind: 'choice', name: 'decision', label: '裁定结果', options }, text('ruling', '裁定意见', placeholder)],
    initial: () => ({ decision: '', ruling: '' }),
    build: (draft) => {
      const missing = needs(draft, [
        ['decision', '请选择裁定结果'],
        ['ruling', '请填写裁定意见'],
      ]);
      if (missing) return { problem: missing };
      const body = { decision: draft.decision, ruling: trimmed(draft, 'ruling') } as RuleRequest | AppealRulingRequest;
      return { body };
    },
  };
}

/** The short form of each handling action: as few fields as the contract needs, with defaults where one is sensible. */
export const ACTION_FORMS: Record<CaseAction, ActionForm> = {
  callback: {
    fields: [
      {
        kind: 'choice',
        name: 'contact',
        label: '联系情况',
        options: labelled(CALLBACK_CONTACT_LABELS),
      },
      { kind: 'choice', name: 'verification', label: '核实结果', options: labelled(CASE_VERIFICATION_LABELS), shownWhen: (d) => d.contact === 'reached' },
      text('note', '回访情况', '如：已电话联系群众，了解到……'),
    ],
    // Without a number there is nobody to call: the likely answer is 无法联系.
    initial: (detail) => ({ contact: detail.contactMasked ? 'reached' : 'unreachable', verification: '', note: '' }),
    build: (draft) => {
      const reached = draft.contact === 'reached';
      const missing = needs(draft, [...(reached ? ([['verification', '请选择核实结果']] as [string, string][]) : []), ['note', '请填写回访情况']]);
      if (missing) return { problem: missing };
      const body: CallbackRequest = { contact: reached ? 'reached' : 'unreachable', note: trimmed(draft, 'note') };
      if (reached) body.verification = draft.verification as CallbackRequest['verification'];
      return { body };
    },
  },
  plan: {
    fields: [text('plan', '整改计划', '如：加强窗口人员培训，本周内完成……'), { kind: 'date', name: 'dueDate', label: '计划完成日期' }],
    // The reply deadline is the latest the plan can sensibly aim for.
    initial: (detail, now) => ({ plan: '', dueDate: defaultDueDate(detail, now) }),
    build: (draft) => {
      const missing = needs(draft, [
        ['plan', '请填写整改计划'],
        ['dueDate', '请选择计划完成日期'],
      ]);
      return missing ? { problem: missing } : { body: { plan: trimmed(draft, 'plan'), dueDate: draft.dueDate } satisfies PlanRequest };
    },
  },
  reply: {
    fields: [text('reply', '答复群众（群众可见）', '如：您反映的问题已核实，我们已……'), text('result', '整改结果（单位和监督人员可见）', '如：已对窗口人员批评教育，并……')],
    initial: () => ({ reply: '', result: '' }),
    build: (draft) => {
      const missing = needs(draft, [
        ['reply', '请填写给群众的答复'],
        ['result', '请填写整改结果'],
      ]);
      return missing ? { problem: missing } : { body: { reply: trimmed(draft, 'reply'), result: trimmed(draft, 'result') } satisfies ReplyRequest };
    },
  },
  appeal: {
    fields: [{ kind: 'choice', name: 'kind', label: '申诉理由', options: labelled(APPEAL_KIND_LABELS) }, text('evidence', '申诉依据', '如：监控显示该群众未在本窗口办理业务……')],
    initial: () => ({ kind: '', evidence: '' }),
    build: (draft) => {
      const missing = needs(draft, [
        ['kind', '请选择申诉理由'],
        ['evidence', '请填写申诉依据'],
      ]);
      return missing ? { problem: missing } : { body: { kind: draft.kind as AppealRequest['kind'], evidence: trimmed(draft, 'evidence') } satisfies AppealRequest };
    },
  },
  transfer: reasonOnly('改派原因', '如：该事项由区市场监管局办理……', '请说明改派原因'),
  assign: {
    fields: [{ kind: 'staff', name: 'staffId', label: '处理人' }],
    initial: () => ({ staffId: '' }),
    build: (draft) => {
      if (!draft.staffId) return { problem: '请选择处理人' };
      return { body: { staffId: draft.staffId === UNIT_QUEUE ? null : draft.staffId } satisfies AssignRequest };
    },
  },
  rule: ruling(
    [
      { value: 'close', label: '办结' },
      { value: 'send_back', label: '退回单位重新处理' },
    ],
    '如：单位已按要求整改，群众诉求超出政策范围……',
  ),
  'appeal-ruling': ruling(
    [
      { value: 'uphold', label: '申诉成立（评价作废）' },
      { value: 'reject', label: '驳回申诉' },
    ],
    '如：经调取监控核实……',
  ),
  route: {
    fields: [{ kind: 'unit', name: 'unitId', label: '改派给' }, text('reason', '改派原因', '如：该事项由区市场监管局办理')],
    initial: () => ({ unitId: '', reason: '' }),
    build: (draft) => {
      const missing = needs(draft, [
        ['unitId', '请选择改派的单位'],
        ['reason', '请说明改派原因'],
      ]);
      return missing ? { problem: missing } : { body: { unitId: draft.unitId, reason: trimmed(draft, 'reason') } satisfies RouteRequest };
    },
  },
  cancel: reasonOnly('撤销原因', '如：群众重复评价', '请填写撤销原因', '撤销后该工单不再处理，确定撤销吗？'),
};

/** `6月24日` from `2026-06-24`. */
export function shortDate(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function defaultDueDate(detail: CaseDetail, now: number): string {
  const today = chinaDate(now);
  const deadline = chinaDate(Date.parse(detail.deadlines.replyDueAt));
  return deadline >= today ? deadline : today;
}

/** A few dates a plan usually aims for, as one-tap choices: today, in 3 and 7 days, and the reply deadline. */
export function planDates(detail: CaseDetail, now: number): Option[] {
  const today = chinaDate(now);
  const deadline = chinaDate(Date.parse(detail.deadlines.replyDueAt));
  const choices: Option[] = [
    { value: today, label: `今天（${shortDate(today)}）` },
    { value: addDays(today, 3), label: `3天后（${shortDate(addDays(today, 3))}）` },
    { value: addDays(today, 7), label: `7天后（${shortDate(addDays(today, 7))}）` },
  ].filter((c) => deadline < today || c.value < deadline);
  if (deadline >= today) choices.push({ value: deadline, label: `答复期限（${shortDate(deadline)}）` });
  return choices;
}
