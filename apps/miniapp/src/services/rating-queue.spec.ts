import { CURRENT_TAG_TABLE, type RatingReceipt } from '@hcp/contracts';
import { errorReply, fakeApi, settle, signedIn, window5, type Call, type Reply } from '../../test/fake-api';
import { enqueueRating, flushRatingQueue, keepFlushing, onQueueEvent, pendingRatings, type PendingRating, type QueueEvent } from './rating-queue';
import { findReceipt } from './receipts';

const place = { window: window5.window, hall: window5.hall, unit: window5.unit };

function pending(clientId: string, level: 1 | 4 = 4): PendingRating {
  return {
    request: { clientId, scene: window5.scene, level, tagCodes: [], ratedAt: '2026-06-01T02:00:00.000Z' },
    place,
    tagLabels: [],
    noticesAccepted: false,
  };
}

const receipt = (id: string): RatingReceipt => ({ id, level: 4 });

/** A server that signs citizens in and answers POST /ratings with `rate`. */
function server(rate: (call: Call) => Reply): Call[] {
  return fakeApi((call) => (call.path === '/auth/device' ? signedIn : rate(call)));
}

const ratingPosts = (calls: Call[]) => calls.filter((c) => c.method === 'POST' && c.path === '/ratings');

describe('the offline rating queue', () => {
  let events: QueueEvent[];
  let stop: () => void;

  beforeEach(() => {
    localStorage.clear();
    events = [];
    stop = onQueueEvent((event) => events.push(event));
  });
  afterEach(() => {
    stop();
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it('keeps a rating while the network is down and sends it once, with the same clientId and tap time, when it is back', async () => {
    let online = false;
    const calls = server(() => (online ? { status: 201, body: receipt('r-1') } : 'offline'));
    enqueueRating(pending('11111111-1111-4111-8111-111111111111'));

    await flushRatingQueue();
    expect(pendingRatings()).toHaveLength(1);

    online = true;
    await flushRatingQueue();
    await flushRatingQueue();

    expect(pendingRatings()).toEqual([]);
    const sent = ratingPosts(calls);
    expect(sent.map((c) => (c.data as { clientId: string }).clientId)).toEqual([
      // one attempt that got no answer, then exactly one that did
      '11111111-1111-4111-8111-111111111111',
      '11111111-1111-4111-8111-111111111111',
    ]);
    // `queued` lets the server accept the earlier tap time without flagging the rating as backdated.
    expect(sent[1].data).toMatchObject({ ratedAt: '2026-06-01T02:00:00.000Z', queued: true, level: 4, scene: window5.scene });
    expect(sent[1].authorization).toBe('Bearer citizen-token-1');
    expect(events).toContainEqual({ type: 'sent', clientId: '11111111-1111-4111-8111-111111111111', receipt: receipt('r-1') });
    expect(findReceipt('11111111-1111-4111-8111-111111111111')?.receipt).toEqual(receipt('r-1'));
  });

  it('never sends two at once: flushes called together share one run', async () => {
    let release: (reply: Reply) => void = () => undefined;
    const calls = fakeApi((call) =>
      call.path === '/auth/device' ? signedIn : new Promise<Reply>((resolve) => (release = resolve)),
    );
    enqueueRating(pending('22222222-2222-4222-8222-222222222222'));

    const first = flushRatingQueue();
    const second = flushRatingQueue();
    expect(second).toBe(first);
    await settle();
    release({ status: 201, body: receipt('r-2') });
    await Promise.all([first, second]);

    expect(ratingPosts(calls)).toHaveLength(1);
    expect(pendingRatings()).toEqual([]);
  });

  it('sends the oldest first and stops at the first that cannot go, keeping the rest in order', async () => {
    const calls = server((call) =>
      (call.data as { clientId: string }).clientId.startsWith('a') ? { status: 201, body: receipt('r-a') } : errorReply(503, 'SERVICE_UNAVAILABLE'),
    );
    enqueueRating(pending('aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'));
    enqueueRating(pending('bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb'));
    enqueueRating(pending('cccccccc-cccc-4ccc-8ccc-cccccccccccc'));

    await flushRatingQueue();

    expect(ratingPosts(calls)).toHaveLength(2);
    expect(pendingRatings().map((p) => p.request.clientId)).toEqual([
      'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
      'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
    ]);
  });

  it('drops a rating the server refused for good (a duplicate), and says so once', async () => {
    server(() => errorReply(409, 'RATING_DUPLICATE', { existingRatingId: 'r-earlier' }));
    enqueueRating(pending('33333333-3333-4333-8333-333333333333', 1));

    await flushRatingQueue();

    expect(pendingRatings()).toEqual([]);
    const dropped = events.filter((e) => e.type === 'dropped');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ clientId: '33333333-3333-4333-8333-333333333333', error: { code: 'RATING_DUPLICATE' } });
  });

  it('drops one the server judged invalid, but keeps one it only asked to slow down or failed on', async () => {
    const answers: Record<string, Reply> = {
      '44444444-4444-4444-8444-444444444444': errorReply(400, 'RATING_TAG_INVALID'),
      '55555555-5555-4555-8555-555555555555': errorReply(429, 'RATING_RATE_LIMITED'),
    };
    server((call) => answers[(call.data as { clientId: string }).clientId]);
    enqueueRating(pending('44444444-4444-4444-8444-444444444444'));
    enqueueRating(pending('55555555-5555-4555-8555-555555555555'));

    await flushRatingQueue();

    expect(pendingRatings().map((p) => p.request.clientId)).toEqual(['55555555-5555-4555-8555-555555555555']);
  });

  it('keeps a rating when even the sign-in fails', async () => {
    fakeApi(() => errorReply(500, 'INTERNAL_ERROR'));
    enqueueRating(pending('66666666-6666-4666-8666-666666666666'));

    await flushRatingQueue();

    expect(pendingRatings()).toHaveLength(1);
  });

  it('sends by itself when the network returns', async () => {
    const calls = server(() => ({ status: 201, body: receipt('r-7') }));
    const stopFlushing = keepFlushing();
    try {
      localStorage.setItem('hcp.rating.queue', JSON.stringify({ data: [pending('77777777-7777-4777-8777-777777777777', 4)] }));
      window.dispatchEvent(new Event('online'));
      await settle();

      expect(ratingPosts(calls)).toHaveLength(1);
      expect(pendingRatings()).toEqual([]);
    } finally {
      stopFlushing();
    }
  });

  it('retries on a timer while ratings wait and no network event comes', async () => {
    jest.useFakeTimers();
    let online = false;
    const calls = server(() => (online ? { status: 201, body: receipt('r-8') } : 'offline'));
    const stopFlushing = keepFlushing();
    try {
      enqueueRating(pending('88888888-8888-4888-8888-888888888888'));
      online = true;
      await jest.advanceTimersByTimeAsync(15_000);

      expect(ratingPosts(calls)).toHaveLength(1);
      expect(pendingRatings()).toEqual([]);
    } finally {
      stopFlushing();
    }
  });

  it('keeps the labels it was rated with, for 我的评价', () => {
    const item = { ...pending('99999999-9999-4999-8999-999999999999', 1), tagLabels: [CURRENT_TAG_TABLE.tags[32].label] };
    enqueueRating(item);
    expect(pendingRatings()).toEqual([item]);
  });
});
