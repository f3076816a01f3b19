import { Init1795686640396 } from './1795686640396-Init.js';

/** Every migration, oldest first. `migration:generate` writes new ones; add each here. */
export const MIGRATIONS = [Init1795686640396];
