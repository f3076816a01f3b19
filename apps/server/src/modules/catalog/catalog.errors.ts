import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';

export const CatalogErrors = {
  /** Out-of-scope objects answer exactly like missing ones, so their existence does not leak. */
  notFound: (what: string) => new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND, `${what}不存在`),
  outOfScope: () => new AppException(ErrorCode.CatalogOutOfScope, HttpStatus.FORBIDDEN, '只能管理本单位（或本辖区）的数据'),
  reference: (field: string, message: string) =>
    new AppException(ErrorCode.CatalogReferenceInvalid, HttpStatus.BAD_REQUEST, message, [{ field, rules: ['exists'], message }]),
  scanUnknown: () => new AppException(ErrorCode.ScanUnknown, HttpStatus.NOT_FOUND, '未找到该二维码对应的窗口，请确认二维码是否正确'),
  scanRetired: () =>
    new AppException(ErrorCode.ScanUnknown, HttpStatus.NOT_FOUND, '该二维码已停用，请扫描窗口处张贴的最新二维码', undefined, { retired: true }),
  windowInactive: () => new AppException(ErrorCode.WindowInactive, HttpStatus.NOT_FOUND, '该窗口已停止服务，暂不能评价'),
};
