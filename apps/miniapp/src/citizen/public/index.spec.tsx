import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { PublicCases, PublicUnits } from '@hcp/contracts';
import { errorReply, fakeApi, settle } from '../../../test/fake-api';
import { chinaMonth, shiftMonth } from '../services/public';
import PublicPage from '.';

const units: PublicUnits = {
  region: null,
  period: { from: '2026-12-01', to: '2026-12-31' },
  metric: 'good_rate',
  minRatings: 30,
  units: [
    { unitId: 'u-1', name: '泰山区行政审批服务局', ratings: 40, good: 38, bad: 2, cases: 2, rectified: 1, goodRate: 0.95, badRate: 0.05, rectificationRate: 0.5, onTimeRate: null, rank: 1 },
    { unitId: 'u-2', name: '泰山区人力资源和社会保障局', ratings: 3, good: 3, bad: 0, cases: 0, rectified: 0, goodRate: 1, badRate: 0, rectificationRate: null, onTimeRate: null, rank: null },
  ],
  truncated: false,
  asOf: '2026-12-01T00:00:00.000Z',
};
const caseOf = (n: number) => ({
  caseNo: `CP2026120100000${n}`,
  unit: '泰山区行政审批服务局',
  hall: '泰山区政务服务中心',
  window: '1号窗口 企业开办',
  serviceItem: null,
  level: 1 as const,
  tags: ['服务态度差效率低'],
  comment: null,
  state: 'replied' as const,
  stateLabel: '已答复',
  reply: n === 1 ? '已加急办理' : null,
  result: n === 1 ? '已整改' : null,
  closeKind: null,
  closeLabel: null,
  ratedOn: '2026-12-01',
  repliedOn: n === 1 ? '2026-12-01' : null,
  closedOn: null,
});
const page = (n: number, total: number): PublicCases => ({ items: [caseOf(n)], total, month: chinaMonth(), page: n, pageSize: 20 });

describe('公开评价 (H5)', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    localStorage.clear();
  });

  it('shows each unit’s figures and rank for this month, asked without a token', async () => {
    Taro.setStorageSync('hcp.session.token', 'citizen-token-1');
    const calls = fakeApi(() => ({ status: 200, body: units }));
    render(<PublicPage />);
    await settle();

    expect(calls).toEqual([{ method: 'GET', path: '/public/units', data: { period: 'month', month: chinaMonth() }, authorization: undefined }]);
    expect(screen.getByText('第 1 名')).toBeInTheDocument();
    expect(screen.getByText('不排名')).toBeInTheDocument();
    expect(screen.getByText('95.0%')).toBeInTheDocument();
    expect(screen.getAllByText('—').length).toBeGreaterThan(0);
  });

  it('lists the 差评 of the month with the reply, loads more, and goes a month back', async () => {
    const calls = fakeApi((call) => ({ status: 200, body: call.path === '/public/units' ? units : page((call.data as { page: number }).page, 2) }));
    render(<PublicPage />);
    await settle();
    fireEvent.click(screen.getByText('差评公开'));
    await settle();
    expect(screen.getByText('共 2 条差评')).toBeInTheDocument();
    expect(screen.getByText('已加急办理')).toBeInTheDocument();
    fireEvent.click(screen.getByText('加载更多'));
    await settle();
    expect(screen.getByText('CP20261201000002', { exact: false })).toBeInTheDocument();
    expect(screen.getByText('单位正在处理，尚未答复')).toBeInTheDocument();
    expect(screen.queryByText('加载更多')).toBeNull();

    fireEvent.click(screen.getByText('上个月'));
    await settle();
    expect(calls[calls.length - 1]).toMatchObject({ path: '/public/cases', data: { month: shiftMonth(chinaMonth(), -1), page: 1 } });
  });

  it('says what went wrong and offers to try again', async () => {
    fakeApi(() => errorReply(400, 'PUBLIC_QUERY_INVALID'));
    render(<PublicPage />);
    await settle();
    expect(screen.getByText('查询条件有误，请重新选择')).toBeInTheDocument();
    expect(screen.getByText('重试')).toBeInTheDocument();
  });
});

describe('shiftMonth', () => {
  it('crosses year ends both ways', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
  });
});
