import { render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { errorReply, fakeApi, settle, type Reply } from '../../../test/fake-api';
import { handler, signInAs, tokens } from '../../../test/cases';
import { tap, typeInto } from '../../../test/fields';
import { clearRouter, setRouterParams } from '../../../test/router';
import { hasStaffSession } from '../../services/staff-session';
import StaffLoginPage from '.';

async function signIn(staffNumber: string, password: string) {
  await typeInto('.staff-login__number', staffNumber);
  await typeInto('.staff-login__password', password);
  tap('.staff-login__submit');
  await settle();
}

describe('工作人员登录 (H5)', () => {
  let relaunch: jest.SpyInstance;
  beforeEach(() => {
    localStorage.clear();
    relaunch = jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'reLaunch:ok' });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    clearRouter();
  });

  function server(login: Reply) {
    return fakeApi((call) => {
      if (call.path === '/auth/login') return login;
      if (call.path === '/me') return { status: 200, body: { kind: 'staff', staff: handler } };
      return errorReply(404, 'NOT_FOUND');
    });
  }

  it('signs a member of staff in and opens 我的工单', async () => {
    const calls = server({ status: 200, body: tokens });
    render(<StaffLoginPage />);
    await signIn(' A0009 ', 'Demo2026');

    expect(calls[0].data).toMatchObject({ staffNumber: 'A0009', password: 'Demo2026' });
    expect(hasStaffSession()).toBe(true);
    expect(relaunch).toHaveBeenCalledWith({ url: '/staff/cases/index' });
  });

  it.each([
    ['a wrong password', errorReply(401, 'AUTH_INVALID_CREDENTIALS'), '工号或密码不正确'],
    ['too many failures, with the wait', errorReply(429, 'AUTH_LOGIN_THROTTLED', { retryAfter: 540 }), '登录失败次数过多，请 9 分钟后再试；如忘记密码，请联系单位管理员重置'],
    ['a deactivated account', errorReply(403, 'AUTH_ACCOUNT_INACTIVE'), '账号已停用，请联系单位管理员'],
    ['no network', 'offline' as const, '网络连接失败，请检查网络后重试'],
  ])('explains %s in Chinese and stays on the page', async (_case, reply, message) => {
    server(reply);
    render(<StaffLoginPage />);
    await signIn('A0009', 'wrong');

    expect(screen.getByText(message)).toBeInTheDocument();
    expect(hasStaffSession()).toBe(false);
    expect(relaunch).not.toHaveBeenCalled();
  });

  it('asks for what is missing before calling the server', async () => {
    const calls = server({ status: 200, body: tokens });
    render(<StaffLoginPage />);
    tap('.staff-login__submit');
    await settle();
    expect(screen.getByText('请输入工号')).toBeInTheDocument();

    await typeInto('.staff-login__number', 'A0009');
    tap('.staff-login__submit');
    await settle();
    expect(screen.getByText('请输入密码')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('says why when sent here by an expired session', () => {
    setRouterParams({ expired: '1' });
    render(<StaffLoginPage />);
    expect(screen.getByText('登录已过期，请重新登录')).toBeInTheDocument();
  });

  it('goes straight to 我的工单 when already signed in', () => {
    signInAs(handler);
    const redirect = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'redirectTo:ok' });
    render(<StaffLoginPage />);
    expect(redirect).toHaveBeenCalledWith({ url: '/staff/cases/index' });
  });
});
