import { Logger } from '@nestjs/common';
import { IngestBatcher, type IngestRequest } from './rating-ingest.js';

/** A database stand-in that holds each statement until the test lets it answer, and records what it was sent. */
class HeldDatabase {
  readonly sent: { name: string; clientIds: string[] }[] = [];
  private readonly pending: { release: () => void }[] = [];
  failBatches = false;

  query = (statement: { name: string; values: unknown[] }): Promise<{ rows: unknown[] }> => {
    const batch = statement.name === 'rating_ingest_batch';
    const clientIds = batch ? (JSON.parse(statement.values[0] as string) as { client_id: string }[]).map((r) => r.client_id) : [statement.values[0] as string];
    this.sent.push({ name: statement.name, clientIds });
    return new Promise((resolve, reject) => {
      this.pending.push({
        release: () => {
          if (batch && this.failBatches) return reject(Object.assign(new Error('deadlock detected'), { code: '40P01' }));
          // Answered in another order than sent, as the database takes them by lock key.
          const rows = clientIds.map((id, i) => ({ o_index: i, o_outcome: 'created', o_id: `stored-${id}`, o_level: 5, o_received_at: new Date(), o_staff_id: null })).reverse();
          resolve({ rows: batch ? rows : rows.map(({ o_index: _, ...row }) => row) });
        },
      });
    });
  };

  /** Answers every statement sent so far, and lets the promises that follow run. */
  async releaseAll(): Promise<void> {
    for (const p of this.pending.splice(0)) p.release();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const rating = (clientId: string): IngestRequest => ({
  clientId,
  citizenId: `citizen-${clientId}`,
  windowId: 'w',
  hallId: 'h',
  unitId: 'u',
  serviceItemId: null,
  level: 5,
  tagCodes: [],
  tagVersion: 'v2',
  comment: null,
  commentCheck: 'none',
  channel: 3,
  ratedAt: new Date(),
  dutyAt: null,
  queued: false,
  phone: { enc: null, masked: null, hash: null },
  ipHash: null,
  extraFlags: [],
  now: new Date(),
  limits: { duplicateMinutes: 10, perCitizenPerHour: 30, perIpPerHour: 3000, batchMax: 4, batchInFlight: 1 },
  catalogVersion: null,
});

describe('group commit of ratings', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));

  it('sends a lone rating at once, alone, and groups those that arrive while the database is busy', async () => {
    const db = new HeldDatabase();
    const batcher = new IngestBatcher(db as never, { maxBatch: 4, inFlight: 1, maxWaitMs: 60_000 });
    const first = batcher.ingest(rating('a'));
    expect(db.sent).toEqual([{ name: 'rating_ingest', clientIds: ['a'] }]);
    const later = ['b', 'c', 'd', 'e', 'f', 'g'].map((id) => batcher.ingest(rating(id)));
    expect(db.sent).toHaveLength(1);
    await db.releaseAll();
    expect(db.sent[1]).toEqual({ name: 'rating_ingest_batch', clientIds: ['b', 'c', 'd', 'e'] });
    await db.releaseAll();
    expect(db.sent[2]).toEqual({ name: 'rating_ingest_batch', clientIds: ['f', 'g'] });
    await db.releaseAll();
    // Each caller gets its own rating's outcome, whatever order the database answered in.
    expect((await first).outcome).toBe('created');
    const results = await Promise.all(later);
    expect(results.map((r) => (r.outcome === 'created' ? r.id : r.outcome))).toEqual(['stored-b', 'stored-c', 'stored-d', 'stored-e', 'stored-f', 'stored-g']);
  });

  it('sends a failed group’s ratings again one by one', async () => {
    const db = new HeldDatabase();
    db.failBatches = true;
    const batcher = new IngestBatcher(db as never, { maxBatch: 8, inFlight: 1, maxWaitMs: 60_000 });
    const all = ['a', 'b', 'c'].map((id) => batcher.ingest(rating(id)));
    await db.releaseAll(); // 'a' alone
    await db.releaseAll(); // 'b' and 'c' together: refused
    await db.releaseAll(); // 'b' and 'c' again, each alone
    expect(db.sent.map((s) => [s.name, s.clientIds.join()])).toEqual([
      ['rating_ingest', 'a'],
      ['rating_ingest_batch', 'b,c'],
      ['rating_ingest', 'b'],
      ['rating_ingest', 'c'],
    ]);
    expect((await Promise.all(all)).map((r) => r.outcome === 'created' && r.id)).toEqual(['stored-a', 'stored-b', 'stored-c']);
  });

  it('answers 503 to a rating still queued when the pool would have given up on a connection, and never sends it', async () => {
    const db = new HeldDatabase();
    const batcher = new IngestBatcher(db as never, { maxBatch: 8, inFlight: 1, maxWaitMs: 50 });
    const first = batcher.ingest(rating('a')); // at the database, which does not answer
    const queued = batcher.ingest(rating('b'));
    await expect(queued).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    await db.releaseAll();
    expect((await first).outcome).toBe('created');
    await db.releaseAll();
    expect(db.sent.map((s) => s.clientIds.join())).toEqual(['a']);
  });

  it('with a group size of 1, sends every rating alone as it comes', async () => {
    const db = new HeldDatabase();
    const batcher = new IngestBatcher(db as never, { maxBatch: 1, inFlight: 1, maxWaitMs: 60_000 });
    const all = ['a', 'b', 'c'].map((id) => batcher.ingest(rating(id)));
    expect(db.sent.map((s) => s.name)).toEqual(['rating_ingest', 'rating_ingest', 'rating_ingest']);
    await db.releaseAll();
    expect(await Promise.all(all)).toHaveLength(3);
  });
});
