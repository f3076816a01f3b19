// What the database benchmarks (stats.mjs, sweep.mjs) share: their command-line options, the server build's modules,
// and a database of their own on DATABASE_URL's server or on an embedded PostgreSQL in a temporary folder.
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** `--name <number>` on the command line, else `fallback`. */
export const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** `--database <name>`: time an existing database again, without seeding; `--keep`: leave the seeded one. */
export const REUSE = process.argv.includes('--database') ? process.argv[process.argv.indexOf('--database') + 1] : null;
export const KEEP = process.argv.includes('--keep') || REUSE !== null;

export const log = (...parts) => console.error(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);

const serverDist = join(dirname(fileURLToPath(import.meta.url)), '..', 'apps', 'server', 'dist');
/** A module of the server build (`pnpm --filter @hcp/server build`), by its path under dist/. */
export const load = (path) => import(join(serverDist, path));
/** One of the server's own dependencies, resolved from its package. */
export const fromServer = (name) => import(createRequire(join(serverDist, '..', 'package.json')).resolve(name));

await fromServer('reflect-metadata');
const { pino } = await fromServer('pino');
export const logger = pino({ level: 'warn' });

/**
 * The bench's database, migrated by the server's migrations: `REUSE` when given, else a new `<prefix>_<time>`.
 * `close()` drops it (unless `KEEP`) and stops the embedded server, if one was started.
 */
export async function openBenchDatabase(prefix) {
  const { migrate } = await load('database/migrate.js');
  const { startEmbeddedPostgres } = await load('database/embedded.js');
  let adminUrl = process.env.DATABASE_URL;
  let embedded;
  let tmp;
  if (!adminUrl) {
    tmp = await mkdtemp(join(tmpdir(), `${prefix.replace(/_/g, '-')}-`));
    embedded = await startEmbeddedPostgres({ dir: tmp, logger, persistent: false });
    adminUrl = embedded.url;
  }
  const dbName = REUSE ?? `${prefix}_${Date.now()}`;
  if (!/^[a-z0-9_]+$/.test(dbName)) throw new Error(`not a database name: ${dbName}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (!REUSE) await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const dbUrl = url.toString();
  const close = async () => {
    if (!KEEP) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    else log(`kept database ${dbName}`);
    await admin.end();
    if (embedded) await embedded.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  };
  try {
    await migrate(dbUrl, { connectTimeoutMs: 10_000, statementTimeoutMs: 600_000 });
  } catch (err) {
    await close();
    throw err;
  }
  return { dbUrl, close };
}
