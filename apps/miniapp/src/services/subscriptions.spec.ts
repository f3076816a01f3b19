import { errorReply, fakeApi, settle, signedIn, type Call } from '../../test/fake-api';
import { flushSubscriptions, recordCitizenSubscriptions } from './subscriptions';

const posts = (calls: Call[]) => calls.filter((c) => c.path === '/me/subscriptions');

describe('recording accepted subscribe-message templates', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => jest.restoreAllMocks());

  it('keeps an accept made offline and tells the server once the network is back, once', async () => {
    let online = false;
    const calls = fakeApi((call) => {
      if (!online) return 'offline';
      if (call.path === '/auth/device') return signedIn;
      return { status: 201, body: { recorded: 1 } };
    });

    await recordCitizenSubscriptions(['tmpl-progress']);
    await recordCitizenSubscriptions(['tmpl-progress', 'tmpl-result']);
    expect(calls.filter((c) => c.path !== '/auth/device')).toEqual([]);

    online = true;
    await flushSubscriptions();
    await flushSubscriptions();
    await settle();

    // One request per prompt, oldest first: the server counts each accept as one allowed push.
    expect(posts(calls).map((c) => c.data)).toEqual([{ templateIds: ['tmpl-progress'] }, { templateIds: ['tmpl-progress', 'tmpl-result'] }]);
  });

  it('keeps it through a server error, and drops it when the server refuses it for good', async () => {
    let answer = errorReply(503, 'SERVICE_UNAVAILABLE');
    const calls = fakeApi((call) => (call.path === '/auth/device' ? signedIn : answer));

    await recordCitizenSubscriptions(['tmpl-progress']);
    expect(posts(calls)).toHaveLength(1);

    answer = errorReply(400, 'VALIDATION_FAILED');
    await flushSubscriptions();
    expect(posts(calls)).toHaveLength(2);

    await flushSubscriptions();
    expect(posts(calls)).toHaveLength(2);
  });

  it('asks the server nothing when nothing was accepted', async () => {
    const calls = fakeApi(() => ({ status: 201, body: { recorded: 0 } }));
    await recordCitizenSubscriptions([]);
    await flushSubscriptions();
    expect(calls).toEqual([]);
  });
});
