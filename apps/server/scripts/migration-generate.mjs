// Writes a migration with the SQL that brings a database migrated to the latest migration in line with the
// entities. Usage: pnpm --filter @hcp/server migration:generate <Name>
// Uses a throw-away database: on DATABASE_URL's server when set, else on a temporary embedded PostgreSQL.
import 'reflect-metadata';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { pino } from 'pino';

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('usage: migration:generate <PascalCaseName>');
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { dataSourceOptions } = await import(join(root, 'dist/database/options.js'));
const { startEmbeddedPostgres } = await import(join(root, 'dist/database/embedded.js'));

const logger = pino({ level: 'warn' });
let adminUrl = process.env.DATABASE_URL;
let embedded;
let tmp;
if (!adminUrl) {
  tmp = await mkdtemp(join(tmpdir(), 'hcp-migration-'));
  embedded = await startEmbeddedPostgres({ dir: tmp, logger, persistent: false });
  adminUrl = embedded.url;
}
const scratch = `hcp_migration_${Date.now()}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${scratch}`);
const url = new URL(adminUrl);
url.pathname = `/${scratch}`;
const ds = new DataSource(dataSourceOptions(url.toString()));
try {
  await ds.initialize();
  await ds.runMigrations();
  const sql = await ds.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) {
    console.log('The entities and the migrations agree: nothing to generate.');
  } else {
    const ts = Date.now();
    const esc = (q) => '`' + q.query.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    const up = sql.upQueries.map((q) => `    await queryRunner.query(${esc(q)});`).join('\n');
    const down = sql.downQueries.reverse().map((q) => `    await queryRunner.query(${esc(q)});`).join('\n');
    const file = join(root, 'src/database/migrations', `${ts}-${name}.ts`);
    await writeFile(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${ts} implements MigrationInterface {\n  name = '${name}${ts}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    const indexFile = join(root, 'src/database/migrations/index.ts');
    console.log(`Wrote ${file}.\nAdd it to ${indexFile} (MIGRATIONS keeps them in order).`);
  }
} finally {
  if (ds.isInitialized) await ds.destroy();
  await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
  await admin.end();
  if (embedded) await embedded.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
}
