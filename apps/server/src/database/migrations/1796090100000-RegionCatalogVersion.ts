import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Regions join the catalog version (migration CatalogVersion): a change to a region's name, parent or state bumps it
 * at commit like a change to a window or a unit, so the statistics can hold regions in memory under that version
 * (a region's name and children are what a figure by region shows).
 */
export class RegionCatalogVersion1796090100000 implements MigrationInterface {
  name = 'RegionCatalogVersion1796090100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE CONSTRAINT TRIGGER "catalog_version_region" AFTER INSERT OR UPDATE OR DELETE ON "region" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION catalog_version_bump()`,
    );
    await queryRunner.query(`CREATE TRIGGER "catalog_version_region_truncate" AFTER TRUNCATE ON "region" FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "catalog_version_region_truncate" ON "region"`);
    await queryRunner.query(`DROP TRIGGER "catalog_version_region" ON "region"`);
  }
}
