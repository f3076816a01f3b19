import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { CaseSummary } from '@hcp/contracts';
import { errorReply, fakeApi, settle, type Call } from '../../../test/fake-api';
import { caseList, handler, NOW, signInAs, summary, supervisor } from '../../../test/cases';
import StaffCasesPage from '.';

const overdue: CaseSummary = {
  ...summary,
  id: 'case-0',
  caseNo: 'CP202605200003',
  state: 'in_progress',
  level: 2,
  overdue: true,
  assignee: null,
  deadlines: { ...summary.deadlines, callbackDueAt: '2026-05-21T15:59:59.999Z', replyDueAt: '2026-06-02T15:59:59.999Z', replyOverdue: true },
};

const later: CaseSummary = { ...summary, id: 'case-2', caseNo: 'CP202606020002', state: 'verified' };

/** The server's answer to GET /cases: the first call answers `first`, filtered calls a page of their own. */
function server(answer: (call: Call) => ReturnType<typeof caseList> | null = () => null) {
  return fakeApi((call) => {
    if (call.path === '/cases') {
      const special = answer(call);
      return { status: 200, body: special ?? caseList([overdue, summary, later], { total: 3, counts: { in_progress: 1, awaiting_callback: 1, verified: 1 } }) };
    }
    if (call.path.startsWith('/calendar/')) return { status: 200, body: { year: 2026, complete: true, days: [] } };
    return errorReply(404, 'NOT_FOUND');
  });
}

const cards = () => Array.from(document.body.querySelectorAll('.case-card'));
const casesCalls = (calls: Call[]) => calls.filter((c) => c.path === '/cases');

