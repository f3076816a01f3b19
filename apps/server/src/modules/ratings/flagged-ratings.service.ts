import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ErrorCode, RATING_FLAG_LABELS, type FlagReviewRequest, type FlaggedRating, type FlaggedRatingQuery, type FlagReviewState, type Paged, type RatingLevel } from '@hcp/contracts';
import { AccessErrors } from '../../common/authz/access-errors.js';
import { visibilityOf, type StaffPrincipal } from '../../common/authz/principal.js';
import { AppException } from '../../common/errors/app-exception.js';
import { RATING_WITH_PLACES } from './rating-places.js';

interface FlaggedRow {
  id: string;
  level: number;
  rated_at: Date;
  received_at: Date;
  flags: string[];
  flag_status: FlagReviewState;
  comment: string | null;
  tag_codes: number[];
  unit_id: string;
  unit_name: string;
  hall_id: string;
  hall_name: string;
  window_id: string;
  window_name: string;
  window_number: string;
  staff_id: string | null;
  staff_name: string | null;
  staff_number: string | null;
  case_no: string | null;
  flag_reviewed_by: string | null;
  reviewer_name: string | null;
  flag_reviewed_at: Date | null;
  flag_review_note: string | null;
}

const SELECT = `
  SELECT r.id, r.level, r.rated_at, r.received_at, r.flags, r.flag_status, r.comment, r.tag_codes,
    u.id AS unit_id, u.name AS unit_name, h.id AS hall_id, h.name AS hall_name, w.id AS window_id, w.name AS window_name, w.number AS window_number,
    s.id AS staff_id, s.name AS staff_name, s.staff_number, c.case_no,
    r.flag_reviewed_by, rv.name AS reviewer_name, r.flag_reviewed_at, r.flag_review_note
  ${RATING_WITH_PLACES}
  LEFT JOIN staff rv ON rv.id = r.flag_reviewed_by`;

const reviewed = () => new AppException(ErrorCode.RatingFlagReviewed, HttpStatus.CONFLICT, '该评价已由其他人员处理，请刷新后查看');
const ownUnit = () => new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN, '不能处理本单位的可疑评价');

/**
 * Ratings flagged by the fraud and content signals (docs/ratings.md), for supervisors: a flagged rating stays out of
 * every figure until cleared; confirming keeps it out for good. Supervisors see their region's subtree, system
 * administrators all; no one decides on a rating of their own unit (its staff are who the signals are about).
 */
@Injectable()
export class FlaggedRatingsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(principal: StaffPrincipal, q: FlaggedRatingQuery): Promise<Paged<FlaggedRating>> {
    const params: unknown[] = [q.state ?? 'pending'];
    // `<> 'none'` lets the planner use the partial index over flagged ratings whatever the state asked.
    const where = [`r.flag_status = $1`, `r.flag_status <> 'none'`, this.scope(principal, params)];
    if (q.unitId) where.push(`r.unit_id = $${params.push(q.unitId)}`);
    if (q.windowId) where.push(`r.window_id = $${params.push(q.windowId)}`);
    const size = q.pageSize ?? 20;
    const offset = ((q.page ?? 1) - 1) * size;
    const [{ total }] = (await this.db.query(`SELECT count(*)::int AS total FROM rating r WHERE ${where.join(' AND ')}`, params)) as { total: number }[];
    const rows = (await this.db.query(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY r.rated_at DESC, r.id LIMIT ${size} OFFSET ${offset}`, params)) as FlaggedRow[];
    return { items: rows.map(toFlaggedRating), total };
  }

  async review(principal: StaffPrincipal, id: string, body: FlagReviewRequest): Promise<FlaggedRating> {
    return this.db.transaction(async (m) => {
      const row = await this.visible(m, principal, id, true);
      if (principal.unitId === row.unit_id && !principal.roles.includes('system_admin')) throw ownUnit();
      if (row.flag_status !== 'pending') throw reviewed();
      await m.query(
        `UPDATE rating SET flag_status = $2, flag_reviewed_by = $3, flag_reviewed_at = now(), flag_review_note = $4 WHERE id = $1`,
        [id, body.decision === 'clear' ? 'cleared' : 'confirmed', principal.staffId, body.note?.trim() || null],
      );
      return toFlaggedRating(await this.visible(m, principal, id, false));
    });
  }

  /** A flagged rating in the caller's scope (locked for a decision); anything else is 404. */
  private async visible(m: EntityManager, principal: StaffPrincipal, id: string, lock: boolean): Promise<FlaggedRow> {
    const params: unknown[] = [id];
    if (lock) await m.query(`SELECT 1 FROM rating WHERE id = $1 FOR UPDATE`, [id]);
    const rows = (await m.query(`${SELECT} WHERE r.id = $1 AND r.flag_status <> 'none' AND ${this.scope(principal, params)}`, params)) as FlaggedRow[];
    if (!rows[0]) throw AccessErrors.notFound('评价');
    return rows[0];
  }

  private scope(principal: StaffPrincipal, params: unknown[]): string {
    const v = visibilityOf(principal);
    if (v.all) return 'TRUE';
    // Only the supervisor's region counts here: unit staff never review their own unit's flags.
    if (!v.regionPrefix) return 'FALSE';
    return `r.unit_id IN (SELECT id FROM unit WHERE region_code LIKE $${params.push(`${v.regionPrefix}%`)})`;
  }
}

function toFlaggedRating(r: FlaggedRow): FlaggedRating {
  return {
    id: r.id,
    level: r.level as RatingLevel,
    ratedAt: r.rated_at.toISOString(),
    receivedAt: r.received_at.toISOString(),
    unit: { id: r.unit_id, name: r.unit_name },
    hall: { id: r.hall_id, name: r.hall_name },
    window: { id: r.window_id, name: r.window_name, number: r.window_number },
    staff: r.staff_id ? { id: r.staff_id, name: r.staff_name ?? '', staffNumber: r.staff_number ?? '' } : null,
    signals: r.flags.map((code) => ({ code, label: RATING_FLAG_LABELS[code] ?? code })),
    state: r.flag_status,
    comment: r.comment,
    tagCodes: r.tag_codes,
    caseNo: r.case_no,
    review: r.flag_reviewed_at ? { by: r.reviewer_name ?? '', at: r.flag_reviewed_at.toISOString(), note: r.flag_review_note } : null,
  };
}
