import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DutyShiftEntity } from '../src/modules/duty/entities/duty-shift.entity.js';
import { CaseEntity } from '../src/modules/cases/entities/case.entity.js';
import { RatingEntity } from '../src/modules/ratings/entities/rating.entity.js';
import { bearer, login, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** What a script can try against the rating path, and what it gets. */
describe('ratings against a misbehaving client', () => {
  let t: TestApp;
  let w: World;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1', DEVICE_SIGNUPS_PER_IP_HOUR: '5' } });
    w = await seedWorld(t.dataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  const nextAddress = () => `203.0.113.${++serial}`;
  const device = async (from = nextAddress()) =>
    (await request(t.http).post('/api/v1/auth/device').set('X-Forwarded-For', from).send({ deviceId: `abuse-device-${String(++serial).padStart(8, '0')}` }).expect(200)).body
      .accessToken as string;
  const rate = (token: string, body: Record<string, unknown>, from = '203.0.113.250') =>
    request(t.http).post('/api/v1/ratings').set(bearer(token)).set('X-Forwarded-For', from).send({ clientId: randomUUID(), tagCodes: [], ...body });
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const stored = (id: string) => t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id });

  describe('backdated ratings', () => {
    it('seven 差评 of one window in a second, each claiming a time eleven minutes before the last, store one', async () => {
      const citizen = await device();
      const before = await t.dataSource.getRepository(CaseEntity).count();
      const answers = [];
      for (let i = 0; i < 7; i += 1) answers.push(await rate(citizen, { scene: 'SceneWindowB2', level: 1, ratedAt: minutesAgo(i * 11) }));
      expect(answers.map((a) => a.status)).toEqual([201, 409, 409, 409, 409, 409, 409]);
      expect(answers.slice(1).every((a) => a.body.code === 'RATING_DUPLICATE')).toBe(true);
      expect(await t.dataSource.getRepository(CaseEntity).count()).toBe(before + 1);
    });

    it('flags a rating that claims an earlier time without coming from the offline queue, and credits who is on duty now', async () => {
      const now = await login(t.http, 'A001');
      // Someone else served window A an hour and a half ago.
      await t.dataSource.getRepository(DutyShiftEntity).insert({ windowId: w.windows.WA.id, staffId: w.staff.handlerA.id, startedAt: new Date(Date.now() - 120 * 60_000), endedAt: new Date(Date.now() - 60 * 60_000) });
      await request(t.http).post('/api/v1/duty/start').set(bearer(now)).send({ windowId: w.windows.WA.id }).expect(200);

      const claimed = await rate(await device(), { scene: 'SceneWindowA1', level: 1, ratedAt: minutesAgo(90) }).expect(201);
      expect(await stored(claimed.body.id)).toMatchObject({ flags: ['backdated'], flagStatus: 'pending', staffId: w.staff.clerkA.id, queued: false });

      // The same claim from the offline queue is believed: credited to whoever served then, and not flagged.
      const queued = await rate(await device(), { scene: 'SceneWindowA1', level: 1, ratedAt: minutesAgo(90), queued: true }).expect(201);
      expect(await stored(queued.body.id)).toMatchObject({ flags: [], staffId: w.staff.handlerA.id, queued: true });

      // A few minutes of clock difference are normal (this phone runs two minutes fast).
      const skewed = await rate(await device(), { scene: 'SceneWindowA1', level: 4, ratedAt: minutesAgo(-2) }).expect(201);
      expect(await stored(skewed.body.id)).toMatchObject({ flags: [], staffId: w.staff.clerkA.id });
      await request(t.http).post('/api/v1/duty/end').set(bearer(now)).expect(200);
    });

    it('stores a rating queued longer than a week, flagged, crediting nobody', async () => {
      const late = await rate(await device(), { scene: 'SceneWindowA1', level: 2, ratedAt: minutesAgo(9 * 24 * 60), queued: true }).expect(201);
      expect(await stored(late.body.id)).toMatchObject({ flags: ['late_upload'], staffId: null });
    });
  });

  describe('the window a rating names', () => {
    it('refuses a window id: a rating names the code hanging at the window', async () => {
      const res = await rate(await device(), { windowId: w.windows.WA.id, level: 1 }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['scene', 'windowId']);
    });

    it('stops taking ratings from a rotated code at once', async () => {
      const admin = await login(t.http, 'admin');
      const citizen = await device();
      const count = await t.dataSource.getRepository(RatingEntity).count({ where: { windowId: w.windows.WC.id } });
      await request(t.http).post(`/api/v1/windows/${w.windows.WC.id}/rotate-scene`).set(bearer(admin)).expect(200);
      const res = await rate(citizen, { scene: 'SceneWindowC1', level: 1 }).expect(404);
      expect(res.body).toMatchObject({ code: 'SCAN_UNKNOWN', retired: true });
      expect(await t.dataSource.getRepository(RatingEntity).count({ where: { windowId: w.windows.WC.id } })).toBe(count);
    });
  });

  describe('rate limits', () => {
    it('holds the hourly limit per citizen under 60 parallel posts', async () => {
      const citizen = await device();
      // Sixty windows' worth of ratings at once: distinct windows, so only the hourly limit (30) can stop them.
      const hall = w.halls.H1.id;
      const scenes: string[] = [];
      for (let i = 0; i < 60; i += 1) {
        const scene = `SceneParallel${String(i).padStart(2, '0')}`;
        await t.dataSource.query(`INSERT INTO service_window (hall_id, number, name, unit_id, scene) VALUES ($1, $2, '并发窗口', $3, $4)`, [hall, `P${i}`, w.units.B.id, scene]);
        scenes.push(scene);
      }
      const answers = await Promise.all(scenes.map((scene) => rate(citizen, { scene, level: 5 })));
      const stored = answers.filter((a) => a.status === 201).length;
      expect(stored).toBe(30);
      expect(answers.filter((a) => a.status === 429).every((a) => a.body.code === 'RATING_RATE_LIMITED')).toBe(true);
      const me = await request(t.http).get('/api/v1/me/ratings').set(bearer(citizen)).expect(200);
      expect(me.body.total).toBe(30);
    });

    it('limits new browser accounts per address, but never a returning one', async () => {
      const from = nextAddress();
      const ids = Array.from({ length: 6 }, (_, i) => `signup-burst-${from}-${i}`.replace(/\./g, '_'));
      const answers = [];
      for (const deviceId of ids) answers.push(await request(t.http).post('/api/v1/auth/device').set('X-Forwarded-For', from).send({ deviceId }));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
      expect(answers[5].body.code).toBe('AUTH_SIGNUP_THROTTLED');
      expect(answers[5].headers['retry-after']).toBeDefined();
      // A device that already has an account signs in as before; another address may sign up.
      await request(t.http).post('/api/v1/auth/device').set('X-Forwarded-For', from).send({ deviceId: ids[0] }).expect(200);
      await request(t.http).post('/api/v1/auth/device').set('X-Forwarded-For', nextAddress()).send({ deviceId: ids[5] }).expect(200);
    });

    it('holds the sign-up limit under parallel requests', async () => {
      const from = nextAddress();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => request(t.http).post('/api/v1/auth/device').set('X-Forwarded-For', from).send({ deviceId: `parallel-signup-${serial}-${i}-xx` })),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    });
  });

  describe('numbers are JSON integers and nothing else', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['level true (would become a 差评)', { level: true }, 'level'],
      ['level "0x5"', { level: '0x5' }, 'level'],
      ['level " 4 "', { level: ' 4 ' }, 'level'],
      ['level "1e0"', { level: '1e0' }, 'level'],
      ['level 4.5', { level: 4.5 }, 'level'],
      ['channel "3"', { level: 4, channel: '3' }, 'channel'],
      ['channel true', { level: 4, channel: true }, 'channel'],
      ['a tag code of 1e300', { level: 4, tagCodes: [1e300] }, 'tagCodes'],
      ['queued "yes"', { level: 4, queued: 'yes' }, 'queued'],
    ];
    it.each(cases)('refuses %s with 400 and stores nothing', async (_name, body, field) => {
      const before = await t.dataSource.getRepository(RatingEntity).count();
      const res = await rate(await device(), { scene: 'SceneWindowA1', ...body }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await t.dataSource.getRepository(RatingEntity).count()).toBe(before);
    });
  });
});
