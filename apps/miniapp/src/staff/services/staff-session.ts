import Taro from '@tarojs/taro';
import type { StaffProfile, TokenPair } from '@hcp/contracts';
import { STAFF_SESSION_KEY } from '../../services/staff-session';

/** A member of staff's sign-in: the token pair, and who it is (`GET /me` at sign-in). */
export interface StaffSession {
  accessToken: string;
  refreshToken: string;
  staff: StaffProfile | null;
}

export function getStaffSession(): StaffSession | null {
  const stored = Taro.getStorageSync(STAFF_SESSION_KEY) as Partial<StaffSession> | '' | null;
  if (!stored || typeof stored.accessToken !== 'string' || typeof stored.refreshToken !== 'string') return null;
  return { accessToken: stored.accessToken, refreshToken: stored.refreshToken, staff: stored.staff ?? null };
}

export function saveStaffTokens(tokens: Pick<TokenPair, 'accessToken' | 'refreshToken'>, staff: StaffProfile | null): void {
  Taro.setStorageSync(STAFF_SESSION_KEY, { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, staff });
}

export function clearStaffSession(): void {
  Taro.removeStorageSync(STAFF_SESSION_KEY);
}
