import Taro from '@tarojs/taro';
import { SUBSCRIBE_TEMPLATES_PER_PROMPT } from '@hcp/contracts';
import type { Platform, SubscribeDecision } from './types';

export type { LoginProof, PhoneInputProps, PhoneNumberMode, Platform, ScreenRect, SubscribeDecision } from './types';

export const login: Platform['login'] = async () => {
  const { code } = await Taro.login();
  return { kind: 'wechat', code };
};

export const deviceId: Platform['deviceId'] = () => null;

export const scanWindowCode: Platform['scanWindowCode'] = async () => {
  try {
    // A window carries a plain QR code or a mini-program code (小程序码, `wxCode`): some clients read the latter only
    // when asked for it by name.
    // (WeChat documents `wxCode`; Taro's type lists only the formats every platform knows.)
    const scanType = ['qrCode', 'wxCode'] as (keyof Taro.scanCode.ScanType)[];
    const scanned = await Taro.scanCode({ scanType });
    // `path` is set when the code is one of this mini-program's codes; a plain URL QR code gives `result`.
    return scanned.path || scanned.result || null;
  } catch (error) {
    if (!isCancel(error)) {
      await Taro.showToast({ title: '未能识别二维码，请重试', icon: 'none', duration: 2500 });
    }
    return null;
  }
};

const decisions: readonly string[] = ['accept', 'reject', 'ban', 'filter'] satisfies SubscribeDecision[];

/** wx.requestSubscribeMessage's errCode when one prompt asks about more templates than the client allows. */
const TOO_MANY_TEMPLATES = 20003;

export const requestSubscribe: Platform['requestSubscribe'] = async (allIds) => {
  // The server's configuration holds to the limit too; asking about more would lose the whole prompt (20003).
  const templateIds = allIds.slice(0, SUBSCRIBE_TEMPLATES_PER_PROMPT);
  if (templateIds.length === 0) return {};
  let answer: object;
  try {
    // Taro's type also demands Alipay's `entityIds`; WeChat takes only `tmplIds`.
    answer = await Taro.requestSubscribeMessage({ tmplIds: templateIds } as Taro.requestSubscribeMessage.Option);
  } catch (error) {
    // Subscriptions switched off in settings, or refused: no push is allowed. A prompt WeChat would not even show is
    // the operator's to hear of: it goes to WeChat's real-time log (公众平台 → 开发管理 → 运维中心 → 实时日志).
    const errCode = (error as { errCode?: unknown } | null)?.errCode;
    if (errCode === TOO_MANY_TEMPLATES) reportToOperator('requestSubscribeMessage 20003: too many templates in one prompt', { asked: templateIds.length });
    return {};
  }
  const result: Record<string, SubscribeDecision> = {};
  for (const id of templateIds) {
    // The answer is keyed by template id: { errMsg, [templateId]: 'accept' | 'reject' | … }.
    const decision = (answer as Record<string, unknown>)[id];
    if (typeof decision === 'string' && decisions.includes(decision)) result[id] = decision as SubscribeDecision;
  }
  return result;
};

export const canSubscribe: Platform['canSubscribe'] = () => true;

export const phoneNumberMode: Platform['phoneNumberMode'] = () => 'wechat-button';

// The mini-program's pages come with the package, not from the server: there is nothing written into them.
export const takePageData: Platform['takePageData'] = () => null;

export const dropFirstScreen: Platform['dropFirstScreen'] = () => undefined;

export const largeTextPreference: Platform['largeTextPreference'] = () => null;

export const rememberLargeText: Platform['rememberLargeText'] = () => undefined;

export const phoneInputProps: Platform['phoneInputProps'] = () => ({ type: 'number' });

export const measure: Platform['measure'] = (selectors) =>
  new Promise((resolve) => {
    const query = Taro.createSelectorQuery();
    for (const selector of selectors) query.select(selector).boundingClientRect();
    query.exec((rects: ({ top: number; bottom: number } | null)[]) => resolve(rects.map((r) => (r ? { top: r.top, bottom: r.bottom } : null))));
  });

export const onNetworkRestored: Platform['onNetworkRestored'] = (callback) => {
  // Also called when the network changes type (Wi-Fi to 4G) while connected: a harmless extra flush.
  const listener: Taro.onNetworkStatusChange.Callback = (result) => {
    if (result.isConnected) callback();
  };
  Taro.onNetworkStatusChange(listener);
  return () => Taro.offNetworkStatusChange(listener);
};

function reportToOperator(message: string, details: Record<string, unknown>): void {
  try {
    Taro.getRealtimeLogManager().error(message, details);
  } catch {
    // Real-time logs need base library 2.7.1; an older one has nobody to tell.
  }
}

function isCancel(error: unknown): boolean {
  const errMsg = (error as { errMsg?: unknown } | null)?.errMsg;
  return typeof errMsg === 'string' && errMsg.includes('cancel');
}
