import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NATIONAL_EXPORT_DEFAULT_LIMIT, STATS_MAX_DATE, STATS_MIN_DATE, type NationalExportRecord } from '@hcp/contracts';
import { oldestInFlight } from '../../common/txid-watermark.js';
import { RATING_WITH_PLACES } from '../ratings/rating-places.js';
import { decodeCursor, encodeCursor, FIRST_UUID, startCursor, type NationalCursor } from './national-cursor.js';
import { ExportErrors } from './exports.errors.js';

/**
 * Rows (ratings and case timeline entries) one page looks at, at most, in each source, whatever the period: a narrow
 * period over a long history costs several cheap pages, never one unbounded scan. A single transaction that wrote
 * more rows than this is read whole (as the statistics roll-up does).
 */
export const EXPORT_SCAN_ROWS = 10_000;

export interface NationalExportPage {
  records: NationalExportRecord[];
  cursor: string;
  /** True when the reader has everything committed so far; false: ask again with the cursor at once. */
  complete: boolean;
}

interface Query {
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

interface DetailRow {
  id: string;
  level: number;
  tag_codes: number[];
  tag_version: string;
  comment: string | null;
  comment_hidden: boolean;
  channel: number;
  rated_at: Date;
  invalidated_at: Date | null;
  unit_code: string;
  unit_name: string;
  region_code: string;
  hall_code: string;
  hall_name: string;
  window_number: string;
  item_code: string | null;
  item_name: string | null;
  staff_number: string | null;
  case_no: string | null;
  state: string | null;
  plan: string | null;
  rectification_result: string | null;
  reply_text: string | null;
  replied_at: Date | null;
  closed_at: Date | null;
}

const CHINA_OFFSET_MS = 8 * 3600_000;
/** An instant in China time with its offset (China has kept +08:00 all year since 1991). */
const chinaTime = (d: Date) => `${new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
const chinaTimeOrNull = (d: Date | null) => (d ? chinaTime(d) : null);

/** Days since the epoch of a real YYYY-MM-DD, or null (2026-02-30). */
function dayNumber(date: string): number | null {
  const ms = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return new Date(ms).toISOString().slice(0, 10) === date ? ms / 86_400_000 : null;
}

/**
 * The national-platform export: every rating, in the order the database committed it, as national records.
 *
 * **Commit order, not rating time.** A line is keyed by (the inserting transaction's id, the rating id). A page reads
 * only transactions that have ended (`oldestInFlight`), so a rating whose transaction commits late — an offline
 * phone's queue delivering a rating made hours ago — is never behind a cursor already handed out: its transaction id
 * was still in flight when earlier pages were read. No line is skipped, none is sent twice by paging.
 *
 * **Handling moves on.** A 差评's callback, reply, closing and an upheld appeal each leave a case timeline entry with
 * its transaction id; the rating is sent again at that position with its current handling (and `valid: false` once
 * an appeal was upheld). Receivers replace a rating by its `id`.
 */
@Injectable()
export class NationalExportService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(query: Query): Promise<NationalExportPage> {
    const cursor = this.position(query);
    const limit = query.limit ?? NATIONAL_EXPORT_DEFAULT_LIMIT;
    const xmin = BigInt(await oldestInFlight(this.db.manager));
    const end = await this.windowEnd(cursor.txid, xmin);

    const fromAt = cursor.from ? `${cursor.from}T00:00:00+08:00` : null;
    const toAt = cursor.to ? new Date(Date.parse(`${cursor.to}T00:00:00+08:00`) + 86_400_000).toISOString() : null;
    const lines: { txid: string; rating_id: string }[] = await this.db.query(
      `WITH touched AS (
         SELECT r.stats_txid AS txid, r.id AS rating_id FROM rating r WHERE r.stats_txid >= $1 AND r.stats_txid < $2
         UNION
         SELECT e.stats_txid, c.rating_id FROM case_event e JOIN rating_case c ON c.id = e.case_id
          WHERE e.stats_txid >= $1 AND e.stats_txid < $2 AND e.to_state IS NOT NULL
       )
       SELECT t.txid::text AS txid, t.rating_id FROM touched t JOIN rating r ON r.id = t.rating_id
        WHERE (t.txid, t.rating_id) > ($1::bigint, $3::uuid)
          AND ($4::timestamptz IS NULL OR r.rated_at >= $4) AND ($5::timestamptz IS NULL OR r.rated_at < $5)
        ORDER BY t.txid, t.rating_id
        LIMIT $6`,
      [cursor.txid.toString(), end.toString(), cursor.ratingId, fromAt, toAt, limit + 1],
    );

    const full = lines.length > limit;
    const taken = full ? lines.slice(0, limit) : lines;
    // A full page stops at its last line; otherwise everything below `end` has been read, and the next page starts at
    // `end` itself (before its first line: no rating id is the all-zero uuid), so its window counts only unread rows.
    const next: NationalCursor = full
      ? { ...cursor, txid: BigInt(taken[taken.length - 1].txid), ratingId: taken[taken.length - 1].rating_id }
      : end > cursor.txid
        ? { ...cursor, txid: end, ratingId: FIRST_UUID }
        : cursor;
    return { records: await this.records(taken.map((l) => l.rating_id)), cursor: encodeCursor(next), complete: !full && end === xmin };
  }

  /** The position a request names: its cursor (whose period it must not contradict), or the start of its period. */
  private position(query: Query): NationalCursor {
    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor);
      if ((query.from !== undefined && query.from !== cursor.from) || (query.to !== undefined && query.to !== cursor.to)) throw ExportErrors.cursorInvalid();
      return cursor;
    }
    for (const day of [query.from, query.to]) {
      if (day !== undefined && (dayNumber(day) === null || day < STATS_MIN_DATE || day > STATS_MAX_DATE)) {
        throw ExportErrors.rangeInvalid(`日期 ${day} 无效，须在 ${STATS_MIN_DATE} 至 ${STATS_MAX_DATE} 之间`);
      }
    }
    if (query.from !== undefined && query.to !== undefined && query.to < query.from) throw ExportErrors.rangeInvalid('结束日期不能早于开始日期');
    return startCursor(query.from ?? null, query.to ?? null);
  }

  /**
   * Where this page's window ends (exclusive): `xmin`, or earlier when more than EXPORT_SCAN_ROWS rows of either source
   * wait after the cursor; always past the cursor's own transaction, so every page moves on.
   */
  private async windowEnd(from: bigint, xmin: bigint): Promise<bigint> {
    let end = xmin;
    for (const table of ['rating', 'case_event']) {
      const rows: { txid: string }[] = await this.db.query(
        `SELECT stats_txid::text AS txid FROM ${table} WHERE stats_txid >= $1 AND stats_txid < $2 ORDER BY stats_txid OFFSET ${EXPORT_SCAN_ROWS} LIMIT 1`,
        [from.toString(), xmin.toString()],
      );
      if (rows[0] && BigInt(rows[0].txid) < end) end = BigInt(rows[0].txid);
    }
    return end > from ? end : from + 1n < xmin ? from + 1n : xmin;
  }

  private async records(ids: string[]): Promise<NationalExportRecord[]> {
    if (ids.length === 0) return [];
    const rows: DetailRow[] = await this.db.query(
      `SELECT r.id, r.level, r.tag_codes, r.tag_version, r.comment, r.comment_hidden, r.channel, r.rated_at, r.invalidated_at,
              u.code AS unit_code, u.name AS unit_name, u.region_code, h.code AS hall_code, h.name AS hall_name, w.number AS window_number,
              si.code AS item_code, si.name AS item_name, s.staff_number,
              c.case_no, c.state, c.plan, c.rectification_result, c.reply_text, c.replied_at, c.closed_at
         ${RATING_WITH_PLACES}
         LEFT JOIN service_item si ON si.id = r.service_item_id
        WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => toNationalRecord(byId.get(id)!));
  }
}

function toNationalRecord(r: DetailRow): NationalExportRecord {
  return {
    id: r.id,
    projectNo: null,
    taskCode: r.item_code,
    taskName: r.item_name,
    areaCode: r.region_code,
    deptCode: r.unit_code,
    deptName: r.unit_name,
    hallCode: r.hall_code,
    hallName: r.hall_name,
    windowNo: r.window_number,
    staffNo: r.staff_number,
    satisfaction: String(r.level) as NationalExportRecord['satisfaction'],
    evalDetail: r.tag_codes.join(','),
    evalDetailVersion: r.tag_version,
    writingEvaluation: r.comment && !r.comment_hidden ? r.comment : null,
    pf: String(r.channel),
    assessTime: chinaTime(r.rated_at),
    valid: r.invalidated_at === null,
    invalidTime: chinaTimeOrNull(r.invalidated_at),
    rectification:
      r.case_no === null
        ? null
        : {
            caseNo: r.case_no,
            status: r.state!,
            plan: r.plan,
            result: r.rectification_result,
            reply: r.reply_text,
            replyTime: chinaTimeOrNull(r.replied_at),
            closeTime: chinaTimeOrNull(r.closed_at),
          },
  };
}
