import type { NoticeList, NoticeReadAllResponse, NoticeView } from '@hcp/contracts';
import { citizenRequest } from './citizen';
import { getToken } from './session';

/** The citizen's inbox (消息), opened from 我的评价: the citizen subpackage's page. */
export const CITIZEN_INBOX_URL = '/citizen/notices/index';

/**
 * What an inbox needs from the server, the same for a citizen and a member of staff (`/me/notices…` answers each
 * with their own notices); the caller's session decides whose.
 */
export interface NoticeApi {
  list(page: number, pageSize: number): Promise<NoticeList>;
  read(id: string): Promise<NoticeView>;
  readAll(): Promise<NoticeReadAllResponse>;
}

/** The inbox calls, made with whatever `send` signs them with (the citizen's token, or the staff session's). */
export function noticeApi(send: <T>(path: string, options?: { method?: 'GET' | 'POST'; data?: Record<string, unknown> }) => Promise<T>): NoticeApi {
  return {
    list: (page, pageSize) => send<NoticeList>('/me/notices', { data: { page, pageSize } }),
    read: (id) => send<NoticeView>(`/me/notices/${encodeURIComponent(id)}/read`, { method: 'POST' }),
    readAll: () => send<NoticeReadAllResponse>('/me/notices/read-all', { method: 'POST' }),
  };
}

/**
 * The badge's number: the citizen's unread notices, from the smallest page (`unread` counts them all). Null when
 * there is nothing to show: a phone that never rated is not signed in just to ask (it has no notices), and a failed
 * call (offline) shows no badge rather than an error on the home page.
 */
export async function citizenUnreadCount(): Promise<number | null> {
  if (!getToken()) return null;
  try {
    const list = await citizenRequest<NoticeList>('/me/notices', { data: { page: 1, pageSize: 1 } });
    return typeof list.unread === 'number' ? list.unread : null;
  } catch {
    return null;
  }
}
