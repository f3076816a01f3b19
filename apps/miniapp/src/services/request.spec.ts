import Taro from '@tarojs/taro';
import { ErrorCode } from '@hcp/contracts';
import { ApiError, request } from './request';
import { clearToken, setToken } from './session';

type RequestTask = ReturnType<typeof Taro.request>;

function answer(statusCode: number, data: unknown) {
  return jest
    .spyOn(Taro, 'request')
    .mockImplementation(() => Promise.resolve({ statusCode, data, header: {}, errMsg: 'request:ok' }) as RequestTask);
}

async function failure(call: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('request()', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    clearToken();
  });

  it('calls the versioned API with the session token and resolves with the body', async () => {
    setToken('token-1');
    const spy = answer(200, { status: 'ok' });

    await expect(request('/health')).resolves.toEqual({ status: 'ok' });
    expect(spy).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/v1/health',
        method: 'GET',
        header: expect.objectContaining({ Authorization: 'Bearer token-1' }),
      }),
    );
  });

  it('sends no Authorization header without a session', async () => {
    const spy = answer(200, {});

    await request('/health');
    expect(spy.mock.calls[0][0].header).not.toHaveProperty('Authorization');
  });

  it('turns an error body into Chinese copy the citizen can act on', async () => {
    answer(400, {
      code: ErrorCode.ValidationFailed,
      message: 'tagCodes.1 must be an integer',
      requestId: 'req-42',
      details: [{ field: 'tagCodes.1', rules: ['isInt'], message: 'must be an integer' }],
    });

    const error = await failure(request('/ratings', { method: 'POST', data: { tagCodes: ['x'] } }));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, requestId: 'req-42' });
    expect(error.message).toBe('提交的内容有误，请检查后重试');
    expect(error.details).toEqual([{ field: 'tagCodes.1', rules: ['isInt'], message: 'must be an integer' }]);
  });

  it('reports a lost connection as NETWORK_ERROR', async () => {
    jest.spyOn(Taro, 'request').mockImplementation(() => Promise.reject({ errMsg: 'request:fail' }) as RequestTask);

    const error = await failure(request('/health'));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0, isUnreachable: true });
    expect(error.message).toBe('网络连接失败，请检查网络后重试');
  });

  it('keeps the fields some codes add to the error body', async () => {
    answer(409, { code: 'RATING_DUPLICATE', message: '您刚刚已评价过该窗口', requestId: 'req-9', existingRatingId: 'r-1' });

    const error = await failure(request('/ratings', { method: 'POST', data: {} }));
    expect(error).toMatchObject({ code: 'RATING_DUPLICATE', status: 409, isUnreachable: false });
    expect(error.body.existingRatingId).toBe('r-1');
  });

  it('maps a gateway page without an error body by its status', async () => {
    answer(502, '<html>Bad Gateway</html>');

    const error = await failure(request('/health'));
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 502 });
    expect(error.message).toBe('服务暂时不可用，请稍后再试');
  });

  it('gives general copy for a code this version does not know, and the general code of its status', async () => {
    answer(409, { code: 'SOMETHING_NEW', message: 'new rule', requestId: 'req-7' });

    const error = await failure(request('/health'));
    expect(error).toMatchObject({ code: 'CONFLICT', status: 409, requestId: 'req-7' });
    expect(error.body.code).toBe('SOMETHING_NEW');
    expect(error.message).toBe('操作未成功，请稍后再试');
  });

  it('names the wait of a throttled sign-in', async () => {
    answer(429, { code: 'AUTH_LOGIN_THROTTLED', message: 'wait', requestId: 'req-8', retryAfter: 290 });

    const error = await failure(request('/auth/login', { method: 'POST', data: {} }));
    expect(error.message).toBe('登录失败次数过多，请 5 分钟后再试；如忘记密码，请联系单位管理员重置');
  });

  it('sends the token it is given instead of the citizen’s, or none', async () => {
    setToken('citizen-token');
    const spy = answer(200, {});

    await request('/cases', { token: 'staff-token' });
    await request('/auth/refresh', { method: 'POST', data: {}, token: null });
    expect(spy.mock.calls[0][0].header).toMatchObject({ Authorization: 'Bearer staff-token' });
    expect(spy.mock.calls[1][0].header).not.toHaveProperty('Authorization');
  });
});
