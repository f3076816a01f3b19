import Taro from '@tarojs/taro';
import { API_PREFIX, ErrorCode, type ErrorBody, type FieldError } from '@hcp/contracts';
import { isKnownErrorCode, NETWORK_ERROR, userMessageFor, type ClientErrorCode } from './error-messages';
import { getToken } from './session';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: HttpMethod;
  /** JSON body; for GET, the query parameters. */
  data?: Record<string, unknown> | unknown[];
  /**
   * The bearer token to send instead of the citizen's: staff pages pass the staff session's, and `null` sends none
   * (a sign-in or token refresh). The citizen's token never rides along on a staff call.
   */
  token?: string | null;
}

/** Long enough for a weak county-town 3G link, short enough that a citizen at the window is not left waiting. */
const TIMEOUT_MS = 15_000;

/**
 * A failed API call. `message` is Chinese copy fit to show as is; `code` is the stable server code (the contract's
 * ErrorCode, so a renamed code fails to compile where it is compared) or NETWORK_ERROR when no response arrived
 * (`status` 0). A code this version does not know (a newer server) becomes the general code of its HTTP status;
 * the server's own code stays in `body.code`.
 */
export class ApiError extends Error {
  readonly code: ClientErrorCode;
  readonly status: number;
  readonly requestId?: string;
  readonly details?: FieldError[];
  /**
   * The whole error body, for the few codes that carry more than `{ code, message }`: `retired: true` with
   * SCAN_UNKNOWN (a rotated QR code), `existingRatingId` with RATING_DUPLICATE.
   */
  readonly body: Readonly<Record<string, unknown>>;

  constructor(init: {
    code: string;
    status: number;
    requestId?: string;
    details?: FieldError[];
    body?: Record<string, unknown>;
  }) {
    const body = init.body ?? {};
    super(userMessageFor(init.code, body));
    this.name = 'ApiError';
    this.code = init.code === NETWORK_ERROR || isKnownErrorCode(init.code) ? init.code : codeForStatus(init.status);
    this.status = init.status;
    this.requestId = init.requestId;
    this.details = init.details;
    this.body = body;
  }

  /** No answer arrived, or a gateway gave up on the server: the request may simply be tried again later. */
  get isUnreachable(): boolean {
    return this.code === NETWORK_ERROR || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

/** Calls the API at `API_BASE_URL + API_PREFIX + path` and resolves with the parsed JSON body of a 2xx answer. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const header: Record<string, string> = { Accept: 'application/json' };
  const token = options.token === undefined ? getToken() : options.token;
  if (token) header.Authorization = `Bearer ${token}`;

  let response: { statusCode: number; data: unknown };
  try {
    response = await Taro.request({
      url: `${API_BASE_URL}${API_PREFIX}${path}`,
      method: options.method ?? 'GET',
      data: options.data,
      header,
      timeout: TIMEOUT_MS,
      dataType: 'json',
    });
  } catch {
    // Taro.request rejects only when no HTTP response arrived; the platform's errMsg is not citizen copy.
    throw new ApiError({ code: NETWORK_ERROR, status: 0 });
  }

  const { statusCode, data } = response;
  if (statusCode >= 200 && statusCode < 300) return data as T;

  if (isErrorBody(data)) {
    throw new ApiError({
      code: data.code,
      status: statusCode,
      requestId: data.requestId,
      details: data.details,
      body: data as Record<string, unknown>,
    });
  }
  // No error body: a proxy or gateway answered (an HTML 502 page, say). Derive the code from the status.
  throw new ApiError({ code: codeForStatus(statusCode), status: statusCode });
}

/** The contract's error body; `requestId` and `details` are not relied on, so an older server still maps. */
function isErrorBody(value: unknown): value is Pick<ErrorBody, 'code' | 'message'> & Partial<ErrorBody> {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Partial<Record<keyof ErrorBody, unknown>>;
  return typeof body.code === 'string' && typeof body.message === 'string';
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return ErrorCode.ValidationFailed;
    case 401:
      return ErrorCode.Unauthorized;
    case 403:
      return ErrorCode.Forbidden;
    case 404:
      return ErrorCode.NotFound;
    case 405:
      return ErrorCode.MethodNotAllowed;
    case 409:
      return ErrorCode.Conflict;
    case 413:
      return ErrorCode.PayloadTooLarge;
    case 429:
      return ErrorCode.TooManyRequests;
    case 502:
    case 503:
    case 504:
      return ErrorCode.ServiceUnavailable;
    default:
      return ErrorCode.Internal;
  }
}
