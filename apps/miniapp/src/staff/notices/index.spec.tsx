import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { NoticeList, NoticeView } from '@hcp/contracts';
import { errorReply, fakeApi, settle, type Call } from '../../../test/fake-api';
import { caseList, handler, signInAs, summary } from '../../../test/cases';
import { canSubscribe, login, requestSubscribe } from '../../platform';
import StaffCasesPage from '../cases';
import StaffNoticesPage from '.';

// WeChat's subscribe prompt, without WeChat: a test says whether the platform can ask, and what the answer is.
jest.mock('../../platform', () => ({ ...jest.requireActual('../../platform'), canSubscribe: jest.fn(), requestSubscribe: jest.fn(), login: jest.fn() }));
const inWeChat = canSubscribe as jest.MockedFunction<typeof canSubscribe>;
const wxLogin = login as jest.MockedFunction<typeof login>;
const subscribe = requestSubscribe as jest.MockedFunction<typeof requestSubscribe>;

const newCase: NoticeView = {
  id: 'sn-2',
  kind: 'staff_case_new',
  title: '新工单待处理',
  body: '泰山区政务服务中心 1号窗口 企业开办收到一条非常不满意的评价，请在 6月3日 23:59 前回访。',
  caseId: 'case-1',
  caseNo: 'CP202606020001',
  createdAt: '2026-06-02T09:10:05.000Z',
  readAt: null,
};
const overdue: NoticeView = { ...newCase, id: 'sn-1', kind: 'staff_overdue', title: '工单已超期', caseId: 'case-0', caseNo: 'CP202605200003', readAt: '2026-06-02T10:00:00.000Z' };
const list = (items: NoticeView[]): NoticeList => ({ items, total: items.length, unread: items.filter((n) => !n.readAt).length });

