import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { clearRouter, setRouterParams } from '../../../test/router';
import { errorReply, fakeApi, settle, signedIn, window5, type Call, type Reply } from '../../../test/fake-api';
import { typeInto } from '../../../test/fields';
import { flushRatingQueue, pendingRatings } from '../../services/rating-queue';
import { findReceipt } from '../../services/receipts';
import { UUID_V4 } from '../../services/uuid';
import RatePage from '.';

type Answer = (call: Call) => Reply | undefined;

/** The server as the rate page meets it: the window's scan, sign-in, the client config, and POST /ratings. */
function server(answer: Answer = () => undefined): Call[] {
  return fakeApi((call) => {
    const special = answer(call);
    if (special) return special;
    if (call.path === `/scan/${window5.scene}`) return { status: 200, body: window5 };
    if (call.path === '/client-config') return { status: 200, body: { subscribeTemplateIds: [] } };
    if (call.path === '/auth/device') return signedIn;
    if (call.path === '/ratings') return { status: 201, body: { id: 'r-1', level: (call.data as { level: number }).level } };
    return errorReply(404, 'NOT_FOUND');
  });
}

const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST' && c.path === '/ratings');

function container(): HTMLElement {
  return document.body;
}

function submit() {
  const button = container().querySelector('.rate-submit');
  if (!button) throw new Error('no submit button');
  fireEvent.click(button);
}

