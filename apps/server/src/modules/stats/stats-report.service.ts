import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { BEFORE_CALLBACK_STATES, BEFORE_REPLY_STATES, STATS_DEFAULT_MIN_RATINGS, type StatsFigures, type StatsQuery, type StatsRanking } from '@hcp/contracts';
import type { StaffPrincipal } from '../../common/authz/principal.js';
import { neutraliseFormula as text } from '../../common/spreadsheet-formula.js';
import { databaseReader } from './stats-catalog.js';
import { resolveSubject, SqlParams } from './stats-scope.js';
import { StatsService } from './stats.service.js';

/** The most overdue cases one workbook lists; a note row says when more were left out. */
export const REPORT_OVERDUE_MAX_ROWS = 5_000;

export interface MonthlyReportQuery extends Pick<StatsQuery, 'regionCode' | 'unitId' | 'hallId' | 'windowId'> {
  month: string;
}

interface OverdueRow {
  case_no: string;
  unit_name: string;
  /** Null for a request sent through Open311 (no window, no hall). */
  hall_name: string | null;
  window_number: string | null;
  window_name: string | null;
  step: 'callback' | 'reply';
  due_at: Date;
}

const PERCENT = '0.0%';
const DAY_MS = 86_400_000;

/**
 * The monthly report (月报) as an XLSX workbook: the same figures as the printable page (overview, unit and window
 * rankings, tags) and the cases overdue now, in the subject's scope. No citizen's name or number is in it; names
 * administrators typed go through `neutraliseFormula`.
 */
