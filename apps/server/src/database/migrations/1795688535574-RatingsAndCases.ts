import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RatingsAndCases1795688535574 implements MigrationInterface {
  name = 'RatingsAndCases1795688535574';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Serial part of case numbers (CP + date + serial); never reused, so a number names one case forever.
    await queryRunner.query(`CREATE SEQUENCE "case_no_seq" AS bigint START 1`);
    await queryRunner.query(`CREATE TABLE "calendar_day" ("date" date NOT NULL, "kind" character varying(10) NOT NULL, "name" character varying(50) NOT NULL DEFAULT '', "source" character varying(16) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_82404934db32af18c10dfe7087e" PRIMARY KEY ("date"))`);
    await queryRunner.query(`CREATE TABLE "rating" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" uuid NOT NULL, "citizen_id" uuid NOT NULL, "window_id" uuid NOT NULL, "hall_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "staff_id" uuid, "service_item_id" uuid, "level" smallint NOT NULL, "tag_codes" smallint array NOT NULL DEFAULT '{}', "tag_version" character varying(8) NOT NULL, "comment" character varying(150), "comment_check" character varying(10) NOT NULL DEFAULT 'none', "comment_hidden" boolean NOT NULL DEFAULT false, "channel" smallint NOT NULL, "rated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "contact_phone_enc" text, "contact_phone_masked" character varying(16), "ip_hash" character(64), "flags" text array NOT NULL DEFAULT '{}', "flag_status" character varying(10) NOT NULL DEFAULT 'none', CONSTRAINT "CHK_rating_level" CHECK ("level" BETWEEN 1 AND 5), CONSTRAINT "PK_ecda8ad32645327e4765b43649e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a364bd0ab6bc4d8eec134c87ad" ON "rating"  ("client_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_83231532acef45b7cc36330035" ON "rating"  ("unit_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_ec7e5adb7349c2de2c3d12c2ad" ON "rating"  ("staff_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_rating_window_time" ON "rating"  ("window_id", "rated_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_rating_citizen_window_time" ON "rating"  ("citizen_id", "window_id", "rated_at") `);
    await queryRunner.query(`CREATE TABLE "rating_case" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_no" character varying(24) NOT NULL, "rating_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "window_id" uuid NOT NULL, "state" character varying(24) NOT NULL, "callback_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reply_due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a558488e3e973acf9b7479ff436" UNIQUE ("rating_id"), CONSTRAINT "REL_a558488e3e973acf9b7479ff43" UNIQUE ("rating_id"), CONSTRAINT "PK_9cd080169226d10e706687f5f2a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e78415e60f438fade6cb19ca32" ON "rating_case"  ("case_no") `);
    await queryRunner.query(`CREATE INDEX "IDX_case_unit_state" ON "rating_case"  ("unit_id", "state") `);
    await queryRunner.query(`CREATE TABLE "case_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_kind" character varying(10) NOT NULL, "actor_id" uuid, "action" character varying(32) NOT NULL, "from_state" character varying(24), "to_state" character varying(24), "note" text, CONSTRAINT "PK_5b6e18b2d4fd178711a2269645e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_case_event_case_at" ON "case_event"  ("case_id", "at") `);
    await queryRunner.query(`CREATE TABLE "staff_device" ("staff_id" uuid NOT NULL, "device_id" character varying(64) NOT NULL, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_46733866f802d4cfc0cccf886f5" PRIMARY KEY ("staff_id", "device_id"))`);
    await queryRunner.query(`ALTER TABLE "rating" ADD CONSTRAINT "FK_875022ee22feb2282586b21ebdb" FOREIGN KEY ("citizen_id") REFERENCES "citizen"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "rating" ADD CONSTRAINT "FK_d96500b639ce03d3200d64034ce" FOREIGN KEY ("window_id") REFERENCES "service_window"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "rating" ADD CONSTRAINT "FK_3e4a14d4c8f914a6ccf36f89316" FOREIGN KEY ("hall_id") REFERENCES "hall"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "rating" ADD CONSTRAINT "FK_83231532acef45b7cc36330035a" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "rating" ADD CONSTRAINT "FK_ec7e5adb7349c2de2c3d12c2ada" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "rating" ADD CONSTRAINT "FK_998bef25ca89df4a21d76ae2ab4" FOREIGN KEY ("service_item_id") REFERENCES "service_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "rating_case" ADD CONSTRAINT "FK_a558488e3e973acf9b7479ff436" FOREIGN KEY ("rating_id") REFERENCES "rating"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "rating_case" ADD CONSTRAINT "FK_aa55478da2aa0af5ea65c522ce3" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "rating_case" ADD CONSTRAINT "FK_9df89d5ca678581473d44388e6f" FOREIGN KEY ("window_id") REFERENCES "service_window"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "case_event" ADD CONSTRAINT "FK_85962fcd8d72296385c01a5dd45" FOREIGN KEY ("case_id") REFERENCES "rating_case"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "staff_device" ADD CONSTRAINT "FK_fa8e90c35b365c35e4e4dd7fc89" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_device" DROP CONSTRAINT "FK_fa8e90c35b365c35e4e4dd7fc89"`);
    await queryRunner.query(`ALTER TABLE "case_event" DROP CONSTRAINT "FK_85962fcd8d72296385c01a5dd45"`);
    await queryRunner.query(`ALTER TABLE "rating_case" DROP CONSTRAINT "FK_9df89d5ca678581473d44388e6f"`);
    await queryRunner.query(`ALTER TABLE "rating_case" DROP CONSTRAINT "FK_aa55478da2aa0af5ea65c522ce3"`);
    await queryRunner.query(`ALTER TABLE "rating_case" DROP CONSTRAINT "FK_a558488e3e973acf9b7479ff436"`);
    await queryRunner.query(`ALTER TABLE "rating" DROP CONSTRAINT "FK_998bef25ca89df4a21d76ae2ab4"`);
    await queryRunner.query(`ALTER TABLE "rating" DROP CONSTRAINT "FK_ec7e5adb7349c2de2c3d12c2ada"`);
    await queryRunner.query(`ALTER TABLE "rating" DROP CONSTRAINT "FK_83231532acef45b7cc36330035a"`);
    await queryRunner.query(`ALTER TABLE "rating" DROP CONSTRAINT "FK_3e4a14d4c8f914a6ccf36f89316"`);
    await queryRunner.query(`ALTER TABLE "rating" DROP CONSTRAINT "FK_d96500b639ce03d3200d64034ce"`);
    await queryRunner.query(`ALTER TABLE "rating" DROP CONSTRAINT "FK_875022ee22feb2282586b21ebdb"`);
    await queryRunner.query(`DROP TABLE "staff_device"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_case_event_case_at"`);
    await queryRunner.query(`DROP TABLE "case_event"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_case_unit_state"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e78415e60f438fade6cb19ca32"`);
    await queryRunner.query(`DROP TABLE "rating_case"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_rating_citizen_window_time"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_rating_window_time"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ec7e5adb7349c2de2c3d12c2ad"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_83231532acef45b7cc36330035"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a364bd0ab6bc4d8eec134c87ad"`);
    await queryRunner.query(`DROP TABLE "rating"`);
    await queryRunner.query(`DROP TABLE "calendar_day"`);
    await queryRunner.query(`DROP SEQUENCE "case_no_seq"`);
  }
}
