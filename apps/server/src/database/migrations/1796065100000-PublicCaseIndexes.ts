import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The published 差评 list reads one month of cases, of every unit or of one: by the instant the case opened. */
export class PublicCaseIndexes1796065100000 implements MigrationInterface {
  name = 'PublicCaseIndexes1796065100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_case_created" ON "rating_case" ("created_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_case_unit_created" ON "rating_case" ("unit_id", "created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_case_unit_created"`);
    await queryRunner.query(`DROP INDEX "IDX_case_created"`);
  }
}
