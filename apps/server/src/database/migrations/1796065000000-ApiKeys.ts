import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys for other systems (the national export, Open311): stored hashed, found by their non-secret prefix. */
export class ApiKeys1796065000000 implements MigrationInterface {
  name = 'ApiKeys1796065000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(50) NOT NULL, "prefix" character varying(16) NOT NULL, "key_hash" character(64) NOT NULL, "scopes" text array NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by" uuid, CONSTRAINT "PK_api_key_id" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_api_key_prefix" ON "api_key" ("prefix")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_api_key_prefix"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
  }
}
