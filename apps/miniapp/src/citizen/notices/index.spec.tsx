import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { NoticeList, NoticeView } from '@hcp/contracts';
import { errorReply, fakeApi, settle, signedIn, type Call, type Reply } from '../../../test/fake-api';
import CitizenNoticesPage from '.';

const replied: NoticeView = {
  id: 'n-3',
  kind: 'citizen_replied',
  title: '您反映的问题已答复',
  body: '已对窗口人员进行培训，今后一次告知所需材料。',
  caseId: 'case-1',
  caseNo: 'CP202606020001',
  createdAt: '2026-06-03T06:30:00.000Z',
  readAt: null,
};
const calledBack: NoticeView = {
  ...replied,
  id: 'n-2',
  kind: 'citizen_called_back',
  title: '工作人员已回访',
  body: '承办单位已与您联系核实情况。',
  createdAt: '2026-06-02T08:00:00.000Z',
  readAt: null,
};
const accepted: NoticeView = {
  ...replied,
  id: 'n-1',
  kind: 'citizen_case_accepted',
  title: '您反映的问题已受理',
  body: '承办单位已安排专人处理。',
  createdAt: '2026-06-02T02:05:00.000Z',
  readAt: '2026-06-02T03:00:00.000Z',
};

const page = (items: NoticeView[], total = items.length, unread = items.filter((n) => !n.readAt).length): Reply => ({
  status: 200,
  body: { items, total, unread } satisfies NoticeList,
});

const cards = () => Array.from(document.body.querySelectorAll('.notice-card'));
const noticeCalls = (calls: Call[]) => calls.filter((c) => c.path.startsWith('/me/notices'));

