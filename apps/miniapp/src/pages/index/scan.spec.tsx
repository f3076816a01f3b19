import { fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { settle } from '../../../test/fake-api';
import { scanWindowCode } from '../../platform';
import Home from '.';

// What WeChat's scanner returns, without WeChat.
jest.mock('../../platform', () => ({ ...jest.requireActual('../../platform'), scanWindowCode: jest.fn() }));
const scanned = scanWindowCode as jest.MockedFunction<typeof scanWindowCode>;

describe('home page: 扫码评价 and 我的评价', () => {
  let navigate: jest.SpyInstance;

  beforeEach(() => {
    localStorage.clear();
    navigate = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' });
  });
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['a window’s URL QR code', 'https://hcp.example.gov.cn/r/AbCdEf123456'],
    ['a window’s mini-program code', 'pages/rate/index?scene=AbCdEf123456'],
  ])('opens the rate page for %s', async (_kind, text) => {
    scanned.mockResolvedValue(text);
    render(<Home />);
    fireEvent.click(screen.getByText('扫码评价'));
    await settle();

    expect(navigate).toHaveBeenCalledWith({ url: '/pages/rate/index?scene=AbCdEf123456' });
  });

  it('says a foreign code is not a window’s', async () => {
    scanned.mockResolvedValue('https://example.com/product/42');
    const toast = jest.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });
    render(<Home />);
    fireEvent.click(screen.getByText('扫码评价'));
    await settle();

    expect(navigate).not.toHaveBeenCalled();
    expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '这不是办事窗口的评价二维码' }));
  });

  it('leads to 我的评价', () => {
    render(<Home />);
    fireEvent.click(screen.getByText('我的评价'));

    expect(navigate).toHaveBeenCalledWith({ url: '/pages/mine/index' });
  });

  it('remembers 大字模式', () => {
    const first = render(<Home />);
    expect(document.querySelector('.hcp-large')).toBeNull();
    fireEvent.click(screen.getByText('大字模式'));
    expect(document.querySelector('.hcp-large')).not.toBeNull();
    first.unmount();

    render(<Home />);
    expect(document.querySelector('.hcp-large')).not.toBeNull();
  });
});
