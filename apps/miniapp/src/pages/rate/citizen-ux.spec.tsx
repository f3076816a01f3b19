import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MyRating, RecentRating } from '@hcp/contracts';
import { clearRouter, setRouterParams } from '../../../test/router';
import { errorReply, fakeApi, settle, signedIn, window5, type Call, type Reply } from '../../../test/fake-api';
import { typeInto } from '../../../test/fields';
import { setToken } from '../../services/session';
import { normalizePhone } from './ContactField';
import RatePage from '.';

const RECENT = `/me/ratings/recent?scene=${window5.scene}`;

const earlier: MyRating = {
  id: 'r-earlier',
  createdAt: '2026-06-01T02:00:00.000Z',
  level: 2,
  tagCodes: [214],
  tagVersion: 'v2',
  comment: '等了很久',
  window: { number: '5', name: '不动产登记' },
  hall: { name: '泰山区政务服务中心' },
  unit: { name: '泰安市不动产登记中心泰山分中心' },
  serviceItem: null,
  case: null,
};
const rated: RecentRating = { rating: earlier, periodMinutes: 10, ratableAgainAt: '2026-06-01T02:10:00.000Z' };
const notRated: RecentRating = { rating: null, periodMinutes: 10, ratableAgainAt: null };

function server(recent: Reply = { status: 200, body: notRated }): Call[] {
  return fakeApi((call) => {
    if (call.path === `/scan/${window5.scene}`) return { status: 200, body: window5 };
    if (call.path === '/client-config') return { status: 200, body: { subscribeTemplateIds: [] } };
    if (call.path === '/auth/device') return signedIn;
    if (call.path === RECENT) return recent;
    if (call.path === '/ratings') return { status: 201, body: { id: 'r-1', level: (call.data as { level: number }).level } };
    return errorReply(404, 'NOT_FOUND');
  });
}

const levelRow = (level: number) => document.querySelector(`.level-choice--${level}`) as HTMLElement;
const submit = () => fireEvent.click(document.querySelector('.rate-submit') as Element);

/** Lays the page out as a phone would: `levelsEnd` is where 非常不满意 ends, the submit bar starts at 600 px. */
function layout(levelsEnd: () => number) {
  const box = (top: number, bottom: number) => ({ top, bottom, left: 0, right: 390, width: 390, height: bottom - top, x: 0, y: top, toJSON: () => '' }) as DOMRect;
  jest.spyOn(Element.prototype, 'getClientRects').mockImplementation(function (this: Element) {
    return [box(0, 1)] as unknown as DOMRectList;
  });
  jest.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
    if (this.classList.contains('level-choice--1')) return box(levelsEnd() - 70, levelsEnd());
    if (this.classList.contains('rate-form__footer')) return box(600, 690);
    return box(0, 0);
  });
}

async function waitForLayout() {
  await new Promise((resolve) => setTimeout(resolve, 80));
  await settle();
}

