import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { CaseListQuery } from '@hcp/contracts';
import { errorReply, fakeApi, settle } from '../../../test/fake-api';
import { caseList, NOW, signInAs, summary, supervisor } from '../../../test/cases';
import SuperviseCasesPage from '.';

const overdue = { ...summary, id: 'case-0', caseNo: 'CP202605200003', state: 'in_progress' as const, overdue: true };
const appealing = { ...summary, id: 'case-3', caseNo: 'CP202605280007', state: 'appealing' as const };

describe('督办 (H5)', () => {
  beforeEach(() => {
    localStorage.clear();
    signInAs(supervisor);
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows the region’s overdue cases, appeals and second 未解决 waiting, each with its count', async () => {
    const calls = fakeApi((call) => {
      if (call.path !== '/cases') return call.path.startsWith('/calendar/') ? { status: 200, body: { year: 2026, complete: true, days: [] } } : errorReply(404, 'NOT_FOUND');
      const query = call.data as CaseListQuery;
      if (query.overdue) return { status: 200, body: caseList([overdue], { total: 4 }) };
      if (query.state === 'appealing') return { status: 200, body: caseList([appealing]) };
      return { status: 200, body: caseList([]) };
    });
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    render(<SuperviseCasesPage />);
    await settle();

    expect(calls.filter((c) => c.path === '/cases').map((c) => c.data)).toEqual([
      { overdue: true, page: 1, pageSize: 20 },
      { state: 'appealing', page: 1, pageSize: 20 },
      { state: 'escalated', page: 1, pageSize: 20 },
      { state: 'rerouting', page: 1, pageSize: 20 },
    ]);
    const chips = Array.from(document.body.querySelectorAll('.filter-chip')).map((c) => c.textContent);
    expect(chips).toEqual(['超期工单4', '申诉待裁定1', '二次未解决0', '待改派0']);
    expect(screen.getByText('CP202605200003')).toBeInTheDocument();

    fireEvent.click(screen.getByText('申诉待裁定'));
    expect(screen.getByText('CP202605280007')).toBeInTheDocument();
    fireEvent.click(screen.getByText('CP202605280007'));
    expect(navigate).toHaveBeenCalledWith({ url: '/staff/case/index?id=case-3' });

    fireEvent.click(screen.getByText('二次未解决'));
    expect(screen.getByText('没有待裁定的二次未解决工单')).toBeInTheDocument();
  });
});
