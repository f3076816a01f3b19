import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MyCase } from '@hcp/contracts';
import { errorReply, fakeApi, settle, signedIn, type Call, type Reply } from '../../../test/fake-api';
import { myCase } from '../../../test/cases';
import { tap, typeInto } from '../../../test/fields';
import { clearRouter, setRouterParams } from '../../../test/router';
import MyCasePage from '.';

const replied: MyCase = {
  ...myCase,
  state: 'replied',
  deadlines: { ...myCase.deadlines, confirmDueAt: '2026-06-17T15:59:59.999Z' },
  reply: { reply: '您反映的材料问题已核实，现已统一办事指南和窗口要求。', at: '2026-06-10T06:00:00.000Z' },
  canConfirm: true,
  timeline: [
    { at: '2026-06-02T09:10:00.000Z', text: '您的评价已转交泰山区行政审批服务局处理' },
    { at: '2026-06-03T02:05:00.000Z', text: '工作人员已电话回访，核实了情况' },
    { at: '2026-06-10T06:00:00.000Z', text: '单位已答复' },
  ],
};

const closed: MyCase = { ...replied, state: 'closed', closeKind: 'resolved', canConfirm: false, canFollowUp: true };

/** The server for the citizen: sign-in, the case, and the answers, each answering with `after`. */
function server(current: MyCase, answer: (call: Call) => Reply | undefined = () => undefined) {
  return fakeApi((call) => {
    if (call.path === '/auth/device') return signedIn;
    const special = answer(call);
    if (special) return special;
    if (call.path === `/me/cases/${current.id}`) return { status: 200, body: current };
    return errorReply(404, 'NOT_FOUND');
  });
}

const text = () => document.body.textContent ?? '';

