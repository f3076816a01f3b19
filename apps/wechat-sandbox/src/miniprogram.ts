/**
 * Stand-ins for the WeChat client APIs the mini-program calls, for its tests. They answer what the client answers,
 * shapes and error codes included; they run without WeChat and without Node built-ins (this module imports nothing),
 * so a test can put them behind `jest.spyOn(Taro, 'requestSubscribeMessage')` and the like.
 */

/**
 * wx.requestSubscribeMessage: "一次调用最多可订阅 5 条消息" in the current documentation, 3 in earlier versions and on
 * older clients (developers report 4 failing with 20003). The stricter number is the default.
 */
export const SUBSCRIBE_PROMPT_MAX_TEMPLATES = 3;
export const SUBSCRIBE_PROMPT_MAX_TEMPLATES_CURRENT = 5;

/** What the user chose for a template: accepted, refused, banned by WeChat, or filtered (same title as another). */
export type SubscribeDecision = 'accept' | 'reject' | 'ban' | 'filter';

/** The success answer: `errMsg` and one key per template id. */
export type SubscribePromptSuccess = { errMsg: 'requestSubscribeMessage:ok' } & Record<string, string>;

/** The failure answer (the `fail` callback, or the rejection of the promise). */
export interface SubscribePromptFailure {
  errCode: number;
  errMsg: string;
}

export interface SubscribePromptOptions {
  /** Template ids per prompt; default {@link SUBSCRIBE_PROMPT_MAX_TEMPLATES}. */
  max?: number;
  /** The user's choice: one for all templates, or per template id (missing ids: `accept`). Default `accept`. */
  decisions?: SubscribeDecision | Readonly<Record<string, SubscribeDecision>>;
  /** The user switched subscription messages off in the settings (20004). */
  switchedOff?: boolean;
  /** Template ids the app has registered; when given, a prompt with an unknown id fails with 20001. */
  knownTemplateIds?: readonly string[];
}

/** The client's error codes for the prompt (wx.requestSubscribeMessage, "错误码"). */
export const SubscribePromptError = {
  /** TmplIds can't be empty. */
  Empty: 10001,
  /** Invalid template id (参数类型错误). */
  InvalidTemplateId: 10004,
  /** No template data return, verify the template id exist. */
  NoTemplateData: 20001,
  /** Templates count out of max bounds. */
  TooManyTemplates: 20003,
  /** The main switch is switched off. */
  SwitchedOff: 20004,
} as const;

const MESSAGES: Record<number, string> = {
  10001: "TmplIds can't be empty",
  10004: 'Invalid template id',
  20001: 'No template data return, verify the template id exist',
  20003: 'Templates count out of max bounds',
  20004: 'The main switch is switched off',
};

const fail = (errCode: number): SubscribePromptFailure => ({ errCode, errMsg: `requestSubscribeMessage:fail ${MESSAGES[errCode]}` });

/** True for the failure answer of {@link subscribePrompt}. */
export const isSubscribePromptFailure = (answer: SubscribePromptSuccess | SubscribePromptFailure): answer is SubscribePromptFailure =>
  typeof (answer as Partial<SubscribePromptFailure>).errCode === 'number';

/**
 * What wx.requestSubscribeMessage answers for these template ids: `{ errMsg: 'requestSubscribeMessage:ok',
 * [id]: 'accept' | … }`, or `{ errCode, errMsg }` — 10001 no ids, 10004 an id that is not text, 20003 more ids than
 * `max`, 20001 an id the app has not registered (with `knownTemplateIds`), 20004 switched off.
 */
export function subscribePrompt(tmplIds: unknown, options: SubscribePromptOptions = {}): SubscribePromptSuccess | SubscribePromptFailure {
  const max = options.max ?? SUBSCRIBE_PROMPT_MAX_TEMPLATES;
  if (!Array.isArray(tmplIds) || tmplIds.length === 0) return fail(SubscribePromptError.Empty);
  if (tmplIds.some((id) => typeof id !== 'string' || id === '')) return fail(SubscribePromptError.InvalidTemplateId);
  const ids = tmplIds as string[];
  if (ids.length > max) return fail(SubscribePromptError.TooManyTemplates);
  if (options.knownTemplateIds && ids.some((id) => !options.knownTemplateIds?.includes(id))) return fail(SubscribePromptError.NoTemplateData);
  if (options.switchedOff) return fail(SubscribePromptError.SwitchedOff);
  const answer: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
  for (const id of ids) {
    answer[id] = typeof options.decisions === 'string' ? options.decisions : (options.decisions?.[id] ?? 'accept');
  }
  return answer as SubscribePromptSuccess;
}

