import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics: the roll-up tables the stats job keeps (day × unit / window / staff and service item, month × unit /
 * window, tag counts, the per-case facts, the watermarks), the inserting transaction's id on ratings and case
 * timeline entries (what the watermark compares; the rows already stored get this migration's, so the first pass
 * rolls them all up), the flagged-rating review columns, and an index over the few ratings the figures leave out.
 */
export class StatsRollups1796063100000 implements MigrationInterface {
  name = 'StatsRollups1796063100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "stats_day_detail" ("ratings_l1" integer NOT NULL DEFAULT '0', "ratings_l2" integer NOT NULL DEFAULT '0', "ratings_l3" integer NOT NULL DEFAULT '0', "ratings_l4" integer NOT NULL DEFAULT '0', "ratings_l5" integer NOT NULL DEFAULT '0', "cases" integer NOT NULL DEFAULT '0', "cases_with_contact" integer NOT NULL DEFAULT '0', "callback_due" integer NOT NULL DEFAULT '0', "called_back" integer NOT NULL DEFAULT '0', "called_back_on_time" integer NOT NULL DEFAULT '0', "callback_days" integer NOT NULL DEFAULT '0', "reply_due" integer NOT NULL DEFAULT '0', "replied" integer NOT NULL DEFAULT '0', "replied_on_time" integer NOT NULL DEFAULT '0', "reply_days" integer NOT NULL DEFAULT '0', "rectified" integer NOT NULL DEFAULT '0', "reopened" integer NOT NULL DEFAULT '0', "follow_ups" integer NOT NULL DEFAULT '0', "follow_ups_good" integer NOT NULL DEFAULT '0', "appeals" integer NOT NULL DEFAULT '0', "appeals_upheld" integer NOT NULL DEFAULT '0', "appeals_rejected" integer NOT NULL DEFAULT '0', "day" date NOT NULL, "window_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "service_item_id" uuid NOT NULL, "unit_id" uuid NOT NULL, "hall_id" uuid NOT NULL, CONSTRAINT "PK_9c3cd0598245e8bb8390c4297b6" PRIMARY KEY ("day", "window_id", "staff_id", "service_item_id", "unit_id", "hall_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_stats_day_detail_item" ON "stats_day_detail"  ("service_item_id", "day") `);
    await queryRunner.query(`CREATE INDEX "IDX_stats_day_detail_staff" ON "stats_day_detail"  ("staff_id", "day") `);
    await queryRunner.query(`CREATE TABLE "stats_day_window" ("ratings_l1" integer NOT NULL DEFAULT '0', "ratings_l2" integer NOT NULL DEFAULT '0', "ratings_l3" integer NOT NULL DEFAULT '0', "ratings_l4" integer NOT NULL DEFAULT '0', "ratings_l5" integer NOT NULL DEFAULT '0', "cases" integer NOT NULL DEFAULT '0', "cases_with_contact" integer NOT NULL DEFAULT '0', "callback_due" integer NOT NULL DEFAULT '0', "called_back" integer NOT NULL DEFAULT '0', "called_back_on_time" integer NOT NULL DEFAULT '0', "callback_days" integer NOT NULL DEFAULT '0', "reply_due" integer NOT NULL DEFAULT '0', "replied" integer NOT NULL DEFAULT '0', "replied_on_time" integer NOT NULL DEFAULT '0', "reply_days" integer NOT NULL DEFAULT '0', "rectified" integer NOT NULL DEFAULT '0', "reopened" integer NOT NULL DEFAULT '0', "follow_ups" integer NOT NULL DEFAULT '0', "follow_ups_good" integer NOT NULL DEFAULT '0', "appeals" integer NOT NULL DEFAULT '0', "appeals_upheld" integer NOT NULL DEFAULT '0', "appeals_rejected" integer NOT NULL DEFAULT '0', "window_id" uuid NOT NULL, "day" date NOT NULL, "unit_id" uuid NOT NULL, "hall_id" uuid NOT NULL, CONSTRAINT "PK_261cff6f989fb736d5a9b1da1f8" PRIMARY KEY ("window_id", "day", "unit_id", "hall_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_stats_day_window_unit" ON "stats_day_window"  ("unit_id", "day") `);
    await queryRunner.query(`CREATE INDEX "IDX_stats_day_window_hall" ON "stats_day_window"  ("hall_id", "day") `);
    await queryRunner.query(`CREATE TABLE "stats_day_unit" ("ratings_l1" integer NOT NULL DEFAULT '0', "ratings_l2" integer NOT NULL DEFAULT '0', "ratings_l3" integer NOT NULL DEFAULT '0', "ratings_l4" integer NOT NULL DEFAULT '0', "ratings_l5" integer NOT NULL DEFAULT '0', "cases" integer NOT NULL DEFAULT '0', "cases_with_contact" integer NOT NULL DEFAULT '0', "callback_due" integer NOT NULL DEFAULT '0', "called_back" integer NOT NULL DEFAULT '0', "called_back_on_time" integer NOT NULL DEFAULT '0', "callback_days" integer NOT NULL DEFAULT '0', "reply_due" integer NOT NULL DEFAULT '0', "replied" integer NOT NULL DEFAULT '0', "replied_on_time" integer NOT NULL DEFAULT '0', "reply_days" integer NOT NULL DEFAULT '0', "rectified" integer NOT NULL DEFAULT '0', "reopened" integer NOT NULL DEFAULT '0', "follow_ups" integer NOT NULL DEFAULT '0', "follow_ups_good" integer NOT NULL DEFAULT '0', "appeals" integer NOT NULL DEFAULT '0', "appeals_upheld" integer NOT NULL DEFAULT '0', "appeals_rejected" integer NOT NULL DEFAULT '0', "unit_id" uuid NOT NULL, "day" date NOT NULL, CONSTRAINT "PK_f55e5c8fd5fbfe481407a91a069" PRIMARY KEY ("unit_id", "day"))`);
    await queryRunner.query(`CREATE INDEX "IDX_stats_day_unit_day" ON "stats_day_unit"  ("day") `);
    await queryRunner.query(`CREATE TABLE "stats_month_unit" ("ratings_l1" integer NOT NULL DEFAULT '0', "ratings_l2" integer NOT NULL DEFAULT '0', "ratings_l3" integer NOT NULL DEFAULT '0', "ratings_l4" integer NOT NULL DEFAULT '0', "ratings_l5" integer NOT NULL DEFAULT '0', "cases" integer NOT NULL DEFAULT '0', "cases_with_contact" integer NOT NULL DEFAULT '0', "callback_due" integer NOT NULL DEFAULT '0', "called_back" integer NOT NULL DEFAULT '0', "called_back_on_time" integer NOT NULL DEFAULT '0', "callback_days" integer NOT NULL DEFAULT '0', "reply_due" integer NOT NULL DEFAULT '0', "replied" integer NOT NULL DEFAULT '0', "replied_on_time" integer NOT NULL DEFAULT '0', "reply_days" integer NOT NULL DEFAULT '0', "rectified" integer NOT NULL DEFAULT '0', "reopened" integer NOT NULL DEFAULT '0', "follow_ups" integer NOT NULL DEFAULT '0', "follow_ups_good" integer NOT NULL DEFAULT '0', "appeals" integer NOT NULL DEFAULT '0', "appeals_upheld" integer NOT NULL DEFAULT '0', "appeals_rejected" integer NOT NULL DEFAULT '0', "unit_id" uuid NOT NULL, "day" date NOT NULL, CONSTRAINT "PK_05f4d60e9daab1a77e38ba4cf91" PRIMARY KEY ("unit_id", "day"))`);
    await queryRunner.query(`CREATE TABLE "stats_month_window" ("ratings_l1" integer NOT NULL DEFAULT '0', "ratings_l2" integer NOT NULL DEFAULT '0', "ratings_l3" integer NOT NULL DEFAULT '0', "ratings_l4" integer NOT NULL DEFAULT '0', "ratings_l5" integer NOT NULL DEFAULT '0', "cases" integer NOT NULL DEFAULT '0', "cases_with_contact" integer NOT NULL DEFAULT '0', "callback_due" integer NOT NULL DEFAULT '0', "called_back" integer NOT NULL DEFAULT '0', "called_back_on_time" integer NOT NULL DEFAULT '0', "callback_days" integer NOT NULL DEFAULT '0', "reply_due" integer NOT NULL DEFAULT '0', "replied" integer NOT NULL DEFAULT '0', "replied_on_time" integer NOT NULL DEFAULT '0', "reply_days" integer NOT NULL DEFAULT '0', "rectified" integer NOT NULL DEFAULT '0', "reopened" integer NOT NULL DEFAULT '0', "follow_ups" integer NOT NULL DEFAULT '0', "follow_ups_good" integer NOT NULL DEFAULT '0', "appeals" integer NOT NULL DEFAULT '0', "appeals_upheld" integer NOT NULL DEFAULT '0', "appeals_rejected" integer NOT NULL DEFAULT '0', "window_id" uuid NOT NULL, "day" date NOT NULL, "unit_id" uuid NOT NULL, "hall_id" uuid NOT NULL, CONSTRAINT "PK_130bad84b52f5a94a6f7af8bc77" PRIMARY KEY ("window_id", "day", "unit_id", "hall_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_stats_month_window_unit" ON "stats_month_window"  ("unit_id", "day") `);
    await queryRunner.query(`CREATE INDEX "IDX_stats_month_window_hall" ON "stats_month_window"  ("hall_id", "day") `);
    await queryRunner.query(`CREATE TABLE "stats_tag_unit_month" ("unit_id" uuid NOT NULL, "day" date NOT NULL, "tag_code" smallint NOT NULL, "level" smallint NOT NULL, "count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_9231846e8c1d80f42c210df58a9" PRIMARY KEY ("unit_id", "day", "tag_code", "level"))`);
    await queryRunner.query(`CREATE TABLE "stats_tag_window" ("window_id" uuid NOT NULL, "day" date NOT NULL, "tag_code" smallint NOT NULL, "level" smallint NOT NULL, "unit_id" uuid NOT NULL, "hall_id" uuid NOT NULL, "count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_a45fd3a84eaa43cdd3a350ffeaf" PRIMARY KEY ("window_id", "day", "tag_code", "level", "unit_id", "hall_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_stats_tag_window_hall" ON "stats_tag_window"  ("hall_id", "day") `);
    await queryRunner.query(`CREATE INDEX "IDX_stats_tag_window_unit" ON "stats_tag_window"  ("unit_id", "day") `);
    await queryRunner.query(`CREATE TABLE "stats_tag_unit" ("unit_id" uuid NOT NULL, "day" date NOT NULL, "tag_code" smallint NOT NULL, "level" smallint NOT NULL, "count" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_8e19580823d506d9262db047613" PRIMARY KEY ("unit_id", "day", "tag_code", "level"))`);
    await queryRunner.query(`CREATE INDEX "IDX_stats_tag_unit_day" ON "stats_tag_unit"  ("day") `);
    await queryRunner.query(`CREATE TABLE "stats_case_fact" ("ratings_l1" integer NOT NULL DEFAULT '0', "ratings_l2" integer NOT NULL DEFAULT '0', "ratings_l3" integer NOT NULL DEFAULT '0', "ratings_l4" integer NOT NULL DEFAULT '0', "ratings_l5" integer NOT NULL DEFAULT '0', "cases" integer NOT NULL DEFAULT '0', "cases_with_contact" integer NOT NULL DEFAULT '0', "callback_due" integer NOT NULL DEFAULT '0', "called_back" integer NOT NULL DEFAULT '0', "called_back_on_time" integer NOT NULL DEFAULT '0', "callback_days" integer NOT NULL DEFAULT '0', "reply_due" integer NOT NULL DEFAULT '0', "replied" integer NOT NULL DEFAULT '0', "replied_on_time" integer NOT NULL DEFAULT '0', "reply_days" integer NOT NULL DEFAULT '0', "rectified" integer NOT NULL DEFAULT '0', "reopened" integer NOT NULL DEFAULT '0', "follow_ups" integer NOT NULL DEFAULT '0', "follow_ups_good" integer NOT NULL DEFAULT '0', "appeals" integer NOT NULL DEFAULT '0', "appeals_upheld" integer NOT NULL DEFAULT '0', "appeals_rejected" integer NOT NULL DEFAULT '0', "case_id" uuid NOT NULL, "rating_id" uuid NOT NULL, "day" date NOT NULL, "unit_id" uuid NOT NULL, "hall_id" uuid NOT NULL, "window_id" uuid NOT NULL, "staff_id" uuid NOT NULL, "service_item_id" uuid NOT NULL, CONSTRAINT "PK_03341d3626d9c1e3028c5700171" PRIMARY KEY ("case_id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_stats_case_fact_rating" ON "stats_case_fact"  ("rating_id") `);
    await queryRunner.query(`CREATE TABLE "stats_watermark" ("source" character varying(16) NOT NULL, "txid" bigint NOT NULL, "passed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_026fa4a7fb1bb1b1ca33415c23f" PRIMARY KEY ("source"))`);
    await queryRunner.query(`INSERT INTO "stats_watermark" ("source", "txid", "passed_at") VALUES ('rating', 0, NULL), ('case_event', 0, NULL)`);
    await queryRunner.query(`ALTER TABLE "rating" ADD "flag_reviewed_by" uuid`);
    await queryRunner.query(`ALTER TABLE "rating" ADD "flag_reviewed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "rating" ADD "flag_review_note" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "rating" ADD "stats_txid" bigint NOT NULL DEFAULT int8in(xid8out(pg_current_xact_id()))`);
    await queryRunner.query(`ALTER TABLE "case_event" ADD "stats_txid" bigint NOT NULL DEFAULT int8in(xid8out(pg_current_xact_id()))`);
    await queryRunner.query(`CREATE INDEX "IDX_rating_stats_txid" ON "rating"  ("stats_txid") `);
    await queryRunner.query(`CREATE INDEX "IDX_rating_flagged_time" ON "rating"  ("rated_at") WHERE flag_status <> 'none' OR invalidated_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_rating_flagged_unit_time" ON "rating"  ("unit_id", "rated_at") WHERE flag_status <> 'none' OR invalidated_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_rating_flagged_window_time" ON "rating"  ("window_id", "rated_at") WHERE flag_status <> 'none' OR invalidated_at IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_case_event_stats_txid" ON "case_event"  ("stats_txid") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_case_event_stats_txid"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_rating_flagged_window_time"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_rating_flagged_unit_time"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_rating_flagged_time"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_rating_stats_txid"`);
    await queryRunner.query(`ALTER TABLE "case_event" DROP COLUMN "stats_txid"`);
    await queryRunner.query(`ALTER TABLE "rating" DROP COLUMN "stats_txid"`);
    await queryRunner.query(`ALTER TABLE "rating" DROP COLUMN "flag_review_note"`);
    await queryRunner.query(`ALTER TABLE "rating" DROP COLUMN "flag_reviewed_at"`);
    await queryRunner.query(`ALTER TABLE "rating" DROP COLUMN "flag_reviewed_by"`);
    await queryRunner.query(`DROP TABLE "stats_watermark"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_stats_case_fact_rating"`);
    await queryRunner.query(`DROP TABLE "stats_case_fact"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_stats_tag_unit_day"`);
    await queryRunner.query(`DROP TABLE "stats_tag_unit"`);
    await queryRunner.query(`DROP TABLE "stats_tag_unit_month"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_stats_month_window_hall"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_stats_month_window_unit"`);
    await queryRunner.query(`DROP TABLE "stats_month_window"`);
    await queryRunner.query(`DROP TABLE "stats_month_unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_stats_tag_window_unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_stats_tag_window_hall"`);
    await queryRunner.query(`DROP TABLE "stats_tag_window"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_stats_day_unit_day"`);
    await queryRunner.query(`DROP TABLE "stats_day_unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_stats_day_window_hall"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_stats_day_window_unit"`);
    await queryRunner.query(`DROP TABLE "stats_day_window"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_stats_day_detail_staff"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_stats_day_detail_item"`);
    await queryRunner.query(`DROP TABLE "stats_day_detail"`);
  }
}
