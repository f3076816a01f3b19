import { act } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { CURRENT_TAG_TABLE, type ScanResult } from '@hcp/contracts';

/** One call the page made, as the server would see it (path without the `/api/v1` prefix). */
export interface Call {
  method: string;
  path: string;
  data: unknown;
  authorization?: string;
}

/** A server answer, or `'offline'` for a request that never got one (Taro.request rejects). */
export type Reply = { status: number; body?: unknown } | 'offline';

type RequestTask = ReturnType<typeof Taro.request>;

/**
 * Replaces Taro.request, the app's only way out, with `answer`. Returns the calls made, in order. The boundary is
 * the HTTP request: everything above it (sign-in, the queue, error mapping) runs for real.
 */
export function fakeApi(answer: (call: Call) => Reply | Promise<Reply>): Call[] {
  const calls: Call[] = [];
  jest.spyOn(Taro, 'request').mockImplementation((options) => {
    const header = (options.header ?? {}) as Record<string, string>;
    const call: Call = {
      method: options.method ?? 'GET',
      path: options.url.replace(/^\/api\/v1/, ''),
      data: options.data,
      authorization: header.Authorization,
    };
    calls.push(call);
    return Promise.resolve(answer(call)).then((reply) =>
      reply === 'offline'
        ? Promise.reject({ errMsg: 'request:fail' })
        : { statusCode: reply.status, data: reply.body ?? '', header: {}, errMsg: 'request:ok' },
    ) as RequestTask;
  });
  return calls;
}

/** What the server says for a sign-in from this browser. */
export const signedIn: Reply = {
  status: 200,
  body: { accessToken: 'citizen-token-1', expiresIn: 7200, citizen: { id: 'c-1', kind: 'device', wechatLinked: false } },
};

export function errorReply(status: number, code: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { code, message: 'server message', requestId: 'req-1', ...extra } };
}

/** Window 5 of the demo hall, with a member of staff on duty. */
export const window5: ScanResult = {
  scene: 'AbCdEf123456',
  window: { id: 'w-5', number: '5', name: '不动产登记' },
  hall: { id: 'h-1', name: '泰山区政务服务中心', address: '泰安市泰山区' },
  unit: { id: 'u-3', name: '泰安市不动产登记中心泰山分中心' },
  staffOnDuty: { name: '孙丽', staffNumber: 'C0001' },
  serviceItems: [
    { code: '12370902MB2845003C-000231001000', name: '不动产首次登记' },
    { code: '12370902MB2845003C-000231003000', name: '不动产转移登记' },
  ],
  tagTable: CURRENT_TAG_TABLE,
};

/** Lets pending promises, and the React updates they cause, run. */
export async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
  });
}
