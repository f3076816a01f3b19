import { types } from 'node:util';
import { HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { ErrorCode } from '@hcp/contracts';
import { AppException } from './errors/app-exception.js';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/**
 * Turns the database's refusal of a write into a 4xx: a unique violation is a duplicate (409), a foreign-key
 * violation a bad reference (400). The constraint's columns, not its SQL, go into the message. Anything else
 * is rethrown as is.
 */
export function translateWriteError(error: unknown, what: string): never {
  if (error instanceof QueryFailedError) {
    const pg = error.driverError as PgError;
    const field = /Key \(([^)]+)\)/.exec(pg.detail ?? '')?.[1] ?? null;
    if (pg.code === '23505') {
      throw new AppException(ErrorCode.CatalogDuplicate, HttpStatus.CONFLICT, `${what}已存在（${field ?? '唯一字段'}重复）`, field ? [{ field, rules: ['unique'], message: 'already exists' }] : undefined);
    }
    if (pg.code === '23503') {
      throw new AppException(ErrorCode.CatalogReferenceInvalid, HttpStatus.BAD_REQUEST, `${what}引用的对象不存在`, field ? [{ field, rules: ['exists'], message: 'no such object' }] : undefined);
    }
  }
  throw error;
}

/** What a client is told to wait before trying again when the database is unavailable (the `Retry-After` header). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * PostgreSQL's answers that say "not now" rather than "not this": class 08 (connection exception), class 53
 * (insufficient resources: 53300 too many connections, disk full, out of memory), and the cancellations and
 * shutdowns of class 57.
 */
const UNAVAILABLE_SQLSTATE_CLASSES = new Set(['08', '53']);
const UNAVAILABLE_SQLSTATES = new Set([
  '57014', // query_canceled: statement_timeout, or an operator's pg_cancel_backend
  '57P01', // admin_shutdown: the server is shutting down, or an operator ended the session
  '57P02', // crash_shutdown: another server process crashed
  '57P03', // cannot_connect_now: the server is starting up, shutting down or in recovery
]);
/** The network's: nothing listens, the connection was reset, the host is unreachable or its name does not resolve. */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN']);
/** The driver's (pg 8, pg-pool 3), which carry no code; database-outage.e2e-spec.ts provokes them. */
const UNAVAILABLE_DRIVER_MESSAGES = new Set([
  'timeout exceeded when trying to connect', // no pooled connection came free within connectTimeoutMS
  'Connection terminated due to connection timeout', // a new connection did not finish its start-up in time
  'timeout expired', // the same, when the client's own timer fires first
  'Query read timeout', // no answer within query_timeout
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool', // the server is shutting down
]);

/**
 * Whether an error means the database cannot serve now (down, unreachable, silent, full, shutting down, or a
 * statement cancelled by its timeout), so the request may succeed later: a 503, not a 500. Looks inside TypeORM's
 * wrapper, not at other errors' causes: a failed call to another service (`fetch failed`, caused by ECONNREFUSED)
 * is not the database's.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const driverError: unknown = error instanceof QueryFailedError ? error.driverError : error;
  // Connecting to a name with several addresses fails with one error per address.
  const each = (driverError as { errors?: unknown } | null)?.errors;
  if (types.isNativeError(driverError) && Array.isArray(each)) return each.some(isUnavailableDriverError);
  return isUnavailableDriverError(driverError);
}

function isUnavailableDriverError(error: unknown): boolean {
  // isNativeError, not instanceof: Node's socket errors may come from another realm (a test runner's sandbox).
  if (!types.isNativeError(error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNAVAILABLE_SOCKET_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (code.length === 5 && UNAVAILABLE_SQLSTATE_CLASSES.has(code.slice(0, 2))) return true;
  }
  return UNAVAILABLE_DRIVER_MESSAGES.has(error.message);
}
