import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795686640396 implements MigrationInterface {
  name = 'Init1795686640396';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "region" ("code" character(12) NOT NULL, "name" character varying(100) NOT NULL, "parent_code" character(12), "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_74f7723fdff738f92929c0056cb" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE INDEX "IDX_73a16baaad741cbb01fa629e95" ON "region"  ("parent_code") `);
    await queryRunner.query(`ALTER TABLE "region" ADD CONSTRAINT "FK_73a16baaad741cbb01fa629e95a" FOREIGN KEY ("parent_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "region" DROP CONSTRAINT "FK_73a16baaad741cbb01fa629e95a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_73a16baaad741cbb01fa629e95"`);
    await queryRunner.query(`DROP TABLE "region"`);
  }
}
