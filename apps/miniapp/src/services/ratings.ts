import Taro from '@tarojs/taro';
import {
  isRatingLevel,
  type ClientConfig,
  type CreateRatingRequest,
  type MyRating,
  type Paged,
  type PhoneNumberExchange,
  type RatePageData,
  type RatingLevel,
  type RatingReceipt,
  type RecentRating,
  type ScanResult,
} from '@hcp/contracts';
import { takePageData } from '../platform';
import { citizenRequest } from './citizen';
import { ApiError, request } from './request';

export type { ClientConfig };

const SCAN_CACHE_KEY = 'hcp.scan.cache';
const SCAN_CACHE_SIZE = 5;
const CLIENT_CONFIG_KEY = 'hcp.client-config';

/** The data block of the page the server sent; each part is taken once, so a later page never finds it. */
let fromServer: RatePageData | null = null;

function takeFromPage<K extends keyof RatePageData>(part: K): RatePageData[K] | undefined {
  const block = takePageData();
  if (typeof block === 'object' && block !== null) fromServer = block as RatePageData;
  const value = fromServer?.[part];
  if (fromServer) delete fromServer[part];
  return value;
}

/**
 * The level the citizen tapped on the rating page's first screen, drawn by the server, before the app's scripts had
 * arrived (the page came back with it chosen); null when there is none.
 */
export function takeChosenLevel(): RatingLevel | null {
  const level = takeFromPage('level');
  return isRatingLevel(level) ? level : null;
}

/**
 * Resolves a window's QR scene. The last few windows are kept on the phone: a citizen who reopens the page where the
 * hall's signal is poor can still rate, and the rating waits in the offline queue.
 */
export async function resolveScene(scene: string): Promise<ScanResult> {
  // A window's page served by the server carries the scan's answer: no second round trip on a weak network.
  const embedded = takeFromPage('scan');
  if (embedded && embedded.scene === scene && Array.isArray(embedded.tagTable?.tags)) {
    rememberScan(embedded);
    return embedded;
  }
  try {
    const result = await request<ScanResult>(`/scan/${encodeURIComponent(scene)}`);
    rememberScan(result);
    return result;
  } catch (error) {
    const cached = error instanceof ApiError && error.isUnreachable ? cachedScans().find((s) => s.scene === scene) : undefined;
    if (cached) return cached;
    if (error instanceof ApiError && (error.code === 'SCAN_UNKNOWN' || error.code === 'WINDOW_INACTIVE')) forgetScan(scene);
    throw error;
  }
}

export function createRating(body: CreateRatingRequest): Promise<RatingReceipt> {
  return citizenRequest<RatingReceipt>('/ratings', { method: 'POST', data: { ...body } });
}

/** A getPhoneNumber code, exchanged the moment the citizen taps (it is single use and lives five minutes). */
export function exchangePhoneCode(code: string): Promise<PhoneNumberExchange> {
  return citizenRequest<PhoneNumberExchange>('/ratings/phone-number', { method: 'POST', data: { code } });
}

/** The citizen's own ratings, newest first. */
export function listMyRatings(): Promise<Paged<MyRating>> {
  return citizenRequest<Paged<MyRating>>('/me/ratings');
}

/** The citizen's own rating of this window within the one-rating period (一次一评), if any. */
export function recentRatingAt(scene: string): Promise<RecentRating> {
  return citizenRequest<RecentRating>(`/me/ratings/recent?scene=${encodeURIComponent(scene)}`);
}

/** Subscribe template ids; the last answer is kept, so the submit tap never waits for the network to ask. */
export async function loadClientConfig(): Promise<ClientConfig> {
  try {
    const config = await request<ClientConfig>('/client-config');
    const clean: ClientConfig = {
      subscribeTemplateIds: templateIds(config?.subscribeTemplateIds),
      wechatNotices: config?.wechatNotices === true,
      staffSubscribeTemplateIds: templateIds(config?.staffSubscribeTemplateIds),
    };
    Taro.setStorageSync(CLIENT_CONFIG_KEY, clean);
    return clean;
  } catch {
    return cachedClientConfig();
  }
}

export function cachedClientConfig(): ClientConfig {
  const stored = Taro.getStorageSync(CLIENT_CONFIG_KEY) as Partial<ClientConfig> | null;
  return {
    subscribeTemplateIds: templateIds(stored?.subscribeTemplateIds),
    wechatNotices: stored?.wechatNotices === true,
    staffSubscribeTemplateIds: templateIds(stored?.staffSubscribeTemplateIds),
  };
}

/**
 * The templates a citizen is asked to allow after a 差评: none unless the server sends case notices through them
 * (`wechatNotices`), so nobody is asked for notices that would never come.
 */
export function noticeTemplateIds(config: ClientConfig): string[] {
  return config.wechatNotices ? config.subscribeTemplateIds : [];
}

/** The non-empty string ids of a list (an older server or an old stored answer may lack it). */
function templateIds(ids: unknown): string[] {
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string' && id !== '') : [];
}

function cachedScans(): ScanResult[] {
  const stored: unknown = Taro.getStorageSync(SCAN_CACHE_KEY);
  return Array.isArray(stored) ? (stored as ScanResult[]) : [];
}

function rememberScan(result: ScanResult): void {
  const others = cachedScans().filter((s) => s.scene !== result.scene);
  try {
    Taro.setStorageSync(SCAN_CACHE_KEY, [result, ...others].slice(0, SCAN_CACHE_SIZE));
  } catch {
    // A full storage only costs the offline fallback.
  }
}

function forgetScan(scene: string): void {
  const cached = cachedScans();
  if (cached.some((s) => s.scene === scene)) {
    Taro.setStorageSync(
      SCAN_CACHE_KEY,
      cached.filter((s) => s.scene !== scene),
    );
  }
}
