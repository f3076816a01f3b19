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
