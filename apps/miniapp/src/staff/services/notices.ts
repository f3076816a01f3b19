import Taro from '@tarojs/taro';
import { ErrorCode, type NoticeList, type SubscriptionsRequest, type SubscriptionsResponse } from '@hcp/contracts';
import { login } from '../../platform';
import { noticeApi } from '../../services/notices';
import { ApiError } from '../../services/request';
import { currentStaff, staffRequest } from './staff-api';

/** The member of staff's inbox (消息), as the staff session. */
export const STAFF_INBOX_URL = '/staff/notices/index';

export const staffNoticeApi = noticeApi(staffRequest);

/** The badge on the staff bar; null when it cannot be had just now (offline, signed out: the page says so itself). */
export async function staffUnreadCount(): Promise<number | null> {
  try {
    const list = await staffRequest<NoticeList>('/me/notices', { data: { page: 1, pageSize: 1 } });
    return typeof list.unread === 'number' ? list.unread : null;
  } catch {
    return null;
  }
}

/** Which member of staff this phone's WeChat user was made known to the server for (their id). */
const WECHAT_LINKED_KEY = 'hcp.staff.wechat-linked';

/**
 * Tells the server which WeChat reminders the member of staff just accepted (each allows one push). A staff session
 * knows no openid: the first time on this phone the request carries a wx.login code, from which the server learns
 * and keeps it; later ones go without (no WeChat call, so an accept is recorded while WeChat is slow), and fall back
 * to a code when the server says it knows no openid (403 NOTICE_WECHAT_REQUIRED, which records nothing).
 */
export async function recordStaffSubscriptions(templateIds: string[]): Promise<SubscriptionsResponse> {
  const staffId = currentStaff()?.id ?? null;
  if (staffId !== null && Taro.getStorageSync(WECHAT_LINKED_KEY) === staffId) {
    try {
      return await postSubscriptions({ templateIds });
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== ErrorCode.NoticeWechatRequired) throw error;
    }
  }
  const body: SubscriptionsRequest = { templateIds };
  const proof = await login().catch(() => null);
  if (proof?.kind === 'wechat') body.code = proof.code;
  const recorded = await postSubscriptions(body);
  if (body.code !== undefined && staffId !== null) Taro.setStorageSync(WECHAT_LINKED_KEY, staffId);
  return recorded;
}

function postSubscriptions(body: SubscriptionsRequest): Promise<SubscriptionsResponse> {
  return staffRequest<SubscriptionsResponse>('/me/subscriptions', { method: 'POST', data: { ...body } });
}
