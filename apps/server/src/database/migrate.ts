import { DataSource } from 'typeorm';
import type { DatabaseTimeouts } from './options.js';
import { dataSourceOptions } from './options.js';

/**
 * Brings the schema up to date before the server's own pool opens. Migrations run on a connection of their own
 * without the statement timeout that bounds requests: building an index on a large table may take minutes and must not
 * be cancelled at the fifth second. Connecting is still bounded, so a silent database stops the start with an error.
 */
export async function migrate(url: string, timeouts: DatabaseTimeouts): Promise<void> {
  const migrator = new DataSource({ ...dataSourceOptions(url), connectTimeoutMS: timeouts.connectTimeoutMs, poolSize: 1 });
  await migrator.initialize();
  try {
    await migrator.runMigrations({ transaction: 'each' });
  } finally {
    await migrator.destroy();
  }
}
