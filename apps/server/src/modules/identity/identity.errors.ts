import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';

export const IdentityErrors = {
  invalidCredentials: () => new AppException(ErrorCode.AuthInvalidCredentials, HttpStatus.UNAUTHORIZED, '工号或密码不正确'),
  /** The same answer whether or not the staff number exists: it names the wait, not the account. */
  loginThrottled: (until: Date) => {
    const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
    const minutes = Math.ceil(seconds / 60);
    return new AppException(
      ErrorCode.AuthLoginThrottled,
      HttpStatus.TOO_MANY_REQUESTS,
      `登录失败次数过多，请 ${minutes} 分钟后再试；如忘记密码，请联系单位管理员重置`,
      undefined,
      { retryAfter: seconds },
      { 'Retry-After': String(seconds) },
    );
  },
  signupThrottled: () =>
    new AppException(ErrorCode.AuthSignupThrottled, HttpStatus.TOO_MANY_REQUESTS, '当前网络下新用户过多，请稍后再试，或使用微信扫码评价', undefined, undefined, {
      'Retry-After': '600',
    }),
  inactive: () => new AppException(ErrorCode.AuthAccountInactive, HttpStatus.FORBIDDEN, '账号已停用，请联系管理员'),
  tokenInvalid: () => new AppException(ErrorCode.AuthTokenInvalid, HttpStatus.UNAUTHORIZED, '登录已过期，请重新登录'),
  refreshInvalid: () => new AppException(ErrorCode.AuthRefreshInvalid, HttpStatus.UNAUTHORIZED, '登录已过期，请重新登录'),
  wechatCodeInvalid: () => new AppException(ErrorCode.AuthWechatCodeInvalid, HttpStatus.UNAUTHORIZED, '微信登录凭证无效或已过期，请重试'),
  wechatUnavailable: () => new AppException(ErrorCode.AuthWechatUnavailable, HttpStatus.SERVICE_UNAVAILABLE, '微信服务暂时不可用，请稍后再试'),
  wechatNotConfigured: () => new AppException(ErrorCode.WechatNotConfigured, HttpStatus.SERVICE_UNAVAILABLE, '本平台未配置微信小程序'),
  passwordWeak: (problem: string) => new AppException(ErrorCode.AuthPasswordWeak, HttpStatus.BAD_REQUEST, problem),
  passwordWrong: () => new AppException(ErrorCode.AuthPasswordWrong, HttpStatus.BAD_REQUEST, '当前密码不正确'),
  /** An account holding a role the caller could not grant is out of the caller's hands. */
  outranked: () =>
    new AppException(ErrorCode.StaffActionNotAllowed, HttpStatus.FORBIDDEN, '该账号拥有您无权授予的角色，您不能修改、停用、启用或重置其密码'),
  notOnYourself: (what: string) => new AppException(ErrorCode.StaffActionNotAllowed, HttpStatus.FORBIDDEN, what),
  forbidden: () => new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN, '没有权限执行此操作'),
  unauthenticated: () => new AppException(ErrorCode.Unauthorized, HttpStatus.UNAUTHORIZED, '请先登录'),
};
