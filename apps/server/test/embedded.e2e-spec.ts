import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { startEmbeddedPostgres } from '../src/database/embedded.js';

describe('the embedded PostgreSQL (no DATABASE_URL)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hcp-embedded-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the data across a stop and a start', async () => {
    const logger = pino({ level: 'silent' });
    const first = await startEmbeddedPostgres({ dir, logger });
    const c1 = new pg.Client({ connectionString: first.url });
    await c1.connect();
    await c1.query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('还在')");
    await c1.end();
    await first.stop();

    const second = await startEmbeddedPostgres({ dir, logger });
    try {
      const c2 = new pg.Client({ connectionString: second.url });
      await c2.connect();
      const { rows } = await c2.query('SELECT v FROM kept');
      await c2.end();
      expect(rows).toEqual([{ v: '还在' }]);
    } finally {
      await second.stop();
    }
  });

  it('refuses to start a second server on a folder in use', async () => {
    const logger = pino({ level: 'silent' });
    const running = await startEmbeddedPostgres({ dir, logger });
    try {
      await expect(startEmbeddedPostgres({ dir, logger })).rejects.toThrow(/in use by process/);
    } finally {
      await running.stop();
    }
  });
});
