import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { pgPool } from '../../database/pg-pool.js';

/** Where a subject's rows come from (stats-scope's resolveSubject and regionLevel). */
export interface CatalogReader {
  /** Rows of the tables the catalog version covers (regions, units, halls, windows, service items), and of nothing else. */
  catalog<T>(sql: string, params: unknown[]): Promise<T[]>;
  /** Rows that also depend on other tables (a staff member's unit): always read afresh. */
  fresh<T>(sql: string, params: unknown[]): Promise<T[]>;
}

/** Every row read from the database when asked (the report, and an answer whose catalog kept changing). */
export function databaseReader(m: EntityManager): CatalogReader {
  return { catalog: (sql, params) => m.query(sql, params), fresh: (sql, params) => m.query(sql, params) };
}

/** The catalog changed while an answer was being made: it is made again. */
export class StaleCatalog extends Error {}

/** Catalog rows held per version, at most this many queries' worth (then they are dropped and read again). */
const HELD_MAX = 10_000;

/**
 * A statement sent by the pg pool under a name derived from its text, so each connection parses and plans it once and
 * runs it again with new values (PostgreSQL switches to a generic plan when it costs no more than the custom ones).
 * The pool is TypeORM's, with its limits and timeouts.
 */
export async function prepared<T>(db: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const name = `stats_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  const { rows } = await pgPool(db).query({ name, text, values });
  return rows as T[];
}

/** The catalog version of the statement it is part of, as text (compared with `CatalogAnswer.version`). */
export const CATALOG_VERSION = `(SELECT version FROM catalog_version WHERE id = 1)::text`;

/**
 * The catalog rows a subject is resolved with (a unit's region, a region's units, the caller's scope), held in memory
 * under the catalog version (`catalog_version`, bumped in the transaction of every change to regions, units, halls,
 * windows and service items), so a figure costs no query to know what it covers while nothing changed. Each answer
 * reads through a `CatalogAnswer`, which knows the version everything it read belongs to; its figures' statement
 * reads the version in its own snapshot, and an answer whose catalog changed meanwhile is made again (StaleCatalog),
 * so a scope is never served from a catalog older than the figures.
 */
export class HeldCatalog {
  private version: string | null = null;
  private readonly rows = new Map<string, unknown[]>();

  constructor(private readonly db: DataSource) {}

  /** A reader for one answer, starting from the version held now. */
  answer(): CatalogAnswer {
    return new CatalogAnswer(this, this.version);
  }

  /** The version now (one round trip); what is held under another one is dropped. */
  async currentVersion(): Promise<string> {
    const [row] = await prepared<{ version: string }>(this.db, `SELECT ${CATALOG_VERSION} AS version`, []);
    this.saw(row.version);
    return row.version;
  }

  /** @internal Rows held under `version` for this query, if that is the version held. */
  held(version: string, key: string): unknown[] | undefined {
    return this.version === version ? this.rows.get(key) : undefined;
  }

  /** @internal Reads a query's rows with the version of the same snapshot, and holds them under it. */
  async read(key: string, sql: string, params: unknown[]): Promise<{ version: string; rows: unknown[] }> {
    const [row] = await prepared<{ version: string; rows: unknown[] }>(
      this.db,
      `SELECT ${CATALOG_VERSION} AS version, COALESCE((SELECT json_agg(x) FROM (${sql}) x), '[]'::json) AS rows`,
      params,
    );
    this.saw(row.version);
    if (this.rows.size >= HELD_MAX) this.rows.clear();
    this.rows.set(key, row.rows);
    return row;
  }

  /**
   * @internal A version read in some snapshot: another one than held drops what is held. Any other, not only a
   * higher one (a database restored from a backup starts again lower); two answers racing across a change at worst
   * make the rows be read once more.
   */
  saw(version: string): void {
    if (this.version !== version) {
      this.version = version;
      this.rows.clear();
    }
  }

  /** @internal */
  fresh<T>(sql: string, params: unknown[]): Promise<T[]> {
    return prepared<T>(this.db, sql, params);
  }
}

/** What one answer read of the catalog, all of one version (`version`; null while it has read nothing). */
export class CatalogAnswer implements CatalogReader {
  /** True once a row came from memory rather than from the database. */
  fromMemory = false;

  constructor(
    private readonly held: HeldCatalog,
    public version: string | null,
  ) {}

  async catalog<T>(sql: string, params: unknown[]): Promise<T[]> {
    const key = `${sql}\u0000${JSON.stringify(params)}`;
    const hit = this.version === null ? undefined : this.held.held(this.version, key);
    if (hit) {
      this.fromMemory = true;
      return hit as T[];
    }
    const { version, rows } = await this.held.read(key, sql, params);
    this.check(version);
    return rows as T[];
  }

  fresh<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.held.fresh<T>(sql, params);
  }

  /** Throws StaleCatalog when `version` (read in a later snapshot) is not the one this answer's catalog rows belong to. */
  check(version: string): void {
    if (this.version === null) this.version = version;
    else if (version !== this.version) {
      this.held.saw(version);
      throw new StaleCatalog();
    }
  }
}
