import type { CaseAction, CaseState, CaseSummary } from '@hcp/contracts';

/** Button words for each handling action, in the order pages offer them: the usual next step first. */
export const ACTION_ORDER: readonly CaseAction[] = [
  'callback',
  'plan',
  'reply',
  'rule',
  'appeal-ruling',
  'route',
  'assign',
  'transfer',
  'appeal',
  'cancel',
];

/** The steps that move a case on; the first of these the server allows is the page's filled button. */
export const NEXT_STEPS: readonly CaseAction[] = ['callback', 'plan', 'reply', 'rule', 'appeal-ruling', 'route'];

export const ACTION_LABELS: Record<CaseAction, string> = {
  callback: '回访核实',
  plan: '制定整改计划',
  reply: '答复群众',
  appeal: '申诉',
  transfer: '非本单位事项，申请改派',
  assign: '指派处理人',
  rule: '裁定',
  'appeal-ruling': '申诉裁定',
  route: '改派单位',
  cancel: '撤销工单',
};

/** What the page says once an action went through. */
export const DONE_LABELS: Record<CaseAction, string> = {
  callback: '已记录回访',
  plan: '已保存整改计划',
  reply: '已答复群众',
  appeal: '已提交申诉',
  transfer: '已申请改派',
  assign: '已指派',
  rule: '已裁定',
  'appeal-ruling': '已裁定',
  route: '已改派',
  cancel: '已撤销',
};

/** Timeline words for what happened (`CaseEvent.action`: a CaseAction or a system event). */
const EVENT_LABELS: Record<string, string> = {
  opened: '生成工单',
  callback: '回访核实',
  plan: '制定整改计划',
  reply: '答复群众',
  appeal: '提出申诉',
  transfer: '申请改派',
  assign: '指派处理人',
  rule: '督办裁定',
  'appeal-ruling': '申诉裁定',
  route: '改派单位',
  cancel: '撤销工单',
  confirm: '群众确认',
  follow_up: '群众追评',
  reminder: '到期提醒',
  overdue: '已超期',
  default_close: '默认办结',
  contact_reveal: '查看号码',
};

export function eventLabel(action: string): string {
  return EVENT_LABELS[action] ?? '处理';
}

/** The unit's next deadline in this state (what the list sorts and warns by), or null when none is the unit's. */
export function nextDeadline(c: Pick<CaseSummary, 'state' | 'deadlines'>): { label: string; at: string } | null {
  const waitingFor: Partial<Record<CaseState, 'callback' | 'reply' | 'confirm'>> = {
    awaiting_callback: 'callback',
    verified: 'reply',
    in_progress: 'reply',
    reopened: 'reply',
    appealing: 'reply',
    rerouting: 'reply',
    escalated: 'reply',
    replied: 'confirm',
  };
  switch (waitingFor[c.state]) {
    case 'callback':
      return { label: '回访期限', at: c.deadlines.callbackDueAt };
    case 'reply':
      return { label: '答复期限', at: c.deadlines.replyDueAt };
    case 'confirm':
      return c.deadlines.confirmDueAt ? { label: '群众确认期限', at: c.deadlines.confirmDueAt } : null;
    default:
      return null;
  }
}
