import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The roll-up tables, read a few hundred rows at a time: starting parallel workers would cost more than it saves. */
const ROLLUP_TABLES = [
  'stats_day_detail',
  'stats_day_window',
  'stats_day_unit',
  'stats_month_window',
  'stats_month_unit',
  'stats_tag_window',
  'stats_tag_unit',
  'stats_tag_unit_month',
  'stats_case_fact',
];

/** What a figure reads of an excluded rating, so the index alone answers (no visit to the ratings table). */
const COVERED = `"id", "level", "tag_codes", "unit_id", "hall_id", "window_id", "staff_id", "service_item_id", "stats_txid", "flag_status", "invalidated_at"`;
/** Exactly the ratings the figures leave out: flagged and not cleared, or invalidated by an upheld appeal. */
const EXCLUDED = `(flag_status <> 'none' AND flag_status <> 'cleared') OR invalidated_at IS NOT NULL`;

/**
 * Faster figures: the ratings every figure takes off the roll-ups are found by covering indexes holding only them
 * (by time, by unit and time, by window and time), and the roll-up tables are never scanned in parallel.
 */
export class StatsExclusionIndexes1796090000000 implements MigrationInterface {
  name = 'StatsExclusionIndexes1796090000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_rating_excluded_time" ON "rating" ("rated_at") INCLUDE (${COVERED}) WHERE ${EXCLUDED}`);
    await queryRunner.query(`CREATE INDEX "IDX_rating_excluded_unit_time" ON "rating" ("unit_id", "rated_at") INCLUDE (${COVERED}) WHERE ${EXCLUDED}`);
    await queryRunner.query(`CREATE INDEX "IDX_rating_excluded_window_time" ON "rating" ("window_id", "rated_at") INCLUDE (${COVERED}) WHERE ${EXCLUDED}`);
    for (const table of ROLLUP_TABLES) await queryRunner.query(`ALTER TABLE "${table}" SET (parallel_workers = 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ROLLUP_TABLES) await queryRunner.query(`ALTER TABLE "${table}" RESET (parallel_workers)`);
    await queryRunner.query(`DROP INDEX "IDX_rating_excluded_window_time"`);
    await queryRunner.query(`DROP INDEX "IDX_rating_excluded_unit_time"`);
    await queryRunner.query(`DROP INDEX "IDX_rating_excluded_time"`);
  }
}
