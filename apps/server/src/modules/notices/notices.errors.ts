import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';

export const NoticeErrors = {
  notFound: () => new AppException(ErrorCode.NoticeNotFound, HttpStatus.NOT_FOUND, '这条消息不存在'),
  wechatRequired: () => new AppException(ErrorCode.NoticeWechatRequired, HttpStatus.FORBIDDEN, '微信消息提醒需要在微信小程序中开启'),
  deadLetterNotFound: () => new AppException(ErrorCode.DeadLetterNotFound, HttpStatus.NOT_FOUND, '没有这条发送失败的记录，或已重新发送'),
  wechatCodeInvalid: () =>
    new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, '微信登录凭证无效，请重试', [{ field: 'code', rules: ['wechat'], message: '微信登录凭证无效，请重试' }]),
  wechatUnavailable: () => new AppException(ErrorCode.ServiceUnavailable, HttpStatus.SERVICE_UNAVAILABLE, '微信服务暂时不可用，请稍后再试'),
};
