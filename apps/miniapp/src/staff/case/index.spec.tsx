import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { CaseAction, CaseDetail, Staff, Unit } from '@hcp/contracts';
import { errorReply, fakeApi, settle, type Call, type Reply } from '../../../test/fake-api';
import { detail, handler, NOW, signInAs, supervisor } from '../../../test/cases';
import { tap, typeInto } from '../../../test/fields';
import { clearRouter, setRouterParams } from '../../../test/router';
import StaffCasePage from '.';

const colleague: Staff = {
  id: 'staff-10',
  staffNumber: 'A0010',
  name: '周敏',
  unitId: 'unit-a',
  phone: null,
  roles: ['case_handler'],
  scopeRegionCode: null,
  active: true,
  locked: false,
};
const me: Staff = { ...colleague, id: handler.id, staffNumber: handler.staffNumber, name: handler.name, roles: handler.roles };
const units: Unit[] = [
  { id: 'unit-a', code: 'A', name: '泰山区行政审批服务局', regionCode: '370902000000', parentId: null, active: true, caseAssignment: 'round_robin' },
  { id: 'unit-b', code: 'B', name: '泰山区人力资源和社会保障局', regionCode: '370902000000', parentId: null, active: true, caseAssignment: 'round_robin' },
];

/**
 * The case as the server holds it; an action answers with `after(action)` (the case after it), or the reply
 * `refuse` gives.
 */
function server(current: CaseDetail, options: { after?: (action: string, body: unknown) => CaseDetail; refuse?: (call: Call) => Reply | undefined } = {}) {
  let state = current;
  return fakeApi((call) => {
    const refused = options.refuse?.(call);
    if (refused) return refused;
    if (call.method === 'GET' && call.path === `/cases/${state.id}`) return { status: 200, body: state };
    if (call.path === `/cases/${state.id}/contact-reveal`) return { status: 200, body: { phone: '13912345678' } };
    const action = /^\/cases\/[^/]+\/([a-z-]+)$/.exec(call.path)?.[1];
    if (call.method === 'POST' && action) {
      state = options.after ? options.after(action, call.data) : state;
      return { status: 200, body: state };
    }
    // Who the server says may take the case: the unit's case handlers and administrators (never window staff).
    if (call.method === 'GET' && call.path === `/cases/${state.id}/assignees`) return { status: 200, body: [colleague, me].map(({ id, name, staffNumber }) => ({ id, name, staffNumber })) };
    if (call.path === '/units') return { status: 200, body: { items: units, total: 2 } };
    if (call.path.startsWith('/calendar/')) return { status: 200, body: { year: 2026, complete: true, days: [] } };
    return errorReply(404, 'NOT_FOUND');
  });
}

const posts = (calls: Call[], action: CaseAction) => calls.filter((c) => c.method === 'POST' && c.path === `/cases/case-1/${action}`);
const actionButtons = () => Array.from(document.body.querySelectorAll('.actions__button')).map((b) => b.textContent);

async function openPage() {
  render(<StaffCasePage />);
  await settle();
}

async function choose(label: string) {
  fireEvent.click(screen.getByText(label));
  await settle();
}

async function submitForm() {
  tap('.action-form__submit');
  await settle();
}

