import type { CitizenToken } from '@hcp/contracts';
import { login } from '../platform';
import { NETWORK_ERROR } from './error-messages';
import { ApiError, request, type RequestOptions } from './request';
import { clearToken, getToken, setToken } from './session';

/** One sign-in at a time: the rate page and the offline queue may both need a token at once. */
let signingIn: Promise<void> | null = null;

/**
 * Signs the citizen in: a wx.login code in WeChat, this browser's device id elsewhere (see platform/). Citizens
 * never see a sign-in screen; rating and 我的评价 sign in on first need.
 */
export function signIn(): Promise<void> {
  if (!signingIn) {
    signingIn = exchangeProof().finally(() => {
      signingIn = null;
    });
  }
  return signingIn;
}

async function exchangeProof(): Promise<void> {
  // A stale token must not ride along on the sign-in call itself.
  clearToken();
  let proof: Awaited<ReturnType<typeof login>>;
  try {
    proof = await login();
  } catch {
    // wx.login fails when the phone is offline; its errMsg is not citizen copy.
    throw new ApiError({ code: NETWORK_ERROR, status: 0 });
  }
  const token =
    proof.kind === 'wechat'
      ? await request<CitizenToken>('/auth/wechat', { method: 'POST', data: { code: proof.code } })
      : await request<CitizenToken>('/auth/device', { method: 'POST', data: { deviceId: proof.deviceId } });
  setToken(token.accessToken);
}

/** request() as the signed-in citizen: signs in when there is no token, and once more when it has expired (401). */
export async function citizenRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  if (!getToken()) await signIn();
  try {
    return await request<T>(path, options);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    await signIn();
    return request<T>(path, options);
  }
}