describe('rate page: what a citizen in a busy hall would trip over', () => {
  let reLaunch: jest.SpyInstance;
  let scrollTo: jest.SpyInstance;

  beforeEach(() => {
    localStorage.clear();
    setRouterParams({ scene: window5.scene });
    jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
    jest.spyOn(Taro, 'setNavigationBarTitle').mockResolvedValue({ errMsg: 'setNavigationBarTitle:ok' });
    reLaunch = jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'reLaunch:ok' });
    scrollTo = jest.spyOn(Taro, 'pageScrollTo').mockResolvedValue({ errMsg: 'pageScrollTo:ok' });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    clearRouter();
  });

  describe('a rating the server would refuse as a repeat is announced before anything is written', () => {
    it('shows the earlier rating at once to a citizen already signed in, with 我的评价, and no form', async () => {
      setToken('citizen-token-1');
      const calls = server({ status: 200, body: rated });
      const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
      render(<RatePage />);

      expect(await screen.findByText('您刚刚已评价过该窗口')).toBeInTheDocument();
      expect(screen.getByText('同一窗口的同一次服务，评价一次即可。如有新的办事经历，请于 10:10 后再评价。')).toBeInTheDocument();
      expect(screen.getByText('5号窗口 不动产登记')).toBeInTheDocument();
      expect(screen.getByText('不满意')).toBeInTheDocument();
      expect(screen.getByText('“等了很久”')).toBeInTheDocument();
      expect(document.querySelector('.level-choice')).toBeNull();
      expect(document.querySelector('.rate-submit')).toBeNull();
      expect(calls.find((c) => c.path === RECENT)?.authorization).toBe('Bearer citizen-token-1');

      fireEvent.click(screen.getByText('查看我的评价'));
      expect(navigate).toHaveBeenCalledWith({ url: '/pages/mine/index' });
    });

    it('asks as soon as the first tap has signed a new browser in, and says so then', async () => {
      const calls = server({ status: 200, body: rated });
      render(<RatePage />);
      fireEvent.click(await screen.findByText('满意'));
      await settle();

      expect(calls.map((c) => c.path)).toEqual(expect.arrayContaining(['/auth/device', RECENT]));
      // Asked only once signed in: nobody is signed in just to ask.
      expect(calls.findIndex((c) => c.path === RECENT)).toBeGreaterThan(calls.findIndex((c) => c.path === '/auth/device'));
      expect(await screen.findByText('您刚刚已评价过该窗口')).toBeInTheDocument();
      expect(document.querySelector('.level-choice')).toBeNull();
    });

    it('asks nothing before the citizen is known, and keeps the form when the window was not rated or the question fails', async () => {
      const calls = server();
      render(<RatePage />);
      await screen.findByText('5号窗口 不动产登记');
      expect(calls.some((c) => c.path === RECENT)).toBe(false);

      fireEvent.click(screen.getByText('非常满意'));
      await settle();
      expect(calls.some((c) => c.path === RECENT)).toBe(true);
      expect(screen.queryByText('您刚刚已评价过该窗口')).toBeNull();
      expect(levelRow(5).getAttribute('aria-checked')).toBe('true');
    });

    it('shows the form when the question gets no answer', async () => {
      setToken('citizen-token-1');
      server('offline');
      render(<RatePage />);
      expect(await screen.findByText('非常不满意')).toBeInTheDocument();
      expect(screen.queryByText('您刚刚已评价过该窗口')).toBeNull();
    });
  });

  describe('the call-back number', () => {
    it('asks for it with a telephone keypad: no spinners, leading zeros kept', async () => {
      server();
      render(<RatePage />);
      fireEvent.click(await screen.findByText('非常不满意'));
      await typeInto('.contact__input', '01012345678');

      const field = document.querySelector('.contact__input input') as HTMLInputElement;
      expect(field.type).toBe('tel');
      expect(field.inputMode).toBe('tel');
      expect(field.value).toBe('01012345678');
    });

    it('says what is wrong once, beside the field, and brings the field up above the submit bar', async () => {
      const calls = server();
      render(<RatePage />);
      fireEvent.click(await screen.findByText('非常不满意'));
      await typeInto('.contact__input', '139 1234 567');
      submit();
      await settle();

      const message = '手机号码格式不正确，请输入11位手机号码，或清空后提交';
      expect(screen.getAllByText(message)).toHaveLength(1);
      expect(screen.getByRole('alert')).toHaveTextContent(message);
      expect(document.querySelector('.rate-form__footer')?.textContent).toBe('提交评价');
      expect(scrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '.contact' }));
      expect(calls.some((c) => c.path === '/ratings')).toBe(false);

      await typeInto('.contact__input', '+86 139-1234-5678');
      expect(screen.queryByText(message)).toBeNull();
      submit();
      await settle();
      expect(calls.find((c) => c.path === '/ratings')?.data).toMatchObject({ contactPhone: '13912345678' });
    });

    it('reads numbers the way people write them', () => {
      expect(normalizePhone('139 1234 5678')).toBe('13912345678');
      expect(normalizePhone('139-1234-5678')).toBe('13912345678');
      expect(normalizePhone('+8613912345678')).toBe('13912345678');
      expect(normalizePhone('008613912345678')).toBe('13912345678');
      expect(normalizePhone('01012345678')).toBe('01012345678');
    });
  });

  describe('choices hidden below the fold', () => {
    it('says that more choices follow while 非常不满意 is under the submit bar, and brings them up on a tap', async () => {
      let levelsEnd = 760;
      layout(() => levelsEnd);
      server();
      render(<RatePage />);
      await screen.findByText('非常不满意');
      await waitForLayout();

      const cue = await screen.findByText('还有更多选项，请向下滑动');
      fireEvent.click(cue);
      expect(scrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '.rate-form__question' }));

      levelsEnd = 590;
      fireEvent.scroll(window);
      await settle();
      expect(screen.queryByText('还有更多选项，请向下滑动')).toBeNull();
    });

    it('shows no cue when all five levels are on the screen', async () => {
      layout(() => 580);
      server();
      render(<RatePage />);
      await screen.findByText('非常不满意');
      await waitForLayout();
      expect(screen.queryByText('还有更多选项，请向下滑动')).toBeNull();
    });
  });

  describe('for screen readers and keyboards', () => {
    it('marks the levels as radios with their state, and leaves the faces to the words beside them', async () => {
      server();
      render(<RatePage />);
      await screen.findByText('非常不满意');

      const radios = screen.getAllByRole('radio');
      expect(radios.map((r) => [r.getAttribute('aria-label'), r.getAttribute('aria-checked')])).toEqual([
        ['非常满意', 'false'],
        ['满意', 'false'],
        ['基本满意', 'false'],
        ['不满意', 'false'],
        ['非常不满意', 'false'],
      ]);
      expect(document.querySelectorAll('.face[aria-hidden="true"]')).toHaveLength(5);
      expect(document.querySelector('[role="img"]')).toBeNull();

      // Reached with Tab, chosen with Enter or Space.
      expect(levelRow(2).getAttribute('tabindex')).toBe('0');
      fireEvent.keyDown(levelRow(2), { key: ' ' });
      await settle();
      expect(levelRow(2).getAttribute('aria-checked')).toBe('true');
      expect(levelRow(1).getAttribute('aria-checked')).toBe('false');
    });

    it('lets a citizen rate with the keyboard alone: every button is a button in the Tab order, sent with Enter', async () => {
      const calls = server();
      render(<RatePage />);
      await screen.findByText('非常不满意');

      fireEvent.keyDown(levelRow(4), { key: 'Enter' });
      await settle();
      const buttons = Array.from(document.querySelectorAll('taro-button-core'));
      expect(buttons.length).toBeGreaterThanOrEqual(2);
      expect(buttons.map((b) => [b.getAttribute('role'), b.getAttribute('tabindex')])).toEqual(buttons.map(() => ['button', '0']));

      fireEvent.keyDown(screen.getByRole('button', { name: '提交评价' }), { key: 'Enter' });
      await settle();
      expect(calls.filter((c) => c.path === '/ratings').map((c) => (c.data as { level: number }).level)).toEqual([4]);
    });

    it('gives tags, service items and the 大字模式 switch their checked state', async () => {
      server();
      render(<RatePage />);
      fireEvent.click(await screen.findByText('满意'));
      const tag = screen.getByRole('checkbox', { name: '服务态度较好' });
      expect(tag.getAttribute('aria-checked')).toBe('false');
      fireEvent.click(tag);
      expect(screen.getByRole('checkbox', { name: '服务态度较好' }).getAttribute('aria-checked')).toBe('true');

      const item = screen.getByRole('radio', { name: '不动产转移登记' });
      expect(item.getAttribute('aria-checked')).toBe('false');
      fireEvent.keyDown(item, { key: 'Enter' });
      expect(screen.getByRole('radio', { name: '不动产转移登记' }).getAttribute('aria-checked')).toBe('true');

      const toggle = screen.getByRole('switch', { name: '大字模式' });
      expect(toggle.getAttribute('aria-checked')).toBe('false');
      fireEvent.click(toggle);
      expect(screen.getByRole('switch', { name: '大字模式' }).getAttribute('aria-checked')).toBe('true');
    });
  });

  it('offers a way home', async () => {
    server();
    render(<RatePage />);
    await screen.findByText('非常不满意');
    fireEvent.click(screen.getByText('返回首页'));
    expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
  });
});
