import type { MigrationInterface, QueryRunner } from 'typeorm';
import { decryptField } from '../../common/privacy/field-cipher.js';
import { readDataKey } from '../../common/privacy/data-key.js';
import { staffPhoneColumns } from '../../modules/identity/staff-phone.js';

/**
 * Staff accounts after the security review: phone numbers encrypted (with a keyed hash for matching), sign-in
 * throttled per address and per (staff number, address) instead of a per-account lockout, sessions that access tokens
 * name, device sign-ups counted per address, and queued ratings marked. Existing phone numbers are encrypted with
 * DATA_ENCRYPTION_KEY as the server reads it; existing refresh tokens each become a session of their own.
 */
export class StaffAccountSecurity1796048331439 implements MigrationInterface {
  name = 'StaffAccountSecurity1796048331439';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "login_throttle" ("key" character(64) NOT NULL, "kind" character varying(16) NOT NULL, "account_key" character(64), "failures" integer NOT NULL, "counting_since" TIMESTAMP WITH TIME ZONE NOT NULL, "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key"))`);
    await queryRunner.query(`CREATE INDEX "IDX_6d8acfa6220ca81ae8165c54f3" ON "login_throttle"  ("account_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_e018dcae8e238460e1a1dd96d5" ON "login_throttle"  ("last_failure_at") `);
    await queryRunner.query(`ALTER TABLE "staff" DROP COLUMN "failed_logins"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP COLUMN "locked_until"`);

    await queryRunner.query(`ALTER TABLE "staff" ADD "phone_enc" text`);
    await queryRunner.query(`ALTER TABLE "staff" ADD "phone_masked" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "staff" ADD "phone_hash" character(64)`);
    const withPhone: { id: string; phone: string }[] = await queryRunner.query(`SELECT id, phone FROM "staff" WHERE phone IS NOT NULL`);
    if (withPhone.length > 0) {
      const { key, problem } = readDataKey(process.env);
      if (problem) throw new Error(`${problem}: it is needed to encrypt the staff phone numbers already stored`);
      for (const { id, phone } of withPhone) {
        const columns = staffPhoneColumns(phone, key);
        await queryRunner.query(`UPDATE "staff" SET phone_enc = $2, phone_masked = $3, phone_hash = $4 WHERE id = $1`, [id, columns.phoneEnc, columns.phoneMasked, columns.phoneHash]);
      }
    }
    await queryRunner.query(`ALTER TABLE "staff" DROP COLUMN "phone"`);

    await queryRunner.query(`ALTER TABLE "citizen" ADD "signup_ip_hash" character(64)`);
    await queryRunner.query(`ALTER TABLE "rating" ADD "queued" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "refresh_token" ADD "session_id" uuid`);
    await queryRunner.query(`UPDATE "refresh_token" SET session_id = id`);
    await queryRunner.query(`ALTER TABLE "refresh_token" ADD "rotated" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "refresh_token" ALTER COLUMN "session_id" SET NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_citizen_signup_ip_time" ON "citizen"  ("signup_ip_hash", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_84b39f9c45e1b3a094edb94b32" ON "staff"  ("phone_hash") `);
    await queryRunner.query(`CREATE INDEX "IDX_7643a722ca45fb721be1c63dc0" ON "refresh_token"  ("session_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_7643a722ca45fb721be1c63dc0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_84b39f9c45e1b3a094edb94b32"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_citizen_signup_ip_time"`);
    await queryRunner.query(`ALTER TABLE "refresh_token" DROP COLUMN "rotated"`);
    await queryRunner.query(`ALTER TABLE "refresh_token" DROP COLUMN "session_id"`);
    await queryRunner.query(`ALTER TABLE "rating" DROP COLUMN "queued"`);
    await queryRunner.query(`ALTER TABLE "citizen" DROP COLUMN "signup_ip_hash"`);
    await queryRunner.query(`ALTER TABLE "staff" ADD "phone" character varying(20)`);
    const withPhone: { id: string; phone_enc: string }[] = await queryRunner.query(`SELECT id, phone_enc FROM "staff" WHERE phone_enc IS NOT NULL`);
    if (withPhone.length > 0) {
      const { key, problem } = readDataKey(process.env);
      if (problem) throw new Error(`${problem}: it is needed to decrypt the staff phone numbers`);
      for (const { id, phone_enc } of withPhone) await queryRunner.query(`UPDATE "staff" SET phone = $2 WHERE id = $1`, [id, decryptField(phone_enc, key)]);
    }
    await queryRunner.query(`ALTER TABLE "staff" DROP COLUMN "phone_hash"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP COLUMN "phone_masked"`);
    await queryRunner.query(`ALTER TABLE "staff" DROP COLUMN "phone_enc"`);
    await queryRunner.query(`ALTER TABLE "staff" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "staff" ADD "failed_logins" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e018dcae8e238460e1a1dd96d5"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6d8acfa6220ca81ae8165c54f3"`);
    await queryRunner.query(`DROP TABLE "login_throttle"`);
  }
}