describe('the staff case page (H5)', () => {
  let toast: jest.SpyInstance;
  beforeEach(() => {
    localStorage.clear();
    signInAs(handler);
    setRouterParams({ id: 'case-1' });
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    toast = jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    clearRouter();
  });

  it('shows the rating, the deadlines with the time left, the masked number, the timeline, and only the allowed actions', async () => {
    server(detail);
    await openPage();
    const text = document.body.textContent ?? '';

    expect(screen.getByText('CP202606020001')).toBeInTheDocument();
    expect(screen.getByText('待回访', { selector: '.case-head__state' })).toBeInTheDocument();
    expect(text).toMatch(/回访期限6月3日 23:59还剩 13 小时/);
    expect(text).toMatch(/答复期限6月24日 23:59还剩 16 个工作日（含今天）/);
    expect(screen.getByText('139****5678')).toBeInTheDocument();
    // The rating: level, tags by their labels, comment, window, staff on duty, time, service item.
    expect(screen.getByText('非常不满意', { selector: '.rating__level' })).toBeInTheDocument();
    expect(screen.getByText('2026年6月2日 17:10')).toBeInTheDocument();
    expect(screen.getByText('多头跑窗口和部门')).toBeInTheDocument();
    expect(screen.getByText('服务态度差效率低')).toBeInTheDocument();
    expect(screen.getByText('“材料要求前后不一致，来回跑了三次”')).toBeInTheDocument();
    expect(screen.getByText('泰山区政务服务中心 1号窗口 企业开办')).toBeInTheDocument();
    expect(screen.getByText('王晓燕（工号 A0001）')).toBeInTheDocument();
    expect(screen.getByText('企业设立登记')).toBeInTheDocument();
    expect(text).toMatch(/生成工单 → 待回访2026年6月2日 17:10 · 系统分派给 陈静/);
    // The server's list, in the page's order: the usual next step first.
    expect(actionButtons()).toEqual(['回访核实', '指派处理人', '非本单位事项，申请改派', '申诉']);
    expect(document.body.querySelector('.actions__button--primary')?.textContent).toBe('回访核实');
  });

  it('shows a request sent through Open311: what it says, where, and who sent it, with no rating or window', async () => {
    server({
      ...detail,
      source: 'open311',
      level: null,
      window: null,
      rating: null,
      request: {
        serviceItem: { code: '11370902MB2845001A-000201002000', name: '企业设立登记' },
        description: '网上申请提交三天无人审核',
        address: '泰山区东岳大街 1 号',
        lat: null,
        long: null,
        attributes: { channel: 'web' },
        reporterName: '张小明',
        emailMasked: 'z***@example.cn',
      },
    });
    await openPage();

    expect(screen.getByText('Open311 诉求', { selector: '.case-head__what' })).toBeInTheDocument();
    expect(screen.getByText('诉求内容')).toBeInTheDocument();
    expect(screen.getByText('“网上申请提交三天无人审核”')).toBeInTheDocument();
    expect(screen.getByText('企业设立登记')).toBeInTheDocument();
    expect(screen.getByText('泰山区东岳大街 1 号')).toBeInTheDocument();
    expect(screen.getByText('张小明')).toBeInTheDocument();
    expect(document.body.querySelector('.rating__level')).toBeNull();
    expect(actionButtons()).toEqual(['回访核实', '指派处理人', '非本单位事项，申请改派', '申诉']);
  });

  it('reveals the number on request, then calls it', async () => {
    const calls = server(detail);
    const call = jest.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' });
    await openPage();
    expect(screen.queryByText('拨打电话')).toBeNull();

    await choose('查看号码');
    expect(calls.filter((c) => c.path === '/cases/case-1/contact-reveal')).toEqual([expect.objectContaining({ method: 'POST' })]);
    expect(screen.getByText('13912345678')).toBeInTheDocument();
    fireEvent.click(screen.getByText('拨打电话'));
    expect(call).toHaveBeenCalledWith({ phoneNumber: '13912345678' });
  });

  it('says why a number cannot be revealed', async () => {
    server(detail, { refuse: (c) => (c.path.endsWith('/contact-reveal') ? errorReply(403, 'FORBIDDEN') : undefined) });
    await openPage();
    await choose('查看号码');

    expect(screen.getByText('您没有权限进行此操作')).toBeInTheDocument();
    expect(screen.getByText('139****5678')).toBeInTheDocument();
  });

  it('records a call-back: reached, 属实, a note; the page then shows the new state', async () => {
    const calls = server(detail, {
      after: () => ({
        ...detail,
        state: 'verified',
        callback: { contact: 'reached', verification: 'true', note: '已电话联系，情况属实', at: '2026-06-03T02:05:00.000Z' },
        allowedActions: ['plan', 'reply', 'appeal', 'transfer', 'assign'],
      }),
    });
    await openPage();
    await choose('回访核实');
    // A number was left: the likely answer is chosen.
    expect(screen.getByText('已联系上').closest('.choice__item')).toHaveClass('choice__item--chosen');

    await submitForm();
    expect(screen.getByText('请选择核实结果')).toBeInTheDocument();
    await choose('属实');
    await submitForm();
    expect(screen.getByText('请填写回访情况')).toBeInTheDocument();
    expect(posts(calls, 'callback')).toHaveLength(0);

    await typeInto('.form-field--note', '  已电话联系，情况属实 ');
    await submitForm();
    expect(posts(calls, 'callback')[0].data).toEqual({ contact: 'reached', verification: 'true', note: '已电话联系，情况属实' });
    expect(screen.getByText('已回访核实', { selector: '.case-head__state' })).toBeInTheDocument();
    expect(screen.getByText('已回访')).toBeInTheDocument();
    expect(actionButtons()).toEqual(['制定整改计划', '答复群众', '指派处理人', '非本单位事项，申请改派', '申诉']);
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '已记录回访' }));
  });

  it('defaults a call-back without a number to 无法联系, and asks no verification', async () => {
    const calls = server({ ...detail, contactMasked: null });
    await openPage();
    expect(screen.getByText('群众未留联系电话，无需电话回访；请核实后直接答复。')).toBeInTheDocument();
    await choose('回访核实');

    expect(screen.getByText('无法联系').closest('.choice__item')).toHaveClass('choice__item--chosen');
    expect(screen.queryByText('核实结果')).toBeNull();
    await typeInto('.form-field--note', '群众未留号码');
    await submitForm();
    expect(posts(calls, 'callback')[0].data).toEqual({ contact: 'unreachable', note: '群众未留号码' });
  });

  it('records a plan, aiming for the reply deadline unless another date is chosen', async () => {
    const verified: CaseDetail = { ...detail, state: 'verified', allowedActions: ['plan', 'reply'] };
    const calls = server(verified, { after: () => ({ ...verified, state: 'in_progress', allowedActions: ['reply'] }) });
    await openPage();
    await choose('制定整改计划');

    expect(screen.getByText('答复期限（6月24日）').closest('.choice__item')).toHaveClass('choice__item--chosen');
    expect(screen.getByText('今天（6月3日）')).toBeInTheDocument();
    await choose('7天后（6月10日）');
    await typeInto('.form-field--plan', '组织窗口人员学习办事指南');
    await submitForm();
    expect(posts(calls, 'plan')[0].data).toEqual({ plan: '组织窗口人员学习办事指南', dueDate: '2026-06-10' });
    expect(screen.getByText('整改中', { selector: '.case-head__state' })).toBeInTheDocument();
  });

  it('replies to the citizen with the rectification result', async () => {
    const inProgress: CaseDetail = { ...detail, state: 'in_progress', allowedActions: ['reply'] };
    const calls = server(inProgress, {
      after: () => ({ ...inProgress, state: 'replied', deadlines: { ...inProgress.deadlines, confirmDueAt: '2026-06-10T02:00:00.000Z' }, allowedActions: [] }),
    });
    await openPage();
    await choose('答复群众');
    await typeInto('.form-field--reply', '已统一材料清单');
    await submitForm();
    expect(screen.getByText('请填写整改结果')).toBeInTheDocument();

    await typeInto('.form-field--result', '窗口人员已培训');
    await submitForm();
    expect(posts(calls, 'reply')[0].data).toEqual({ reply: '已统一材料清单', result: '窗口人员已培训' });
    expect(screen.getByText('当前没有需要您办理的操作。')).toBeInTheDocument();
    // The rater's week to answer is counted in calendar days.
    expect(document.body.textContent).toMatch(/答复期限6月24日 23:59已答复群众确认期限6月10日 10:00还剩 7 天/);
  });

  it('appeals a rating as 恶意评价 with evidence', async () => {
    const calls = server(detail, { after: () => ({ ...detail, state: 'appealing', allowedActions: [] }) });
    await openPage();
    await choose('申诉');
    await typeInto('.form-field--evidence', '监控显示该群众当日未到本窗口');
    await submitForm();
    expect(screen.getByText('请选择申诉理由')).toBeInTheDocument();

    await choose('恶意评价');
    await submitForm();
    expect(posts(calls, 'appeal')[0].data).toEqual({ kind: 'malicious', evidence: '监控显示该群众当日未到本窗口' });
  });

  it('hands a case back for another unit with a reason', async () => {
    const calls = server(detail, { after: () => ({ ...detail, state: 'rerouting', allowedActions: [] }) });
    await openPage();
    await choose('非本单位事项，申请改派');
    await typeInto('.form-field--reason', '该事项由人社局办理');
    await submitForm();

    expect(posts(calls, 'transfer')[0].data).toEqual({ reason: '该事项由人社局办理' });
  });

  it('assigns the case among the unit’s handlers, or puts it back in the unit’s queue', async () => {
    const calls = server(detail, { after: (_a, body) => ({ ...detail, assignee: (body as { staffId: string | null }).staffId ? { id: 'staff-10', name: '周敏' } : null }) });
    await openPage();
    await choose('指派处理人');

    const options = Array.from(document.body.querySelectorAll('.form-field--staffId .choice__label')).map((o) => o.textContent);
    // As the server offers them (no staff list is read: a handler may not list the unit's staff); the signed-in
    // handler comes first.
    expect(calls.some((c) => c.path === '/staff')).toBe(false);
    expect(options).toEqual(['我（陈静） · 当前', '周敏（A0010）', '不指派，放回单位待办']);
    await choose('周敏（A0010）');
    await submitForm();
    expect(posts(calls, 'assign')[0].data).toEqual({ staffId: 'staff-10' });
    expect(screen.getByText('处理人：周敏')).toBeInTheDocument();

    await choose('指派处理人');
    await choose('不指派，放回单位待办');
    await submitForm();
    expect(posts(calls, 'assign')[1].data).toEqual({ staffId: null });
  });

  describe('as a supervisor', () => {
    beforeEach(() => signInAs(supervisor));

    it('is not offered the whole number: only the handling unit’s handlers may see it', async () => {
      const calls = server({ ...detail, allowedActions: ['cancel'] });
      await openPage();

      expect(screen.getByText('139****5678')).toBeInTheDocument();
      expect(screen.queryByText('查看号码')).toBeNull();
      expect(screen.getByText('完整号码仅承办单位的处理人员可以查看。')).toBeInTheDocument();
      expect(calls.filter((c) => c.path.endsWith('/contact-reveal'))).toHaveLength(0);
      // Cancelling is never the obvious next step.
      expect(actionButtons()).toEqual(['撤销工单']);
      expect(document.body.querySelector('.actions__button--primary')).toBeNull();
    });

    it('rules on a second 未解决: close or send back, with a ruling', async () => {
      const escalated: CaseDetail = { ...detail, state: 'escalated', reopenCount: 2, allowedActions: ['rule', 'cancel'] };
      const calls = server(escalated, { after: () => ({ ...escalated, state: 'reopened', allowedActions: ['cancel'] }) });
      await openPage();
      expect(screen.getByText('群众已表示未解决 2 次')).toBeInTheDocument();
      await choose('裁定');
      await choose('退回单位重新处理');
      await typeInto('.form-field--ruling', '请单位重新核实材料要求');
      await submitForm();

      expect(posts(calls, 'rule')[0].data).toEqual({ decision: 'send_back', ruling: '请单位重新核实材料要求' });
    });

    it('rules on an appeal', async () => {
      const appealing: CaseDetail = {
        ...detail,
        state: 'appealing',
        appeal: { kind: 'mistaken', evidence: '群众评价的是隔壁窗口', state: 'pending', ruling: null },
        allowedActions: ['appeal-ruling', 'cancel'],
      };
      const calls = server(appealing);
      await openPage();
      expect(screen.getByText('误评 · 待裁定：群众评价的是隔壁窗口')).toBeInTheDocument();
      await choose('申诉裁定');
      await choose('申诉成立（评价作废）');
      await typeInto('.form-field--ruling', '经核实属误评');
      await submitForm();

      expect(posts(calls, 'appeal-ruling')[0].data).toEqual({ decision: 'uphold', ruling: '经核实属误评' });
    });

    it('routes a case to another unit of the region', async () => {
      const rerouting: CaseDetail = { ...detail, state: 'rerouting', allowedActions: ['route', 'cancel'] };
      const calls = server(rerouting);
      await openPage();
      await choose('改派单位');

      // The case's own unit is not offered.
      expect(Array.from(document.body.querySelectorAll('.form-field--unitId .choice__label')).map((o) => o.textContent)).toEqual(['泰山区人力资源和社会保障局']);
      await typeInto('.unit-choice', '人社');
      tap('.unit-choice__go');
      await settle();
      expect(calls.filter((c) => c.path === '/units').map((c) => c.data)).toEqual([
        { active: true, pageSize: 20 },
        { active: true, pageSize: 20, q: '人社' },
      ]);
      await choose('泰山区人力资源和社会保障局');
      await typeInto('.form-field--reason', '社保卡业务归人社局');
      await submitForm();
      expect(posts(calls, 'route')[0].data).toEqual({ unitId: 'unit-b', reason: '社保卡业务归人社局' });
    });

    it('cancels a case only after a second yes', async () => {
      const calls = server({ ...detail, allowedActions: ['cancel'] });
      const modal = jest.spyOn(Taro, 'showModal').mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' });
      await openPage();
      await choose('撤销工单');
      await typeInto('.form-field--reason', '重复评价');
      await submitForm();
      expect(modal).toHaveBeenCalledWith(expect.objectContaining({ content: '撤销后该工单不再处理，确定撤销吗？' }));
      expect(posts(calls, 'cancel')).toHaveLength(0);

      modal.mockResolvedValueOnce({ confirm: true, cancel: false, errMsg: 'showModal:ok' });
      await submitForm();
      expect(posts(calls, 'cancel')[0].data).toEqual({ reason: '重复评价' });
    });
  });

  it('reloads the case and says why when someone else acted first (409 CASE_STATE_CONFLICT), keeping what was typed', async () => {
    let conflict = true;
    const moved: CaseDetail = { ...detail, state: 'verified', allowedActions: ['plan', 'reply', 'appeal'] };
    const calls = server(detail, {
      refuse: (c) => {
        if (c.method === 'POST' && c.path.endsWith('/appeal') && conflict) {
          conflict = false;
          return errorReply(409, 'CASE_STATE_CONFLICT');
        }
        if (c.method === 'GET' && c.path === '/cases/case-1' && !conflict) return { status: 200, body: moved };
        return undefined;
      },
    });
    await openPage();
    await choose('申诉');
    await choose('误评');
    await typeInto('.form-field--evidence', '评价的是隔壁窗口');
    await submitForm();

    expect(screen.getByText('工单状态已有变化，请查看最新状态后再操作')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'GET' && c.path === '/cases/case-1')).toHaveLength(2);
    expect(screen.getByText('已回访核实', { selector: '.case-head__state' })).toBeInTheDocument();
    expect(actionButtons()).toEqual(['制定整改计划', '答复群众', '申诉']);
    // Appeal is still allowed: the form opens with what was typed.
    await choose('申诉');
    expect(document.body.querySelector('.form-field--evidence textarea')).toHaveValue('评价的是隔壁窗口');
  });

  it('keeps the form open with the reason when the server refuses the content', async () => {
    server(detail, { refuse: (c) => (c.method === 'POST' && c.path.endsWith('/transfer') ? errorReply(400, 'VALIDATION_FAILED') : undefined) });
    await openPage();
    await choose('非本单位事项，申请改派');
    await typeInto('.form-field--reason', '不归我们');
    await submitForm();

    expect(screen.getByText('提交的内容有误，请检查后重试')).toBeInTheDocument();
    expect(document.body.querySelector('.action-form')).not.toBeNull();
  });

  it('says so when the case is outside the member of staff’s scope', async () => {
    fakeApi(() => errorReply(404, 'NOT_FOUND'));
    await openPage();

    expect(screen.getByText('没有找到该工单，或该工单不在您的处理范围内。')).toBeInTheDocument();
    expect(screen.queryByText('重新加载')).toBeNull();
  });
});
