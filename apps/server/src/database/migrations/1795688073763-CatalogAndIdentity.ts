import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CatalogAndIdentity1795688073763 implements MigrationInterface {
  name = 'CatalogAndIdentity1795688073763';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "hall" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "region_code" character(12) NOT NULL, "address" character varying(200) NOT NULL DEFAULT '', "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4b7ec43f24e82084474569abec5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_8d5a235566d8c7f08a7b6c124c" ON "hall"  ("code") `);
    await queryRunner.query(`CREATE INDEX "IDX_d1c1212d4e06d2839cdaaabc7a" ON "hall"  ("region_code") `);
    await queryRunner.query(`CREATE TABLE "unit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(64) NOT NULL, "name" character varying(100) NOT NULL, "region_code" character(12) NOT NULL, "parent_id" uuid, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4252c4be609041e559f0c80f58a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_dfb75cdb2a790fb84327e1d1b1" ON "unit"  ("code") `);
    await queryRunner.query(`CREATE INDEX "IDX_182dde781d8270ea233e0ddaa6" ON "unit"  ("region_code") `);
    await queryRunner.query(`CREATE TABLE "service_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(64) NOT NULL, "name" character varying(200) NOT NULL, "unit_id" uuid NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4b061659545d9cc5d7c1f4805fc" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e9fb2789d0b4b3de0ca2632389" ON "service_item"  ("code") `);
    await queryRunner.query(`CREATE INDEX "IDX_107f7a3368b5c3f1fd4d700703" ON "service_item"  ("unit_id") `);
    await queryRunner.query(`CREATE TABLE "service_window" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "hall_id" uuid NOT NULL, "number" character varying(16) NOT NULL, "name" character varying(100) NOT NULL, "unit_id" uuid NOT NULL, "active" boolean NOT NULL DEFAULT true, "scene" character varying(32) NOT NULL, "scene_rotated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_window_hall_number" UNIQUE ("hall_id", "number"), CONSTRAINT "PK_8fdf363fbbe1101d802378c6d78" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_995fc4e237a708c157ebe75345" ON "service_window"  ("hall_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_f697cf2159fefc191312cb7051" ON "service_window"  ("unit_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5dad4db65a4b70372ee6ee4f6c" ON "service_window"  ("scene") `);
    await queryRunner.query(`CREATE TABLE "retired_scene" ("scene" character varying(32) NOT NULL, "window_id" uuid NOT NULL, "retired_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9f16cb817f7687f92958089e77c" PRIMARY KEY ("scene"))`);
    await queryRunner.query(`CREATE TABLE "staff" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_number" character varying(32) NOT NULL, "name" character varying(50) NOT NULL, "unit_id" uuid, "phone" character varying(20), "roles" text array NOT NULL DEFAULT '{}', "scope_region_code" character(12), "active" boolean NOT NULL DEFAULT true, "password_hash" character varying(200) NOT NULL, "failed_logins" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "password_changed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e4ee98bb552756c180aec1e854a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_7eda123f81a86eb5388a939d45" ON "staff"  ("staff_number") `);
    await queryRunner.query(`CREATE INDEX "IDX_5763e95f7601505aabbb694a50" ON "staff"  ("unit_id") `);
    await queryRunner.query(`CREATE TABLE "duty_shift" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "window_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_2b04e4cb539c6b5d3e195c4bf8c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_duty_open_staff" ON "duty_shift"  ("staff_id") WHERE ended_at IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_duty_open_window" ON "duty_shift"  ("window_id") WHERE ended_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_duty_window_time" ON "duty_shift"  ("window_id", "started_at") `);
    await queryRunner.query(`CREATE TABLE "citizen" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(10) NOT NULL, "openid" character varying(64), "unionid" character varying(64), "device_id" character varying(64), "merged_into_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0e19d9fdbdd0d185ce72fe62a04" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1ce0d8b7fe3472ffdae075693d" ON "citizen"  ("openid") WHERE openid IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_6fdbf2c83e5c18c5893da4e879" ON "citizen"  ("device_id") WHERE device_id IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_dc75d28d3538957acca0720010" ON "refresh_token"  ("staff_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_f0812282fad2e352cdaf83ef0a" ON "refresh_token"  ("token_hash") `);
    await queryRunner.query(`CREATE TABLE "window_service_item" ("window_id" uuid NOT NULL, "service_item_id" uuid NOT NULL, CONSTRAINT "PK_b498ec5a6607b855c542df935db" PRIMARY KEY ("window_id", "service_item_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_2c0ecb2c652f92d7c85ffd61c9" ON "window_service_item"  ("window_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_8b1f8692e67e252d86bf6bf314" ON "window_service_item"  ("service_item_id") `);
    await queryRunner.query(`ALTER TABLE "hall" ADD CONSTRAINT "FK_d1c1212d4e06d2839cdaaabc7a1" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "unit" ADD CONSTRAINT "FK_182dde781d8270ea233e0ddaa6f" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "unit" ADD CONSTRAINT "FK_33443cd5de3c6b130acfd6aba63" FOREIGN KEY ("parent_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "service_item" ADD CONSTRAINT "FK_107f7a3368b5c3f1fd4d7007031" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "service_window" ADD CONSTRAINT "FK_995fc4e237a708c157ebe75345d" FOREIGN KEY ("hall_id") REFERENCES "hall"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "service_window" ADD CONSTRAINT "FK_f697cf2159fefc191312cb70514" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "retired_scene" ADD CONSTRAINT "FK_71c6e8f4039e369fb9a83422b48" FOREIGN KEY ("window_id") REFERENCES "service_window"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "staff" ADD CONSTRAINT "FK_5763e95f7601505aabbb694a50a" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "staff" ADD CONSTRAINT "FK_ff2b4dcbd0600bf5caa9f0b2ba0" FOREIGN KEY ("scope_region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "duty_shift" ADD CONSTRAINT "FK_55a9e5da6e2b782c07a8a6b90d7" FOREIGN KEY ("window_id") REFERENCES "service_window"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "duty_shift" ADD CONSTRAINT "FK_4438eca12ba0ec1cfe0c31644db" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "refresh_token" ADD CONSTRAINT "FK_dc75d28d3538957acca07200102" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "window_service_item" ADD CONSTRAINT "FK_2c0ecb2c652f92d7c85ffd61c9d" FOREIGN KEY ("window_id") REFERENCES "service_window"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
    await queryRunner.query(`ALTER TABLE "window_service_item" ADD CONSTRAINT "FK_8b1f8692e67e252d86bf6bf3146" FOREIGN KEY ("service_item_id") REFERENCES "service_item"("id") ON DELETE CASCADE ON UPDATE CASCADE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "window_service_item" DROP CONSTRAINT "FK_8b1f8692e67e252d86bf6bf3146"`);
    await queryRunner.query(`ALTER TABLE "window_service_item" DROP CONSTRAINT "FK_2c0ecb2c652f92d7c85ffd61c9d"`);
    await queryRunner.query(`ALTER TABLE "refresh_token" DROP CONSTRAINT "FK_dc75d28d3538957acca07200102"`);
    await queryRunner.query(`ALTER TABLE "duty_shift" DROP CONSTRAINT "FK_4438eca12ba0ec1cfe0c31644db"`);
    await queryRunner.query(`ALTER TABLE "duty_shift" DROP CONSTRAINT "FK_55a9e5da6e2b782c07a8a6b90d7"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP CONSTRAINT "FK_ff2b4dcbd0600bf5caa9f0b2ba0"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP CONSTRAINT "FK_5763e95f7601505aabbb694a50a"`);
    await queryRunner.query(`ALTER TABLE "retired_scene" DROP CONSTRAINT "FK_71c6e8f4039e369fb9a83422b48"`);
    await queryRunner.query(`ALTER TABLE "service_window" DROP CONSTRAINT "FK_f697cf2159fefc191312cb70514"`);
    await queryRunner.query(`ALTER TABLE "service_window" DROP CONSTRAINT "FK_995fc4e237a708c157ebe75345d"`);
    await queryRunner.query(`ALTER TABLE "service_item" DROP CONSTRAINT "FK_107f7a3368b5c3f1fd4d7007031"`);
    await queryRunner.query(`ALTER TABLE "unit" DROP CONSTRAINT "FK_33443cd5de3c6b130acfd6aba63"`);
    await queryRunner.query(`ALTER TABLE "unit" DROP CONSTRAINT "FK_182dde781d8270ea233e0ddaa6f"`);
    await queryRunner.query(`ALTER TABLE "hall" DROP CONSTRAINT "FK_d1c1212d4e06d2839cdaaabc7a1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8b1f8692e67e252d86bf6bf314"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2c0ecb2c652f92d7c85ffd61c9"`);
    await queryRunner.query(`DROP TABLE "window_service_item"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f0812282fad2e352cdaf83ef0a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dc75d28d3538957acca0720010"`);
    await queryRunner.query(`DROP TABLE "refresh_token"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6fdbf2c83e5c18c5893da4e879"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1ce0d8b7fe3472ffdae075693d"`);
    await queryRunner.query(`DROP TABLE "citizen"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_duty_window_time"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_duty_open_window"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_duty_open_staff"`);
    await queryRunner.query(`DROP TABLE "duty_shift"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5763e95f7601505aabbb694a50"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7eda123f81a86eb5388a939d45"`);
    await queryRunner.query(`DROP TABLE "staff"`);
    await queryRunner.query(`DROP TABLE "retired_scene"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5dad4db65a4b70372ee6ee4f6c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f697cf2159fefc191312cb7051"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_995fc4e237a708c157ebe75345"`);
    await queryRunner.query(`DROP TABLE "service_window"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_107f7a3368b5c3f1fd4d700703"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e9fb2789d0b4b3de0ca2632389"`);
    await queryRunner.query(`DROP TABLE "service_item"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_182dde781d8270ea233e0ddaa6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dfb75cdb2a790fb84327e1d1b1"`);
    await queryRunner.query(`DROP TABLE "unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d1c1212d4e06d2839cdaaabc7a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8d5a235566d8c7f08a7b6c124c"`);
    await queryRunner.query(`DROP TABLE "hall"`);
  }
}
