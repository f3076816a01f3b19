import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { handler, signInAs } from '../../../test/cases';
import { fakeApi, settle } from '../../../test/fake-api';
import Home from '.';

describe('home page (H5)', () => {
  it('names the product and offers to scan the window code', () => {
    render(<Home />);

    expect(screen.getByText('政务服务好差评')).toBeInTheDocument();
    expect(screen.getByText('扫描窗口二维码，三步完成评价')).toBeInTheDocument();
    expect(screen.getByText('扫码评价')).toBeInTheDocument();
  });

  it('tells a browser user to scan the window QR code with the phone camera or WeChat', async () => {
    render(<Home />);

    fireEvent.click(screen.getByText('扫码评价'));

    expect(await screen.findByText('请用手机扫码')).toBeInTheDocument();
    expect(screen.getByText(/请用手机相机或微信“扫一扫”扫描办事窗口上的二维码/)).toBeInTheDocument();
  });

  it('has a discreet entry for staff, and sends a signed-in member of staff to 我的工单', () => {
    localStorage.clear();
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
    const first = render(<Home />);
    expect(redirect).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('工作人员入口'));
    expect(navigate).toHaveBeenCalledWith({ url: '/staff/login/index' });
    first.unmount();

    signInAs(handler);
    render(<Home />);
    expect(redirect).toHaveBeenCalledWith({ url: '/staff/cases/index' });
    jest.restoreAllMocks();
    localStorage.clear();
  });

  it('opens 公开评价, which needs no sign-in', () => {
    const navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
    render(<Home />);
    fireEvent.click(screen.getByText('公开评价'));
    expect(navigate).toHaveBeenCalledWith({ url: '/citizen/public/index' });
    jest.restoreAllMocks();
  });

  describe('the unread badge on 我的评价', () => {
    beforeEach(() => localStorage.clear());
    afterEach(() => {
      jest.restoreAllMocks();
      localStorage.clear();
    });

    it('shows how many notices are unread for a citizen who has rated on this phone', async () => {
      Taro.setStorageSync('hcp.session.token', 'citizen-token-1');
      const calls = fakeApi(() => ({ status: 200, body: { items: [], total: 5, unread: 2 } }));
      render(<Home />);
      await settle();

      expect(calls).toEqual([expect.objectContaining({ method: 'GET', path: '/me/notices', data: { page: 1, pageSize: 1 }, authorization: 'Bearer citizen-token-1' })]);
      // The number is shown; the words after it are for screen readers.
      expect(document.body.querySelector('.home__mine')?.textContent).toBe('我的评价2条新消息');
      expect(document.body.querySelector('.home__mine .unread-badge')?.textContent).toBe('2');
    });

    it('shows none when everything is read, and does not sign in a phone that never rated just to ask', async () => {
      Taro.setStorageSync('hcp.session.token', 'citizen-token-1');
      fakeApi(() => ({ status: 200, body: { items: [], total: 5, unread: 0 } }));
      const first = render(<Home />);
      await settle();
      expect(document.body.querySelector('.home__mine')?.textContent).toBe('我的评价');
      first.unmount();

      localStorage.clear();
      const calls = fakeApi(() => ({ status: 200, body: { items: [], total: 0, unread: 0 } }));
      render(<Home />);
      await settle();
      expect(calls).toEqual([]);
      expect(document.body.querySelector('.unread-badge')).toBeNull();
    });
  });
});
