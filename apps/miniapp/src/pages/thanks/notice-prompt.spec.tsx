import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { RatingReceipt } from '@hcp/contracts';
import { clearRouter, setRouterParams } from '../../../test/router';
import { fakeApi, settle, signedIn, window5, type Call } from '../../../test/fake-api';
import { canSubscribe, requestSubscribe } from '../../platform';
import { findReceipt, saveReceipt } from '../../services/receipts';
import ThanksPage from '.';

// The thank-you page as WeChat shows it: the platform can ask, and a test gives the citizen's answer.
jest.mock('../../platform', () => ({ ...jest.requireActual('../../platform'), canSubscribe: jest.fn(), requestSubscribe: jest.fn() }));
const inWeChat = canSubscribe as jest.MockedFunction<typeof canSubscribe>;
const subscribe = requestSubscribe as jest.MockedFunction<typeof requestSubscribe>;

const clientId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const receipt: RatingReceipt = {
  id: 'r-1',
  level: 1,
  caseId: 'case-1',
  caseNo: 'CP202606010001',
  callbackDueAt: '2026-06-03T09:30:00.000Z',
  replyDueAt: '2026-06-24T09:30:00.000Z',
};

function serve(templateIds: string[], wechatNotices = templateIds.length > 0): Call[] {
  return fakeApi((call) => {
    if (call.path === '/client-config') return { status: 200, body: { subscribeTemplateIds: templateIds, wechatNotices } };
    if (call.path === '/auth/device') return signedIn;
    if (call.path === '/me/subscriptions') return { status: 201, body: { recorded: (call.data as { templateIds: string[] }).templateIds.length } };
    return { status: 404, body: { code: 'NOT_FOUND', message: 'not found' } };
  });
}

describe('thank-you page in WeChat: case notices', () => {
  beforeEach(() => {
    localStorage.clear();
    inWeChat.mockReturnValue(true);
    subscribe.mockReset();
    jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'reLaunch:ok' });
    saveReceipt({ clientId, receipt, place: { window: window5.window, hall: window5.hall, unit: window5.unit }, noticesAccepted: false, callbackExpected: true });
    setRouterParams({ clientId });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    clearRouter();
  });

  it('asks again when the citizen declined in the submit tap, and tells the server what was accepted', async () => {
    const calls = serve(['tmpl-progress', 'tmpl-result']);
    subscribe.mockResolvedValue({ 'tmpl-progress': 'accept', 'tmpl-result': 'reject' });
    render(<ThanksPage />);
    await settle();

    fireEvent.click(screen.getByText('接收处理进展通知'));
    expect(subscribe).toHaveBeenCalledWith(['tmpl-progress', 'tmpl-result']);
    await settle();

    expect(calls.filter((c) => c.path === '/me/subscriptions')).toEqual([
      expect.objectContaining({ method: 'POST', data: { templateIds: ['tmpl-progress'] }, authorization: 'Bearer citizen-token-1' }),
    ]);
    expect(screen.getByText('处理进展将通过微信服务通知告诉您，也可在“我的消息”中查看。')).toBeInTheDocument();
    expect(findReceipt(clientId)?.noticesAccepted).toBe(true);
  });

  it('records nothing and keeps offering the prompt when the citizen declines', async () => {
    const calls = serve(['tmpl-progress']);
    subscribe.mockResolvedValue({ 'tmpl-progress': 'reject' });
    render(<ThanksPage />);
    await settle();

    fireEvent.click(screen.getByText('接收处理进展通知'));
    await settle();

    expect(calls.filter((c) => c.path === '/me/subscriptions')).toEqual([]);
    expect(screen.getByText('接收处理进展通知')).toBeInTheDocument();
  });

  it.each([
    ['has no templates configured', [], false],
    ['would not send case notices through the templates it names', ['tmpl-progress'], false],
  ])('promises no WeChat notice when the server %s', async (_, templateIds, wechatNotices) => {
    serve(templateIds, wechatNotices);
    render(<ThanksPage />);
    await settle();

    expect(screen.queryByText('接收处理进展通知')).toBeNull();
    expect(screen.queryByText(/微信服务通知/)).toBeNull();
    expect(screen.getByText('处理进展可随时在“我的评价”和“我的消息”中查看，请记下案件编号。')).toBeInTheDocument();
  });
});
