import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rater's timeline names the unit each step went to: the unit that accepted the case (`opened`) and the one a
 * route sent it to. Entries written so far take it from what they already say: the opening from the routing rule's
 * unit, else the window's; a route from its note (`改派至<unit>：<reason>`).
 */
export class CaseEventUnitName1796058808677 implements MigrationInterface {
  name = 'CaseEventUnitName1796058808677';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_event" ADD "unit_name" character varying(100)`);
    await queryRunner.query(
      `UPDATE "case_event" e SET unit_name = u.name
       FROM "rating_case" c JOIN "service_window" w ON w.id = c.window_id LEFT JOIN "routing_rule" r ON r.id = c.routing_rule_id
         JOIN "unit" u ON u.id = COALESCE(r.unit_id, w.unit_id)
       WHERE e.case_id = c.id AND e.action = 'opened'`,
    );
    await queryRunner.query(`UPDATE "case_event" SET unit_name = left(substring(note from '^改派至(.+?)：'), 100) WHERE action = 'route'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_event" DROP COLUMN "unit_name"`);
  }
}
