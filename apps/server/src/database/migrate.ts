import { DataSource } from 'typeorm';
import type { DatabaseTimeouts } from './options.js';
import { dataSourceOptions } from './options.js';

/** The session advisory lock (hashed to a number) under which one instance at a time migrates. */
const MIGRATION_LOCK = 'hcp:migrations';

/**
 * Brings the schema up to date before the server's own pool opens. Migrations run on a connection of their own
 * without the statement timeout that bounds requests: building an index on a large table may take minutes and must not
 * be cancelled at the fifth second. Connecting is still bounded, so a silent database stops the start with an error.
 *
 * Instances starting together (a rolling deploy, several replicas) take turns under an advisory lock held by a
 * second connection: the first runs what is pending, the others then find nothing left to run. Without it two would
 * run the same migration at once, and one would fail (`relation … already exists`) and stop its server. A session
 * that dies lets go of its lock.
 */
export async function migrate(url: string, timeouts: DatabaseTimeouts): Promise<void> {
  const migrator = new DataSource({ ...dataSourceOptions(url), connectTimeoutMS: timeouts.connectTimeoutMs, poolSize: 2 });
  await migrator.initialize();
  const lock = migrator.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    await migrator.runMigrations({ transaction: 'each' });
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]);
  } finally {
    await lock.release();
    await migrator.destroy();
  }
}
