import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notices (the transactional outbox of case news, and the inbox): one row per (case, event, recipient), made unique
 * so that a retried change or a second worker writes none twice; the WeChat accepts counted per template; the openid
 * staff accepted notices as.
 */
export class Notices1796060673605 implements MigrationInterface {
  name = 'Notices1796060673605';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "notice" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" character varying(32) NOT NULL, "recipient_kind" character varying(10) NOT NULL, "recipient_id" uuid NOT NULL, "case_id" uuid NOT NULL, "case_no" character varying(32) NOT NULL, "unit_name" character varying(100) NOT NULL, "event_key" character varying(64) NOT NULL, "title" character varying(40) NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, "wechat_state" character varying(10) NOT NULL DEFAULT 'none', "wechat_attempts" integer NOT NULL DEFAULT '0', "wechat_next_at" TIMESTAMP WITH TIME ZONE, "wechat_template_id" character varying(64), "wechat_msgid" character varying(24), "wechat_errcode" integer, "wechat_error" character varying(200), "wechat_done_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_705062b14410ff1a04998f86d72" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_notice_dead" ON "notice"  ("wechat_done_at") WHERE wechat_state = 'dead'`);
    await queryRunner.query(`CREATE INDEX "IDX_notice_wechat_due" ON "notice"  ("wechat_next_at") WHERE wechat_state = 'pending'`);
    await queryRunner.query(`CREATE INDEX "IDX_notice_unread" ON "notice"  ("recipient_kind", "recipient_id") WHERE read_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_notice_inbox" ON "notice"  ("recipient_kind", "recipient_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_notice_event_recipient" ON "notice"  ("case_id", "event_key", "recipient_kind", "recipient_id") `);
    await queryRunner.query(`CREATE TABLE "notice_subscription" ("recipient_kind" character varying(10) NOT NULL, "recipient_id" uuid NOT NULL, "template_id" character varying(64) NOT NULL, "allowance" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1ea4c407cfcf9bc24b52e29a833" PRIMARY KEY ("recipient_kind", "recipient_id", "template_id"))`);
    await queryRunner.query(`CREATE TABLE "notice_staff_wechat" ("staff_id" uuid NOT NULL, "openid" character varying(64) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6dec57776ba2c9db326e831b46d" PRIMARY KEY ("staff_id"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notice_staff_wechat"`);
    await queryRunner.query(`DROP TABLE "notice_subscription"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_notice_event_recipient"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notice_inbox"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notice_unread"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notice_wechat_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notice_dead"`);
    await queryRunner.query(`DROP TABLE "notice"`);
  }
}
