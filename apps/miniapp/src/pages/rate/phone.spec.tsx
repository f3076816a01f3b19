import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { clearRouter, setRouterParams } from '../../../test/router';
import { errorReply, fakeApi, settle, signedIn, window5, type Call, type Reply } from '../../../test/fake-api';
import { phoneNumberMode } from '../../platform';
import { flushRatingQueue, pendingRatings } from '../../services/rating-queue';
import { findReceipt } from '../../services/receipts';
import RatePage from '.';

// In WeChat the number comes from the getPhoneNumber button; the rest of the platform stays the browser's.
jest.mock('../../platform', () => ({ ...jest.requireActual('../../platform'), phoneNumberMode: jest.fn() }));
const mode = phoneNumberMode as jest.MockedFunction<typeof phoneNumberMode>;

const TOKEN = 'pt1.server-sealed-token';

/** The server: scan, sign-in, the phone-number exchange (`exchange`), and POST /ratings (`rating`). */
function server(answers: { exchange?: (call: Call) => Reply; rating?: (call: Call) => Reply } = {}): Call[] {
  return fakeApi((call) => {
    if (call.path === `/scan/${window5.scene}`) return { status: 200, body: window5 };
    if (call.path === '/client-config') return { status: 200, body: { subscribeTemplateIds: [] } };
    if (call.path === '/auth/device') return signedIn;
    if (call.path === '/ratings/phone-number') {
      return answers.exchange?.(call) ?? { status: 200, body: { phoneToken: TOKEN, maskedPhone: '139****5678', expiresAt: '2026-12-07T00:00:00.000Z' } };
    }
    if (call.path === '/ratings') return answers.rating?.(call) ?? { status: 201, body: { id: 'r-1', level: (call.data as { level: number }).level } };
    return errorReply(404, 'NOT_FOUND');
  });
}

const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST' && c.path === '/ratings');
const exchanges = (calls: Call[]) => calls.filter((c) => c.path === '/ratings/phone-number');

/** What WeChat does when the citizen allows the number: the button fires `getphonenumber` with a code. */
function allowPhoneNumber(code: string) {
  const button = document.querySelector('.contact__wechat') as Element;
  fireEvent(button, new CustomEvent('getphonenumber', { detail: { code, errMsg: 'getPhoneNumber:ok' } }));
}

async function rateVeryDissatisfied() {
  render(<RatePage />);
  fireEvent.click(await screen.findByText('非常不满意'));
  await settle();
}

const submit = () => fireEvent.click(document.querySelector('.rate-submit') as Element);

describe('rate page: the call-back number from WeChat', () => {
  beforeEach(() => {
    localStorage.clear();
    mode.mockReturnValue('wechat-button');
    setRouterParams({ scene: window5.scene });
    jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
    jest.spyOn(Taro, 'setNavigationBarTitle').mockResolvedValue({ errMsg: 'setNavigationBarTitle:ok' });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    clearRouter();
  });

  it('exchanges the code the moment the citizen allows it, shows the masked number, and sends the token', async () => {
    const calls = server();
    await rateVeryDissatisfied();
    allowPhoneNumber('wx-phone-code-1');
    await settle();

    expect(exchanges(calls).map((c) => c.data)).toEqual([{ code: 'wx-phone-code-1' }]);
    expect(await screen.findByText(/已获取手机号 139\*\*\*\*5678/)).toBeTruthy();
    submit();
    await settle();
    const sent = posts(calls)[0].data as Record<string, unknown>;
    expect(sent).toMatchObject({ level: 1, phoneToken: TOKEN });
    expect(sent).not.toHaveProperty('phoneCode');
  });

  it('keeps the token, never the raw code, in the offline queue, and delivers it when the network returns', async () => {
    let online = false;
    const calls = server({ rating: () => (online ? { status: 201, body: { id: 'r-2', level: 1 } } : 'offline') });
    await rateVeryDissatisfied();
    allowPhoneNumber('wx-phone-code-2');
    await settle();
    submit();
    await settle();

    const [kept] = pendingRatings();
    expect(kept.request).toMatchObject({ level: 1, phoneToken: TOKEN });
    expect(JSON.stringify(pendingRatings())).not.toContain('wx-phone-code-2');

    online = true;
    await flushRatingQueue();
    expect(pendingRatings()).toEqual([]);
    expect(posts(calls).map((c) => (c.data as { phoneToken?: string }).phoneToken)).toEqual([TOKEN, TOKEN]);
  });

  it.each<[string, Reply, RegExp]>([
    ['the code is no good', errorReply(400, 'RATING_PHONE_CODE_INVALID'), /获取手机号失败，请重新获取，或不留手机号直接提交/],
    ['WeChat is unavailable', errorReply(503, 'RATING_PHONE_UNAVAILABLE'), /微信暂时无法提供手机号/],
    ['the network is down', 'offline', /网络连接失败.*不留手机号直接提交/],
  ])('says so when %s, and the rating still goes, without a number', async (_name, failure, message) => {
    const calls = server({ exchange: () => failure });
    await rateVeryDissatisfied();
    allowPhoneNumber('wx-phone-code-3');
    await settle();

    expect(await screen.findByText(message)).toBeTruthy();
    expect(document.querySelector('.contact__wechat')).not.toBeNull(); // the citizen may tap again
    submit();
    await settle();
    const sent = posts(calls)[0].data as Record<string, unknown>;
    expect(sent).toMatchObject({ level: 1 });
    expect(sent).not.toHaveProperty('phoneToken');
    expect(sent).not.toHaveProperty('phoneCode');
  });

  it('promises no call when the server could not keep the number (its word over the phone’s)', async () => {
    const calls = server({ rating: () => ({ status: 201, body: { id: 'r-3', level: 1, caseNo: 'CP1', callbackExpected: false } }) });
    await rateVeryDissatisfied();
    allowPhoneNumber('wx-phone-code-5');
    await settle();
    submit();
    await settle();
    const { clientId } = posts(calls)[0].data as { clientId: string };
    expect(findReceipt(clientId)?.callbackExpected).toBe(false);
  });

  it('lets the citizen take the number back before submitting', async () => {
    const calls = server();
    await rateVeryDissatisfied();
    allowPhoneNumber('wx-phone-code-4');
    await settle();
    fireEvent.click(await screen.findByText('不留手机号'));
    submit();
    await settle();
    expect(posts(calls)[0].data).not.toHaveProperty('phoneToken');
  });
});
