import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case's deadlines come in rounds: reopening, sending back and routing start a new one, and the scheduler's
 * once-keys name the round (`remind:reply:1`), so a new round gets its own reminder and overdue mark. The keys
 * written so far belong to round 0.
 */
export class CaseDeadlineRounds1796058658733 implements MigrationInterface {
  name = 'CaseDeadlineRounds1796058658733';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rating_case" ADD "deadline_round" smallint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`UPDATE "case_event" SET once_key = once_key || ':0' WHERE once_key ~ '^(remind|overdue):[a-z]+$'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Only one entry per step fits the older keys: the later rounds' entries keep their text but lose their key.
    await queryRunner.query(`UPDATE "case_event" SET once_key = NULL WHERE once_key ~ '^(remind|overdue):[a-z]+:[1-9][0-9]*$'`);
    await queryRunner.query(`UPDATE "case_event" SET once_key = left(once_key, -2) WHERE once_key ~ '^(remind|overdue):[a-z]+:0$'`);
    await queryRunner.query(`ALTER TABLE "rating_case" DROP COLUMN "deadline_round"`);
  }
}
