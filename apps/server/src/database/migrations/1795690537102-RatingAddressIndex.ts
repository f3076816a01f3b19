import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RatingAddressIndex1795690537102 implements MigrationInterface {
  name = 'RatingAddressIndex1795690537102';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_rating_ip_time" ON "rating"  ("ip_hash", "received_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_rating_ip_time"`);
  }
}