/** The option object of wx.requestSubscribeMessage. */
export interface RequestSubscribeMessageOption {
  tmplIds: string[];
  success?: (answer: SubscribePromptSuccess) => void;
  fail?: (answer: SubscribePromptFailure) => void;
  complete?: (answer: SubscribePromptSuccess | SubscribePromptFailure) => void;
}

/**
 * A stand-in for wx.requestSubscribeMessage (or Taro.requestSubscribeMessage): calls the callbacks and returns a
 * promise that resolves with the success answer or rejects with the failure, as the client does.
 * `onAnswer` sees every answer (for instance to grant the accepted templates in the sandbox).
 */
export function fakeRequestSubscribeMessage(
  options: SubscribePromptOptions & { onAnswer?: (tmplIds: readonly string[], answer: SubscribePromptSuccess | SubscribePromptFailure) => void } = {},
): (option: RequestSubscribeMessageOption) => Promise<SubscribePromptSuccess> {
  return (option) => {
    const answer = subscribePrompt(option?.tmplIds, options);
    options.onAnswer?.(Array.isArray(option?.tmplIds) ? option.tmplIds : [], answer);
    if (isSubscribePromptFailure(answer)) {
      option?.fail?.(answer);
      option?.complete?.(answer);
      return Promise.reject(answer);
    }
    option?.success?.(answer);
    option?.complete?.(answer);
    return Promise.resolve(answer);
  };
}

/** The success answer of wx.scanCode. */
export interface ScanCodeSuccess {
  errMsg: 'scanCode:ok';
  /** For a mini-program code, an opaque text the app cannot use (the sandbox's choice); `path` is what counts. */
  result: string;
  scanType: 'WX_CODE';
  charSet: 'UTF-8';
  /** The code's page and `scene` query. */
  path: string;
  rawData: string;
}

export interface ScanCodeOptions {
  /** The `scanType` the app asked for; default `['barCode', 'qrCode', 'wxCode']` as documented. */
  scanType?: readonly string[];
  /**
   * Developers report that iOS hands the scene over URL-encoded (`scene=id%3D178%26book%3D123`) and Android as is
   * (`scene=id=178&book=123`). Default `android`, the one whose scene a naive query parser cuts at its first `&`.
   */
  platform?: 'ios' | 'android';
}

/**
 * What wx.scanCode answers when the user scans a mini-program code of this app (as drawn by getwxacodeunlimit, read
 * with `scanWxacode` or listed by `qrCodes()`). A `scanType` without `wxCode` does not recognise the code: the user
 * gives up and the call fails with `scanCode:fail cancel`.
 */
export function scanCodeAnswer(code: { scene: string; page: string }, options: ScanCodeOptions = {}): ScanCodeSuccess | { errMsg: 'scanCode:fail cancel' } {
  const scanType = options.scanType ?? ['barCode', 'qrCode', 'wxCode'];
  if (!scanType.includes('wxCode')) return { errMsg: 'scanCode:fail cancel' };
  const scene = (options.platform ?? 'android') === 'ios' ? encodeURIComponent(code.scene) : code.scene;
  const path = `${code.page}?scene=${scene}`;
  return { errMsg: 'scanCode:ok', result: opaque(path), scanType: 'WX_CODE', charSet: 'UTF-8', path, rawData: opaque(`raw:${path}`) };
}

/** A stable, meaningless text derived from `text` (FNV-1a, in base 36), standing in for WeChat's encrypted payloads. */
function opaque(text: string): string {
  let out = '';
  let hash = 0x811c9dc5;
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    hash = Math.imul(hash ^ round, 0x01000193) >>> 0;
    out += hash.toString(36).padStart(7, '0');
  }
  return out;
}
