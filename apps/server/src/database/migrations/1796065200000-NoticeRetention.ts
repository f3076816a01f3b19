import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read notices by age, for the daily deletion of those past their retention (NOTICE_RETENTION_DAYS). */
export class NoticeRetention1796065200000 implements MigrationInterface {
  name = 'NoticeRetention1796065200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_notice_read_created" ON "notice" ("created_at") WHERE read_at IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_notice_read_created"`);
  }
}
