import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';

export const RatingErrors = {
  tagInvalid: (codes: number[]) =>
    new AppException(ErrorCode.RatingTagInvalid, HttpStatus.BAD_REQUEST, `所选评价标签与评价等级不符：${codes.join('、')}`, [
      { field: 'tagCodes', rules: ['tagOfLevel'], message: `not tags of this level in the current table: ${codes.join(', ')}` },
    ]),
  serviceItemInvalid: () =>
    new AppException(ErrorCode.RatingServiceItemInvalid, HttpStatus.BAD_REQUEST, '该窗口不办理所选事项', [
      { field: 'serviceItemCode', rules: ['offeredAtWindow'], message: 'not a service item of this window' },
    ]),
  contactNotAllowed: () =>
    new AppException(ErrorCode.RatingContactNotAllowed, HttpStatus.BAD_REQUEST, '只有“不满意”和“非常不满意”的评价需要留下回访电话', [
      { field: 'contactPhone', rules: ['badRatingOnly'], message: 'a call-back contact is taken with levels 1 and 2 only' },
    ]),
  phoneCodeInvalid: (message = '获取手机号失败，请重新获取，或不留手机号直接提交') =>
    new AppException(ErrorCode.RatingPhoneCodeInvalid, HttpStatus.BAD_REQUEST, message, [
      { field: 'code', rules: ['wechatPhoneCode'], message: 'WeChat did not give a number for this code' },
    ]),
  phoneUnavailable: () =>
    new AppException(ErrorCode.RatingPhoneUnavailable, HttpStatus.SERVICE_UNAVAILABLE, '微信暂时无法提供手机号，请稍后重试，或不留手机号直接提交', undefined, undefined, {
      'Retry-After': '10',
    }),
  phoneExchangeLimited: (retryAfterSeconds: number) => {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    return new AppException(
      ErrorCode.RatingPhoneExchangeLimited,
      HttpStatus.TOO_MANY_REQUESTS,
      `获取手机号次数过多，请 ${minutes} 分钟后再试，或直接填写手机号`,
      undefined,
      { retryAfter: retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  },
  ratedAtInvalid: () =>
    new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, '评价时间无效', [
      { field: 'ratedAt', rules: ['notInFuture'], message: 'ratedAt must not lie in the future' },
    ]),
  duplicate: (existingRatingId: string, minutes: number) =>
    new AppException(ErrorCode.RatingDuplicate, HttpStatus.CONFLICT, `您在 ${minutes} 分钟内已评价过该窗口，无需重复评价`, undefined, { existingRatingId }),
  clientIdReused: () => new AppException(ErrorCode.RatingClientIdReused, HttpStatus.CONFLICT, '评价编号已被使用，请重新评价'),
  rateLimited: () => new AppException(ErrorCode.RatingRateLimited, HttpStatus.TOO_MANY_REQUESTS, '评价过于频繁，请稍后再试'),
};
