import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { readDataKey } from '../../common/privacy/data-key.js';

/**
 * The field format of this migration's day (`v1.<iv>.<tag>.<ciphertext>`, AES-256-GCM; masked `135****5678`; HMAC-SHA256
 * hash), written out here rather than imported, so that a later change to the server's own code cannot change what
 * this migration writes or reads. Only the key is read as the server reads it.
 */
function sealPhoneV1(phone: string, key: Buffer): { enc: string; masked: string; hash: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
  return {
    enc: ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.'),
    masked: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
    hash: createHmac('sha256', key).update(phone).digest('hex'),
  };
}

function openPhoneV1(stored: string, key: Buffer): string {
  const [version, iv, tag, body] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('a staff phone number in an unknown encryption format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

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
        const sealed = sealPhoneV1(phone, key);
        await queryRunner.query(`UPDATE "staff" SET phone_enc = $2, phone_masked = $3, phone_hash = $4 WHERE id = $1`, [id, sealed.enc, sealed.masked, sealed.hash]);
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
      for (const { id, phone_enc } of withPhone) await queryRunner.query(`UPDATE "staff" SET phone = $2 WHERE id = $1`, [id, openPhoneV1(phone_enc, key)]);
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
