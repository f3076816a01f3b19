import { isObject } from './util.js';

/** The WeChat endpoints the sandbox implements. */
export const WECHAT_PATHS = [
  '/sns/jscode2session',
  '/cgi-bin/stable_token',
  '/wxa/getwxacodeunlimit',
  '/wxa/msg_sec_check',
  '/wxa/business/getuserphonenumber',
  '/cgi-bin/message/subscribe/send',
] as const;

export type WechatPath = (typeof WECHAT_PATHS)[number];

/**
 * A fault answers the next `times` calls of an endpoint (`*`: any endpoint) with a WeChat error, an HTTP error
 * status (502 for an outage), a dropped connection, or only a delay (a slow or timing-out WeChat) before the normal
 * answer. `delayMs` combines with the others.
 */
export interface FaultSpec {
  path: WechatPath | '*';
  /** Answer `{ errcode, errmsg }` with HTTP 200, as WeChat does. */
  errcode?: number;
  errmsg?: string;
  /** Answer with this HTTP status and a plain-text body (a gateway error), not WeChat JSON. */
  httpStatus?: number;
  /** Close the connection without answering. */
  dropConnection?: boolean;
  delayMs?: number;
  /** How many calls it affects (default 1), or `'always'` until cleared. */
  times?: number | 'always';
}

export interface ActiveFault extends FaultSpec {
  remaining: number | 'always';
}

export class Faults {
  private readonly active: ActiveFault[] = [];

  add(spec: FaultSpec): ActiveFault {
    const fault = validate(spec);
    this.active.push(fault);
    return { ...fault };
  }

  /** The fault for this call, counted as used; undefined when none applies. */
  take(path: string): ActiveFault | undefined {
    const index = this.active.findIndex((f) => f.path === path || f.path === '*');
    if (index < 0) return undefined;
    const fault = this.active[index];
    if (fault.remaining !== 'always') {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.active.splice(index, 1);
    }
    return { ...fault };
  }

  list(): ActiveFault[] {
    return this.active.map((f) => ({ ...f }));
  }

  clear(): void {
    this.active.length = 0;
  }
}

function validate(spec: unknown): ActiveFault {
  if (!isObject(spec)) throw new RangeError('a fault is an object such as {"path":"/sns/jscode2session","errcode":45011}');
  const { path, errcode, errmsg, httpStatus, dropConnection, delayMs, times } = spec;
  if (path !== '*' && !(WECHAT_PATHS as readonly unknown[]).includes(path)) {
    throw new RangeError(`fault path must be * or one of ${WECHAT_PATHS.join(', ')}`);
  }
  if (errcode !== undefined && (typeof errcode !== 'number' || !Number.isInteger(errcode) || errcode === 0)) {
    throw new RangeError('errcode must be a non-zero whole number');
  }
  if (errmsg !== undefined && typeof errmsg !== 'string') throw new RangeError('errmsg must be text');
  if (httpStatus !== undefined && (typeof httpStatus !== 'number' || !Number.isInteger(httpStatus) || httpStatus < 400 || httpStatus > 599)) {
    throw new RangeError('httpStatus must be an HTTP error status from 400 to 599');
  }
  if (dropConnection !== undefined && typeof dropConnection !== 'boolean') throw new RangeError('dropConnection must be true or false');
  if (delayMs !== undefined && (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0 || delayMs > 600_000)) {
    throw new RangeError('delayMs must be from 0 to 600000');
  }
  if (times !== undefined && times !== 'always' && (typeof times !== 'number' || !Number.isInteger(times) || times < 1)) {
    throw new RangeError('times must be a whole number of at least 1, or "always"');
  }
  if (errcode === undefined && httpStatus === undefined && !dropConnection && delayMs === undefined) {
    throw new RangeError('a fault needs errcode, httpStatus, dropConnection or delayMs');
  }
  return {
    path: path as FaultSpec['path'],
    ...(errcode !== undefined ? { errcode } : {}),
    ...(errmsg !== undefined ? { errmsg } : {}),
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    ...(dropConnection ? { dropConnection } : {}),
    ...(delayMs !== undefined ? { delayMs } : {}),
    times: times ?? 1,
    remaining: times ?? 1,
  };
}
