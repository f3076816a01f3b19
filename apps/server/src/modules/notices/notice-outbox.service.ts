import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NoticeKind } from '@hcp/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { truncate } from './notice-templates.js';
import { NOTICE_BODY_MAX, NOTICE_TEXT } from './notice-kinds.js';

/** The PostgreSQL channel a committed notice wakes the delivery worker on (NOTIFY is delivered at commit only). */
export const NOTICES_CHANNEL = 'hcp_notices';

/** One step of one case to tell of. */
export interface NoticeEvent {
  caseId: string;
  /**
   * What happened, unique per case for this kind of news: a timeline entry's id, a scheduled entry's once-key, or a
   * fixed name for news told once per case (`accepted`). With the case and the recipient it is the idempotency key.
   */
  eventKey: string;
  /** The notice's text; the kind's standard text when absent. */
  body?: string;
}

/** Standard bodies, for events that bring no words of their own. */
const STANDARD_BODY: Readonly<Record<NoticeKind, string>> = {
  citizen_case_accepted: '您的评价已转交相关单位办理，我们会及时告诉您办理进展。',
  citizen_called_back: '工作人员已就您反映的问题回访核实，正在办理。',
  citizen_replied: '单位已答复您反映的问题，请查看答复并告诉我们是否解决。',
  citizen_closed: '您反映的问题已办结，感谢您的监督。如有需要，可以进行追评。',
  citizen_escalated: '监督部门已对您的反馈作出处理，请查看详情。',
  citizen_appeal_ruled: '监督部门已作出处理，工单办结。如有需要，可以进行追评。',
  staff_case_new: '有一件新的差评工单需要您处理，请及时回访核实并答复群众。',
  staff_deadline_near: '工单即将到期，请尽快处理。',
  staff_overdue: '工单已超过办理期限，请尽快处理。',
  staff_reopened: '群众表示问题未解决，请重新处理。',
  staff_appeal_ruled: '监督部门已对申诉作出裁定，请查看详情。',
};

/**
 * Staff who hear of a case: the one named ($8), else its handler, else while nobody holds it the unit's active case
 * handlers and administrators. Two joins, each on a plain column (staff's key; staff.unit_id), so each reads its
 * rows through an index: a CASE in the join condition would make PostgreSQL read every member of staff per case.
 */
const CASE_STAFF = `JOIN LATERAL (
      SELECT s.id FROM staff s WHERE s.id = COALESCE($8::uuid, c.assignee_id) AND s.active
      UNION ALL
      SELECT s.id FROM staff s
      WHERE $8::uuid IS NULL AND c.assignee_id IS NULL AND s.unit_id = c.unit_id AND s.active AND s.roles && ARRAY['case_handler','unit_admin']::text[]
    ) s ON true`;

/**
 * The transactional outbox of notices: called inside the transaction of the case change, so the change and its
 * notices are committed together or not at all. One statement per call, however many cases: the recipients are found
 * in SQL (the rater, merged devices followed to their WeChat account; the case's staff), and the unique
 * (case, event, recipient) index drops a notice already written (a retried change, a second scheduler).
 */
@Injectable()
export class NoticeOutbox {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Writes the notices of `kind` for these events; `staffId` names the one member of staff for a staff kind. Returns how many were new. */
  async add(m: EntityManager, kind: NoticeKind, events: readonly NoticeEvent[], options: { staffId?: string } = {}): Promise<number> {
    if (events.length === 0) return 0;
    const text = NOTICE_TEXT[kind];
    const wechat = this.config.wechat.appId !== undefined && this.config.wechat.noticeTemplates[kind] !== undefined;
    const recipient =
      text.audience === 'citizen'
        ? `'citizen', COALESCE(ci.merged_into_id, ci.id) FROM unnest($5::uuid[], $6::text[], $7::text[]) AS d(case_id, event_key, body)
           JOIN rating_case c ON c.id = d.case_id JOIN citizen ci ON ci.id = c.citizen_id WHERE $8::uuid IS NULL`
        : `'staff', s.id FROM unnest($5::uuid[], $6::text[], $7::text[]) AS d(case_id, event_key, body)
           JOIN rating_case c ON c.id = d.case_id ${CASE_STAFF}`;
    const rows = (await m.query(
      `INSERT INTO notice (kind, title, wechat_state, wechat_next_at, case_id, case_no, unit_name, event_key, body, recipient_kind, recipient_id)
       SELECT $1, $2, $3, $4, c.id, c.case_no, (SELECT u.name FROM unit u WHERE u.id = c.unit_id), d.event_key, d.body, ${recipient}
       ON CONFLICT (case_id, event_key, recipient_kind, recipient_id) DO NOTHING
       RETURNING id`,
      [
        kind,
        text.title,
        wechat ? 'pending' : 'none',
        wechat ? new Date() : null,
        events.map((e) => e.caseId),
        events.map((e) => e.eventKey),
        events.map((e) => truncate(e.body ?? STANDARD_BODY[kind], NOTICE_BODY_MAX)),
        options.staffId ?? null,
      ],
    )) as unknown[];
    // Wakes the delivery worker of every server instance once this transaction commits (and never if it rolls back).
    if (wechat && rows.length > 0) await m.query(`SELECT pg_notify($1, '')`, [NOTICES_CHANNEL]);
    return rows.length;
  }
}
