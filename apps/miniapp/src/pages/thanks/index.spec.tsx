import { act, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MyRating, RatingReceipt } from '@hcp/contracts';
import { clearRouter, setRouterParams } from '../../../test/router';
import { fakeApi, settle, signedIn, window5 } from '../../../test/fake-api';
import { enqueueRating, flushRatingQueue, pendingRatings } from '../../services/rating-queue';
import { saveReceipt } from '../../services/receipts';
import ThanksPage from '.';

const place = { window: window5.window, hall: window5.hall, unit: window5.unit };
const clientId = '0f8fad5b-d9cb-469f-a165-70867728950e';

const caseReceipt: RatingReceipt = {
  id: 'r-1',
  level: 1,
  caseId: 'case-1',
  caseNo: 'CP202606010001',
  // 17:30 in Beijing on 3 June and 24 June
  callbackDueAt: '2026-06-03T09:30:00.000Z',
  replyDueAt: '2026-06-24T09:30:00.000Z',
};

describe('thank-you page (H5)', () => {
  let reLaunch: jest.SpyInstance;
  beforeEach(() => {
    localStorage.clear();
    reLaunch = jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'reLaunch:ok' });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    clearRouter();
  });

  it('gives a 差评 its case number and what happens next', () => {
    saveReceipt({ clientId, receipt: caseReceipt, place, noticesAccepted: false, callbackExpected: true });
    setRouterParams({ clientId });
    render(<ThanksPage />);

    expect(screen.getByText('感谢您的评价')).toBeInTheDocument();
    expect(screen.getByText('非常不满意')).toBeInTheDocument();
    expect(screen.getByText('CP202606010001')).toBeInTheDocument();
    expect(screen.getByText('工作人员将在 6月3日 17:30 前回访核实，6月24日 17:30 前答复整改结果。')).toBeInTheDocument();
    // A browser gets no WeChat notices: it is told where to look.
    expect(screen.getByText('处理进展可随时在“我的评价”和“我的消息”中查看，请记下案件编号。')).toBeInTheDocument();
  });

  it('promises no call for a 差评 without a number: the unit verifies and replies in 我的评价, by the server’s deadline', () => {
    saveReceipt({ clientId, receipt: caseReceipt, place, noticesAccepted: false, callbackExpected: false });
    setRouterParams({ clientId });
    render(<ThanksPage />);

    expect(screen.getByText('CP202606010001')).toBeInTheDocument();
    expect(
      screen.getByText('您没有留下联系电话，工作人员不会电话联系您。承办单位将核实情况，并于 6月24日 17:30 前在“我的评价”中答复您。'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/回访核实/)).toBeNull();
  });

  it('thanks a good rating without a case', () => {
    saveReceipt({ clientId, receipt: { id: 'r-2', level: 4 }, place, noticesAccepted: false });
    setRouterParams({ clientId });
    render(<ThanksPage />);

    expect(screen.getByText('感谢您的评价')).toBeInTheDocument();
    expect(screen.getByText('满意')).toBeInTheDocument();
    expect(screen.queryByText('案件编号')).toBeNull();
  });

  it('says a rating saved offline will go by itself, and shows the receipt once it has', async () => {
    enqueueRating({
      request: { clientId, scene: window5.scene, level: 1, tagCodes: [115], ratedAt: '2026-06-01T02:00:00.000Z' },
      place,
      tagLabels: ['服务态度差效率低'],
      noticesAccepted: false,
    });
    setRouterParams({ clientId });
    render(<ThanksPage />);
    expect(screen.getByText('已保存，联网后自动提交')).toBeInTheDocument();
    // What was saved: the level and the window.
    expect(screen.getByText('非常不满意')).toBeInTheDocument();
    expect(screen.getByText('泰山区政务服务中心 5号窗口 不动产登记')).toBeInTheDocument();

    fakeApi((call) => (call.path === '/auth/device' ? signedIn : { status: 201, body: caseReceipt }));
    await act(() => flushRatingQueue());
    await settle();

    expect(pendingRatings()).toEqual([]);
    expect(screen.queryByText('已保存，联网后自动提交')).toBeNull();
    expect(screen.getByText('CP202606010001')).toBeInTheDocument();
  });

  it('shows the rating already made for a repeat within 10 minutes', async () => {
    const earlier: MyRating = {
      id: 'r-earlier',
      createdAt: '2026-06-01T02:00:00.000Z',
      level: 4,
      tagCodes: [413],
      tagVersion: 'v2',
      comment: null,
      window: { number: '5', name: '不动产登记' },
      hall: { name: '泰山区政务服务中心' },
      unit: { name: '泰安市不动产登记中心泰山分中心' },
      serviceItem: null,
      case: null,
    };
    fakeApi((call) => (call.path === '/auth/device' ? signedIn : { status: 200, body: { items: [earlier], total: 1 } }));
    setRouterParams({ duplicate: 'r-earlier' });
    render(<ThanksPage />);
    await settle();

    expect(screen.getByText('您刚刚已评价过该窗口')).toBeInTheDocument();
    expect(screen.getByText('服务态度较好')).toBeInTheDocument();
    expect(screen.getByText('2026年6月1日 10:00')).toBeInTheDocument();
  });

  it('leads to 我的评价', () => {
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    saveReceipt({ clientId, receipt: { id: 'r-2', level: 4 }, place, noticesAccepted: false });
    setRouterParams({ clientId });
    render(<ThanksPage />);

    fireEvent.click(screen.getByText('查看我的评价'));
    expect(navigate).toHaveBeenCalledWith({ url: '/pages/mine/index' });
  });

  it('goes home when opened with nothing to thank for (typed in, or an old link)', () => {
    for (const params of [{}, { clientId: 'never-sent' }] as Record<string, string>[]) {
      setRouterParams(params);
      const page = render(<ThanksPage />);
      expect(screen.queryByText('感谢您的评价')).toBeNull();
      page.unmount();
    }
    expect(reLaunch).toHaveBeenCalledTimes(2);
    expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
  });

  it('has the 大字模式 switch, remembered for the other pages', () => {
    saveReceipt({ clientId, receipt: { id: 'r-2', level: 4 }, place, noticesAccepted: false });
    setRouterParams({ clientId });
    render(<ThanksPage />);

    const toggle = screen.getByRole('switch', { name: '大字模式' });
    expect(document.querySelector('.hcp-large')).toBeNull();
    fireEvent.click(toggle);
    expect(document.querySelector('.hcp-large')).not.toBeNull();
    expect(screen.getByRole('switch', { name: '大字模式' }).getAttribute('aria-checked')).toBe('true');
    expect(localStorage.getItem('hcp.pref.large-text')).toContain('true');
  });
});
