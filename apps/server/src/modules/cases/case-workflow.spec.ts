import { CaseAction, CaseState } from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';
import { afterCitizenAnswer, allowedActions, assertMayTake, mayTake, type CaseRole } from './case-workflow.js';

const STATES = Object.values(CaseState);
const ACTIONS = Object.values(CaseAction);

/**
 * The whole table, written out: for every action, the states it is allowed in and who may take it. Every other
 * state × action pair must be refused. A change to the workflow has to change this table too.
 */
const EXPECTED: Record<CaseAction, { from: CaseState[]; roles: CaseRole[] }> = {
  callback: { from: ['awaiting_callback'], roles: ['handler'] },
  plan: { from: ['verified', 'reopened'], roles: ['handler'] },
  reply: { from: ['verified', 'in_progress', 'reopened'], roles: ['handler'] },
  appeal: { from: ['awaiting_callback', 'verified', 'in_progress', 'reopened'], roles: ['handler'] },
  transfer: { from: ['awaiting_callback', 'verified', 'in_progress', 'reopened'], roles: ['handler'] },
  assign: { from: ['awaiting_callback', 'verified', 'in_progress', 'replied', 'reopened', 'escalated', 'appealing', 'rerouting'], roles: ['unit_admin', 'supervisor'] },
  rule: { from: ['escalated'], roles: ['supervisor'] },
  'appeal-ruling': { from: ['appealing'], roles: ['supervisor'] },
  route: { from: ['awaiting_callback', 'verified', 'in_progress', 'reopened', 'replied', 'rerouting'], roles: ['supervisor'] },
  cancel: { from: ['awaiting_callback', 'verified', 'in_progress', 'replied', 'reopened', 'escalated', 'appealing', 'rerouting'], roles: ['supervisor'] },
};

const ROLES: CaseRole[] = ['handler', 'unit_admin', 'supervisor'];

function refusal(fn: () => void): { status: number; code: string } | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (!(error instanceof AppException)) throw error;
    return { status: error.getStatus(), code: error.code };
  }
}

describe('the case workflow', () => {
  for (const action of ACTIONS) {
    for (const state of STATES) {
      for (const role of ROLES) {
        const roleMay = EXPECTED[action].roles.includes(role);
        const stateAllows = EXPECTED[action].from.includes(state);
        const expected = !roleMay ? 'refused 403' : stateAllows ? 'allowed' : 'refused 409';
        it(`${action} in ${state} by a ${role}: ${expected}`, () => {
          const outcome = refusal(() => assertMayTake(action, state, [role]));
          if (expected === 'allowed') expect(outcome).toBeNull();
          else if (expected === 'refused 403') expect(outcome).toEqual({ status: 403, code: 'FORBIDDEN' });
          else expect(outcome).toEqual({ status: 409, code: 'CASE_STATE_CONFLICT' });
          expect(mayTake(action, state, [role])).toBe(expected === 'allowed');
        });
      }
    }
  }

  it('offers no action at all on a closed or cancelled case', () => {
    expect(allowedActions('closed', ROLES)).toEqual([]);
    expect(allowedActions('cancelled', ROLES)).toEqual([]);
  });

  it('offers a unit administrator who also handles cases both kinds of actions', () => {
    expect(allowedActions('awaiting_callback', ['handler', 'unit_admin'])).toEqual(['callback', 'appeal', 'transfer', 'assign']);
  });

  it('lets no supervisor who also handles the unit’s cases rule on them, nor uphold the unit’s own appeal', () => {
    const both: CaseRole[] = ['handler', 'supervisor'];
    expect(refusal(() => assertMayTake('appeal-ruling', 'appealing', both))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(refusal(() => assertMayTake('rule', 'escalated', both))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(allowedActions('appealing', both)).toEqual(['assign', 'cancel']);
    expect(allowedActions('escalated', both)).toEqual(['assign', 'cancel']);
  });

  describe('the citizen’s answer to a reply', () => {
    it('closes on 已解决', () => {
      expect(afterCitizenAnswer('replied', true, 0)).toEqual({ to: 'closed', reopenCount: 0, closed: true });
    });
    it('reopens to the unit on the first 未解决, and goes to a supervisor on the second', () => {
      expect(afterCitizenAnswer('replied', false, 0)).toEqual({ to: 'reopened', reopenCount: 1, closed: false });
      expect(afterCitizenAnswer('replied', false, 1)).toEqual({ to: 'escalated', reopenCount: 2, closed: false });
    });
    it.each(STATES.filter((s) => s !== 'replied'))('is refused while the case is %s', (state) => {
      expect(refusal(() => afterCitizenAnswer(state, true, 0))).toEqual({ status: 409, code: 'CASE_STATE_CONFLICT' });
    });
  });
});
