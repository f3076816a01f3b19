import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * The pg pool behind the data source: TypeORM's own, with its limits and timeouts, for statements sent by name (pg
 * prepares a named statement once per connection, which TypeORM's query runner cannot ask for). Its errors are pg's,
 * which the error filter answers as it answers TypeORM's (a database that cannot serve now: 503). The one place that
 * reaches into TypeORM's driver; `database-outage.e2e-spec.ts` guards it.
 */
export function pgPool(db: DataSource): pg.Pool {
  return (db.driver as PostgresDriver).master as pg.Pool;
}