describe('我的工单 (H5)', () => {
  beforeEach(() => {
    localStorage.clear();
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('lists the cases in the server’s order, overdue first, with how long each has left', async () => {
    signInAs(handler);
    const calls = server();
    render(<StaffCasesPage />);
    await settle();

    expect(casesCalls(calls)[0]).toMatchObject({ path: '/cases', data: { page: 1, pageSize: 20 }, authorization: 'Bearer staff-access-1' });
    expect(cards().map((c) => c.querySelector('.case-card__no')?.textContent)).toEqual(['CP202605200003', 'CP202606020001', 'CP202606020002']);
    const [first, second, third] = cards().map((c) => c.textContent);
    expect(first).toMatch(/超期.*整改中.*不满意.*泰山区政务服务中心 1号窗口 企业开办.*答复期限 6月2日 23:59 · 已超期 10 小时.*未指派（单位待办）/);
    expect(second).toMatch(/待回访.*非常不满意.*回访期限 6月3日 23:59 · 还剩 13 小时.*处理人：陈静/);
    expect(third).toMatch(/答复期限 6月24日 23:59 · 还剩 16 个工作日（含今天）/);
    expect(screen.getByText('陈静（工号 A0009） · 泰山区行政审批服务局')).toBeInTheDocument();
    // A handler has no 督办 views.
    expect(screen.queryByText('督办：超期、申诉、二次未解决')).toBeNull();
  });

  it('shows the counts per state and filters by state, 超期 and 只看我的', async () => {
    signInAs(handler);
    const calls = server();
    render(<StaffCasesPage />);
    await settle();

    const chip = (label: string) => screen.getByText(label, { selector: '.filter-chip__label' }).closest('.filter-chip') as Element;
    expect(chip('全部').textContent).toBe('全部3');
    expect(chip('待回访').textContent).toBe('待回访1');
    expect(chip('整改中').textContent).toBe('整改中1');
    expect(screen.queryByText('已办结', { selector: '.filter-chip__label' })).toBeNull();

    fireEvent.click(chip('整改中'));
    await settle();
    fireEvent.click(chip('只看超期'));
    await settle();
    fireEvent.click(chip('只看我的'));
    await settle();
    expect(casesCalls(calls).map((c) => c.data)).toEqual([
      { page: 1, pageSize: 20 },
      { state: 'in_progress', page: 1, pageSize: 20 },
      { state: 'in_progress', overdue: true, page: 1, pageSize: 20 },
      { state: 'in_progress', overdue: true, mine: true, page: 1, pageSize: 20 },
    ]);
    expect(chip('只看我的').getAttribute('aria-pressed')).toBe('true');
    expect(chip('只看超期').getAttribute('aria-pressed')).toBe('true');
    expect(chip('已回访核实').getAttribute('aria-pressed')).toBe('false');
  });

  it('says so when no case matches', async () => {
    signInAs(handler);
    server((call) => ((call.data as { mine?: boolean }).mine ? caseList([], { counts: {} }) : null));
    render(<StaffCasesPage />);
    await settle();
    fireEvent.click(screen.getByText('只看我的'));
    await settle();

    expect(screen.getByText('没有符合条件的工单')).toBeInTheDocument();
  });

  it('loads more on request', async () => {
    signInAs(handler);
    const calls = server((call) =>
      (call.data as { page: number }).page === 1 ? caseList([overdue], { total: 2, counts: { in_progress: 1, awaiting_callback: 1 } }) : caseList([summary], { total: 2 }),
    );
    render(<StaffCasesPage />);
    await settle();
    fireEvent.click(screen.getByText('加载更多（共 2 件）'));
    await settle();

    expect(casesCalls(calls)[1].data).toEqual({ page: 2, pageSize: 20 });
    expect(cards()).toHaveLength(2);
    expect(screen.queryByText(/加载更多/)).toBeNull();
  });

  it('opens a case from its card', async () => {
    signInAs(handler);
    server();
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    render(<StaffCasesPage />);
    await settle();
    fireEvent.click(screen.getByText('CP202606020001'));

    expect(navigate).toHaveBeenCalledWith({ url: '/staff/case/index?id=case-1' });
  });

  it('shows the system administrator’s warnings, and a supervisor’s way to 督办', async () => {
    signInAs({ ...supervisor, roles: ['supervisor', 'system_admin'] });
    server(() => caseList([summary], { warnings: ['2027年的工作日历尚未完整，请尽快补充节假日安排'] }));
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    render(<StaffCasesPage />);
    await settle();

    expect(screen.getByText('2027年的工作日历尚未完整，请尽快补充节假日安排')).toBeInTheDocument();
    // A supervisor has no cases of their own.
    expect(screen.queryByText('只看我的')).toBeNull();
    fireEvent.click(screen.getByText('督办：超期、申诉、二次未解决'));
    expect(navigate).toHaveBeenCalledWith({ url: '/staff/supervise/index' });
  });

  it('sends a member of staff whose session ended to sign in again', async () => {
    signInAs(handler);
    const relaunch = jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'reLaunch:ok' });
    fakeApi((call) => (call.path === '/auth/refresh' ? errorReply(401, 'AUTH_REFRESH_INVALID') : errorReply(401, 'AUTH_TOKEN_INVALID')));
    render(<StaffCasesPage />);
    await settle();

    expect(relaunch).toHaveBeenCalledWith({ url: '/staff/login/index?expired=1' });
  });

  it('sends someone never signed in to the sign-in page', async () => {
    const relaunch = jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'reLaunch:ok' });
    const calls = server();
    render(<StaffCasesPage />);
    await settle();

    expect(calls).toHaveLength(0);
    expect(relaunch).toHaveBeenCalledWith({ url: '/staff/login/index' });
  });

  it('offers to reload when the list cannot be had', async () => {
    signInAs(handler);
    let online = false;
    fakeApi((call) => (!online ? 'offline' : call.path === '/cases' ? { status: 200, body: caseList([summary]) } : { status: 200, body: { year: 2026, complete: true, days: [] } }));
    render(<StaffCasesPage />);
    await settle();
    expect(screen.getByText('网络连接失败，请检查网络后重试')).toBeInTheDocument();

    online = true;
    fireEvent.click(screen.getByText('重新加载'));
    await settle();
    expect(cards()).toHaveLength(1);
  });
});
