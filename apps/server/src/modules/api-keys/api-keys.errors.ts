import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';

export const ApiKeyErrors = {
  /** Unknown, malformed and revoked keys answer alike, so a caller learns nothing about which keys exist. */
  invalid: () => new AppException(ErrorCode.ApiKeyInvalid, HttpStatus.UNAUTHORIZED, 'API 密钥无效或已停用'),
  scopeMissing: () => new AppException(ErrorCode.ApiKeyScopeMissing, HttpStatus.FORBIDDEN, '该 API 密钥无权调用此接口'),
  notFound: () => new AppException(ErrorCode.ApiKeyNotFound, HttpStatus.NOT_FOUND, 'API 密钥不存在'),
};
