import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { bearer, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Windows are kept in memory by the server that rates them. A change made anywhere — through another server
 * instance, or straight in the database — must count for the very next rating and scan, never after a delay.
 * The changes below are written to the database directly, as another instance would.
 */
describe('a window kept in memory follows every change at once', () => {
  let t: TestApp;
  let w: World;
  let deviceSerial = 0;

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorld(t.dataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  const device = async () =>
    (await request(t.http).post('/api/v1/auth/device').send({ deviceId: `cache-device-${String(++deviceSerial).padStart(6, '0')}` }).expect(200)).body.accessToken as string;
  const rate = async (body: Record<string, unknown>) => request(t.http).post('/api/v1/ratings').set(bearer(await device())).send({ clientId: randomUUID(), tagCodes: [], level: 5, ...body });
  const sql = (text: string, params: unknown[] = []) => t.dataSource.query(text, params);

  it('refuses ratings and scans of a window deactivated elsewhere from the next request, and takes them again once it is back', async () => {
    await rate({ scene: 'SceneWindowA1' }).then((r) => expect(r.status).toBe(201));
    await request(t.http).get('/api/v1/scan/SceneWindowA1').expect(200);
    await sql(`UPDATE service_window SET active = false WHERE id = $1`, [w.windows.WA.id]);
    expect((await rate({ scene: 'SceneWindowA1' })).body.code).toBe('WINDOW_INACTIVE');
    expect((await request(t.http).get('/api/v1/scan/SceneWindowA1').expect(404)).body.code).toBe('WINDOW_INACTIVE');
    await sql(`UPDATE service_window SET active = true WHERE id = $1`, [w.windows.WA.id]);
    await rate({ scene: 'SceneWindowA1' }).then((r) => expect(r.status).toBe(201));
  });

  it('follows a hall or unit deactivated elsewhere', async () => {
    await rate({ scene: 'SceneWindowA1' }).then((r) => expect(r.status).toBe(201));
    await sql(`UPDATE hall SET active = false WHERE id = $1`, [w.halls.H1.id]);
    expect((await rate({ scene: 'SceneWindowA1' })).body.code).toBe('WINDOW_INACTIVE');
    await sql(`UPDATE hall SET active = true WHERE id = $1`, [w.halls.H1.id]);
    await sql(`UPDATE unit SET active = false WHERE id = $1`, [w.units.A.id]);
    expect((await rate({ scene: 'SceneWindowA1' })).body.code).toBe('WINDOW_INACTIVE');
    await sql(`UPDATE unit SET active = true WHERE id = $1`, [w.units.A.id]);
    await rate({ scene: 'SceneWindowA1' }).then((r) => expect(r.status).toBe(201));
  });

  it('stops taking a service item withdrawn from the window elsewhere', async () => {
    await rate({ scene: 'SceneWindowA1', serviceItemCode: 'ITEM-A-001' }).then((r) => expect(r.status).toBe(201));
    await sql(`DELETE FROM window_service_item WHERE window_id = $1`, [w.windows.WA.id]);
    const refused = await rate({ scene: 'SceneWindowA1', serviceItemCode: 'ITEM-A-001' });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('RATING_SERVICE_ITEM_INVALID');
    expect((await request(t.http).get('/api/v1/scan/SceneWindowA1').expect(200)).body.serviceItems).toEqual([]);
  });

  it('refuses the old code of a window whose code was rotated elsewhere, and takes the new one', async () => {
    await rate({ scene: 'SceneWindowB2' }).then((r) => expect(r.status).toBe(201));
    await t.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO retired_scene (scene, window_id) VALUES ('SceneWindowB2', $1)`, [w.windows.WB.id]);
      await m.query(`UPDATE service_window SET scene = 'SceneWindowB2r', scene_rotated_at = now() WHERE id = $1`, [w.windows.WB.id]);
    });
    const old = await rate({ scene: 'SceneWindowB2' });
    expect(old.status).toBe(404);
    expect(old.body).toMatchObject({ code: 'SCAN_UNKNOWN', retired: true });
    const stored = await rate({ scene: 'SceneWindowB2r' });
    expect(stored.status).toBe(201);
    expect((await sql(`SELECT window_id FROM rating WHERE id = $1`, [stored.body.id]))[0].window_id).toBe(w.windows.WB.id);
  });
});
