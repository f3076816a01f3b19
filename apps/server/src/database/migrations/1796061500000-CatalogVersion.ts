import type { MigrationInterface, QueryRunner } from 'typeorm';

const CATALOG_TABLES = ['service_window', 'hall', 'unit', 'service_item', 'window_service_item'];

/**
 * A catalog version the servers cache windows by. `catalog_version` is bumped in the transaction of every change to
 * windows, halls, units and service items (at commit, once per transaction), so a server holding a window in memory
 * knows from one cheap read (which the rating request makes anyway) whether its copy is still current, on every
 * instance.
 */
export class CatalogVersion1796061500000 implements MigrationInterface {
  name = 'CatalogVersion1796061500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "catalog_version" ("id" smallint PRIMARY KEY CHECK ("id" = 1), "version" bigint NOT NULL)`);
    await queryRunner.query(`INSERT INTO "catalog_version" ("id", "version") VALUES (1, 1)`);
    await queryRunner.query(`
      CREATE FUNCTION catalog_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(current_setting('hcp.catalog_bumped', true), '') <> 'y' THEN
          PERFORM set_config('hcp.catalog_bumped', 'y', true);
          UPDATE catalog_version SET version = version + 1 WHERE id = 1;
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of CATALOG_TABLES) {
      // Deferred to the commit: the version row is locked last, for a moment, so catalog changes never deadlock on it.
      await queryRunner.query(
        `CREATE CONSTRAINT TRIGGER "catalog_version_${table}" AFTER INSERT OR UPDATE OR DELETE ON "${table}" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION catalog_version_bump()`,
      );
      await queryRunner.query(`CREATE TRIGGER "catalog_version_${table}_truncate" AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of CATALOG_TABLES) {
      await queryRunner.query(`DROP TRIGGER "catalog_version_${table}_truncate" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "catalog_version_${table}" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION catalog_version_bump`);
    await queryRunner.query(`DROP TABLE "catalog_version"`);
  }
}
