import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { RatingEntity } from '../src/modules/ratings/entities/rating.entity.js';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * A staff member who leaves their unit, deactivated or moved to another one: they are on duty nowhere (the scan names
 * nobody, a rating credits nobody), and their open cases go back to the unit's queue with a timeline entry, instead
 * of waiting in the list of someone who no longer comes.
 */
describe('a staff member who leaves their unit', () => {
  let t: TestApp;
  let w: World;
  let admin: string;
  let unitAdmin: string;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp({ env: { CASE_SCHEDULER: 'off' } });
    w = await seedWorld(t.dataSource);
    admin = await login(t.http, 'admin');
    unitAdmin = await login(t.http, 'A900');
  });
  afterAll(async () => {
    await t.close();
  });

  const onDutyAtWindowA = async () => (await request(t.http).get('/api/v1/scan/SceneWindowA1').expect(200)).body.staffOnDuty as { name: string } | null;
  const startDuty = async (staffNumber: string) => {
    const token = await login(t.http, staffNumber);
    await request(t.http).post('/api/v1/duty/start').set(bearer(token)).send({ windowId: w.windows.WA.id }).expect(200);
  };
  /** A new citizen rates window A; returns the rating and, for a 差评, its case. */
  const rate = async (level: number) => {
    const citizen = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: `leaving-citizen-${String(++serial).padStart(6, '0')}` }).expect(200)).body.accessToken as string;
    const res = await request(t.http)
      .post('/api/v1/ratings')
      .set(bearer(citizen))
      .send({ clientId: randomUUID(), scene: 'SceneWindowA1', level, tagCodes: [], comment: level <= 2 ? '等了很久' : '很好' })
      .expect(201);
    const rating = await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: res.body.id as string });
    return { creditedTo: rating.staffId, caseId: (res.body.caseId as string | undefined) ?? null };
  };
  const caseAsSeenBy = async (token: string, id: string) => (await request(t.http).get(`/api/v1/cases/${id}`).set(bearer(token)).expect(200)).body;
  const createStaff = async (staffNumber: string, roles: string[]) =>
    (await request(t.http).post('/api/v1/staff').set(bearer(admin)).send({ staffNumber, name: staffNumber, unitId: w.units.A.id, roles, password: PASSWORD }).expect(201)).body.id as string;

  it('deactivated: off duty at once, credited with no new rating, open cases back in the unit’s queue', async () => {
    await startDuty('A001');
    expect(await onDutyAtWindowA()).toMatchObject({ name: '甲窗口' });
    const before = await rate(1);
    expect(before.creditedTo).toBe(w.staff.clerkA.id);
    // Unit A hands cases out in turn; its one handler has this one.
    const assigned = await caseAsSeenBy(unitAdmin, before.caseId!);
    expect(assigned.assignee).toEqual({ id: w.staff.handlerA.id, name: '甲处理人' });
    // The case page names who served (name and staff number, nothing else of their account).
    expect(assigned.rating.staffOnDuty).toEqual({ name: '甲窗口', staffNumber: 'A001' });

    await request(t.http).post(`/api/v1/staff/${w.staff.clerkA.id}/deactivate`).set(bearer(unitAdmin)).expect(200);
    expect(await onDutyAtWindowA()).toBeNull();
    expect((await rate(5)).creditedTo).toBeNull();

    await request(t.http).post(`/api/v1/staff/${w.staff.handlerA.id}/deactivate`).set(bearer(unitAdmin)).expect(200);
    const returned = await caseAsSeenBy(unitAdmin, before.caseId!);
    expect(returned.assignee).toBeNull();
    expect(returned.state).toBe(assigned.state);
    expect(returned.timeline.at(-1)).toMatchObject({ actor: { kind: 'system', name: '系统' }, action: 'assign', note: '处理人已离岗，退回单位待领取' });
    // Activated again, they are still off duty until they sign in to a window themselves.
    await request(t.http).post(`/api/v1/staff/${w.staff.clerkA.id}/activate`).set(bearer(unitAdmin)).expect(200);
    expect(await onDutyAtWindowA()).toBeNull();
  });

  it('moved to another unit: off duty at the old unit’s windows, the old unit’s cases back in its queue', async () => {
    const id = await createStaff('A-MOVE', ['window_staff', 'case_handler']);
    await startDuty('A-MOVE');
    // The unit's only active handler now: the case is theirs.
    const { caseId } = await rate(2);
    expect((await caseAsSeenBy(unitAdmin, caseId!)).assignee).toEqual({ id, name: 'A-MOVE' });

    await request(t.http).patch(`/api/v1/staff/${id}`).set(bearer(admin)).send({ unitId: w.units.C.id }).expect(200);
    expect(await onDutyAtWindowA()).toBeNull();
    expect((await rate(5)).creditedTo).toBeNull();
    const returned = await caseAsSeenBy(unitAdmin, caseId!);
    expect(returned.assignee).toBeNull();
    expect(returned.timeline.at(-1)).toMatchObject({ action: 'assign', note: '处理人已离岗，退回单位待领取' });
  });

  it('moved by a staff import: the same', async () => {
    await createStaff('A-IMPMOVE', ['window_staff']);
    await startDuty('A-IMPMOVE');
    expect(await onDutyAtWindowA()).toMatchObject({ name: 'A-IMPMOVE' });
    const file = Buffer.from('工号,姓名,单位编码,角色\nA-IMPMOVE,A-IMPMOVE,UNIT-C,窗口工作人员\n', 'utf8');
    await request(t.http).post('/api/v1/catalog/import/staff').set(bearer(admin)).attach('file', file, 'staff.csv').expect(200);
    expect(await onDutyAtWindowA()).toBeNull();
  });

  it('keeps the shift of someone whose other details change', async () => {
    const id = await createStaff('A-STAY', ['window_staff']);
    await startDuty('A-STAY');
    await request(t.http).patch(`/api/v1/staff/${id}`).set(bearer(admin)).send({ name: '改名不离岗', unitId: w.units.A.id }).expect(200);
    expect(await onDutyAtWindowA()).toMatchObject({ name: '改名不离岗' });
    // An account switched off behind the server's back (in the database) is on duty nowhere, shift open or not.
    await t.dataSource.query('UPDATE staff SET active = false WHERE id = $1', [id]);
    expect(await onDutyAtWindowA()).toBeNull();
    expect((await rate(5)).creditedTo).toBeNull();
  });
});
