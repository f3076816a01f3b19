import type { ErrorCode } from '@hcp/contracts';

/** Raised by the client itself when no HTTP response arrived (offline, DNS, timeout, TLS). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

/** Every code an ApiError can carry: the contract's, or the client's own NETWORK_ERROR. */
export type ClientErrorCode = ErrorCode | typeof NETWORK_ERROR;

/** Fixed copy, or copy built from the error body for the few codes that carry more (a wait, say). */
type Wording = string | ((body: Readonly<Record<string, unknown>>) => string);

/**
 * Codes only the console's and other systems' routes send (statistics, imports, posters' PDFs, routing rules,
 * flagged ratings, dead letters, API keys, the national export): no page of the mini-program calls those routes, so
 * their wording is not shipped to phones, where every kilobyte counts. Such a code, should one arrive, reads as the
 * general copy for its HTTP status.
 */
export const CONSOLE_ONLY_CODES = [
  'STATS_RANGE_INVALID',
  'STATS_QUERY_INVALID',
  'DEAD_LETTER_NOT_FOUND',
  'API_KEY_INVALID',
  'API_KEY_SCOPE_MISSING',
  'API_KEY_NOT_FOUND',
  'EXPORT_CURSOR_INVALID',
  'EXPORT_RANGE_INVALID',
  'ROUTING_RULE_INVALID',
  'RATING_FLAG_REVIEWED',
  'IMPORT_INVALID',
  'IMPORT_UNREADABLE',
  'IMPORT_TOO_MANY_ROWS',
  'IMPORT_TOO_LARGE',
  'IMPORT_BUSY',
  'POSTER_PDF_TOO_LARGE',
  'POSTER_PDF_BUSY',
  'POSTER_PDF_IN_PROGRESS',
] as const satisfies readonly ErrorCode[];

/**
 * Chinese copy shown to the citizen (or member of staff) for each server error code the mini-program's routes can
 * send. Typed as a Record over those codes, so a code added to @hcp/contracts fails to compile here until it has its
 * wording or is listed above.
 */
const serverErrorMessages: Record<Exclude<ErrorCode, (typeof CONSOLE_ONLY_CODES)[number]>, Wording> = {
  VALIDATION_FAILED: '提交的内容有误，请检查后重试',
  MALFORMED_JSON: '提交的内容格式有误，请重试',
  PAYLOAD_TOO_LARGE: '提交的内容过大，请精简后重试',
  NOT_FOUND: '没有找到相关内容，请确认后重试',
  METHOD_NOT_ALLOWED: '暂不支持该操作',
  UNAUTHORIZED: '登录已失效，请重新进入',
  FORBIDDEN: '您没有权限进行此操作',
  CONFLICT: '内容已发生变化，请刷新后重试',
  TOO_MANY_REQUESTS: '操作过于频繁，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  INTERNAL_ERROR: '系统繁忙，请稍后再试',

  // identity
  AUTH_INVALID_CREDENTIALS: '工号或密码不正确',
  AUTH_ACCOUNT_LOCKED: '登录失败次数过多，账号已暂时锁定，请稍后再试',
  // The server says how long the wait is (`retryAfter`, seconds).
  AUTH_LOGIN_THROTTLED: ({ retryAfter: s }) =>
    `登录失败次数过多，请${typeof s === 'number' && s > 0 ? ` ${Math.ceil(s / 60)} 分钟后` : '稍后'}再试；如忘记密码，请联系单位管理员重置`,
  AUTH_SIGNUP_THROTTLED: '当前网络访问人数过多，请稍后再试或使用微信扫码',
  AUTH_ACCOUNT_INACTIVE: '账号已停用，请联系单位管理员',
  AUTH_TOKEN_INVALID: '登录已失效，请重新进入',
  AUTH_REFRESH_INVALID: '登录已过期，请重新登录',
  AUTH_WECHAT_CODE_INVALID: '微信登录未成功，请重试',
  AUTH_WECHAT_UNAVAILABLE: '微信服务暂时不可用，请稍后再试',
  AUTH_PASSWORD_WEAK: '新密码过于简单，请设置更复杂的密码',
  AUTH_PASSWORD_WRONG: '当前密码不正确',
  STAFF_ACTION_NOT_ALLOWED: '不能对该账号执行此操作',

  // catalog
  CATALOG_DUPLICATE: '该编码已存在，请勿重复添加',
  CATALOG_REFERENCE_INVALID: '所选的单位、大厅或窗口不存在，请刷新后重试',
  CATALOG_OUT_OF_SCOPE: '超出您的管理范围',
  DUTY_NOT_ALLOWED: '该人员不能在此窗口值守',
  WECHAT_NOT_CONFIGURED: '尚未配置微信小程序，暂不能使用此功能',

  // scan
  SCAN_UNKNOWN: '未找到该窗口，请确认扫描的是办事窗口上的二维码',
  WINDOW_INACTIVE: '该窗口已暂停评价，请咨询现场工作人员',

  // ratings
  RATING_DUPLICATE: '您刚刚已评价过该窗口',
  RATING_TAG_INVALID: '所选的评价标签已更新，请重新选择后提交',
  RATING_SERVICE_ITEM_INVALID: '所选的办理事项不属于该窗口，请重新选择',
  RATING_CONTACT_NOT_ALLOWED: '只有“不满意”或“非常不满意”的评价才需要留下手机号',
  RATING_CLIENT_ID_REUSED: '这条评价已提交过，请重新评价',
  RATING_RATE_LIMITED: '评价提交过于频繁，请稍后再试',
  RATING_PHONE_CODE_INVALID: '获取手机号失败，请重新获取，或不留手机号直接提交',
  RATING_PHONE_UNAVAILABLE: '微信暂时无法提供手机号，请稍后重试，或不留手机号直接提交',
  RATING_PHONE_EXCHANGE_LIMITED: '获取手机号次数过多，请稍后再试，或直接填写手机号',

  // cases
  CASE_STATE_CONFLICT: '工单状态已有变化，请查看最新状态后再操作',
  CASE_NO_CONTACT: '群众未留联系电话',
  CASE_ASSIGNEE_INVALID: '所选人员不能处理该工单',
  CASE_ANSWER_DONE: '您已经提交过了',


  // notices
  NOTICE_NOT_FOUND: '这条消息不存在或已删除',
  NOTICE_WECHAT_REQUIRED: '请在微信小程序中开启消息提醒',

  // public disclosure
  PUBLIC_QUERY_INVALID: '查询条件有误，请重新选择',
};

const networkErrorMessage = '网络连接失败，请检查网络后重试';

/** Copy for a code this client version does not know (a newer server may add codes). */
const fallbackMessage = '操作未成功，请稍后再试';

export function isKnownErrorCode(code: string): code is keyof typeof serverErrorMessages {
  return Object.prototype.hasOwnProperty.call(serverErrorMessages, code);
}

/** The copy for `code`; `body` is the error body, for the codes whose copy names a detail of it. */
export function userMessageFor(code: string, body: Readonly<Record<string, unknown>> = {}): string {
  if (code === NETWORK_ERROR) return networkErrorMessage;
  if (!isKnownErrorCode(code)) return fallbackMessage;
  const wording = serverErrorMessages[code];
  return typeof wording === 'string' ? wording : wording(body);
}
