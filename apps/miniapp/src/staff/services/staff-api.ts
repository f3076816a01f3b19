import Taro from '@tarojs/taro';
import { ErrorCode, type Me, type StaffLoginRequest, type StaffProfile, type TokenPair } from '@hcp/contracts';
import { deviceId } from '../../platform';
import { ApiError, request, type RequestOptions } from '../../services/request';
import { STAFF_HOME_URL, STAFF_LOGIN_URL } from '../../services/staff-session';
import { clearStaffSession, getStaffSession, saveStaffTokens } from './staff-session';

/**
 * 工作人员登录: staff number and password for a token pair, then who signed in. The session is stored apart from
 * the citizen's token (services/staff-session.ts).
 */
export async function staffLogin(staffNumber: string, password: string): Promise<StaffProfile> {
  const body: StaffLoginRequest = { staffNumber, password };
  const device = deviceId();
  if (device) body.deviceId = device;
  const tokens = await request<TokenPair>('/auth/login', { method: 'POST', data: { ...body }, token: null });
  let me: Me;
  try {
    me = await request<Me>('/me', { token: tokens.accessToken });
    if (me.kind !== 'staff') throw new ApiError({ code: ErrorCode.Forbidden, status: 403 });
  } catch (error) {
    // The sign-in is not kept, so its refresh token must not stay valid on the server either (it would be a live
    // session nobody can end): revoke it, as signing out does. Offline, it expires on its own.
    await revoke(tokens.refreshToken);
    throw error;
  }
  saveStaffTokens(tokens, me.staff);
  return me.staff;
}

function revoke(refreshToken: string): Promise<void> {
  return request('/auth/logout', { method: 'POST', data: { refreshToken }, token: null }).then(
    () => undefined,
    () => undefined,
  );
}

/** One refresh at a time: a page loading a case and its calendar may both find the access token expired. */
let refreshing: Promise<string> | null = null;

function refreshAccessToken(refreshToken: string, staff: StaffProfile | null): Promise<string> {
  if (!refreshing) {
    refreshing = request<TokenPair>('/auth/refresh', { method: 'POST', data: { refreshToken }, token: null })
      .then((tokens) => {
        saveStaffTokens(tokens, staff);
        return tokens.accessToken;
      })
      .catch((error: unknown) => {
        // The refresh token is spent or revoked: sign in again. A network failure keeps the session for later.
        if (error instanceof ApiError && error.status === 401) clearStaffSession();
        throw error;
      })
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

/**
 * request() as the signed-in member of staff: the staff access token, refreshed once through `POST /auth/refresh`
 * when the server answers 401. Rejects with a 401 ApiError when there is no session (see `isSignedOut`).
 */
export async function staffRequest<T>(path: string, options: Omit<RequestOptions, 'token'> = {}): Promise<T> {
  const session = getStaffSession();
  if (!session) throw new ApiError({ code: ErrorCode.Unauthorized, status: 401 });
  try {
    return await request<T>(path, { ...options, token: session.accessToken });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    const current = getStaffSession();
    if (!current) throw error;
    // Another call may have refreshed the token meanwhile: use the new one rather than spend the refresh token again.
    const token =
      current.accessToken !== session.accessToken ? current.accessToken : await refreshAccessToken(current.refreshToken, current.staff);
    return request<T>(path, { ...options, token });
  }
}

/** Signs out here at once (the phone may be offline) and tells the server to revoke the refresh token. */
export async function staffLogout(): Promise<void> {
  const session = getStaffSession();
  clearStaffSession();
  if (session) await revoke(session.refreshToken);
  await Taro.reLaunch({ url: '/pages/index/index' });
}

/** The signed-in member of staff, as read at sign-in. */
export function currentStaff(): StaffProfile | null {
  return getStaffSession()?.staff ?? null;
}

/** The session is gone (never there, expired, revoked): the page should send the member of staff to sign in. */
export function isSignedOut(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

export function goToLogin(expired = false): void {
  void Taro.reLaunch({ url: expired ? `${STAFF_LOGIN_URL}?expired=1` : STAFF_LOGIN_URL });
}

/** For a page's error path: a lost session goes to sign-in (true); anything else is the page's to show (false). */
export function leaveIfSignedOut(error: unknown): boolean {
  if (!isSignedOut(error)) return false;
  // Never signed in on this phone, or signed out elsewhere: just the sign-in page; an expired session says so.
  goToLogin((error as ApiError).code !== ErrorCode.Unauthorized);
  return true;
}

/** Supervisors (and system administrators) rule on a region's cases: they get the 督办 views. */
export function isSupervisor(staff: StaffProfile | null): boolean {
  return !!staff && (staff.roles.includes('supervisor') || staff.roles.includes('system_admin'));
}

/** A case handler or unit administrator of `unitId`: who may call the rater back (and see the whole number). */
export function handlesCasesOf(unitId: string): boolean {
  const staff = currentStaff();
  return !!staff && staff.unit?.id === unitId && (staff.roles.includes('case_handler') || staff.roles.includes('unit_admin'));
}

/** Back to the list the page was opened from; opened directly (a link, a reload), to 我的工单. */
export function backToCases(): void {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else void Taro.redirectTo({ url: STAFF_HOME_URL });
}
