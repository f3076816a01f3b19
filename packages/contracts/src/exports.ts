/**
 * The national-platform export (`GET /api/v1/exports/national`, docs/export.md): one JSON line per rating, with the
 * national field names and codes. Codes are strings, as the national interface carries them.
 */
export interface NationalExportRecord {
  /** This platform's rating id: a rating sent again (its handling moved on) carries the same id; replace by it. */
  id: string;
  /** 办件编号: none for a window rating (一次一评 at a window QR code names no 办件). */
  projectNo: string | null;
  /** 事项编码 (实施清单编码) of the service item the rater picked, and its name. */
  taskCode: string | null;
  taskName: string | null;
  /** 12-digit administrative code of the responsible unit's region. */
  areaCode: string;
  /** The responsible unit (实施机构): its code (e.g. 统一社会信用代码) and name. */
  deptCode: string;
  deptName: string;
  hallCode: string;
  hallName: string;
  windowNo: string;
  /** The staff number of the person on duty at the window, when known. */
  staffNo: string | null;
  /** 评价等级: "1" 非常不满意 … "5" 非常满意. */
  satisfaction: '1' | '2' | '3' | '4' | '5';
  /** National tag codes of the rating, comma-joined ("510,517"); empty when none was ticked. */
  evalDetail: string;
  /** Which national tag table `evalDetail` comes from. */
  evalDetailVersion: string;
  /** 文字评价: absent (null) when there was none or the content check hid it. */
  writingEvaluation: string | null;
  /** 评价渠道 (pf): "3" 二维码 for a window QR code. */
  pf: string;
  /** 评价时间, ISO 8601 with the China offset: 2026-03-05T10:00:00+08:00. */
  assessTime: string;
  /** False once a supervisor upheld an appeal (恶意/误评): the rating leaves the unit's figures, and is sent again. */
  valid: boolean;
  invalidTime: string | null;
  /** For a 差评 (satisfaction 1–2): its case; null for a 好评. */
  rectification: NationalRectification | null;
}

export interface NationalRectification {
  /** 工单号 */
  caseNo: string;
  /** The case's state code (docs/cases.md): awaiting_callback … closed, cancelled. */
  status: string;
  /** 整改方案 (for a complex case) and 整改结果 as the unit recorded them. */
  plan: string | null;
  result: string | null;
  /** 回复结果: the unit's reply to the rater, and when it was sent. */
  reply: string | null;
  replyTime: string | null;
  closeTime: string | null;
}

/** Ratings one page holds by default, and at most. */
export const NATIONAL_EXPORT_DEFAULT_LIMIT = 500;
export const NATIONAL_EXPORT_MAX_LIMIT = 1000;

/** The response headers of an export page. */
export const NATIONAL_EXPORT_CURSOR_HEADER = 'X-Next-Cursor';
export const NATIONAL_EXPORT_COMPLETE_HEADER = 'X-Export-Complete';