describe('rate page (H5)', () => {
  let redirect: jest.SpyInstance;

  beforeEach(() => {
    localStorage.clear();
    setRouterParams({ scene: window5.scene });
    redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
    jest.spyOn(Taro, 'setNavigationBarTitle').mockResolvedValue({ errMsg: 'setNavigationBarTitle:ok' });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    clearRouter();
  });

  it('shows the window, its hall and unit, and who is on duty; no level is chosen for the citizen', async () => {
    server();
    render(<RatePage />);

    expect(await screen.findByText('5号窗口 不动产登记')).toBeInTheDocument();
    expect(screen.getByText('泰山区政务服务中心')).toBeInTheDocument();
    expect(screen.getByText('泰安市不动产登记中心泰山分中心')).toBeInTheDocument();
    expect(screen.getByText('当前工作人员：孙丽（工号 C0001）')).toBeInTheDocument();
    for (const label of ['非常满意', '满意', '基本满意', '不满意', '非常不满意']) {
      expect(screen.getByText(label)).toBeInTheDocument();
    }
    expect(container().querySelector('.level-choice--chosen')).toBeNull();
    expect(container().querySelector('.tag-chip')).toBeNull();
  });

  it('carries on from a level tapped on the server’s first screen before the app had loaded, and sends it', async () => {
    const calls = server();
    // The server's answer to the first screen's POST: the scan, the level tapped, and the first screen itself.
    const block = document.createElement('script');
    block.type = 'application/json';
    block.id = 'hcp-page-data';
    block.textContent = JSON.stringify({ scan: window5, level: 2 });
    document.head.appendChild(block);
    const drawn = document.createElement('div');
    drawn.id = 'hcp-first-screen';
    document.body.prepend(drawn);

    render(<RatePage />);
    await screen.findByText('5号窗口 不动产登记');
    expect(document.getElementById('hcp-first-screen')).toBeNull();
    expect(container().querySelector('.level-choice--2')?.getAttribute('aria-checked')).toBe('true');
    expect(container().querySelectorAll('[aria-checked="true"][role="radio"]')).toHaveLength(1);
    // What follows the level is offered at once: its tags, and (a 差评) the call-back number.
    expect(screen.getByText('服务态度生硬')).toBeInTheDocument();
    expect(container().querySelector('.contact')).not.toBeNull();
    // The tap counted as one: the browser is signed in at once, so the submit waits for one request.
    await settle();
    expect(calls.some((c) => c.path === '/auth/device')).toBe(true);
    expect(calls.some((c) => c.path === `/scan/${window5.scene}`)).toBe(false);

    submit();
    await settle();
    expect(posts(calls).map((c) => (c.data as { level: number }).level)).toEqual([2]);
  });

  it('offers the eight national tags of 非常不满意 and a call-back number', async () => {
    server();
    render(<RatePage />);
    fireEvent.click(await screen.findByText('非常不满意'));

    const labels = Array.from(container().querySelectorAll('.tag-chip')).map((chip) => chip.textContent);
    expect(labels).toEqual([
      '在办事指南之外增加新的审批条件',
      '需提供办事指南之外的申报材料',
      '无理由超过法定办理时间',
      '办事指南提供样本有错',
      '承诺在线收取申报材料实际无法收取',
      '多头跑窗口和部门',
      '跑动次数与承诺的不一致',
      '服务态度差效率低',
    ]);
    expect(screen.getByText(/留下手机号，工作人员将按规定时限回访核实。号码仅用于本次回访，不会用于其他用途/)).toBeInTheDocument();
    expect(container().querySelector('.contact__input')).not.toBeNull();
  });

  it('asks for no phone number on a good rating', async () => {
    server();
    render(<RatePage />);
    fireEvent.click(await screen.findByText('满意'));

    expect(container().querySelectorAll('.tag-chip')).toHaveLength(8);
    expect(screen.getByText('服务态度较好')).toBeInTheDocument();
    expect(container().querySelector('.contact')).toBeNull();
  });

  it('stops the comment counter at 150 characters', async () => {
    server();
    render(<RatePage />);
    fireEvent.click(await screen.findByText('基本满意'));

    await typeInto('.comment__input', '办'.repeat(20));
    expect(screen.getByText('20/150')).toBeInTheDocument();
    await typeInto('.comment__input', '办'.repeat(200));
    expect(screen.getByText('150/150')).toBeInTheDocument();
  });

  it('posts the rating (a fresh UUID clientId, level, ticked tags, scene) and opens the thank-you page', async () => {
    const calls = server();
    render(<RatePage />);
    fireEvent.click(await screen.findByText('非常满意'));
    fireEvent.click(screen.getByText('一窗受理一次办结'));
    fireEvent.click(screen.getByText('服务热情效率高'));
    fireEvent.click(screen.getByText('不动产转移登记'));
    await typeInto('.comment__input', '  办得很快  ');
    submit();
    await settle();

    expect(posts(calls)).toHaveLength(1);
    const body = posts(calls)[0].data as Record<string, unknown>;
    expect(body).toEqual({
      clientId: expect.stringMatching(UUID_V4),
      scene: window5.scene,
      level: 5,
      tagCodes: [510, 517],
      comment: '办得很快',
      serviceItemCode: '12370902MB2845003C-000231003000',
    });
    expect(posts(calls)[0].authorization).toBe('Bearer citizen-token-1');
    expect(redirect).toHaveBeenCalledWith({ url: `/pages/thanks/index?clientId=${String(body.clientId)}` });
    expect(findReceipt(String(body.clientId))?.receipt).toEqual({ id: 'r-1', level: 5 });
  });

  it('takes three taps: a level, a tag, submit', async () => {
    const calls = server();
    render(<RatePage />);
    fireEvent.click(await screen.findByText('不满意'));
    fireEvent.click(screen.getByText('服务态度生硬'));
    submit();
    await settle();

    expect(posts(calls)[0].data).toMatchObject({ level: 2, tagCodes: [214] });
    expect(posts(calls)[0].data).not.toHaveProperty('contactPhone');
  });

  it('refuses a mistyped phone number with a clear message, and sends a valid one', async () => {
    const calls = server();
    render(<RatePage />);
    fireEvent.click(await screen.findByText('非常不满意'));

    await typeInto('.contact__input', '1391234567');
    submit();
    await settle();
    expect(screen.getByText('手机号码格式不正确，请输入11位手机号码，或清空后提交')).toBeInTheDocument();
    expect(posts(calls)).toHaveLength(0);

    await typeInto('.contact__input', '13912345678');
    submit();
    await settle();
    expect(posts(calls)[0].data).toMatchObject({ level: 1, contactPhone: '13912345678' });
    // The thank-you page may promise a call: a number went with the rating.
    expect(findReceipt((posts(calls)[0].data as { clientId: string }).clientId)?.callbackExpected).toBe(true);
  });

  it('keeps no promise of a call with the receipt of a 差评 sent without a number', async () => {
    const calls = server();
    render(<RatePage />);
    fireEvent.click(await screen.findByText('非常不满意'));
    submit();
    await settle();

    expect(findReceipt((posts(calls)[0].data as { clientId: string }).clientId)?.callbackExpected).toBe(false);
  });

  it('does not let the citizen submit before choosing a level', async () => {
    const calls = server();
    render(<RatePage />);
    await screen.findByText('5号窗口 不动产登记');
    submit();
    await settle();

    expect(screen.getByText('请先选择您的满意程度')).toBeInTheDocument();
    expect(posts(calls)).toHaveLength(0);
  });

  it('keeps the rating on the phone when the network fails at submit', async () => {
    let online = true;
    const calls = server((call) => (call.path === '/ratings' && !online ? 'offline' : undefined));
    render(<RatePage />);
    fireEvent.click(await screen.findByText('非常不满意'));
    fireEvent.click(screen.getByText('多头跑窗口和部门'));
    online = false;
    submit();
    await settle();

    const queued = pendingRatings();
    expect(queued).toHaveLength(1);
    const sent = posts(calls)[0].data as { clientId: string };
    expect(queued[0].request).toMatchObject({
      clientId: sent.clientId,
      level: 1,
      tagCodes: [113],
      ratedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(queued[0].tagLabels).toEqual(['多头跑窗口和部门']);
    expect(redirect).toHaveBeenCalledWith({ url: `/pages/thanks/index?clientId=${sent.clientId}` });
  });

  // Reachable but unable to serve: its database down (a quick 503), or a fault (500). The rating was not judged.
  it.each<[string, Reply]>([
    ['503 SERVICE_UNAVAILABLE (its database is down)', errorReply(503, 'SERVICE_UNAVAILABLE')],
    ['500 INTERNAL_ERROR', errorReply(500, 'INTERNAL_ERROR')],
  ])('keeps the rating on the phone when the server answers %s, and sends it once the server is back', async (_, failure) => {
    let serving = false;
    const calls = server((call) => (call.path === '/ratings' && !serving ? failure : undefined));
    render(<RatePage />);
    fireEvent.click(await screen.findByText('不满意'));
    fireEvent.click(screen.getByText('服务态度生硬'));
    submit();
    await settle();

    const { clientId } = posts(calls)[0].data as { clientId: string };
    expect(pendingRatings().map((p) => p.request)).toEqual([expect.objectContaining({ clientId, level: 2, tagCodes: [214] })]);
    expect(redirect).toHaveBeenCalledWith({ url: `/pages/thanks/index?clientId=${clientId}` });

    serving = true;
    await flushRatingQueue();
    expect(pendingRatings()).toEqual([]);
    expect(posts(calls).map((c) => (c.data as { clientId: string }).clientId)).toEqual([clientId, clientId]);
  });

  it('keeps the rating on the phone when the browser cannot get an account just now (too many on this network)', async () => {
    let serving = false;
    const calls = server((call) => (call.path === '/auth/device' && !serving ? errorReply(429, 'AUTH_SIGNUP_THROTTLED') : undefined));
    render(<RatePage />);
    fireEvent.click(await screen.findByText('非常不满意'));
    submit();
    await settle();

    expect(posts(calls)).toEqual([]);
    const [kept] = pendingRatings();
    expect(kept.request).toMatchObject({ level: 1, scene: window5.scene });
    expect(redirect).toHaveBeenCalledWith({ url: `/pages/thanks/index?clientId=${kept.request.clientId}` });

    serving = true;
    await flushRatingQueue();
    expect(pendingRatings()).toEqual([]);
    expect(posts(calls).map((c) => (c.data as { clientId: string }).clientId)).toEqual([kept.request.clientId]);
  });

  it('shows the rating already made when the citizen rates the same window again within 10 minutes', async () => {
    server((call) => (call.path === '/ratings' ? errorReply(409, 'RATING_DUPLICATE', { existingRatingId: 'r-earlier' }) : undefined));
    render(<RatePage />);
    fireEvent.click(await screen.findByText('满意'));
    submit();
    await settle();

    expect(redirect).toHaveBeenCalledWith({ url: '/pages/thanks/index?duplicate=r-earlier' });
  });

  it('keeps the clientId when the citizen retries the same rating after a refusal', async () => {
    let fail = true;
    const calls = server((call) => (call.path === '/ratings' && fail ? errorReply(429, 'RATING_RATE_LIMITED') : undefined));
    render(<RatePage />);
    fireEvent.click(await screen.findByText('满意'));
    submit();
    await settle();
    expect(screen.getByText('评价提交过于频繁，请稍后再试')).toBeInTheDocument();

    fail = false;
    submit();
    await settle();
    const [first, second] = posts(calls).map((c) => (c.data as { clientId: string }).clientId);
    expect(second).toBe(first);
  });

  it.each([
    [errorReply(404, 'SCAN_UNKNOWN'), '未找到该窗口', '请确认扫描的是办事窗口上张贴的评价二维码。'],
    [errorReply(404, 'SCAN_UNKNOWN', { retired: true }), '二维码已停用', '请扫描窗口处张贴的最新二维码。'],
    [errorReply(404, 'WINDOW_INACTIVE'), '该窗口暂停评价', '如需评价，请咨询现场工作人员。'],
  ])('explains a code it cannot rate in Chinese, with a way home (%#)', async (reply, title, text) => {
    server((call) => (call.path.startsWith('/scan/') ? reply : undefined));
    render(<RatePage />);

    expect(await screen.findByText(title)).toBeInTheDocument();
    expect(screen.getByText(text)).toBeInTheDocument();
    // Said once, in the title: the explanation does not repeat it.
    expect(document.body.textContent?.split(title)).toHaveLength(2);
    expect(container().querySelector('.rate__home')).toHaveTextContent('返回首页');
    expect(container().querySelector('.level-choice')).toBeNull();
  });

  it('opens from WeChat’s plain-link QR launch (q)', async () => {
    server();
    setRouterParams({ q: encodeURIComponent(`https://hcp.example.gov.cn/r/${window5.scene}`), scancode_time: '1' });
    render(<RatePage />);

    expect(await screen.findByText('5号窗口 不动产登记')).toBeInTheDocument();
  });

  it('offers to reload when the network is down', async () => {
    let online = false;
    server(() => (online ? undefined : 'offline'));
    render(<RatePage />);

    expect(await screen.findByText('网络连接失败')).toBeInTheDocument();
    online = true;
    fireEvent.click(container().querySelector('.rate__retry') as Element);
    expect(await screen.findByText('5号窗口 不动产登记')).toBeInTheDocument();
  });

  it('remembers 大字模式', async () => {
    server();
    const first = render(<RatePage />);
    await screen.findByText('5号窗口 不动产登记');
    expect(container().querySelector('.hcp-large')).toBeNull();

    fireEvent.click(screen.getByText('大字模式'));
    expect(container().querySelector('.hcp-large')).not.toBeNull();
    first.unmount();

    render(<RatePage />);
    await screen.findByText('5号窗口 不动产登记');
    expect(container().querySelector('.hcp-large')).not.toBeNull();
  });
});
