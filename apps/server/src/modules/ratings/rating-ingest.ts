import { HttpStatus, Logger } from '@nestjs/common';
import { ErrorCode } from '@hcp/contracts';
import type pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../../common/database-errors.js';
import { AppException } from '../../common/errors/app-exception.js';
import { pgPool } from '../../database/pg-pool.js';
import type { SealedPhone } from '../../common/privacy/field-cipher.js';
import type { RatingsConfig } from '../../config/config.js';
import type { CommentCheck } from './entities/rating.entity.js';
import { GOOD_BURST, MANY_WINDOWS, SIGNAL_WINDOW_MINUTES, type RatingFlag } from './rating-signals.js';

/** What a rating brings to the write, every check before it passed (window, tags, service item, contact, time). */
export interface IngestRequest {
  clientId: string;
  citizenId: string;
  windowId: string;
  hallId: string;
  unitId: string;
  serviceItemId: string | null;
  level: number;
  tagCodes: number[];
  tagVersion: string;
  comment: string | null;
  commentCheck: CommentCheck;
  channel: number;
  ratedAt: Date;
  /** Whose shift the rating is credited to, or null when that cannot be told. */
  dutyAt: Date | null;
  queued: boolean;
  phone: SealedPhone;
  ipHash: string | null;
  /** Flags known before the write (content check, rating time); the fraud signals are added to them. */
  extraFlags: RatingFlag[];
  /** The server's clock, for the hourly limits and the one-rating rule. */
  now: Date;
  limits: RatingsConfig;
  /** The catalog version the window was read under; the write is refused ('stale') if it changed. Null: not checked. */
  catalogVersion: string | null;
}

export type IngestResult =
  | { outcome: 'created'; id: string; receivedAt: Date; staffId: string | null }
  /** This citizen's clientId seen before: nothing stored, answer with that rating. */
  | { outcome: 'seen'; id: string; level: number }
  /** The clientId belongs to another citizen's rating. */
  | { outcome: 'reused' }
  | { outcome: 'rate_limited' }
  /** 一次一评: the earlier rating this one would repeat. */
  | { outcome: 'duplicate'; id: string }
  /** The clientId was committed by a concurrent request of another citizen. */
  | { outcome: 'conflict' }
  /** The catalog changed since the window was read: nothing written, decide again with the window read afresh. */
  | { outcome: 'stale' }
  | { outcome: 'no_citizen' };

/** The call, the same text on every connection, so each connection prepares it once under one name. */
const INGEST_STATEMENT = {
  name: 'rating_ingest',
  text: `SELECT * FROM rating_ingest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28)`,
} as const;

interface IngestRow {
  o_outcome: IngestResult['outcome'];
  o_id: string | null;
  o_level: number | null;
  o_received_at: Date | null;
  o_staff_id: string | null;
}

/**
 * Where the write is sent: outside a transaction, the data source's pg pool itself (a good rating is one statement,
 * its own transaction, and needs no query runner around it); inside one (a 差评 opening its case), the transaction's
 * own connection. Either way pg sends it as a named prepared statement, so PostgreSQL parses and plans the call once
 * per connection instead of at every rating.
 */
export async function ingestTarget(source: DataSource | EntityManager): Promise<Pick<pg.Pool, 'query'>> {
  if ('driver' in source) return pgPool(source);
  const runner = source.queryRunner as PostgresQueryRunner | undefined;
  if (!runner?.isTransactionActive) throw new Error('ingestTarget: an EntityManager must be a transaction’s');
  // The transaction's connection (connect() hands back the one the runner holds).
  return (await runner.connect()) as pg.PoolClient;
}

/**
 * The rating's write: `rating_ingest` (migration RatingIngest) takes the citizen's advisory lock and, under it, checks
 * the clientId, the hourly limits and the one-rating rule, finds who is on duty, computes the fraud signals and
 * inserts — one round trip. Sent to the pool it is its own transaction; to a transaction's connection (a 差评 opening
 * its case) it joins it. A refusal writes nothing.
 */
export async function ingestRating(target: Pick<pg.Pool, 'query'>, r: IngestRequest): Promise<IngestResult> {
  const { rows } = await target.query<IngestRow>({
    ...INGEST_STATEMENT,
    values: [...Object.values(ingestArguments(r)), ...limitValues(r.limits)],
  });
  return toResult(rows[0]);
}

/**
 * A rating's own arguments to `rating_ingest`, named as the batch's JSON rows name them (migration RatingIngestBatch)
 * and in the order of the function's parameters, so the single call sends `Object.values` of the same object.
 */
function ingestArguments(r: IngestRequest) {
  return {
    client_id: r.clientId,
    citizen_id: r.citizenId,
    catalog_version: r.catalogVersion,
    window_id: r.windowId,
    hall_id: r.hallId,
    unit_id: r.unitId,
    service_item_id: r.serviceItemId,
    level: r.level,
    tag_codes: r.tagCodes,
    tag_version: r.tagVersion,
    comment: r.comment,
    comment_check: r.commentCheck,
    channel: r.channel,
    rated_at: r.ratedAt,
    duty_at: r.dutyAt,
    queued: r.queued,
    phone_enc: r.phone.enc,
    phone_masked: r.phone.masked,
    phone_hash: r.phone.hash,
    ip_hash: r.ipHash,
    extra_flags: r.extraFlags,
    now: r.now,
  };
}

