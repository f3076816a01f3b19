import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@hcp/contracts';
import { AccessErrors } from '../../common/authz/access-errors.js';
import { AppException } from '../../common/errors/app-exception.js';

export const CatalogErrors = {
  notFound: AccessErrors.notFound,
  outOfScope: AccessErrors.outOfScope,
  reference: (field: string, message: string) =>
    new AppException(ErrorCode.CatalogReferenceInvalid, HttpStatus.BAD_REQUEST, message, [{ field, rules: ['exists'], message }]),
  scanUnknown: () => new AppException(ErrorCode.ScanUnknown, HttpStatus.NOT_FOUND, '未找到该二维码对应的窗口，请确认二维码是否正确'),
  scanRetired: () =>
    new AppException(ErrorCode.ScanUnknown, HttpStatus.NOT_FOUND, '该二维码已停用，请扫描窗口处张贴的最新二维码', undefined, { retired: true }),
  windowInactive: () => new AppException(ErrorCode.WindowInactive, HttpStatus.NOT_FOUND, '该窗口已停止服务，暂不能评价'),
};
