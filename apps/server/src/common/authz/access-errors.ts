import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@hcp/contracts';
import { AppException } from '../errors/app-exception.js';

/** The answers of the scope rules every module shares. */
export const AccessErrors = {
  /** Out-of-scope objects answer exactly like missing ones, so their existence does not leak. */
  notFound: (what: string) => new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND, `${what}不存在`),
  /** A visible object the caller may not change. */
  outOfScope: () => new AppException(ErrorCode.CatalogOutOfScope, HttpStatus.FORBIDDEN, '只能管理本单位（或本辖区）的数据'),
};
