import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-errors.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
const failedQuery = (driverError: Error) => new QueryFailedError('SELECT 1 FROM rating WHERE id = $1', ['r-1'], driverError);

describe('isDatabaseUnavailable', () => {
  it('recognises a database that is down, unreachable, silent, full or shutting down', () => {
    expect(isDatabaseUnavailable(withCode('connect ECONNREFUSED 10.0.0.5:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('sorry, too many clients already', '53300'))).toBe(true);
    expect(isDatabaseUnavailable(withCode('the database system is shutting down', '57P03'))).toBe(true);
    expect(isDatabaseUnavailable(failedQuery(withCode('canceling statement due to statement timeout', '57014')))).toBe(true);
    expect(isDatabaseUnavailable(failedQuery(new Error('Query read timeout')))).toBe(true);
  });

  it('leaves a real fault, and another service’s outage, to be a 500', () => {
    expect(isDatabaseUnavailable(failedQuery(withCode('relation "rating" does not exist', '42P01')))).toBe(false);
    expect(isDatabaseUnavailable(failedQuery(withCode('duplicate key value violates unique constraint', '23505')))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('fetch failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') }))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
