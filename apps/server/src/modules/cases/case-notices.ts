import type { EntityManager } from 'typeorm';
import type { CaseAction, CaseSource, CaseState } from '@hcp/contracts';
import type { NoticeOutbox } from '../notices/notice-outbox.service.js';
import type { ActionBodies } from './case-handling.service.js';

/**
 * Which notices each step of a case sends, written by the step's own transaction (the notices' outbox). The event
 * key is the step's timeline entry, except for news told once per case: `accepted` (the first handler).
 */

/** What the rater reads when their case leaves their hands for good without their answer. */
const BODY = {
  escalatedClosed: '监督部门已对您的反馈作出处理，工单办结。如有需要，可以进行追评。',
  escalatedBack: '监督部门已要求办理单位重新处理，单位答复后会再通知您。',
  cancelled: '该工单已撤销。如有疑问，请联系办事大厅。',
  defaultClosed: '您未在期限内确认办理结果，系统已默认办结。如有需要，可以进行追评。',
} as const;

export const DEFAULT_CLOSE_NOTICE = BODY.defaultClosed;

/** The notices of a staff action on a case, after its change and timeline entry (`eventId`) are written. */
export async function noticesOfAction<A extends CaseAction>(
  outbox: NoticeOutbox,
  m: EntityManager,
  step: { caseId: string; eventId: string; action: A; body: ActionBodies[A]; to: CaseState },
): Promise<void> {
  const event = { caseId: step.caseId, eventKey: step.eventId };
  const body = step.body as ActionBodies[CaseAction];
  switch (step.action) {
    case 'callback':
      await outbox.add(m, 'citizen_called_back', [event]);
      return;
    case 'reply':
      await outbox.add(m, 'citizen_replied', [{ ...event, body: (body as ActionBodies['reply']).reply }]);
      return;
    case 'assign': {
      const { staffId } = body as ActionBodies['assign'];
      if (staffId === null) return;
      await outbox.add(m, 'staff_case_new', [{ ...event, body: '这件差评工单已指派给您，请及时回访核实并答复群众。' }], { staffId });
      await outbox.add(m, 'citizen_case_accepted', [{ caseId: step.caseId, eventKey: 'accepted' }]);
      return;
    }
    case 'route':
      await outbox.add(m, 'staff_case_new', [{ ...event, body: '监督部门将这件差评工单改派给本单位，请及时回访核实并答复群众。' }]);
      return;
    case 'rule': {
      const { ruling } = body as ActionBodies['rule'];
      if (step.to === 'closed') {
        await outbox.add(m, 'citizen_escalated', [{ ...event, body: BODY.escalatedClosed }]);
      } else {
        await outbox.add(m, 'citizen_escalated', [{ ...event, body: BODY.escalatedBack }]);
        await outbox.add(m, 'staff_reopened', [{ ...event, body: `监督部门退回重新处理：${ruling}` }]);
      }
      return;
    }
    case 'appeal-ruling': {
      const { decision, ruling } = body as ActionBodies['appeal-ruling'];
      // The rater never learns an appeal was made; an upheld one closes the case, which they are told of.
      if (decision === 'uphold') await outbox.add(m, 'citizen_appeal_ruled', [event]);
      await outbox.add(m, 'staff_appeal_ruled', [{ ...event, body: decision === 'uphold' ? `申诉成立，工单办结：${ruling}` : `申诉不成立，请继续办理：${ruling}` }]);
      return;
    }
    case 'cancel':
      await outbox.add(m, 'citizen_closed', [{ ...event, body: BODY.cancelled }]);
      return;
    case 'plan':
    case 'appeal':
    case 'transfer':
      return;
  }
}

/** A new case: its staff hear of it, and the rater that it is accepted once a handler holds it. */
export async function noticesOfOpening(outbox: NoticeOutbox, m: EntityManager, c: { id: string; assigneeId: string | null; source: CaseSource }): Promise<void> {
  // A request sent through Open311 is no 差评: its staff are told what it is.
  const body = c.source === 'open311' ? '有一件通过 Open311 接口提交的群众诉求需要您处理，请及时核实并答复。' : undefined;
  await outbox.add(m, 'staff_case_new', [{ caseId: c.id, eventKey: 'opened', ...(body ? { body } : {}) }]);
  if (c.assigneeId) await outbox.add(m, 'citizen_case_accepted', [{ caseId: c.id, eventKey: 'accepted' }]);
}

/** The rater said 未解决: the case's staff hear of it, with the rater's words. */
export async function noticesOfUnresolved(outbox: NoticeOutbox, m: EntityManager, step: { caseId: string; eventId: string; to: CaseState; comment: string }): Promise<void> {
  const said = step.to === 'escalated' ? `群众再次表示未解决，已提交监督部门处理：${step.comment}` : `群众表示问题仍未解决，请重新处理：${step.comment}`;
  await outbox.add(m, 'staff_reopened', [{ caseId: step.caseId, eventKey: step.eventId, body: said }]);
}