describe('消息 (staff, H5)', () => {
  beforeEach(() => {
    localStorage.clear();
    inWeChat.mockReturnValue(false);
    subscribe.mockReset();
  });
  afterEach(() => jest.restoreAllMocks());

  it('lists the member of staff’s notices with the staff session, and a tap opens the staff case page', async () => {
    signInAs(handler);
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    const calls = fakeApi((call) => (call.method === 'POST' ? { status: 200, body: { ...newCase, readAt: '2026-06-03T02:00:00.000Z' } } : { status: 200, body: list([newCase, overdue]) }));
    render(<StaffNoticesPage />);
    await settle();

    expect(calls[0]).toMatchObject({ path: '/me/notices', data: { page: 1, pageSize: 20 }, authorization: 'Bearer staff-access-1' });
    expect(screen.getByText('1 条未读')).toBeInTheDocument();
    fireEvent.click(screen.getByText('新工单待处理'));
    await settle();

    expect(calls[1]).toMatchObject({ method: 'POST', path: '/me/notices/sn-2/read', authorization: 'Bearer staff-access-1' });
    expect(navigate).toHaveBeenCalledWith({ url: '/staff/case/index?id=case-1' });
    // A browser cannot receive WeChat reminders: none is offered.
    expect(screen.queryByText('接收微信提醒')).toBeNull();
  });

  it('sends a member of staff whose session is gone to sign in', async () => {
    const reLaunch = jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'reLaunch:ok' });
    signInAs(handler);
    fakeApi((call) => (call.path === '/auth/refresh' ? errorReply(401, 'AUTH_REFRESH_INVALID') : errorReply(401, 'AUTH_TOKEN_INVALID')));
    render(<StaffNoticesPage />);
    await settle();

    expect(reLaunch).toHaveBeenCalledWith({ url: '/staff/login/index?expired=1' });
  });

  it('shows the unread count on the staff bar of 我的工单, and 消息 opens the inbox', async () => {
    signInAs(handler);
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    const calls: Call[] = fakeApi((call) => {
      if (call.path === '/me/notices') return { status: 200, body: { items: [newCase], total: 4, unread: 3 } };
      if (call.path === '/cases') return { status: 200, body: caseList([summary]) };
      if (call.path.startsWith('/calendar/')) return { status: 200, body: { year: 2026, complete: true, days: [] } };
      return errorReply(404, 'NOT_FOUND');
    });
    render(<StaffCasesPage />);
    await settle();

    expect(calls.find((c) => c.path === '/me/notices')).toMatchObject({ data: { page: 1, pageSize: 1 }, authorization: 'Bearer staff-access-1' });
    const entry = document.body.querySelector('.staff-bar .inbox-entry') as Element;
    expect(entry.textContent).toBe('消息3条新消息');
    fireEvent.click(entry);
    expect(navigate).toHaveBeenCalledWith({ url: '/staff/notices/index' });
  });

  it('shows no badge when nothing is unread or the count cannot be had', async () => {
    signInAs(handler);
    fakeApi((call) => (call.path === '/me/notices' ? 'offline' : call.path === '/cases' ? { status: 200, body: caseList([summary]) } : errorReply(404, 'NOT_FOUND')));
    render(<StaffCasesPage />);
    await settle();

    expect(document.body.querySelector('.staff-bar .inbox-entry')?.textContent).toBe('消息');
    expect(document.body.querySelector('.unread-badge')).toBeNull();
  });

  it('in WeChat, 接收微信提醒 asks for the staff templates in the tap and tells the server what was accepted', async () => {
    inWeChat.mockReturnValue(true);
    wxLogin.mockResolvedValue({ kind: 'wechat', code: 'wx-code-1' });
    signInAs(handler);
    const toast = jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
    subscribe.mockResolvedValue({ 'tmpl-new-case': 'accept', 'tmpl-overdue': 'reject' });
    const calls = fakeApi((call) => {
      if (call.path === '/client-config') return { status: 200, body: { subscribeTemplateIds: ['tmpl-progress'], staffSubscribeTemplateIds: ['tmpl-new-case', 'tmpl-overdue'] } };
      if (call.path === '/me/subscriptions') return { status: 201, body: { recorded: 1 } };
      return { status: 200, body: list([]) };
    });
    render(<StaffNoticesPage />);
    await settle();

    fireEvent.click(screen.getByText('接收微信提醒'));
    // Still inside the tap: WeChat shows the prompt only then.
    expect(subscribe).toHaveBeenCalledWith(['tmpl-new-case', 'tmpl-overdue']);
    await settle();

    expect(calls.filter((c) => c.path === '/me/subscriptions')).toEqual([
      // With a wx.login code: the server learns the member of staff's openid from it.
      expect.objectContaining({ method: 'POST', data: { templateIds: ['tmpl-new-case'], code: 'wx-code-1' }, authorization: 'Bearer staff-access-1' }),
    ]);
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已开启微信提醒' }));
  });

  it('sends the login code only until the server knows the member of staff’s WeChat, and again if it forgot', async () => {
    inWeChat.mockReturnValue(true);
    signInAs(handler);
    jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
    wxLogin.mockResolvedValueOnce({ kind: 'wechat', code: 'wx-code-1' }).mockResolvedValueOnce({ kind: 'wechat', code: 'wx-code-2' });
    subscribe.mockResolvedValue({ 'tmpl-new-case': 'accept' });
    let forgotten = false;
    const calls = fakeApi((call) => {
      if (call.path === '/client-config') return { status: 200, body: { subscribeTemplateIds: [], staffSubscribeTemplateIds: ['tmpl-new-case'] } };
      if (call.path === '/me/subscriptions') {
        const { code } = call.data as { code?: string };
        return forgotten && code === undefined ? errorReply(403, 'NOTICE_WECHAT_REQUIRED') : { status: 200, body: { recorded: 1 } };
      }
      return { status: 200, body: list([]) };
    });
    render(<StaffNoticesPage />);
    await settle();

    const tap = async () => {
      fireEvent.click(screen.getByText('接收微信提醒'));
      await settle();
    };
    await tap();
    await tap();
    forgotten = true;
    await tap();

    expect(calls.filter((c) => c.path === '/me/subscriptions').map((c) => c.data)).toEqual([
      { templateIds: ['tmpl-new-case'], code: 'wx-code-1' },
      // Known now: no WeChat call on the server's side.
      { templateIds: ['tmpl-new-case'] },
      // The server lost it (403, nothing recorded): once more with a fresh code.
      { templateIds: ['tmpl-new-case'] },
      { templateIds: ['tmpl-new-case'], code: 'wx-code-2' },
    ]);
  });

  it('in WeChat without staff templates configured, offers no reminders', async () => {
    inWeChat.mockReturnValue(true);
    signInAs(handler);
    fakeApi((call) => (call.path === '/client-config' ? { status: 200, body: { subscribeTemplateIds: ['tmpl-progress'] } } : { status: 200, body: list([]) }));
    render(<StaffNoticesPage />);
    await settle();

    expect(screen.queryByText('接收微信提醒')).toBeNull();
    expect(screen.getByText('暂时没有消息')).toBeInTheDocument();
  });
});