@Injectable()
export class StatsReportService {
  constructor(
    private readonly stats: StatsService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async workbook(principal: StaffPrincipal, q: MonthlyReportQuery): Promise<Buffer> {
    const { month, ...subject } = q;
    const query: StatsQuery = { ...subject, period: 'month', date: `${month}-01` };
    // The overview first: it validates the month and the subject (400/404) before anything else runs.
    const overview = await this.stats.overview(principal, query);
    const units = await this.stats.rankings(principal, query, 'unit', 'good_rate', STATS_DEFAULT_MIN_RATINGS);
    const windows = await this.stats.rankings(principal, query, 'window', 'bad_rate', STATS_DEFAULT_MIN_RATINGS);
    const tags = await this.stats.tags(principal, query, undefined);
    const overdue = await this.overdue(principal, query);

    const book = new ExcelJS.Workbook();
    book.created = new Date();
    const title = text(`${month.replace('-', '年')}月 好差评月报 · ${overview.subject.name}`);

    const head = book.addWorksheet('主要指标');
    head.columns = [
      { header: '指标', width: 26 },
      { header: `本月（${overview.period.from} 至 ${overview.period.to}）`, width: 26 },
      { header: `上月（${overview.previousPeriod.from} 至 ${overview.previousPeriod.to}）`, width: 26 },
      { header: '变化', width: 14 },
    ];
    for (const line of headline(overview.current, overview.previous)) {
      const row = head.addRow([line.label, line.current, line.previous, change(line.current, line.previous)]);
      if (line.percent) for (const c of [2, 3, 4]) row.getCell(c).numFmt = PERCENT;
      else if (line.decimal) for (const c of [2, 3, 4]) row.getCell(c).numFmt = '0.00';
    }
    head.addRow(['未计入的评价：疑似刷评未核实', overview.excluded.flagged, overview.previousExcluded.flagged, null]);
    head.addRow(['未计入的评价：申诉成立作废', overview.excluded.invalidated, overview.previousExcluded.invalidated, null]);
    head.addRow([]);
    head.addRow([title]);
    head.addRow([`数据截至：${overview.asOf ? chinaTime(new Date(overview.asOf)) : '尚未统计'}；“—”表示无可计算的数据`]);

    rankingSheet(book, '单位好评率排名', '单位', '好评率', units);
    rankingSheet(book, '窗口差评率排名', '窗口', '差评率', windows);

    const tagSheet = book.addWorksheet('原因分析');
    tagSheet.columns = [
      { header: '标签代码', width: 10 },
      { header: '标签', width: 30 },
      { header: '评价等级', width: 10 },
      { header: '本月次数', width: 10 },
      { header: '上月次数', width: 10 },
      { header: '变化', width: 10 },
    ];
    const causes = tags.tags.filter((t) => t.count > 0 || t.previousCount > 0).sort((a, b) => a.level - b.level || b.count - a.count || a.code - b.code);
    for (const t of causes) tagSheet.addRow([t.code, t.label, t.level, t.count, t.previousCount, t.count - t.previousCount]);
    if (causes.length === 0) tagSheet.addRow([null, '本月及上月没有评价标签']);

    const late = book.addWorksheet('逾期工单');
    late.columns = [
      { header: '工单号', width: 22 },
      { header: '责任单位', width: 28 },
      { header: '大厅', width: 24 },
      { header: '窗口', width: 20 },
      { header: '逾期环节', width: 10 },
      { header: '期限', width: 18 },
      { header: '逾期天数', width: 10 },
    ];
    const now = Date.now();
    for (const c of overdue.rows) {
      const row = late.addRow([c.case_no, text(c.unit_name), text(c.hall_name ?? ''), text(c.window_number === null ? 'Open311 诉求' : `${c.window_number}号 ${c.window_name}`), c.step === 'callback' ? '回访' : '答复', chinaTime(c.due_at), Math.floor((now - c.due_at.getTime()) / DAY_MS)]);
      row.getCell(7).numFmt = '0';
    }
    if (overdue.truncated) late.addRow([`逾期工单较多，只列出逾期最久的 ${REPORT_OVERDUE_MAX_ROWS} 件，其余请在工单页面查看。`]);
    else if (overdue.rows.length === 0) late.addRow(['目前没有逾期工单']);

    for (const sheet of book.worksheets) {
      sheet.getRow(1).font = { bold: true };
      sheet.views = [{ state: 'frozen', ySplit: 1 }];
    }
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  /** Cases whose unit's next step is late now, in the subject's scope, the most overdue first (bounded). */
  private async overdue(principal: StaffPrincipal, q: StatsQuery): Promise<{ rows: OverdueRow[]; truncated: boolean }> {
    const s = await resolveSubject(databaseReader(this.db.manager), principal, q);
    const p = new SqlParams();
    const before = { callback: p.add([...BEFORE_CALLBACK_STATES]), reply: p.add([...BEFORE_REPLY_STATES]) };
    const now = p.add(new Date());
    const rows = (await this.db.query(
      `SELECT x.case_no, u.name AS unit_name, h.name AS hall_name, w.number AS window_number, w.name AS window_name, x.step, x.due_at
         FROM (SELECT c.case_no, c.unit_id, c.window_id, w.hall_id,
                      CASE WHEN c.state = ANY(${before.callback}::text[]) THEN 'callback' ELSE 'reply' END AS step,
                      CASE WHEN c.state = ANY(${before.callback}::text[]) THEN c.callback_due_at ELSE c.reply_due_at END AS due_at
                 FROM rating_case c LEFT JOIN service_window w ON w.id = c.window_id
                WHERE (c.state = ANY(${before.callback}::text[]) AND c.callback_due_at < ${now})
                   OR (c.state = ANY(${before.reply}::text[]) AND c.reply_due_at < ${now})) x
         JOIN unit u ON u.id = x.unit_id
         LEFT JOIN service_window w ON w.id = x.window_id
         LEFT JOIN hall h ON h.id = x.hall_id
        WHERE ${s.where('x', p)}
        ORDER BY x.due_at, x.case_no
        LIMIT ${REPORT_OVERDUE_MAX_ROWS + 1}`,
      p.values,
    )) as OverdueRow[];
    return { rows: rows.slice(0, REPORT_OVERDUE_MAX_ROWS), truncated: rows.length > REPORT_OVERDUE_MAX_ROWS };
  }
}

interface HeadlineLine {
  label: string;
  current: number | null;
  previous: number | null;
  percent?: true;
  decimal?: true;
}

/** The rows of the headline sheet, in the order of the console's cards. */
function headline(cur: StatsFigures, prev: StatsFigures): HeadlineLine[] {
  const line = (label: string, pick: (f: StatsFigures) => number | null, kind?: 'percent' | 'decimal'): HeadlineLine => ({
    label,
    current: pick(cur),
    previous: pick(prev),
    ...(kind === 'percent' ? { percent: true as const } : kind === 'decimal' ? { decimal: true as const } : {}),
  });
  return [
    line('评价数', (f) => f.counts.ratings),
    ...(['非常不满意', '不满意', '基本满意', '满意', '非常满意'] as const).map((name, i) => line(`其中${name}`, (f) => f.counts.levels[i])),
    line('好评率', (f) => f.goodRate, 'percent'),
    line('差评率', (f) => f.badRate, 'percent'),
    line('差评工单数', (f) => f.counts.cases),
    line('回访率', (f) => f.callbackRate, 'percent'),
    line('按时回访率', (f) => f.onTimeCallbackRate, 'percent'),
    line('整改率', (f) => f.rectificationRate, 'percent'),
    line('按时办结率', (f) => f.onTimeRate, 'percent'),
    line('平均回访用时（工作日）', (f) => f.avgCallbackWorkingDays, 'decimal'),
    line('平均答复用时（工作日）', (f) => f.avgReplyWorkingDays, 'decimal'),
    line('重新处理率', (f) => f.reopenRate, 'percent'),
    line('追评数', (f) => f.followUps.total),
    line('追评满意率', (f) => f.followUps.goodRate, 'percent'),
    line('申诉数', (f) => f.appeals.filed),
    line('申诉成立', (f) => f.appeals.upheld),
    line('申诉驳回', (f) => f.appeals.rejected),
    line('申诉待裁定', (f) => f.appeals.pending),
  ];
}

const change = (current: number | null, previous: number | null): number | null => (current === null || previous === null ? null : current - previous);

function rankingSheet(book: ExcelJS.Workbook, name: string, what: string, metric: string, ranking: StatsRanking): void {
  const sheet = book.addWorksheet(name);
  sheet.columns = [
    { header: '名次', width: 8 },
    { header: what, width: 40 },
    { header: '评价数', width: 10 },
    { header: metric, width: 10 },
  ];
  for (const r of ranking.rows) {
    const row = sheet.addRow([r.rank ?? '不排名', text(r.name), r.ratings, r.value]);
    row.getCell(4).numFmt = PERCENT;
  }
  if (ranking.rows.length === 0) sheet.addRow([null, '本月暂无评价']);
  sheet.addRow([]);
  sheet.addRow([`评价不足 ${ranking.minRatings} 条的不排名，列在最后。`]);
  if (ranking.truncated) sheet.addRow([`只列出评价最多的 ${ranking.rows.length} 个。`]);
}

/** "YYYY-MM-DD HH:mm", China time. */
function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}