describe('the citizen’s case page (H5)', () => {
  beforeEach(() => {
    localStorage.clear();
    setRouterParams({ id: 'case-1' });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    clearRouter();
  });

  it('shows how far the case has come, and the deadlines the server computed', async () => {
    const calls = server(myCase);
    render(<MyCasePage />);
    await settle();

    expect(calls.find((c) => c.path === '/me/cases/case-1')?.authorization).toBe('Bearer citizen-token-1');
    expect(screen.getByText('案件编号 CP202606020001')).toBeInTheDocument();
    expect(screen.getByText('待回访')).toBeInTheDocument();
    expect(screen.getByText('工作人员将在 6月3日 23:59 前电话回访核实。')).toBeInTheDocument();
    expect(screen.getByText('承办单位将在 6月24日 23:59 前答复处理结果。')).toBeInTheDocument();
    expect(screen.getByText('您的评价已转交泰山区行政审批服务局处理')).toBeInTheDocument();
    expect(screen.queryByText('您反映的问题解决了吗？')).toBeNull();
  });

  it('promises no call when the citizen left no number', async () => {
    server({ ...myCase, state: 'verified', callbackExpected: false });
    render(<MyCasePage />);
    await settle();

    expect(screen.getByText('核实处理中')).toBeInTheDocument();
    expect(screen.getByText('您没有留下联系电话，工作人员不会电话联系您。承办单位将核实情况，于 6月24日 23:59 前在这里答复您。')).toBeInTheDocument();
    expect(text()).not.toMatch(/回访/);
  });

  it('shows the reply and closes the case when the citizen taps 已解决', async () => {
    const calls = server(replied, (call) => (call.path === '/me/cases/case-1/confirm' ? { status: 200, body: closed } : undefined));
    render(<MyCasePage />);
    await settle();

    expect(screen.getByText('已答复，请您确认')).toBeInTheDocument();
    expect(screen.getByText('您反映的材料问题已核实，现已统一办事指南和窗口要求。')).toBeInTheDocument();
    expect(screen.getByText('请在 6月17日 23:59 前告诉我们；逾期未确认的，将默认办结。')).toBeInTheDocument();
    // It closes the case for good: asked once more, and a 再想想 sends nothing.
    const modal = jest.spyOn(Taro, 'showModal').mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' });
    fireEvent.click(screen.getByText('已解决'));
    await settle();
    expect(modal).toHaveBeenCalledWith(expect.objectContaining({ title: '确认问题已解决？', content: expect.stringContaining('不能再改为“未解决”') }));
    expect(calls.filter((c) => c.path === '/me/cases/case-1/confirm')).toEqual([]);
    expect(screen.getByText('您反映的问题解决了吗？')).toBeInTheDocument();

    modal.mockResolvedValueOnce({ confirm: true, cancel: false, errMsg: 'showModal:ok' });
    fireEvent.click(screen.getByText('已解决'));
    await settle();

    expect(calls.filter((c) => c.path === '/me/cases/case-1/confirm').map((c) => c.data)).toEqual([{ resolved: true }]);
    expect(screen.getByText('已办结（群众确认已解决）')).toBeInTheDocument();
    expect(screen.queryByText('您反映的问题解决了吗？')).toBeNull();
  });

  it('asks what is still wrong before sending 未解决', async () => {
    const reopened: MyCase = { ...replied, state: 'reopened', canConfirm: false, reply: null };
    const calls = server(replied, (call) => (call.path === '/me/cases/case-1/confirm' ? { status: 200, body: reopened } : undefined));
    render(<MyCasePage />);
    await settle();
    fireEvent.click(screen.getByText('未解决'));
    expect(screen.getByText('提交后，承办单位将重新处理您反映的问题；已重新处理过一次仍未解决的，将转交监督部门处理。')).toBeInTheDocument();
    tap('.answer__primary');
    await settle();
    expect(screen.getByText('请写下还有哪些问题没有解决')).toBeInTheDocument();

    await typeInto('.answer__comment', ' 网上的办事指南还没改 ');
    tap('.answer__primary');
    await settle();
    expect(calls.filter((c) => c.path === '/me/cases/case-1/confirm').map((c) => c.data)).toEqual([{ resolved: false, comment: '网上的办事指南还没改' }]);
    expect(screen.getByText('未解决，重新处理')).toBeInTheDocument();
  });

  it('takes one 追评 after closing: a level and a comment', async () => {
    const rated: MyCase = { ...closed, canFollowUp: false, followUp: { level: 4, comment: '处理及时', at: '2026-06-11T01:00:00.000Z' } };
    const calls = server(closed, (call) => (call.path === '/me/cases/case-1/follow-up' ? { status: 200, body: rated } : undefined));
    render(<MyCasePage />);
    await settle();

    tap('.answer__primary');
    await settle();
    expect(screen.getByText('请先选择您对处理结果的满意程度')).toBeInTheDocument();
    fireEvent.click(screen.getByText('满意'));
    await typeInto('.answer__comment', '处理及时');
    tap('.answer__primary');
    await settle();

    expect(calls.filter((c) => c.path === '/me/cases/case-1/follow-up').map((c) => c.data)).toEqual([{ level: 4, comment: '处理及时' }]);
    expect(screen.getByText('满意：“处理及时”')).toBeInTheDocument();
    expect(screen.queryByText('提交追评')).toBeNull();
  });

  it('shows the case as it is when the answer was already given elsewhere', async () => {
    let answered = false;
    server(replied, (call) => {
      if (call.path === '/me/cases/case-1/confirm') {
        answered = true;
        return errorReply(409, 'CASE_ANSWER_DONE');
      }
      return answered && call.path === '/me/cases/case-1' ? { status: 200, body: closed } : undefined;
    });
    render(<MyCasePage />);
    await settle();
    jest.spyOn(Taro, 'showModal').mockResolvedValueOnce({ confirm: true, cancel: false, errMsg: 'showModal:ok' });
    fireEvent.click(screen.getByText('已解决'));
    await settle();

    expect(screen.getByText('您已经提交过了')).toBeInTheDocument();
    expect(screen.getByText('已办结（群众确认已解决）')).toBeInTheDocument();
  });

  it('leads back to 我的评价 and home', async () => {
    server(myCase);
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    render(<MyCasePage />);
    await settle();
    fireEvent.click(screen.getByText('返回我的评价'));

    expect(navigate).toHaveBeenCalledWith({ url: '/pages/mine/index' });
  });
});
