import { HttpStatus } from '@nestjs/common';
import { BEFORE_REPLY_STATES, CASE_STATE_LABELS, ErrorCode, OPEN_CASE_STATES, type CaseAction, type CaseState } from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';

/**
 * The case state machine, in one place: which action may be taken in which state, by whom, and where it leads.
 * Pure (no database): the handling service locks the case row, asks `plan()`, writes the change and its timeline
 * entry in one transaction.
 */

/** Who acts on a case, as far as the workflow cares. */
export type CaseRole =
  /** A case handler or unit administrator of the unit handling the case. */
  | 'handler'
  /** The unit administrator of the unit handling the case (also a handler). */
  | 'unit_admin'
  /** A supervisor of the region the handling unit lies in, or a system administrator. */
  | 'supervisor';

/** Handling states: the unit's work is under way (its reply is still due) and the case is not on hold with a supervisor. */
const HANDLING: readonly CaseState[] = BEFORE_REPLY_STATES;

interface Rule {
  from: readonly CaseState[];
  /** Any of these roles may act. */
  roles: readonly CaseRole[];
  /** Unless also one of these: no one judges their own unit's case (a handler who is also a supervisor). */
  notBy?: readonly CaseRole[];
}

export const WORKFLOW: Record<CaseAction, Rule> = {
  // 回访核实: the call is recorded.
  callback: { from: ['awaiting_callback'], roles: ['handler'] },
  // 整改: a plan and its date.
  plan: { from: ['verified', 'reopened'], roles: ['handler'] },
  // 答复: 立行立改 may reply straight after the call.
  reply: { from: ['verified', 'in_progress', 'reopened'], roles: ['handler'] },
  // 申诉: the handler holds the rating malicious or mistaken; a supervisor rules.
  appeal: { from: HANDLING, roles: ['handler'] },
  // The unit is wrong: a supervisor chooses the unit.
  transfer: { from: HANDLING, roles: ['handler'] },
  // Who in the unit handles it.
  assign: { from: OPEN_CASE_STATES, roles: ['unit_admin', 'supervisor'] },
  // A second 未解决: close with a ruling, or send back to the unit.
  rule: { from: ['escalated'], roles: ['supervisor'], notBy: ['handler'] },
  // The unit appealed: a supervisor who handles the unit's cases would uphold their own appeal.
  'appeal-ruling': { from: ['appealing'], roles: ['supervisor'], notBy: ['handler'] },
  // Another unit handles it (after a transfer, or on the supervisor's own judgement).
  route: { from: [...HANDLING, 'replied', 'rerouting'], roles: ['supervisor'] },
  cancel: { from: OPEN_CASE_STATES, roles: ['supervisor'] },
};

export const CaseErrors = {
  stateConflict: (state: CaseState) =>
    new AppException(ErrorCode.CaseStateConflict, HttpStatus.CONFLICT, `工单当前为“${CASE_STATE_LABELS[state]}”，不能执行此操作，请刷新后再试`, undefined, { state }),
  forbidden: () => new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN, '您没有权限对该工单执行此操作'),
  notFound: () => new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND, '工单不存在'),
  assigneeInvalid: () => new AppException(ErrorCode.CaseAssigneeInvalid, HttpStatus.BAD_REQUEST, '所选人员不能处理该工单（须为本单位在岗的差评处理人员或单位管理员）'),
  noContact: () => new AppException(ErrorCode.CaseNoContact, HttpStatus.CONFLICT, '群众未留联系电话'),
  answerDone: (what: string) => new AppException(ErrorCode.CaseAnswerDone, HttpStatus.CONFLICT, what),
  invalid: (field: string, message: string) =>
    new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, message, [{ field, rules: ['workflow'], message }]),
};

/** Whether someone in these roles may take this action in this state (what the page shows as buttons). */
export function mayTake(action: CaseAction, state: CaseState, roles: readonly CaseRole[]): boolean {
  return WORKFLOW[action].from.includes(state) && roleMayTake(action, roles);
}

/** Whether someone in these roles may ever take this action on the case, whatever its state. */
export function roleMayTake(action: CaseAction, roles: readonly CaseRole[]): boolean {
  const rule = WORKFLOW[action];
  return rule.roles.some((r) => roles.includes(r)) && !(rule.notBy ?? []).some((r) => roles.includes(r));
}

/** Refuses the action: 403 for a role that may never take it here, 409 when the state does not allow it now. */
export function assertMayTake(action: CaseAction, state: CaseState, roles: readonly CaseRole[]): void {
  if (!roleMayTake(action, roles)) throw CaseErrors.forbidden();
  if (!WORKFLOW[action].from.includes(state)) throw CaseErrors.stateConflict(state);
}

export function allowedActions(state: CaseState, roles: readonly CaseRole[]): CaseAction[] {
  return (Object.keys(WORKFLOW) as CaseAction[]).filter((action) => mayTake(action, state, roles));
}

/** The citizen's answer to a reply: 已解决 closes; the first 未解决 reopens to the unit; the second goes to a supervisor. */
export function afterCitizenAnswer(state: CaseState, resolved: boolean, reopenCount: number): { to: CaseState; reopenCount: number; closed: boolean } {
  if (state !== 'replied') throw CaseErrors.stateConflict(state);
  if (resolved) return { to: 'closed', reopenCount, closed: true };
  return reopenCount === 0 ? { to: 'reopened', reopenCount: 1, closed: false } : { to: 'escalated', reopenCount: reopenCount + 1, closed: false };
}

export function isOpen(state: CaseState): boolean {
  return OPEN_CASE_STATES.includes(state);
}
