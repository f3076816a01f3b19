import Taro from '@tarojs/taro';

/** Storage key of the API access token (Taro storage: wx storage on weapp, localStorage on H5). */
const TOKEN_KEY = 'hcp.session.token';

export function getToken(): string | null {
  const token: unknown = Taro.getStorageSync(TOKEN_KEY);
  return typeof token === 'string' && token !== '' ? token : null;
}

export function setToken(token: string): void {
  Taro.setStorageSync(TOKEN_KEY, token);
}

export function clearToken(): void {
  Taro.removeStorageSync(TOKEN_KEY);
}
