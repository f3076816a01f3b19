import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { RatingEntity } from '../src/modules/ratings/entities/rating.entity.js';
import { bearer, login, seedWorld } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

let deviceSerial = 0;

/** GET /me/ratings/recent: the rating page asks before the citizen writes whether the window was rated just now. */
describe('the citizen’s recent rating of a window (一次一评, announced at once)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedWorld(t.dataSource);
  });
  afterAll(() => t.close());

  const device = async () =>
    (await request(t.http).post('/api/v1/auth/device').send({ deviceId: `recent-device-${String(++deviceSerial).padStart(6, '0')}` }).expect(200)).body
      .accessToken as string;
  const rate = (token: string, body: Record<string, unknown>) =>
    request(t.http).post('/api/v1/ratings').set(bearer(token)).send({ clientId: randomUUID(), tagCodes: [], ...body });
  const recent = (token: string | null, scene: string) => {
    const req = request(t.http).get('/api/v1/me/ratings/recent').query({ scene });
    return token ? req.set(bearer(token)) : req;
  };

  it('gives the citizen’s rating of this window within the period, with its case, and when the window may be rated again', async () => {
    const citizen = await device();
    const made = await rate(citizen, { scene: 'SceneWindowA1', level: 2, tagCodes: [214], comment: '等了很久', serviceItemCode: 'ITEM-A-001' }).expect(201);
    const stored = await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: made.body.id });

    const res = await recent(citizen, 'SceneWindowA1').expect(200);
    expect(res.body).toEqual({
      rating: {
        id: made.body.id,
        createdAt: stored.ratedAt.toISOString(),
        level: 2,
        tagCodes: [214],
        tagVersion: 'v2',
        comment: '等了很久',
        window: { number: '1', name: '企业开办' },
        hall: { name: '泰山区政务服务中心' },
        unit: { name: '泰山区行政审批服务局' },
        serviceItem: { code: 'ITEM-A-001', name: '企业开办' },
        // No number was left: nobody calls, the unit verifies.
        case: { id: made.body.caseId, caseNo: made.body.caseNo, state: 'verified', callbackDueAt: made.body.callbackDueAt, replyDueAt: made.body.replyDueAt },
      },
      periodMinutes: 10,
      ratableAgainAt: new Date(Math.max(stored.ratedAt.getTime(), stored.receivedAt.getTime()) + 10 * 60_000).toISOString(),
    });

    // As 我的评价 shows it; and what it announces is what a rating now would meet.
    expect((await request(t.http).get('/api/v1/me/ratings').set(bearer(citizen)).expect(200)).body.items).toEqual([res.body.rating]);
    const again = await rate(citizen, { scene: 'SceneWindowA1', level: 5 }).expect(409);
    expect(again.body).toMatchObject({ code: 'RATING_DUPLICATE', existingRatingId: made.body.id });
  });

  it('says nothing of other windows, nor of ratings older than the period', async () => {
    const citizen = await device();
    const made = await rate(citizen, { scene: 'SceneWindowB2', level: 4 }).expect(201);
    expect((await recent(citizen, 'SceneWindowC1').expect(200)).body).toEqual({ rating: null, periodMinutes: 10, ratableAgainAt: null });

    const elevenMinutesAgo = new Date(Date.now() - 11 * 60_000);
    await t.dataSource.getRepository(RatingEntity).update({ id: made.body.id }, { ratedAt: elevenMinutesAgo, receivedAt: elevenMinutesAgo });
    expect((await recent(citizen, 'SceneWindowB2').expect(200)).body).toEqual({ rating: null, periodMinutes: 10, ratableAgainAt: null });
    await rate(citizen, { scene: 'SceneWindowB2', level: 5 }).expect(201);
  });

  it('never shows one citizen’s rating to another', async () => {
    const rater = await device();
    await rate(rater, { scene: 'SceneWindowC1', level: 1, comment: '态度不好' }).expect(201);
    expect((await recent(rater, 'SceneWindowC1').expect(200)).body.rating).not.toBeNull();

    const other = await device();
    const res = await recent(other, 'SceneWindowC1').expect(200);
    expect(res.body).toEqual({ rating: null, periodMinutes: 10, ratableAgainAt: null });
  });

  it('answers citizens only: staff and callers without a token are refused', async () => {
    const citizen = await device();
    await rate(citizen, { scene: 'SceneWindowA1', level: 5 }).expect(201);
    for (const staffNumber of ['A001', 'admin']) {
      const res = await recent(await login(t.http, staffNumber), 'SceneWindowA1').expect(403);
      expect(JSON.stringify(res.body)).not.toContain('SceneWindowA1');
      expect(res.body).not.toHaveProperty('rating');
    }
    const anonymous = await recent(null, 'SceneWindowA1').expect(401);
    expect(anonymous.body).not.toHaveProperty('rating');
  });

  it('refuses a scene no QR code could carry with a clear 400, and has nothing for an unknown one', async () => {
    const citizen = await device();
    for (const scene of ['', 'x'.repeat(33), '带中文的场景']) {
      const res = await recent(citizen, scene).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const missing = await request(t.http).get('/api/v1/me/ratings/recent').set(bearer(citizen)).expect(400);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    expect((await recent(citizen, 'NoSuchWindow1').expect(200)).body).toEqual({ rating: null, periodMinutes: 10, ratableAgainAt: null });
  });
});
