/**
 * Stable error codes. Every error response body is `{ code, message, requestId, details? }`; the mini-program maps
 * `code` to Chinese copy, so a code, once shipped, keeps its meaning.
 */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  MalformedJson: 'MALFORMED_JSON',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  NotFound: 'NOT_FOUND',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  Unauthorized: 'UNAUTHORIZED',
  Forbidden: 'FORBIDDEN',
  Conflict: 'CONFLICT',
  TooManyRequests: 'TOO_MANY_REQUESTS',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  Internal: 'INTERNAL_ERROR',

  // identity
  AuthInvalidCredentials: 'AUTH_INVALID_CREDENTIALS',
  /** No longer sent: sign-in is throttled per account and address instead (AUTH_LOGIN_THROTTLED). */
  AuthAccountLocked: 'AUTH_ACCOUNT_LOCKED',
  AuthLoginThrottled: 'AUTH_LOGIN_THROTTLED',
  AuthSignupThrottled: 'AUTH_SIGNUP_THROTTLED',
  AuthAccountInactive: 'AUTH_ACCOUNT_INACTIVE',
  AuthTokenInvalid: 'AUTH_TOKEN_INVALID',
  AuthRefreshInvalid: 'AUTH_REFRESH_INVALID',
  AuthWechatCodeInvalid: 'AUTH_WECHAT_CODE_INVALID',
  AuthWechatUnavailable: 'AUTH_WECHAT_UNAVAILABLE',
  AuthPasswordWeak: 'AUTH_PASSWORD_WEAK',
  AuthPasswordWrong: 'AUTH_PASSWORD_WRONG',
  StaffActionNotAllowed: 'STAFF_ACTION_NOT_ALLOWED',

  // catalog
  CatalogDuplicate: 'CATALOG_DUPLICATE',
  CatalogReferenceInvalid: 'CATALOG_REFERENCE_INVALID',
  CatalogOutOfScope: 'CATALOG_OUT_OF_SCOPE',
  ImportInvalid: 'IMPORT_INVALID',
  ImportUnreadable: 'IMPORT_UNREADABLE',
  ImportTooManyRows: 'IMPORT_TOO_MANY_ROWS',
  ImportTooLarge: 'IMPORT_TOO_LARGE',
  ImportBusy: 'IMPORT_BUSY',
  DutyNotAllowed: 'DUTY_NOT_ALLOWED',
  WechatNotConfigured: 'WECHAT_NOT_CONFIGURED',
  PosterPdfTooLarge: 'POSTER_PDF_TOO_LARGE',
  PosterPdfBusy: 'POSTER_PDF_BUSY',
  PosterPdfInProgress: 'POSTER_PDF_IN_PROGRESS',

  // scan
  ScanUnknown: 'SCAN_UNKNOWN',
  WindowInactive: 'WINDOW_INACTIVE',

  // ratings
  RatingDuplicate: 'RATING_DUPLICATE',
  RatingTagInvalid: 'RATING_TAG_INVALID',
  RatingServiceItemInvalid: 'RATING_SERVICE_ITEM_INVALID',
  RatingContactNotAllowed: 'RATING_CONTACT_NOT_ALLOWED',
  RatingClientIdReused: 'RATING_CLIENT_ID_REUSED',
  RatingRateLimited: 'RATING_RATE_LIMITED',
  RatingPhoneCodeInvalid: 'RATING_PHONE_CODE_INVALID',

  // cases
  /** The action does not fit the case's state now (someone acted first, or the step is done). 409. */
  CaseStateConflict: 'CASE_STATE_CONFLICT',
  /** The rater left no number: nothing to reveal. 409. */
  CaseNoContact: 'CASE_NO_CONTACT',
  /** The staff member named cannot handle this case (another unit, no handler role, deactivated). 400. */
  CaseAssigneeInvalid: 'CASE_ASSIGNEE_INVALID',
  /** The citizen already answered, or added the one follow-up rating. 409. */
  CaseAnswerDone: 'CASE_ANSWER_DONE',
  /** A routing rule names something that does not exist, or duplicates an active rule. 400/409. */
  RoutingRuleInvalid: 'ROUTING_RULE_INVALID',
  RatingPhoneUnavailable: 'RATING_PHONE_UNAVAILABLE',

  // notices
  /** No such notice of the caller's (another person's notice id answers the same). 404. */
  NoticeNotFound: 'NOTICE_NOT_FOUND',
  /** WeChat subscriptions need a caller signed in through WeChat (a browser has no subscribe prompt). 403. */
  NoticeWechatRequired: 'NOTICE_WECHAT_REQUIRED',
  /** No dead letter with this id (or it was resent already). 404. */
  DeadLetterNotFound: 'DEAD_LETTER_NOT_FOUND',
  /** The citizen asked WeChat for their number too often this hour; typing it is still possible. 429 with Retry-After. */
  RatingPhoneExchangeLimited: 'RATING_PHONE_EXCHANGE_LIMITED',
  /** The flagged rating was already cleared or confirmed by someone else. 409. */
  RatingFlagReviewed: 'RATING_FLAG_REVIEWED',

  // stats
  /** A period that ends before it starts, lies outside 2000–2099 or spans more than STATS_MAX_RANGE_DAYS. 400. */
  StatsRangeInvalid: 'STATS_RANGE_INVALID',
  /** More than one subject, or a grouping the subject cannot have (a window by unit; tags of a staff member). 400. */
  StatsQueryInvalid: 'STATS_QUERY_INVALID',

  // api keys
  /** The API key is unknown, malformed or revoked. 401. */
  ApiKeyInvalid: 'API_KEY_INVALID',
  /** The API key is good but lacks the scope this route needs. 403. */
  ApiKeyScopeMissing: 'API_KEY_SCOPE_MISSING',
  /** No such API key. 404. */
  ApiKeyNotFound: 'API_KEY_NOT_FOUND',

  // exports
  /** The export cursor is not one this server issued, or belongs to another period. 400. */
  ExportCursorInvalid: 'EXPORT_CURSOR_INVALID',
  /** `from`/`to` missing, unreadable, reversed or spanning too long. 400. */
  ExportRangeInvalid: 'EXPORT_RANGE_INVALID',
  // public disclosure
  /** A public question that does not hold together: `month` with `period=year`, a page past the last allowed. 400. */
  PublicQueryInvalid: 'PUBLIC_QUERY_INVALID',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldError {
  /** Dotted path of the offending field, e.g. `tagCodes.1`. */
  field: string;
  /** Machine-readable rule names that failed, e.g. `isInt`, `whitelistValidation`. */
  rules: string[];
  message: string;
}

export interface ErrorBody {
  code: ErrorCode | (string & {});
  message: string;
  requestId: string;
  details?: FieldError[];
}
