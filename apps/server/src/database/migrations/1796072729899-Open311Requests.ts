import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service requests sent through Open311 GeoReport v2 become cases without a rating, a window or a citizen account:
 * those columns of a case may be empty, `source` says where a case came from, and `case_request` keeps what the
 * request said (the reporter's contact encrypted).
 */
export class Open311Requests1796072729899 implements MigrationInterface {
  name = 'Open311Requests1796072729899';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "case_request" ("case_id" uuid NOT NULL, "service_item_id" uuid NOT NULL, "description" text NOT NULL, "address" character varying(300), "lat" double precision, "long" double precision, "attributes" jsonb NOT NULL, "reporter_enc" text, "phone_masked" character varying(16), "client_id" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_72f90913f261c777370176523aa" PRIMARY KEY ("case_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_case_request_client_created" ON "case_request"  ("client_id", "created_at") `);
    await queryRunner.query(`ALTER TABLE "rating_case" ADD "source" character varying(12) NOT NULL DEFAULT 'rating'`);
    await queryRunner.query(`CREATE INDEX "IDX_case_event_at" ON "case_event" ("at") `);
    await queryRunner.query(`ALTER TABLE "rating_case" ALTER COLUMN "rating_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "rating_case" ALTER COLUMN "citizen_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "rating_case" ALTER COLUMN "window_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "case_request" ADD CONSTRAINT "FK_72f90913f261c777370176523aa" FOREIGN KEY ("case_id") REFERENCES "rating_case"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "case_request" ADD CONSTRAINT "FK_090e33446c703ee46837fa02ad7" FOREIGN KEY ("service_item_id") REFERENCES "service_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_request" DROP CONSTRAINT "FK_090e33446c703ee46837fa02ad7"`);
    await queryRunner.query(`ALTER TABLE "case_request" DROP CONSTRAINT "FK_72f90913f261c777370176523aa"`);
    await queryRunner.query(`ALTER TABLE "rating_case" ALTER COLUMN "window_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "rating_case" ALTER COLUMN "citizen_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "rating_case" ALTER COLUMN "rating_id" SET NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."IDX_case_event_at"`);
    await queryRunner.query(`ALTER TABLE "rating_case" DROP COLUMN "source"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_case_request_client_created"`);
    await queryRunner.query(`DROP TABLE "case_request"`);
  }
}
