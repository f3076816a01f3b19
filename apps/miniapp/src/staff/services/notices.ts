import type { NoticeList, SubscriptionsRequest, SubscriptionsResponse } from '@hcp/contracts';
import { login } from '../../platform';
import { noticeApi } from '../../services/notices';
import { staffRequest } from './staff-api';

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

/**
 * Tells the server which WeChat reminders the member of staff just accepted (each allows one push), with a wx.login
 * code: a staff session knows no openid, and the server learns it from the code (kept after the first time).
 */
export async function recordStaffSubscriptions(templateIds: string[]): Promise<SubscriptionsResponse> {
  const body: SubscriptionsRequest = { templateIds };
  const proof = await login().catch(() => null);
  if (proof?.kind === 'wechat') body.code = proof.code;
  return staffRequest<SubscriptionsResponse>('/me/subscriptions', { method: 'POST', data: { ...body } });
}
