import { Writable } from 'node:stream';
import { QueryFailedError } from 'typeorm';
import { createLogger } from '../logging/logger.js';
import { loggableError } from './all-exceptions.filter.js';

/** A unique-key failure as TypeORM reports it: the query, its parameters, and pg's error with its `detail`. */
function duplicatePhoneError(): QueryFailedError {
  const driverError = Object.assign(new Error('duplicate key value violates unique constraint "uq_citizen_phone"'), {
    code: '23505',
    detail: 'Key (phone)=(13800138000) already exists.',
  });
  return new QueryFailedError('INSERT INTO "citizen" ("openid", "phone") VALUES ($1, $2)', ['o_secret_openid', '13800138000'], driverError);
}

/** What one log call writes, as the operator's log would hold it. */
function logged(fields: Record<string, unknown>): string {
  let line = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      line += chunk.toString();
      done();
    },
  });
  createLogger('info', sink).error(fields, 'the case deadline pass failed; the next pass tries again');
  return line;
}

describe('errors in the log', () => {
  it('a query error logged through loggableError names its type, message and code, and none of its parameters', () => {
    const line = logged({ err: loggableError(duplicatePhoneError()) });
    const entry = JSON.parse(line) as { err: Record<string, unknown> };
    expect(entry.err).toMatchObject({ type: 'QueryFailedError', code: '23505', message: expect.stringContaining('uq_citizen_phone') });
    expect(line).not.toContain('13800138000');
    expect(line).not.toContain('o_secret_openid');
    expect(line).not.toContain('INSERT INTO');
    expect(Object.keys(entry.err).sort()).toEqual(['code', 'message', 'stack', 'type']);
  });

  it('cuts a raw query error logged as `{ err }` down the same way, and so its parameters stay out of the log', () => {
    const line = logged({ err: duplicatePhoneError() });
    expect(JSON.parse(line)).toMatchObject({ err: { type: 'QueryFailedError', code: '23505' } });
    expect(line).not.toContain('13800138000');
    expect(line).not.toContain('o_secret_openid');
  });

  it('keeps what is not an Error as text', () => {
    expect(loggableError('socket hang up')).toEqual({ type: 'string', message: 'socket hang up' });
  });
});
