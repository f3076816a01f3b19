import Taro from '@tarojs/taro';
import type { Platform, SubscribeDecision } from './types';

export type { LoginProof, PhoneNumberMode, Platform, SubscribeDecision } from './types';

export const login: Platform['login'] = async () => {
  const { code } = await Taro.login();
  return { kind: 'wechat', code };
};

export const scanWindowCode: Platform['scanWindowCode'] = async () => {
  try {
    // 'qrCode' covers both plain QR codes and mini-program codes (小程序码).
    const scanned = await Taro.scanCode({ scanType: ['qrCode'] });
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

export const requestSubscribe: Platform['requestSubscribe'] = async (templateIds) => {
  if (templateIds.length === 0) return {};
  let answer: object;
  try {
    // Taro's type also demands Alipay's `entityIds`; WeChat takes only `tmplIds`.
    answer = await Taro.requestSubscribeMessage({ tmplIds: templateIds } as Taro.requestSubscribeMessage.Option);
  } catch {
    // Subscriptions switched off in settings, or no template id valid: no push is allowed, nothing to report.
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

export const onNetworkRestored: Platform['onNetworkRestored'] = (callback) => {
  // Also called when the network changes type (Wi-Fi to 4G) while connected: a harmless extra flush.
  const listener: Taro.onNetworkStatusChange.Callback = (result) => {
    if (result.isConnected) callback();
  };
  Taro.onNetworkStatusChange(listener);
  return () => Taro.offNetworkStatusChange(listener);
};

function isCancel(error: unknown): boolean {
  const errMsg = (error as { errMsg?: unknown } | null)?.errMsg;
  return typeof errMsg === 'string' && errMsg.includes('cancel');
}
