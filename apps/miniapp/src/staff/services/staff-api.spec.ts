import Taro from '@tarojs/taro';
import { errorReply, fakeApi, settle, type Call } from '../../../test/fake-api';
import { handler, signInAs, tokens } from '../../../test/cases';
import { setToken } from '../../services/session';
import { hasStaffSession } from '../../services/staff-session';
import { staffLogin, staffLogout, staffRequest } from './staff-api';
import { getStaffSession } from './staff-session';

describe('the staff session', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => jest.restoreAllMocks());

  it('signs in with staff number, password and this browser’s device id, and keeps the session apart from the citizen’s', async () => {
    setToken('citizen-token');
    const calls = fakeApi((call) => {
      if (call.path === '/auth/login') return { status: 200, body: tokens };
      if (call.path === '/me') return { status: 200, body: { kind: 'staff', staff: handler } };
      return errorReply(404, 'NOT_FOUND');
    });

    await expect(staffLogin('A0009', 'Demo2026')).resolves.toEqual(handler);
    expect(calls[0].data).toEqual({ staffNumber: 'A0009', password: 'Demo2026', deviceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    // Neither the citizen's token on the sign-in, nor anything but the new staff token on /me.
    expect(calls[0].authorization).toBeUndefined();
    expect(calls[1].authorization).toBe('Bearer staff-access-1');
    expect(getStaffSession()).toEqual({ accessToken: 'staff-access-1', refreshToken: 'staff-refresh-1', staff: handler });
    expect(Taro.getStorageSync('hcp.session.token')).toBe('citizen-token');
  });

  it('revokes the new sign-in and keeps nothing when who signed in cannot be read', async () => {
    for (const me of [errorReply(503, 'SERVICE_UNAVAILABLE'), 'offline' as const, { status: 200, body: { kind: 'citizen', citizen: { id: 'c-1' } } }]) {
      localStorage.clear();
      const calls = fakeApi((call) => {
        if (call.path === '/auth/login') return { status: 200, body: tokens };
        if (call.path === '/me') return me;
        if (call.path === '/auth/logout') return { status: 204, body: null };
        return errorReply(404, 'NOT_FOUND');
      });

      await expect(staffLogin('A0009', 'Demo2026')).rejects.toBeDefined();
      expect(calls.filter((c) => c.path === '/auth/logout')).toEqual([
        expect.objectContaining({ method: 'POST', data: { refreshToken: 'staff-refresh-1' }, authorization: undefined }),
      ]);
      expect(hasStaffSession()).toBe(false);
      expect(getStaffSession()).toBeNull();
    }
  });

  it('refreshes an expired access token once and repeats the call', async () => {
    signInAs(handler);
    const calls = fakeApi((call) => {
      if (call.path === '/auth/refresh') return { status: 200, body: { accessToken: 'staff-access-2', refreshToken: 'staff-refresh-2', expiresIn: 900 } };
      if (call.authorization === 'Bearer staff-access-1') return errorReply(401, 'AUTH_TOKEN_INVALID');
      return { status: 200, body: { items: [] } };
    });

    await expect(Promise.all([staffRequest('/cases'), staffRequest('/calendar/2026')])).resolves.toEqual([{ items: [] }, { items: [] }]);
    const refreshes = calls.filter((c) => c.path === '/auth/refresh');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toMatchObject({ method: 'POST', data: { refreshToken: 'staff-refresh-1' }, authorization: undefined });
    expect(calls.filter((c) => c.authorization === 'Bearer staff-access-2').map((c) => c.path).sort()).toEqual(['/calendar/2026', '/cases']);
    expect(getStaffSession()).toMatchObject({ accessToken: 'staff-access-2', refreshToken: 'staff-refresh-2', staff: handler });
  });

  it('ends the session when the refresh token is refused', async () => {
    signInAs(handler);
    fakeApi((call) => (call.path === '/auth/refresh' ? errorReply(401, 'AUTH_REFRESH_INVALID') : errorReply(401, 'AUTH_TOKEN_INVALID')));

    await expect(staffRequest('/cases')).rejects.toMatchObject({ status: 401, message: '登录已过期，请重新登录' });
    expect(hasStaffSession()).toBe(false);
  });

  it('keeps the session when the refresh fails for lack of network', async () => {
    signInAs(handler);
    fakeApi((call) => (call.path === '/auth/refresh' ? 'offline' : errorReply(401, 'AUTH_TOKEN_INVALID')));

    await expect(staffRequest('/cases')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(hasStaffSession()).toBe(true);
  });

  it('signs out at once, revokes the refresh token, and goes home', async () => {
    signInAs(handler);
    const relaunch = jest.spyOn(Taro, 'reLaunch').mockResolvedValue({ errMsg: 'reLaunch:ok' });
    const calls: Call[] = fakeApi(() => ({ status: 204 }));

    await staffLogout();
    await settle();
    expect(hasStaffSession()).toBe(false);
    expect(calls).toEqual([expect.objectContaining({ method: 'POST', path: '/auth/logout', data: { refreshToken: 'staff-refresh-1' } })]);
    expect(relaunch).toHaveBeenCalledWith({ url: '/pages/index/index' });
  });
});
