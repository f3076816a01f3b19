import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, startupWarnings } from './config/config.js';
import { createLogger } from './common/logging/logger.js';
import { loggableError } from './common/errors/all-exceptions.filter.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded.js';
import { DataSource } from 'typeorm';
import { rateUrl } from '@hcp/contracts';
import { seedDemo, type DemoSummary } from './modules/demo/demo-seed.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.log.level);
  for (const warning of startupWarnings(config)) logger.warn(warning);

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.database.url;
  if (!databaseUrl) {
    logger.info({ dir: config.database.embeddedDir }, 'DATABASE_URL is not set: starting the embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dir: config.database.embeddedDir, logger });
    databaseUrl = embedded.url;
  }

  let app;
  let demo: DemoSummary | undefined;
  try {
    app = await createApp(config, logger, databaseUrl);
    if (config.demo.seed) demo = await seedDemo(app.get(DataSource), config.privacy.dataKey);
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    logger.fatal({ err: loggableError(error) }, 'the server could not start');
    await embedded?.stop();
    process.exit(1);
  }
  logger.info({ url: config.http.publicBaseUrl, docs: `${config.http.publicBaseUrl}/api/docs` }, LISTENING_LOG);
  const demoText = demo ? describeDemo(demo, config.http.publicBaseUrl) : undefined;
  if (process.send) {
    // Started by `npm start` (scripts/start.mjs) with an IPC channel: it prints the links and the demo sign-ins once
    // told the server listens, after the start-up log, rather than guessing from the output or probing the port.
    // pino writes asynchronously, so the message may overtake the log: it says which line to wait for, when logged.
    const message: ListeningMessage = { type: 'listening', url: config.http.publicBaseUrl, demo: demoText, lastLogLine: logger.isLevelEnabled('info') ? LISTENING_LOG : undefined };
    process.send(message);
  } else if (demoText) {
    process.stdout.write(demoText);
  }

  // Graceful shutdown: stop accepting requests, let in-flight ones finish, close the pool, then the database.
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      await app.close();
      await embedded?.stop();
    } finally {
      process.exit(0);
    }
  };
  // `on`, not `once`: a second Ctrl+C (the terminal sends one to every process of the group, and `npm start`
  // forwards another) must not kill the process halfway through its shutdown.
  process.on('SIGTERM', (s) => void shutdown(s));
  process.on('SIGINT', (s) => void shutdown(s));
}

const LISTENING_LOG = 'server is listening';

/** What the server tells a parent process that started it with an IPC channel, once it accepts connections. */
interface ListeningMessage {
  type: 'listening';
  url: string;
  /** The demo hall's links and sign-ins, as text for a person at the terminal. */
  demo?: string;
  /** The `msg` of the last log line written before the message (when that level is logged): print after it. */
  lastLogLine?: string;
}

/** Plain text for a person at the terminal: where to scan, and how to sign in. */
function describeDemo(demo: DemoSummary, base: string): string {
  const lines = [
    '',
    `演示数据 (demo data${demo.seededNow ? ', just created' : ''}): ${demo.hallName}`,
    '  Rate a window (open on a phone or in a browser):',
    ...demo.windows.map((w) => `    ${w.number}号窗口 ${w.name.padEnd(10, '　')} ${rateUrl(base, w.scene)}`),
    `  Staff sign-in (password ${demo.password} for all):`,
    ...demo.staff.map((s) => `    ${s.staffNumber.padEnd(6)} ${s.name.padEnd(6, '　')} ${s.roles.join(', ')}`),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

void main();
