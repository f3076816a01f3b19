import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { clearRouter, setRouterParams } from '../../../test/router';
import { fakeApi, settle, signedIn, window5, type Call } from '../../../test/fake-api';
import { requestSubscribe } from '../../platform';
import { findReceipt } from '../../services/receipts';
import RatePage from '.';

// WeChat's subscribe prompt, without WeChat: the test records when it is asked.
jest.mock('../../platform', () => ({ ...jest.requireActual('../../platform'), requestSubscribe: jest.fn() }));
const subscribe = requestSubscribe as jest.MockedFunction<typeof requestSubscribe>;

describe('rate page: asking for case notices in the submit tap', () => {
  let calls: Call[];
  let wechatNotices: boolean;

  beforeEach(() => {
    localStorage.clear();
    subscribe.mockReset();
    wechatNotices = true;
    setRouterParams({ scene: window5.scene });
    jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
    jest.spyOn(Taro, 'setNavigationBarTitle').mockResolvedValue({ errMsg: 'setNavigationBarTitle:ok' });
    calls = fakeApi((call) => {
      if (call.path === `/scan/${window5.scene}`) return { status: 200, body: window5 };
      if (call.path === '/client-config') return { status: 200, body: { subscribeTemplateIds: ['tmpl-progress', 'tmpl-result'], wechatNotices } };
      if (call.path === '/auth/device') return signedIn;
      return { status: 201, body: { id: 'r-1', level: (call.data as { level: number }).level, caseNo: 'CP1' } };
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    clearRouter();
  });

  it('asks synchronously in the tap, before the rating is sent, for a 差评', async () => {
    let postsWhenAsked = -1;
    subscribe.mockImplementation(() => {
      postsWhenAsked = calls.filter((c) => c.path === '/ratings').length;
      return Promise.resolve({ 'tmpl-progress': 'accept', 'tmpl-result': 'reject' });
    });
    render(<RatePage />);
    fireEvent.click(await screen.findByText('不满意'));
    await settle();

    fireEvent.click(document.querySelector('.rate-submit') as Element);
    // Still inside the tap: no await has happened yet.
    expect(subscribe).toHaveBeenCalledWith(['tmpl-progress', 'tmpl-result']);
    expect(postsWhenAsked).toBe(0);

    await settle();
    const clientId = (calls.find((c) => c.path === '/ratings')?.data as { clientId: string }).clientId;
    expect(findReceipt(clientId)?.noticesAccepted).toBe(true);
    // The accepted template is told to the server, which may then send exactly that one notice through WeChat.
    expect(calls.filter((c) => c.path === '/me/subscriptions')).toEqual([
      expect.objectContaining({ method: 'POST', data: { templateIds: ['tmpl-progress'] }, authorization: 'Bearer citizen-token-1' }),
    ]);
  });

  it('does not ask after a good rating', async () => {
    render(<RatePage />);
    fireEvent.click(await screen.findByText('非常满意'));
    await settle();
    fireEvent.click(document.querySelector('.rate-submit') as Element);
    await settle();

    expect(subscribe).not.toHaveBeenCalled();
    expect(calls.filter((c) => c.path === '/ratings')).toHaveLength(1);
  });

  it('does not ask when the server would send no WeChat notice through those templates', async () => {
    wechatNotices = false;
    render(<RatePage />);
    fireEvent.click(await screen.findByText('不满意'));
    await settle();
    fireEvent.click(document.querySelector('.rate-submit') as Element);
    await settle();

    expect(subscribe).not.toHaveBeenCalled();
    expect(calls.filter((c) => c.path === '/ratings')).toHaveLength(1);
  });
});
