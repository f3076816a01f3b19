import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MyRating } from '@hcp/contracts';
import { fakeApi, settle, signedIn, window5, type Call } from '../../../test/fake-api';
import { enqueueRating, pendingRatings } from '../../services/rating-queue';
import MinePage from '.';

const bad: MyRating = {
  id: 'r-2',
  createdAt: '2026-06-01T03:00:00.000Z',
  level: 1,
  tagCodes: [113, 115],
  tagVersion: 'v2',
  comment: '来回跑了三次',
  window: { number: '5', name: '不动产登记' },
  hall: { name: '泰山区政务服务中心' },
  unit: { name: '泰安市不动产登记中心泰山分中心' },
  serviceItem: { code: '12370902MB2845003C-000231001000', name: '不动产首次登记' },
  case: {
    id: 'case-1',
    caseNo: 'CP202606010001',
    state: 'awaiting_callback',
    callbackDueAt: '2026-06-02T09:30:00.000Z',
    replyDueAt: '2026-06-22T09:30:00.000Z',
  },
};

const good: MyRating = {
  ...bad,
  id: 'r-1',
  createdAt: '2026-05-20T01:00:00.000Z',
  level: 4,
  tagCodes: [404],
  tagVersion: 'v1',
  comment: null,
  window: { number: '4', name: '就业创业' },
  serviceItem: null,
  case: null,
};

describe('我的评价 (H5)', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => jest.restoreAllMocks());

  it('lists the citizen’s ratings with each 差评’s case number, state and deadlines', async () => {
    fakeApi((call) => (call.path === '/auth/device' ? signedIn : { status: 200, body: { items: [bad, good], total: 2 } }));
    render(<MinePage />);
    await settle();

    expect(screen.getByText('非常不满意')).toBeInTheDocument();
    expect(screen.getByText('2026年6月1日 11:00')).toBeInTheDocument();
    expect(screen.getByText('泰山区政务服务中心 5号窗口 不动产登记')).toBeInTheDocument();
    expect(screen.getByText('多头跑窗口和部门')).toBeInTheDocument();
    expect(screen.getByText('服务态度差效率低')).toBeInTheDocument();
    expect(screen.getByText('办理事项：不动产首次登记')).toBeInTheDocument();
    expect(screen.getByText('“来回跑了三次”')).toBeInTheDocument();
    expect(screen.getByText('案件编号 CP202606010001')).toBeInTheDocument();
    expect(screen.getByText('待回访')).toBeInTheDocument();
    expect(screen.getByText('回访期限：6月2日 17:30')).toBeInTheDocument();
    expect(screen.getByText('答复期限：6月22日 17:30')).toBeInTheDocument();
    // An old rating keeps the tags of the table it was made under.
    expect(screen.getByText('满意')).toBeInTheDocument();
    expect(screen.getByText('旧版标签404')).toBeInTheDocument();
  });

  it('offers a way home when it lists ratings, at the top and after the list', async () => {
    const reLaunch = jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'reLaunch:ok' });
    fakeApi((call) => (call.path === '/auth/device' ? signedIn : { status: 200, body: { items: [bad, good], total: 2 } }));
    render(<MinePage />);
    await settle();

    const home = screen.getAllByText('返回首页');
    expect(home).toHaveLength(2);
    fireEvent.click(home[0]);
    fireEvent.click(home[1]);
    expect(reLaunch).toHaveBeenCalledTimes(2);
    expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
    expect(screen.getByRole('switch', { name: '大字模式' }).getAttribute('aria-checked')).toBe('false');
  });

  it('shows ratings still on the phone as pending, and sends them when the page opens', async () => {
    let online = false;
    const calls: Call[] = fakeApi((call) => {
      if (!online) return 'offline';
      if (call.path === '/auth/device') return signedIn;
      if (call.path === '/ratings') return { status: 201, body: { id: 'r-3', level: 4 } };
      return { status: 200, body: { items: [], total: 0 } };
    });
    enqueueRating({
      request: { clientId: '0f8fad5b-d9cb-469f-a165-70867728950e', scene: window5.scene, level: 4, tagCodes: [413], ratedAt: '2026-06-01T02:00:00.000Z' },
      place: { window: window5.window, hall: window5.hall, unit: window5.unit },
      tagLabels: ['服务态度较好'],
      noticesAccepted: false,
    });

    const first = render(<MinePage />);
    await settle();
    expect(screen.getByText('待提交（联网后自动提交）')).toBeInTheDocument();
    expect(screen.getByText('服务态度较好')).toBeInTheDocument();
    expect(screen.getByText('网络连接失败，请检查网络后重试')).toBeInTheDocument();
    first.unmount();

    online = true;
    render(<MinePage />);
    await settle();
    expect(calls.filter((c) => c.path === '/ratings')).toHaveLength(1);
    expect(pendingRatings()).toEqual([]);
    expect(screen.queryByText('待提交（联网后自动提交）')).toBeNull();
  });

  it('opens a 差评’s case from its card; a call-back deadline shows only while the call is still to come', async () => {
    const called: MyRating = { ...bad, id: 'r-3', case: { ...bad.case!, id: 'case-3', caseNo: 'CP202606010003', state: 'verified' } };
    fakeApi((call) => (call.path === '/auth/device' ? signedIn : { status: 200, body: { items: [bad, called], total: 2 } }));
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    render(<MinePage />);
    await settle();

    expect(screen.getAllByText(/^回访期限：/)).toHaveLength(1);
    expect(screen.getAllByText(/^答复期限：/)).toHaveLength(2);
    fireEvent.click(screen.getAllByText('查看处理进展')[1]);
    expect(navigate).toHaveBeenCalledWith({ url: '/citizen/case/index?id=case-3' });
  });

  it('says so when there is nothing yet', async () => {
    fakeApi((call) => (call.path === '/auth/device' ? signedIn : { status: 200, body: { items: [], total: 0 } }));
    render(<MinePage />);
    await settle();

    expect(screen.getByText('您还没有评价记录')).toBeInTheDocument();
  });

  it('leads to 我的消息, with the number of unread notices', async () => {
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    const calls = fakeApi((call) => {
      if (call.path === '/auth/device') return signedIn;
      if (call.path === '/me/notices') return { status: 200, body: { items: [], total: 3, unread: 1 } };
      return { status: 200, body: { items: [bad], total: 1 } };
    });
    render(<MinePage />);
    await settle();

    // Asked as the citizen the list signed in.
    expect(calls.find((c) => c.path === '/me/notices')?.authorization).toBe('Bearer citizen-token-1');
    const inbox = document.body.querySelector('.mine__inbox') as Element;
    expect(inbox.textContent).toBe('我的消息1条新消息');
    fireEvent.click(inbox);
    expect(navigate).toHaveBeenCalledWith({ url: '/citizen/notices/index' });
  });
});
