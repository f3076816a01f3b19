import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Test } from '@nestjs/testing';
import type { Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { App } from 'supertest/types.js';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { createLogger, PinoNestLogger } from '../../src/common/logging/logger.js';

export interface TestApp {
  app: NestExpressApplication;
  /** The database the app runs on (e.g. for a second instance: `createTestApp({ databaseUrl: first.databaseUrl })`). */
  databaseUrl: string;
  http: App;
  config: AppConfig;
  dataSource: DataSource;
  /** Every JSON log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.HCP_TEST_ADMIN_URL;
  if (!url) throw new Error('HCP_TEST_ADMIN_URL is not set: run end-to-end tests through jest (global setup).');
  return url;
}

/** Creates an empty database of its own on the test server; returns its URL and a function that drops it. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hcp_t_${process.env.HCP_TEST_RUN_ID ?? 'x'}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Host and port of the PostgreSQL server the tests run against. */
export function testDatabaseAddress(): { host: string; port: number } {
  const url = new URL(adminUrl());
  return { host: url.hostname, port: Number(url.port || 5432) };
}

/**
 * The real application (same module, same HTTP pipeline as `main.ts`) on a fresh database with every migration
 * applied. `controllers` adds test-only routes, e.g. one that throws, to probe the error pipeline. `databaseHost`
 * (`host:port`) is where the app reaches its database instead, e.g. a proxy that can make the database fail; the
 * database is still created and dropped directly. `databaseUrl` runs the app on an existing database instead (a
 * second server instance on another app's database, or one prepared beforehand); closing the app leaves it.
 * The case deadline scheduler is off unless `env` turns it on (`CASE_SCHEDULER: 'on'`); tests drive its passes. So is
 * the notice delivery worker (`NOTICE_WORKER: 'on'`); tests call `NoticeDeliveryService.deliverDue`. So is the daily
 * deletion of old read notices (`NOTICE_PRUNE: 'on'`); tests call `NoticeRetentionService.pruneRead`.
 */
export async function createTestApp(
  options: { env?: Record<string, string>; controllers?: Type[]; databaseHost?: string; databaseUrl?: string } = {},
): Promise<TestApp> {
  const database = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await createScratchDatabase();
  const appUrl = new URL(database.url);
  if (options.databaseHost) appUrl.host = options.databaseHost;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: appUrl.toString(),
    H5_DIST_DIR: '/nonexistent-h5-build',
    CASE_SCHEDULER: 'off',
    STATS_ROLLUP: 'off',
    NOTICE_WORKER: 'off',
    NOTICE_PRUNE: 'off',
    ...options.env,
  });
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const logger = createLogger(config.log.level, sink);
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register(config, logger, appUrl.toString())],
    controllers: options.controllers ?? [],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: new PinoNestLogger(logger) });
  configureApp(app, config, logger);
  await app.init();
  return {
    app,
    http: app.getHttpServer() as App,
    databaseUrl: database.url,
    config,
    dataSource: app.get(DataSource),
    logs,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
