import pg from 'pg';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import type { DatabaseConfig } from '../config/config.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';

/** How long the server waits on the database; see DatabaseConfig. */
export type DatabaseTimeouts = Pick<DatabaseConfig, 'connectTimeoutMs' | 'statementTimeoutMs'>;

/** The client stops waiting for an answer this long after the server would have cancelled the statement. */
const READ_GRACE_MS = 1000;

/** A transaction the database has waited on this long was abandoned (the app stalled, or lost the connection). */
const IDLE_IN_TRANSACTION_MS = 60_000;

/**
 * Schema changes only ever come from migrations; `synchronize` stays off everywhere.
 *
 * With `timeouts` (the server), nothing waits on a silent database for long: TypeORM's `connectTimeoutMS` becomes
 * pg-pool's `connectionTimeoutMillis`, which bounds both opening a connection (up to PostgreSQL's ready-for-query,
 * so a server that accepts and never answers is given up) and waiting for a free one; `extra` goes to the pool
 * and each client as is: `statement_timeout` and `idle_in_transaction_session_timeout` are sent at start-up and
 * enforced by the server, `query_timeout` by the client, for a server that stops answering at all. Lock waits
 * count towards `statement_timeout`, so no `lock_timeout` is set.
 *
 * Without (the TypeORM CLI, create-admin), nothing is bounded, so an operator's long migration can finish.
 */
export function dataSourceOptions(url: string, timeouts?: DatabaseTimeouts): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: 'hcp-server',
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    ...(timeouts
      ? {
          connectTimeoutMS: timeouts.connectTimeoutMs,
          extra: {
            Client: ClosingClient,
            statement_timeout: timeouts.statementTimeoutMs,
            query_timeout: timeouts.statementTimeoutMs + READ_GRACE_MS,
            idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
          },
        }
      : { extra: { Client: OneAtATimeClient } }),
  };
}

/**
 * A pg client that sends its queries one at a time. TypeORM sometimes sends several at once on one connection (its
 * schema reader, used by the migration check and `migration:generate`, reads tables with Promise.all); pg 8 queues
 * them itself but warns ("client.query() when the client is already executing a query") that pg 9 will not. A query
 * asked for as a promise waits here for the one before it to settle; one with a callback or a stream (the server
 * sends none) goes to pg as it is.
 */
class OneAtATimeClient extends pg.Client {
  private previous: Promise<unknown> = Promise.resolve();

  // `never` stands for "whatever the overload called returns": the result is pg's own, passed through untouched.
  override query(...args: unknown[]): never {
    const send = () => (super.query as (...params: unknown[]) => unknown).apply(this, args);
    const submittable = typeof (args[0] as { submit?: unknown } | null)?.submit === 'function';
    if (submittable || typeof args.at(-1) === 'function') return send() as never;
    const result = this.previous.then(send);
    this.previous = result.catch(() => undefined);
    return result as never;
  }
}

/** pg's message when no answer came within `query_timeout`. */
const READ_TIMEOUT = 'Query read timeout';

/**
 * A pg client that closes its connection when a query fails in a way that leaves the connection unusable, before
 * the pool can hand it out again:
 * - no answer in time: pg stops waiting but keeps the connection, still expecting that answer; the next request
 *   given it would queue behind it and time out in turn, for as long as the connection stays open (minutes, on a
 *   network path gone dark);
 * - a FATAL error (the server ended the session: shutdown, an operator): the connection is about to close, but
 *   the query fails, and the client goes back to the pool, before pg notices.
 * Closed (`end()` drops a connection with a query outstanding at once), it leaves the pool; a new one replaces it.
 */
class ClosingClient extends OneAtATimeClient {
  // `never` stands for "whatever the overload called returns": the result is pg's own, passed through untouched.
  override query(...args: unknown[]): never {
    const result = (super.query as (...params: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) {
      // Attached before the caller's own handlers, so it runs before the caller can release the client.
      result.catch((error: unknown) => {
        if (leavesConnectionUnusable(error)) void this.end();
      });
    }
    return result as never;
  }
}

function leavesConnectionUnusable(error: unknown): boolean {
  const { message, severity } = (error ?? {}) as { message?: unknown; severity?: unknown };
  return message === READ_TIMEOUT || severity === 'FATAL' || severity === 'PANIC';
}
