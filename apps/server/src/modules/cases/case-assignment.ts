import type { EntityManager } from 'typeorm';
import type { CaseAssignee } from '@hcp/contracts';
import { StaffEntity } from '../identity/entities/staff.entity.js';
import { UnitEntity } from '../catalog/entities/unit.entity.js';
import { CaseEntity } from './entities/case.entity.js';

/** Staff who may handle a unit's cases, as SQL over `s` (staff): active, in the unit, a case handler or its administrator. */
const HANDLES_UNIT_CASES = "s.unit_id = :unitId AND s.active AND s.roles && ARRAY['case_handler','unit_admin']::text[]";

export async function mayHandle(m: EntityManager, staffId: string, unitId: string): Promise<boolean> {
  return m.createQueryBuilder(StaffEntity, 's').where(`s.id = :staffId AND ${HANDLES_UNIT_CASES}`, { staffId, unitId }).getExists();
}

/** Everyone a unit's case may be assigned to, in staff-number order: names and staff numbers only (no phones). */
export async function assignableStaff(m: EntityManager, unitId: string): Promise<CaseAssignee[]> {
  const staff = await m.createQueryBuilder(StaffEntity, 's').select(['s.id', 's.name', 's.staffNumber']).where(HANDLES_UNIT_CASES, { unitId }).orderBy('s.staff_number', 'ASC').getMany();
  return staff.map((s) => ({ id: s.id, name: s.name, staffNumber: s.staffNumber }));
}

/**
 * The handler a new case of this unit goes to: the next active case handler after the one who got the unit's last
 * assigned case (round-robin, in staff-number order), or nobody when the unit works from its queue or has no handler.
 * Serialised per unit, so two cases opened at once go to two people.
 */
export async function nextHandler(m: EntityManager, unitId: string): Promise<string | null> {
  const unit = await m.findOne(UnitEntity, { where: { id: unitId }, select: { id: true, caseAssignment: true } });
  if (!unit || unit.caseAssignment === 'queue') return null;
  await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`case-assignment:${unitId}`]);
  const handlers = await m
    .createQueryBuilder(StaffEntity, 's')
    .select(['s.id'])
    .where("s.unit_id = :unitId AND s.active AND 'case_handler' = ANY(s.roles)", { unitId })
    .orderBy('s.staff_number', 'ASC')
    .getMany();
  if (handlers.length === 0) return null;
  const last = await m
    .createQueryBuilder(CaseEntity, 'c')
    .select(['c.assigneeId'])
    .where('c.unit_id = :unitId AND c.assignee_id IS NOT NULL AND c.assigned_at IS NOT NULL', { unitId })
    .orderBy('c.assigned_at', 'DESC')
    .limit(1)
    .getOne();
  const at = last ? handlers.findIndex((h) => h.id === last.assigneeId) : -1;
  return handlers[(at + 1) % handlers.length].id;
}
