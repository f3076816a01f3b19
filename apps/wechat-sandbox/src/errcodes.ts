import { newTraceId } from './ids.js';

/**
 * The error codes the sandbox answers with, and WeChat's own English messages for them (from the global return
 * code table and each endpoint's page on developers.weixin.qq.com). WeChat appends a request id (`rid`) to every
 * message; so does the sandbox, so a client that matches on the whole message breaks here as it would in production.
 */
export const Errcode = {
  SystemError: -1,
  InvalidCredential: 40001,
  InvalidGrantType: 40002,
  InvalidOpenid: 40003,
  InvalidAppid: 40013,
  InvalidAccessToken: 40014,
  InvalidCode: 40029,
  InvalidTemplateId: 40037,
  InvalidArgs: 40097,
  InvalidAppsecret: 40125,
  InvalidScene: 40129,
  CodeBeenUsed: 40163,
  InvalidSceneLength: 40169,
  CodeBlocked: 40226,
  AccessTokenMissing: 41001,
  AppidMissing: 41002,
  AppsecretMissing: 41004,
  CodeMissing: 41008,
  InvalidPage: 41030,
  AccessTokenExpired: 42001,
  RequireGetMethod: 43001,
  RequirePostMethod: 43002,
  UserRefusedMessage: 43101,
  AppidOpenidMismatch: 43104,
  EmptyPostData: 44002,
  DailyQuotaReached: 45009,
  MinuteQuotaReached: 45011,
  DataFormatError: 47001,
  ArgumentInvalid: 47003,
  InvalidUrl: 40066,
  VisitExpired: 61010,
  RiskyContent: 87014,
} as const;

export const ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40066: 'invalid url',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40129: 'invalid scene',
  40163: 'code been used',
  40169: 'invalid length for scene, or the data is not json string',
  40226: 'code blocked',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41030: 'invalid page',
  42001: 'access_token expired',
  43001: 'require GET method',
  43002: 'require POST method',
  43101: 'user refuse to accept the msg',
  // msgSecCheck documents only "appid 与 openid 不匹配"; the English text is the sandbox's.
  43104: 'appid and openid not match',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit mustslower retry next minute',
  47001: 'data format error',
  47003: 'argument invalid!',
  // msgSecCheck documents 61010 as "用户访问记录超时"; developers report WeChat's text as "code is expired".
  61010: 'code is expired',
  87014: 'risky content',
};

/** A WeChat error body: `{ errcode, errmsg }`. */
export interface WxErrorBody {
  errcode: number;
  errmsg: string;
}

/** Thrown inside handlers to answer with a WeChat error body. */
export class WxFailure extends Error {
  constructor(
    readonly errcode: number,
    readonly detail?: string,
  ) {
    super(detail ?? ERRMSG[errcode] ?? `errcode ${errcode}`);
    this.name = 'WxFailure';
  }
}

export function errorBody(errcode: number, nowMs: number, detail?: string): WxErrorBody {
  const message = detail ?? ERRMSG[errcode] ?? `errcode ${errcode}`;
  // `rid` as WeChat prints it: the time in seconds in hex, then two random groups.
  return { errcode, errmsg: `${message} rid: ${newTraceId(nowMs)}` };
}
