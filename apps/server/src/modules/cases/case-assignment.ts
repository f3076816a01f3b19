import type { EntityManager } from 'typeorm';
import type { CaseAssignee } from '@hcp/contracts';
import { StaffEntity } from '../identity/entities/staff.entity.js';
import type { UnitEntity } from '../catalog/entities/unit.entity.js';

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
 * Serialised per unit, so two cases opened at once go to two people. The unit is the caller's, read in its transaction.
 */
export async function nextHandler(m: EntityManager, unit: Pick<UnitEntity, 'id' | 'caseAssignment'>): Promise<string | null> {
  if (unit.caseAssignment === 'queue') return null;
  await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`case-assignment:${unit.id}`]);
  // A statement of its own after the lock, so that it sees the case the lock's previous holder assigned: the unit's
  // handlers in staff-number order, each row also naming who got the unit's last assigned case.
  const handlers = (await m.query(
    `SELECT s.id,
            (SELECT c.assignee_id FROM rating_case c
              WHERE c.unit_id = $1 AND c.assignee_id IS NOT NULL AND c.assigned_at IS NOT NULL
              ORDER BY c.assigned_at DESC LIMIT 1) AS last
       FROM staff s
      WHERE s.unit_id = $1 AND s.active AND 'case_handler' = ANY(s.roles)
      ORDER BY s.staff_number ASC`,
    [unit.id],
  )) as { id: string; last: string | null }[];
  if (handlers.length === 0) return null;
  const at = handlers.findIndex((h) => h.id === handlers[0].last);
  return handlers[(at + 1) % handlers.length].id;
}
