// Loaded by jest through require (CommonJS), outside moduleNameMapper: relative imports name the .ts file.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { startEmbeddedPostgres } from '../../src/database/embedded.ts';
import { testState } from './state.ts';

/**
 * End-to-end tests run against a real PostgreSQL: the one DATABASE_URL names when set (CI), else an embedded one
 * started here. Each test file then creates (and drops) its own database on that server, named after this run.
 */
export default async function globalSetup(): Promise<void> {
  process.env.HCP_TEST_RUN_ID = randomBytes(4).toString('hex');
  if (process.env.DATABASE_URL) {
    process.env.HCP_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'hcp-test-pg-'));
  const db = await startEmbeddedPostgres({ dir, logger: pino({ level: 'warn' }), persistent: false, database: 'hcp_test' });
  process.env.HCP_TEST_ADMIN_URL = db.url;
  testState.embedded = { db, dir };
}
