import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './options.js';

/** Data source for the TypeORM CLI (`pnpm --filter @hcp/server typeorm …`). Needs DATABASE_URL. */
const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error('DATABASE_URL is required for the TypeORM CLI (or use `pnpm --filter @hcp/server migration:generate`).');
}

export default new DataSource(dataSourceOptions(url));
