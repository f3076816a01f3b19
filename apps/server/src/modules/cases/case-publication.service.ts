import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { findTag, ratingLevelLabel, type CaseSource, type CaseState } from '@hcp/contracts';
import { CaseRatingsRegistry } from './case-ratings.js';
import { namesToMask, redact } from '../../common/privacy/redact.js';

/**
 * What the cases module publishes of its cases to open interfaces (Open311 GeoReport v2): nothing personal — no
 * names, numbers, staff, notes or free text a citizen or sender wrote (it has passed no content check); the rating's
 * level and tags, the service item, the unit, the place, the deadlines and the unit's public reply.
 */
export interface PublishedCase {
  caseNo: string;
  source: CaseSource;
  /** Open while the unit still owes or awaits something; closed once closed or cancelled. */
  open: boolean;
  /** The level and tags of the rating (e.g. 非常不满意：服务态度差效率低); the service item's name for a request. */
  summary: string;
  serviceCode: string | null;
  serviceName: string | null;
  unitName: string;
  /** The unit's reply to the citizen (答复), once given. */
  reply: string | null;
  /** The hall (name and address) of a rated window; the address a sender gave for a request. */
  address: string | null;
  lat: number | null;
  long: number | null;
  openedAt: Date;
  updatedAt: Date;
  replyDueAt: Date;
}

/** One public step of a case, as mySociety's service request updates carry it. */
export interface PublishedCaseStep {
  id: string;
  caseNo: string;
  /** Whether the case is closed after this step. */
  closed: boolean;
  at: Date;
  text: string;
}

export interface PublishedCaseFilter {
  caseNos?: readonly string[];
  serviceCodes?: readonly string[];
  from?: Date;
  to?: Date;
  open?: boolean;
  limit: number;
}

const CLOSED_STATES: readonly CaseState[] = ['closed', 'cancelled'];

/** Steps whose news is public, and how they read (the reply carries the unit's own words). */
const PUBLIC_STEPS = ['opened', 'callback', 'plan', 'reply', 'confirm', 'route', 'rule', 'appeal-ruling', 'default_close', 'cancel'] as const;

interface CaseRow {
  id: string;
  case_no: string;
  source: CaseSource;
  state: CaseState;
  rating_id: string | null;
  reply_text: string | null;
  unit_name: string;
  hall_name: string | null;
  hall_address: string | null;
  item_code: string | null;
  item_name: string | null;
  req_address: string | null;
  lat: number | null;
  long: number | null;
  created_at: Date;
  updated_at: Date;
  reply_due_at: Date;
}

