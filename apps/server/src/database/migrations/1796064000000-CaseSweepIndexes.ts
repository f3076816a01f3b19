import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deadline pass with a million open cases: a mark per deadline of the round whose reminder is settled, and
 * partial indexes holding only the cases a reminder or an overdue mark may still be owed to, by the instant it is
 * due. Cases already reminded in their current round (their once-key is on the timeline) get the mark.
 */
export class CaseSweepIndexes1796064000000 implements MigrationInterface {
  name = 'CaseSweepIndexes1796064000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rating_case" ADD "callback_reminded_round" smallint NOT NULL DEFAULT '-1'`);
    await queryRunner.query(`ALTER TABLE "rating_case" ADD "reply_reminded_round" smallint NOT NULL DEFAULT '-1'`);
    for (const step of ['callback', 'reply']) {
      await queryRunner.query(
        `UPDATE "rating_case" c SET "${step}_reminded_round" = c.deadline_round
         WHERE EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.once_key = 'remind:${step}:' || c.deadline_round)`,
      );
    }
    await queryRunner.query(
      `CREATE INDEX "IDX_case_callback_remind_pending" ON "rating_case" ("callback_remind_at") WHERE state IN ('awaiting_callback') AND callback_reminded_round < deadline_round`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_case_reply_remind_pending" ON "rating_case" ("reply_remind_at") WHERE state IN ('awaiting_callback', 'verified', 'in_progress', 'reopened') AND reply_reminded_round < deadline_round`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_case_callback_overdue_pending" ON "rating_case" ("callback_due_at") WHERE state IN ('awaiting_callback') AND callback_overdue_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_case_reply_overdue_pending" ON "rating_case" ("reply_due_at") WHERE state IN ('awaiting_callback', 'verified', 'in_progress', 'reopened') AND reply_overdue_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_case_reply_overdue_pending"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_case_callback_overdue_pending"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_case_reply_remind_pending"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_case_callback_remind_pending"`);
    await queryRunner.query(`ALTER TABLE "rating_case" DROP COLUMN "reply_reminded_round"`);
    await queryRunner.query(`ALTER TABLE "rating_case" DROP COLUMN "callback_reminded_round"`);
  }
}
