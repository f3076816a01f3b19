import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';

export const IdentityErrors = {
  invalidCredentials: () => new AppException(ErrorCode.AuthInvalidCredentials, HttpStatus.UNAUTHORIZED, '工号或密码不正确'),
  locked: (until: Date) =>
    new AppException(ErrorCode.AuthAccountLocked, 423 as HttpStatus, '密码错误次数过多，账号已临时锁定，请稍后再试', undefined, {
      lockedUntil: until.toISOString(),
    }),
  inactive: () => new AppException(ErrorCode.AuthAccountInactive, HttpStatus.FORBIDDEN, '账号已停用，请联系管理员'),
  tokenInvalid: () => new AppException(ErrorCode.AuthTokenInvalid, HttpStatus.UNAUTHORIZED, '登录已过期，请重新登录'),
  refreshInvalid: () => new AppException(ErrorCode.AuthRefreshInvalid, HttpStatus.UNAUTHORIZED, '登录已过期，请重新登录'),
  wechatCodeInvalid: () => new AppException(ErrorCode.AuthWechatCodeInvalid, HttpStatus.UNAUTHORIZED, '微信登录凭证无效或已过期，请重试'),
  wechatUnavailable: () => new AppException(ErrorCode.AuthWechatUnavailable, HttpStatus.SERVICE_UNAVAILABLE, '微信服务暂时不可用，请稍后再试'),
  wechatNotConfigured: () => new AppException(ErrorCode.WechatNotConfigured, HttpStatus.SERVICE_UNAVAILABLE, '本平台未配置微信小程序'),
  passwordWeak: (problem: string) => new AppException(ErrorCode.AuthPasswordWeak, HttpStatus.BAD_REQUEST, problem),
  passwordWrong: () => new AppException(ErrorCode.AuthPasswordWrong, HttpStatus.BAD_REQUEST, '当前密码不正确'),
  forbidden: () => new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN, '没有权限执行此操作'),
  unauthenticated: () => new AppException(ErrorCode.Unauthorized, HttpStatus.UNAUTHORIZED, '请先登录'),
};
