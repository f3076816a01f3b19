import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { EntityManager } from 'typeorm';
import { NoticeOutbox } from '../src/modules/notices/notice-outbox.service.js';
import { seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The index on staff.unit_id (CatalogAndIdentity migration). */
const STAFF_UNIT_INDEX = 'IDX_5763e95f7601505aabbb694a50';

/** A citizen rates 非常不满意, and the case is put back in unit A's queue: nobody holds it. */
async function openCase(t: TestApp): Promise<string> {
  const device = await request(t.http).post('/api/v1/auth/device').send({ deviceId: `outbox-device-${randomUUID()}` }).expect(200);
  const rated = await request(t.http)
    .post('/api/v1/ratings')
    .set({ Authorization: `Bearer ${device.body.accessToken as string}` })
    .send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 1, tagCodes: [] })
    .expect(201);
  const caseId = rated.body.caseId as string;
  await t.dataSource.query(`UPDATE rating_case SET assignee_id = NULL WHERE id = $1`, [caseId]);
  return caseId;
}

/** The plan PostgreSQL chooses for the outbox's statement (EXPLAIN without ANALYZE: nothing is written). */
async function planOf(t: TestApp, add: (m: EntityManager) => Promise<unknown>): Promise<string> {
  let plan = '';
  await t.dataSource.transaction(async (m) => {
    const explaining = Object.create(m) as EntityManager;
    explaining.query = (async (sql: string, parameters?: unknown[]) => {
      const rows = (await m.query(`EXPLAIN (FORMAT TEXT) ${sql}`, parameters)) as { 'QUERY PLAN': string }[];
      plan += rows.map((r) => r['QUERY PLAN']).join('\n');
      return rows;
    }) as EntityManager['query'];
    await add(explaining);
  });
  return plan;
}

describe('the notice outbox with many staff', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATING_DUPLICATE_MINUTES: '0' } });
    w = await seedWorld(t.dataSource);
    // Twenty thousand staff in unit C: finding unit A's handlers must not read them all.
    await t.dataSource.query(
      `INSERT INTO staff SELECT (json_populate_record(s, json_build_object('id', gen_random_uuid(), 'staff_number', 'C' || lpad(g::text, 6, '0'), 'unit_id', $1::uuid))).*
       FROM staff s, generate_series(1, 20000) g WHERE s.staff_number = 'C001'`,
      [w.units.C.id],
    );
    await t.dataSource.query('ANALYZE staff');
  });
  afterAll(() => t.close());

  it("finds the unit's case handlers and administrators through the staff.unit_id index", async () => {
    const caseId = await openCase(t);
    const plan = await planOf(t, (m) => t.app.get(NoticeOutbox).add(m, 'staff_reopened', [{ caseId, eventKey: 'plan-check' }]));
    expect(plan).toContain(STAFF_UNIT_INDEX);
    expect(plan).not.toMatch(/Seq Scan on staff/);
  });

  it("tells the unit's active handlers and administrators while nobody holds a case, and only its handler once someone does", async () => {
    const caseId = await openCase(t);
    const outbox = t.app.get(NoticeOutbox);
    const recipients = async (eventKey: string) =>
      ((await t.dataSource.query(`SELECT recipient_id FROM notice WHERE case_id = $1 AND event_key = $2 ORDER BY recipient_id`, [caseId, eventKey])) as { recipient_id: string }[]).map((r) => r.recipient_id);
    await t.dataSource.transaction((m) => outbox.add(m, 'staff_reopened', [{ caseId, eventKey: 'queue' }]));
    expect(await recipients('queue')).toEqual([w.staff.handlerA.id, w.staff.unitAdminA.id].sort());
    await t.dataSource.query(`UPDATE rating_case SET assignee_id = $1 WHERE id = $2`, [w.staff.handlerA.id, caseId]);
    await t.dataSource.transaction((m) => outbox.add(m, 'staff_reopened', [{ caseId, eventKey: 'held' }]));
    expect(await recipients('held')).toEqual([w.staff.handlerA.id]);
    await t.dataSource.transaction((m) => outbox.add(m, 'staff_case_new', [{ caseId, eventKey: 'named' }], { staffId: w.staff.unitAdminA.id }));
    expect(await recipients('named')).toEqual([w.staff.unitAdminA.id]);
    // A deactivated handler hears of nothing new.
    await t.dataSource.query(`UPDATE staff SET active = false WHERE id = $1`, [w.staff.handlerA.id]);
    await t.dataSource.transaction((m) => outbox.add(m, 'staff_reopened', [{ caseId, eventKey: 'gone' }]));
    expect(await recipients('gone')).toEqual([]);
  });
});