@Injectable()
export class CasePublicationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ratings: CaseRatingsRegistry,
  ) {}

  /** Cases matching the filter, oldest first, at most `limit`. */
  async cases(filter: PublishedCaseFilter): Promise<PublishedCase[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (value: unknown) => `$${params.push(value)}`;
    if (filter.caseNos) where.push(`c.case_no = ANY(${add([...filter.caseNos])}::text[])`);
    if (filter.serviceCodes) where.push(`COALESCE(qi.code, ri.code) = ANY(${add([...filter.serviceCodes])}::text[])`);
    if (filter.from) where.push(`c.created_at >= ${add(filter.from)}`);
    if (filter.to) where.push(`c.created_at <= ${add(filter.to)}`);
    if (filter.open !== undefined) where.push(`${filter.open ? 'NOT' : ''} (c.state = ANY(${add(CLOSED_STATES)}::text[]))`);
    const rows = (await this.db.query(
      `SELECT c.id, c.case_no, c.source, c.state, c.rating_id, c.reply_text, u.name AS unit_name, h.name AS hall_name, h.address AS hall_address,
              COALESCE(qi.code, ri.code) AS item_code, COALESCE(qi.name, ri.name) AS item_name,
              q.address AS req_address, q.lat, q.long, c.created_at, c.updated_at, c.reply_due_at
         FROM rating_case c
         JOIN unit u ON u.id = c.unit_id
         LEFT JOIN service_window w ON w.id = c.window_id
         LEFT JOIN hall h ON h.id = w.hall_id
         LEFT JOIN rating r ON r.id = c.rating_id
         LEFT JOIN service_item ri ON ri.id = r.service_item_id
         LEFT JOIN case_request q ON q.case_id = c.id
         LEFT JOIN service_item qi ON qi.id = q.service_item_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY c.created_at, c.case_no
        LIMIT ${add(filter.limit)}`,
      params,
    )) as CaseRow[];
    const known = await namesToMask((sql, params) => this.db.query(sql, params), rows.map((r) => r.id));
    const views = await this.ratings.get().views(
      this.db.manager,
      rows.flatMap((r) => (r.rating_id ? [r.rating_id] : [])),
    );
    return rows.map((r) => {
      const rating = r.rating_id ? views.get(r.rating_id) : undefined;
      const tags = rating ? rating.tagCodes.map((code) => findTag(code, rating.tagVersion)?.label ?? String(code)) : [];
      const summary = rating ? `${ratingLevelLabel(rating.level)}${tags.length ? `：${tags.join('、')}` : ''}` : (r.item_name ?? '');
      return {
        caseNo: r.case_no,
        source: r.source,
        open: !CLOSED_STATES.includes(r.state),
        summary,
        serviceCode: r.item_code,
        serviceName: r.item_name,
        unitName: r.unit_name,
        reply: r.reply_text === null ? null : redact(r.reply_text, known),
        address: r.source === 'rating' ? [r.hall_name, r.hall_address].filter(Boolean).join(' ') || null : r.req_address,
        lat: r.lat,
        long: r.long,
        openedAt: r.created_at,
        updatedAt: r.updated_at,
        replyDueAt: r.reply_due_at,
      };
    });
  }

  /** The public steps of all cases between two instants, oldest first, at most `limit`. */
  async steps(from: Date, to: Date, limit: number): Promise<PublishedCaseStep[]> {
    const rows = (await this.db.query(
      `SELECT e.id, e.case_id, c.case_no, e.action, e.to_state, e.unit_name, e.at, c.reply_text, c.state
         FROM case_event e JOIN rating_case c ON c.id = e.case_id
        WHERE e.at >= $1 AND e.at <= $2 AND e.action = ANY($3::text[])
        ORDER BY e.at, e.id
        LIMIT $4`,
      [from, to, PUBLIC_STEPS, limit],
    )) as { id: string; case_id: string; case_no: string; action: string; to_state: CaseState | null; unit_name: string | null; at: Date; reply_text: string | null }[];
    const known = await namesToMask((sql, params) => this.db.query(sql, params), [...new Set(rows.map((e) => e.case_id))]);
    return rows.flatMap((e) => {
      const text = publicStepText({ ...e, reply_text: e.reply_text === null ? null : redact(e.reply_text, known) });
      return text ? [{ id: e.id, caseNo: e.case_no, closed: e.to_state !== null && CLOSED_STATES.includes(e.to_state), at: e.at, text }] : [];
    });
  }
}

/** How a step reads in public: what happened, in plain Chinese; the reply in the unit's words. */
function publicStepText(e: { action: string; to_state: CaseState | null; unit_name: string | null; reply_text: string | null }): string | null {
  switch (e.action) {
    case 'opened':
      return e.unit_name ? `已受理，由${e.unit_name}办理` : '已受理';
    case 'callback':
      return '办理单位已回访核实';
    case 'plan':
      return '办理单位已制定整改措施，正在整改';
    case 'reply':
      return e.reply_text ? `办理单位已答复：${e.reply_text}` : '办理单位已答复';
    case 'confirm':
      return e.to_state === 'closed' ? '群众确认问题已解决，工单办结' : '群众表示问题未解决，重新处理';
    case 'route':
      return e.unit_name ? `已转交${e.unit_name}办理` : '已转交其他单位办理';
    case 'rule':
    case 'appeal-ruling':
      if (e.to_state === 'closed') return '监督部门已作出处理，工单办结';
      return e.action === 'rule' ? '监督部门已要求办理单位重新处理' : null;
    case 'default_close':
      return '答复后群众未在期限内确认，工单默认办结';
    case 'cancel':
      return '工单已撤销';
    default:
      return null;
  }
}
