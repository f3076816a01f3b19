import { errorReply, fakeApi, signedIn } from '../../test/fake-api';
import { citizenRequest } from './citizen';
import { getToken, setToken } from './session';

describe('citizenRequest()', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => jest.restoreAllMocks());

  it('signs the browser in on first need, then calls with the token', async () => {
    const calls = fakeApi((call) => (call.path === '/auth/device' ? signedIn : { status: 200, body: { items: [], total: 0 } }));

    await expect(citizenRequest('/me/ratings')).resolves.toEqual({ items: [], total: 0 });

    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /auth/device', 'GET /me/ratings']);
    expect(calls[0].data).toEqual({ deviceId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(calls[1].authorization).toBe('Bearer citizen-token-1');
    expect(getToken()).toBe('citizen-token-1');
  });

  it('signs in again once when the token has expired', async () => {
    setToken('expired');
    const calls = fakeApi((call) => {
      if (call.path === '/auth/device') return signedIn;
      return call.authorization === 'Bearer expired' ? errorReply(401, 'AUTH_TOKEN_INVALID') : { status: 200, body: { ok: true } };
    });

    await expect(citizenRequest('/me/ratings')).resolves.toEqual({ ok: true });
    expect(calls.map((c) => `${c.path} ${c.authorization ?? '-'}`)).toEqual([
      '/me/ratings Bearer expired',
      '/auth/device -',
      '/me/ratings Bearer citizen-token-1',
    ]);
  });

  it('shares one sign-in between calls made together', async () => {
    const calls = fakeApi((call) => (call.path === '/auth/device' ? signedIn : { status: 200, body: {} }));

    await Promise.all([citizenRequest('/a'), citizenRequest('/b')]);
    expect(calls.filter((c) => c.path === '/auth/device')).toHaveLength(1);
  });
});
