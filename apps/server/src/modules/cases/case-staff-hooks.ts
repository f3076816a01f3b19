import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { OPEN_CASE_STATES, type CaseState } from '@hcp/contracts';
import { StaffLifecycle } from '../../common/lifecycle/staff-lifecycle.js';
import { CaseEventEntity } from './entities/case-event.entity.js';
import { CaseEntity } from './entities/case.entity.js';

/** The timeline's note when a case goes back to the queue because its handler left. */
export const HANDLER_LEFT_NOTE = '处理人已离岗，退回单位待领取';

/**
 * Case handling's side of staff accounts: a handler who leaves the unit (deactivated or moved) would otherwise keep
 * cases in nobody's list; their open cases go back to the unit's queue, each with a timeline entry.
 */
@Injectable()
export class CaseStaffHooks implements OnModuleInit {
  constructor(private readonly lifecycle: StaffLifecycle) {}

  onModuleInit(): void {
    this.lifecycle.onLeavingUnit((manager, staffId) => this.returnCasesOf(manager, staffId));
  }

  async returnCasesOf(m: EntityManager, staffId: string): Promise<void> {
    const returned = await m
      .createQueryBuilder()
      .update(CaseEntity)
      .set({ assigneeId: null, assignedAt: () => 'now()' })
      .where({ assigneeId: staffId, state: In([...OPEN_CASE_STATES]) })
      .returning(['id', 'state'])
      .execute();
    const rows = returned.raw as { id: string; state: CaseState }[];
    if (rows.length === 0) return;
    await m.insert(
      CaseEventEntity,
      rows.map((c) => ({ caseId: c.id, actorKind: 'system' as const, actorId: null, action: 'assign', fromState: c.state, toState: c.state, note: HANDLER_LEFT_NOTE })),
    );
  }
}