/** The limits and the signals' thresholds, the last six parameters of both statements. */
function limitValues(limits: RatingsConfig): number[] {
  return [limits.perCitizenPerHour, limits.perIpPerHour, limits.duplicateMinutes, SIGNAL_WINDOW_MINUTES, MANY_WINDOWS, GOOD_BURST];
}

function toResult(row: IngestRow): IngestResult {
  switch (row.o_outcome) {
    case 'created':
      return { outcome: 'created', id: row.o_id!, receivedAt: row.o_received_at!, staffId: row.o_staff_id };
    case 'seen':
      return { outcome: 'seen', id: row.o_id!, level: row.o_level! };
    case 'duplicate':
      return { outcome: 'duplicate', id: row.o_id! };
    default:
      return { outcome: row.o_outcome };
  }
}

const BATCH_STATEMENT = {
  name: 'rating_ingest_batch',
  text: `SELECT * FROM rating_ingest_batch($1, $2, $3, $4, $5, $6, $7)`,
} as const;

/**
 * Several ratings' writes in one statement, one transaction and one commit (`rating_ingest_batch`, migration
 * RatingIngestBatch): each decided as `rating_ingest` alone would, in the order of their citizens' locks. The results
 * come back in the order of `requests`. All the requests share one configuration's limits.
 */
export async function ingestRatings(target: Pick<pg.Pool, 'query'>, requests: IngestRequest[]): Promise<IngestResult[]> {
  const batch = requests.map((r, i) => ({ i, ...ingestArguments(r) }));
  const { rows } = await target.query<IngestRow & { o_index: number }>({
    ...BATCH_STATEMENT,
    values: [JSON.stringify(batch), ...limitValues(requests[0].limits)],
  });
  const results: IngestResult[] = new Array(requests.length);
  for (const row of rows) results[row.o_index] = toResult(row);
  if (rows.length !== requests.length || results.includes(undefined as never)) throw new Error('rating_ingest_batch: a rating without its outcome');
  return results;
}

interface Waiting {
  request: IngestRequest;
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
  /** Answers 503 if the rating is still waiting when the pool would have given up on a connection. */
  expiry: NodeJS.Timeout;
}

/** A rating that waited in the queue as long as the pool waits for a connection: nothing was written; 503, as the pool. */
const waitedTooLong = () =>
  new AppException(ErrorCode.ServiceUnavailable, HttpStatus.SERVICE_UNAVAILABLE, '服务暂时不可用，请稍后再试', undefined, undefined, {
    'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
  });

/**
 * Group commit for the ratings that are their own transaction (every rating but a 差评, which opens its case in the
 * same transaction). At most `inFlight` writes are at the database at once; a rating arriving while they all are waits
 * for the next, which takes every rating waiting by then (up to `maxBatch`) in one statement. So a lone rating goes
 * at once, as before (no added wait), and under load the ratings that would have queued for a connection share one
 * round trip, one commit and one WAL flush instead. With `maxBatch` 1 every rating goes alone, as it comes.
 *
 * An error of a batch (a deadlock the database broke, a connection lost, anything one rating could cause) leaves
 * nothing of it written, as a transaction; its ratings are then sent one by one, so each gets its own outcome or its
 * own error. Had the commit itself gone through before the connection dropped, each rating finds itself stored
 * ('seen') and is answered with what was stored: nothing is written twice.
 */
export class IngestBatcher {
  private readonly logger = new Logger('RatingIngest');
  private readonly waiting: Waiting[] = [];
  private busy = 0;

  constructor(
    private readonly target: Pick<pg.Pool, 'query'>,
    /** `maxWaitMs`: the longest a rating waits in the queue (the pool's wait for a connection, DATABASE_CONNECT_TIMEOUT_MS). */
    private readonly options: { maxBatch: number; inFlight: number; maxWaitMs: number },
  ) {}

  ingest(request: IngestRequest): Promise<IngestResult> {
    if (this.options.maxBatch <= 1) return ingestRating(this.target, request);
    return new Promise((resolve, reject) => {
      const waiting: Waiting = {
        request,
        resolve,
        reject,
        // A database that stops answering holds the writes in flight until their statement times out; the ratings
        // queued behind them are answered as the pool answers a request that found no connection in time.
        expiry: setTimeout(() => {
          const at = this.waiting.indexOf(waiting);
          if (at < 0) return;
          this.waiting.splice(at, 1);
          reject(waitedTooLong());
        }, this.options.maxWaitMs),
      };
      this.waiting.push(waiting);
      this.send();
    });
  }

  private send(): void {
    while (this.busy < this.options.inFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      for (const w of batch) clearTimeout(w.expiry);
      this.busy++;
      void this.write(batch).finally(() => {
        this.busy--;
        this.send();
      });
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const results = await ingestRatings(this.target, batch.map((w) => w.request));
        batch.forEach((w, i) => w.resolve(results[i]));
        return;
      } catch (error) {
        // Nothing of the batch was written: each rating is sent again alone, below, and meets its own fate.
        this.logger.warn(`a batch of ${batch.length} ratings failed (${(error as { code?: string }).code ?? (error as Error).name}); sent one by one`);
      }
    }
    await Promise.all(batch.map((w) => ingestRating(this.target, w.request).then(w.resolve, w.reject)));
  }
}