describe('我的消息 (citizen, H5)', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => jest.restoreAllMocks());

  it('lists the notices newest first, unread ones marked in words, with the case number and the time in Beijing', async () => {
    const calls = fakeApi((call) => (call.path === '/auth/device' ? signedIn : page([replied, calledBack, accepted])));
    render(<CitizenNoticesPage />);
    await settle();

    expect(noticeCalls(calls)[0]).toMatchObject({ method: 'GET', path: '/me/notices', data: { page: 1, pageSize: 20 }, authorization: 'Bearer citizen-token-1' });
    expect(cards().map((c) => c.querySelector('.notice-card__title')?.textContent)).toEqual(['您反映的问题已答复', '工作人员已回访', '您反映的问题已受理']);
    expect(cards().map((c) => c.classList.contains('notice-card--unread'))).toEqual([true, true, false]);
    expect(cards().map((c) => c.querySelector('.notice-card__flag')?.textContent ?? null)).toEqual(['未读', '未读', null]);
    expect(cards()[0].textContent).toContain('已对窗口人员进行培训，今后一次告知所需材料。');
    expect(cards()[0].textContent).toContain('案件编号 CP202606020001');
    expect(cards()[0].textContent).toContain('2026年6月3日 14:30');
    expect(screen.getByText('2 条未读')).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: '大字模式' })).toBeInTheDocument();
  });

  it('marks a notice read when tapped and opens its case', async () => {
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    const calls = fakeApi((call) => {
      if (call.path === '/auth/device') return signedIn;
      if (call.path === '/me/notices/n-3/read') return { status: 200, body: { ...replied, readAt: '2026-06-03T07:00:00.000Z' } };
      return page([replied, calledBack, accepted]);
    });
    render(<CitizenNoticesPage />);
    await settle();

    fireEvent.click(screen.getByText('您反映的问题已答复'));
    await settle();

    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/auth/device', '/me/notices/n-3/read']);
    expect(navigate).toHaveBeenCalledWith({ url: '/citizen/case/index?id=case-1' });
    expect(cards()[0].classList.contains('notice-card--unread')).toBe(false);
    expect(screen.getByText('1 条未读')).toBeInTheDocument();
  });

  it('does not mark a read notice again, and a notice without a case opens nothing', async () => {
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    const general: NoticeView = { ...calledBack, id: 'n-9', caseId: null, caseNo: null, title: '服务通知' };
    const calls = fakeApi((call) => {
      if (call.path === '/auth/device') return signedIn;
      if (call.method === 'POST') return { status: 200, body: { ...general, readAt: '2026-06-03T07:00:00.000Z' } };
      return page([general, accepted]);
    });
    render(<CitizenNoticesPage />);
    await settle();

    expect(cards()[0].querySelector('.notice-card__open')).toBeNull();
    fireEvent.click(screen.getByText('服务通知'));
    fireEvent.click(screen.getByText('您反映的问题已受理'));
    await settle();

    expect(calls.filter((c) => c.path.endsWith('/read')).map((c) => c.path)).toEqual(['/me/notices/n-9/read']);
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(navigate).toHaveBeenCalledWith({ url: '/citizen/case/index?id=case-1' });
    expect(screen.getByText('没有未读消息')).toBeInTheDocument();
  });

  it('marks everything read with 全部已读, and offers it only while something is unread', async () => {
    const calls = fakeApi((call) => {
      if (call.path === '/auth/device') return signedIn;
      if (call.path === '/me/notices/read-all') return { status: 200, body: { unread: 0 } };
      return page([replied, calledBack, accepted]);
    });
    render(<CitizenNoticesPage />);
    await settle();

    fireEvent.click(screen.getByText('全部已读'));
    await settle();

    expect(calls.filter((c) => c.path === '/me/notices/read-all')).toHaveLength(1);
    expect(cards().some((c) => c.classList.contains('notice-card--unread'))).toBe(false);
    expect(document.body.querySelectorAll('.notice-card__flag')).toHaveLength(0);
    expect(screen.queryByText('全部已读')).toBeNull();
    expect(screen.getByText('没有未读消息')).toBeInTheDocument();
  });

  it('keeps the notices unread and says so when 全部已读 fails', async () => {
    const toast = jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
    fakeApi((call) => {
      if (call.path === '/auth/device') return signedIn;
      if (call.path === '/me/notices/read-all') return 'offline';
      return page([replied, accepted]);
    });
    render(<CitizenNoticesPage />);
    await settle();

    fireEvent.click(screen.getByText('全部已读'));
    await settle();

    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '未能全部标为已读，请稍后重试' }));
    expect(cards()[0].classList.contains('notice-card--unread')).toBe(true);
    expect(screen.getByText('全部已读')).toBeInTheDocument();
  });

  it('says in plain words when there are no notices yet', async () => {
    fakeApi((call) => (call.path === '/auth/device' ? signedIn : page([])));
    render(<CitizenNoticesPage />);
    await settle();

    expect(screen.getByText('暂时没有消息')).toBeInTheDocument();
    expect(screen.getByText('您提出不满意的评价后，承办单位的回访、答复和办结情况会在这里告诉您。')).toBeInTheDocument();
    expect(screen.queryByText('全部已读')).toBeNull();
    expect(screen.queryByText('加载更多')).toBeNull();
  });

  it('says politely when the network fails, and 重试 loads the notices', async () => {
    let online = false;
    fakeApi((call) => {
      if (!online) return 'offline';
      return call.path === '/auth/device' ? signedIn : page([replied]);
    });
    render(<CitizenNoticesPage />);
    await settle();

    expect(screen.getByText('暂时无法加载消息')).toBeInTheDocument();
    expect(screen.getByText('网络连接失败，请检查网络后重试')).toBeInTheDocument();
    expect(cards()).toHaveLength(0);

    online = true;
    fireEvent.click(screen.getByText('重试'));
    await settle();

    expect(screen.queryByText('暂时无法加载消息')).toBeNull();
    expect(screen.getByText('您反映的问题已答复')).toBeInTheDocument();
  });

  it('loads older notices with 加载更多, each shown once, and retries a failed page', async () => {
    const first = Array.from({ length: 20 }, (_, i): NoticeView => ({ ...accepted, id: `n-${100 - i}`, title: `第${i + 1}条` }));
    // A new notice arrived between the pages: the second page starts with the first page's last notice.
    const second = [first[19], { ...accepted, id: 'n-50', title: '最早的一条' }];
    let secondPageUp = false;
    const calls = fakeApi((call) => {
      if (call.path === '/auth/device') return signedIn;
      const { page: n } = call.data as { page: number };
      if (n === 2) return secondPageUp ? page(second, 22, 0) : errorReply(503, 'SERVICE_UNAVAILABLE');
      return page(first, 21, 0);
    });
    render(<CitizenNoticesPage />);
    await settle();
    expect(cards()).toHaveLength(20);

    fireEvent.click(screen.getByText('加载更多'));
    await settle();
    expect(screen.getByRole('alert').textContent).toBe('服务暂时不可用，请稍后再试');
    expect(cards()).toHaveLength(20);

    secondPageUp = true;
    fireEvent.click(screen.getByText('重试'));
    await settle();

    expect(noticeCalls(calls).map((c) => (c.data as { page: number }).page)).toEqual([1, 2, 2]);
    expect(cards()).toHaveLength(21);
    expect(cards()[20].textContent).toContain('最早的一条');
    expect(screen.queryByRole('alert')).toBeNull();
    // Both pages read: the notice that arrived in between shows on top at the next load, not as a page of its own.
    expect(screen.queryByText('加载更多')).toBeNull();
  });
});
