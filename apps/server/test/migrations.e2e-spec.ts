import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { decryptField, keyedHash } from '../src/common/privacy/field-cipher.js';
import { MIGRATIONS } from '../src/database/migrations/index.js';
import { StaffAccountSecurity1796048331439 } from '../src/database/migrations/1796048331439-StaffAccountSecurity.js';
import { CaseEventUnitName1796058808677 } from '../src/database/migrations/1796058808677-CaseEventUnitName.js';
import { migrate } from '../src/database/migrate.js';
import { dataSourceOptions } from '../src/database/options.js';
import { bearer, login, seedWorld, TEST_DATA_KEY } from './support/fixtures.js';
import { createScratchDatabase, createTestApp } from './support/test-app.js';

/** Migrations that carry data keep it: an installation upgraded in place loses nothing and leaks nothing. */
describe('upgrading an installation', () => {
  it('encrypts the staff phone numbers already stored, and gives every live refresh token a session', async () => {
    const scratch = await createScratchDatabase();
    const before = MIGRATIONS.indexOf(StaffAccountSecurity1796048331439);
    const old = new DataSource({ ...dataSourceOptions(scratch.url), migrations: MIGRATIONS.slice(0, before) });
    try {
      await old.initialize();
      await old.runMigrations({ transaction: 'each' });
      const [staff] = await old.query(`INSERT INTO staff (staff_number, name, phone, roles, password_hash) VALUES ('OLD1', '老员工', '13512345678', '{window_staff}', 'x') RETURNING id`);
      await old.query(`INSERT INTO staff (staff_number, name, roles, password_hash) VALUES ('OLD2', '无电话', '{window_staff}', 'x')`);
      const [token] = await old.query(`INSERT INTO refresh_token (staff_id, token_hash, expires_at) VALUES ($1, repeat('a', 64), now() + interval '1 day') RETURNING id`, [staff.id]);
      await old.destroy();

      const current = new DataSource(dataSourceOptions(scratch.url));
      await current.initialize();
      await current.runMigrations({ transaction: 'each' });
      const rows = await current.query(`SELECT staff_number, phone_enc, phone_masked, phone_hash, row_to_json(s)::text AS json FROM staff s ORDER BY staff_number`);
      expect(rows[0].json).not.toContain('13512345678');
      expect(decryptField(rows[0].phone_enc, TEST_DATA_KEY)).toBe('13512345678');
      expect(rows[0]).toMatchObject({ phone_masked: '135****5678', phone_hash: keyedHash('13512345678', TEST_DATA_KEY) });
      expect(rows[1]).toMatchObject({ phone_enc: null, phone_masked: null, phone_hash: null });
      expect(await current.query(`SELECT session_id, rotated FROM refresh_token`)).toEqual([{ session_id: token.id, rotated: false }]);

      // And back: the number returns in plain text to the older schema.
      const target = new StaffAccountSecurity1796048331439().name;
      for (let undone = ''; undone !== target; ) {
        undone = (await current.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`))[0].name;
        await current.undoLastMigration({ transaction: 'each' });
      }
      expect(await current.query(`SELECT phone FROM staff ORDER BY staff_number`)).toEqual([{ phone: '13512345678' }, { phone: null }]);
      await current.destroy();
    } finally {
      if (old.isInitialized) await old.destroy();
      await scratch.drop();
    }
  });

  it('runs each migration once when several server instances start together', async () => {
    const scratch = await createScratchDatabase();
    try {
      const timeouts = { connectTimeoutMs: 5000, statementTimeoutMs: 5000 };
      const starts = await Promise.allSettled([0, 1, 2].map(() => migrate(scratch.url, timeouts)));
      expect(starts.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const check = new DataSource(dataSourceOptions(scratch.url));
      await check.initialize();
      const rows: { name: string }[] = await check.query('SELECT name FROM migrations ORDER BY id');
      await check.destroy();
      expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => new m().name));
    } finally {
      await scratch.drop();
    }
  });
});

describe('upgrading an installation with cases', () => {
  it('names on the rater’s timeline the unit that accepted each case and the unit a route sent it to', async () => {
    const t = await createTestApp();
    try {
      const w = await seedWorld(t.dataSource);
      const device = await request(t.http).post('/api/v1/auth/device').send({ deviceId: 'migration-device-000001' }).expect(200);
      const rater = { Authorization: `Bearer ${device.body.accessToken as string}` };
      const rated = await request(t.http).post('/api/v1/ratings').set(rater).send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 1, tagCodes: [], contactPhone: '13912345678' }).expect(201);
      const id = rated.body.caseId as string;
      await request(t.http).post(`/api/v1/cases/${id}/route`).set(bearer(await login(t.http, 'S001'))).send({ unitId: w.units.B.id, reason: '人社事项' }).expect(200);

      // The entries as an older version wrote them, without the unit: the migration fills it in.
      const runner = t.dataSource.createQueryRunner();
      await runner.query(`ALTER TABLE case_event DROP COLUMN unit_name`);
      await new CaseEventUnitName1796058808677().up(runner);
      await runner.release();
      const timeline = await request(t.http).get(`/api/v1/me/cases/${id}`).set(rater).expect(200);
      expect(timeline.body.timeline.map((e: { text: string }) => e.text)).toEqual(['已受理，由泰山区行政审批服务局办理', '已转交泰山区人力资源和社会保障局办理']);
    } finally {
      await t.close();
    }
  });
});
