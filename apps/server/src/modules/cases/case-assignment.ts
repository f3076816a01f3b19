import type { EntityManager } from 'typeorm';
import { StaffEntity } from '../identity/entities/staff.entity.js';
import { UnitEntity } from '../catalog/entities/unit.entity.js';
import { CaseEntity } from './entities/case.entity.js';

/** Staff who may handle a unit's cases: active, in the unit, a case handler or the unit's administrator. */
export async function mayHandle(m: EntityManager, staffId: string, unitId: string): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `SELECT 1 FROM staff WHERE id = $1 AND unit_id = $2 AND active AND roles && ARRAY['case_handler','unit_admin']::text[]`,
    [staffId, unitId],
  );
  return rows.length > 0;
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
