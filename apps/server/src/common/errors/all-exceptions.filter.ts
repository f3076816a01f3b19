import { types } from 'node:util';
import { ArgumentsHost, Catch, HttpException, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { ErrorCode, type ErrorBody } from '@hcp/contracts';
import { AppException } from './app-exception.js';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../database-errors.js';
import { requestIdOf } from '../logging/request-context.js';

const CODE_BY_STATUS: Record<number, { code: string; message: string }> = {
  400: { code: ErrorCode.ValidationFailed, message: '请求参数有误，请检查后重试' },
  401: { code: ErrorCode.Unauthorized, message: '请先登录' },
  403: { code: ErrorCode.Forbidden, message: '没有权限执行此操作' },
  404: { code: ErrorCode.NotFound, message: '请求的内容不存在' },
  405: { code: ErrorCode.MethodNotAllowed, message: '不支持该请求方式' },
  409: { code: ErrorCode.Conflict, message: '操作冲突，请刷新后重试' },
  413: { code: ErrorCode.PayloadTooLarge, message: '提交的内容过大' },
  429: { code: ErrorCode.TooManyRequests, message: '操作过于频繁，请稍后再试' },
  503: { code: ErrorCode.ServiceUnavailable, message: '服务暂时不可用，请稍后再试' },
};

const INTERNAL = { code: ErrorCode.Internal, message: '服务器开小差了，请稍后再试' };

/** Errors raised by the body parser before Nest sees the request (malformed JSON, too large). */
interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
}

/**
 * The single place an error becomes a response. The body is always `{ code, message, requestId, details? }`;
 * a 500 says nothing about its cause (the cause goes to the log, tied to the same request id).
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const requestId = requestIdOf(req);
    const { status, body, extra, headers } = this.describe(exception, requestId);

    if (status >= 500) {
      this.logger.error({ err: loggableError(exception), status }, 'request failed');
    }
    if (res.headersSent) return;
    if (headers) res.set(headers);
    res.status(status).json({ ...body, ...extra });
  }

  private describe(
    exception: unknown,
    requestId: string,
  ): { status: number; body: ErrorBody; extra?: Record<string, unknown>; headers?: Record<string, string> } {
    if (exception instanceof AppException) {
      const body: ErrorBody = { code: exception.code, message: exception.message, requestId };
      if (exception.details?.length) body.details = exception.details;
      return { status: exception.getStatus(), body, extra: exception.extra, headers: exception.headers };
    }
    // Express's body parser fails before Nest sees the request; Nest wraps its error, keeping it as `cause`.
    const parserError = (exception instanceof HttpException ? exception.cause : exception) as BodyParserError | undefined;
    if (parserError?.type === 'entity.parse.failed') {
      return { status: 400, body: { code: ErrorCode.MalformedJson, message: '请求内容不是有效的 JSON', requestId } };
    }
    if (parserError?.type === 'entity.too.large') {
      return { status: 413, body: { ...CODE_BY_STATUS[413], requestId } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const known = CODE_BY_STATUS[status] ?? (status >= 500 ? INTERNAL : { code: `HTTP_${status}`, message: '请求失败' });
      return { status, body: { ...known, requestId } };
    }
    const status = parserError?.status ?? parserError?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500 && CODE_BY_STATUS[status]) {
      return { status, body: { ...CODE_BY_STATUS[status], requestId } };
    }
    // The database is down, silent, full or shutting down: the same request may well succeed in a moment.
    if (isDatabaseUnavailable(exception)) {
      return {
        status: HttpStatus.SERVICE_UNAVAILABLE,
        body: { ...CODE_BY_STATUS[503], requestId },
        headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
      };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, body: { ...INTERNAL, requestId } };
  }
}

/**
 * What of an error goes to the log: its type, message, stack and code — never its other properties. A database
 * error carries the query's parameters (an openid, a phone number, a password hash), which must not be logged.
 */
export function loggableError(error: unknown): { type: string; message: string; stack?: string; code?: string } {
  // isNativeError, not instanceof: Node's socket errors may come from another realm (a test runner's sandbox).
  if (!types.isNativeError(error)) return { type: typeof error, message: String(error) };
  const code = (error as { code?: unknown }).code ?? (error as { driverError?: { code?: unknown } }).driverError?.code;
  return { type: error.name, message: error.message, stack: error.stack, ...(typeof code === 'string' ? { code } : {}) };
}
