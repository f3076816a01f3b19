import Taro from '@tarojs/taro';

/**
 * Where a member of staff's sign-in is kept: apart from the citizen's token (services/session.ts), since one phone
 * may serve both, and a citizen's call must never carry a staff token, nor a staff call the citizen's. The staff
 * subpackage reads and writes it (staff/services/staff-session.ts); the main package only asks whether there is one,
 * so that a signed-in member of staff opening the app lands on 我的工单.
 */
export const STAFF_SESSION_KEY = 'hcp.staff.session';

/** Where a signed-in member of staff lands, and where one signs in (the staff subpackage). */
export const STAFF_HOME_URL = '/staff/cases/index';
export const STAFF_LOGIN_URL = '/staff/login/index';

export function hasStaffSession(): boolean {
  const stored = Taro.getStorageSync(STAFF_SESSION_KEY) as { refreshToken?: unknown } | '' | null;
  return !!stored && typeof stored.refreshToken === 'string';
}
