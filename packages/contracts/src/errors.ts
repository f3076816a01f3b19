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
