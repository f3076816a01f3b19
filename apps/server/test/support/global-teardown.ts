import { rm } from 'node:fs/promises';
import pg from 'pg';
import { testState } from './state.ts';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.HCP_TEST_ADMIN_URL;
  const runId = process.env.HCP_TEST_RUN_ID;
  if (adminUrl && runId && !testState.embedded) {
    // Databases a crashed test file left behind on the shared server.
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`hcp_t_${runId}_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`);
    await client.end();
  }
  if (testState.embedded) {
    await testState.embedded.db.stop();
    await rm(testState.embedded.dir, { recursive: true, force: true });
  }
}
