import { HttpException, HttpStatus } from '@nestjs/common';
import { ErrorCode, type FieldError } from '@hcp/contracts';

/**
 * The one exception type services throw for an expected failure: a stable `code` (from the contracts, or a
 * module's own `*.errors.ts`), an HTTP status, and a Chinese message a person can read.
 */
export class AppException extends HttpException {
  constructor(
    readonly code: string,
    status: HttpStatus,
    message: string,
    readonly details?: FieldError[],
    readonly extra?: Record<string, unknown>,
    /** Response headers that go with the answer, e.g. `Retry-After` on a 429 or 503. */
    readonly headers?: Record<string, string>,
  ) {
    super({ code, message }, status);
  }
}

export const badRequest = (message: string, details?: FieldError[]) =>
  new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, message, details);
