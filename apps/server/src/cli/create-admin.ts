import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '../config/config.js';
import { createLogger } from '../common/logging/logger.js';
import { startEmbeddedPostgres } from '../database/embedded.js';
import { dataSourceOptions } from '../database/options.js';
import { StaffEntity } from '../modules/identity/entities/staff.entity.js';
import { hashPassword, passwordProblem } from '../modules/identity/password.js';

/**
 * Creates the first system administrator of a fresh installation:
 *   npm run create-admin -- <staffNumber> <password> [name]
 * Uses DATABASE_URL, or the embedded PostgreSQL (the running server's, if it is up).
 */
async function main(): Promise<number> {
  const [staffNumber, password, name = '系统管理员'] = process.argv.slice(2);
  if (!staffNumber || !password) {
    process.stderr.write('usage: npm run create-admin -- <staffNumber> <password> [name]\n');
    return 2;
  }
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(staffNumber)) {
    process.stderr.write('The staff number must be 1–32 letters, digits, _ or -.\n');
    return 2;
  }
  const problem = passwordProblem(password);
  if (problem) {
    process.stderr.write(`Password refused: ${problem} (at least 8 characters with letters and digits).\n`);
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger('warn');
  const embedded = config.database.url ? undefined : await startEmbeddedPostgres({ dir: config.database.embeddedDir, logger, reuseRunning: true });
  const db = new DataSource(dataSourceOptions(config.database.url ?? embedded!.url));
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    const staff = db.getRepository(StaffEntity);
    if (await staff.exists({ where: { staffNumber } })) {
      process.stderr.write(`Staff number ${staffNumber} already exists; nothing changed. An administrator can reset its password.\n`);
      return 1;
    }
    await staff.insert({ staffNumber, name, roles: ['system_admin'], passwordHash: await hashPassword(password) });
    process.stdout.write(`System administrator ${staffNumber} created. Sign in with this staff number and password.\n`);
    return 0;
  } finally {
    if (db.isInitialized) await db.destroy();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : `create-admin failed: ${(error as Error).message}`}\n`);
    process.exit(1);
  },
);
