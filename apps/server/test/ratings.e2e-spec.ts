import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DEFAULT_RISKY_WORDS, startWechatSandbox, type WechatSandbox } from '@hcp/wechat-sandbox';
import { CaseEventEntity } from '../src/modules/cases/entities/case-event.entity.js';
import { CaseEntity } from '../src/modules/cases/entities/case.entity.js';
import { WindowEntity } from '../src/modules/catalog/entities/window.entity.js';
import { RatingEntity } from '../src/modules/ratings/entities/rating.entity.js';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const APP = { appId: 'wx0a1b2c3d4e5f6a7b', appSecret: 'ratings-secret' };
let deviceSerial = 0;

describe('rating at the window', () => {
  let t: TestApp;
  let w: World;
  let wechat: WechatSandbox;

  beforeAll(async () => {
    wechat = await startWechatSandbox({ apps: [APP] });
    t = await createTestApp({ env: { WECHAT_APP_ID: APP.appId, WECHAT_APP_SECRET: APP.appSecret, WECHAT_API_BASE_URL: wechat.url } });
    w = await seedWorld(t.dataSource);
    // A fourth window, for the many-windows signal.
    await t.dataSource.getRepository(WindowEntity).save({ hallId: w.halls.H1.id, number: '3', name: '综合受理', unitId: w.units.A.id, scene: 'SceneWindowA3' });
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  const device = async (id = `rating-device-${String(++deviceSerial).padStart(6, '0')}`) =>
    (await request(t.http).post('/api/v1/auth/device').send({ deviceId: id }).expect(200)).body.accessToken as string;
  const wechatCitizen = async () => {
    const { code } = await wechat.issueLoginCode();
    return (await request(t.http).post('/api/v1/auth/wechat').send({ code }).expect(200)).body.accessToken as string;
  };
  const rate = (token: string, body: Record<string, unknown>) =>
    request(t.http).post('/api/v1/ratings').set(bearer(token)).send({ clientId: randomUUID(), tagCodes: [], ...body });
  const ratings = () => t.dataSource.getRepository(RatingEntity).count();
  const cases = () => t.dataSource.getRepository(CaseEntity).count();

  it('stores a good rating with what was rated, credited to the staff member on duty, and opens no case', async () => {
    const clerk = await login(t.http, 'A001');
    await request(t.http).post('/api/v1/duty/start').set(bearer(clerk)).send({ windowId: w.windows.WA.id }).expect(200);
    const citizen = await device();
    const res = await rate(citizen, { scene: 'SceneWindowA1', level: 5, tagCodes: [510, 517], comment: '办得很快', serviceItemCode: 'ITEM-A-001' }).expect(201);
    expect(res.body).toEqual({ id: expect.any(String), level: 5 });
    const stored = await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: res.body.id });
    expect(stored).toMatchObject({
      windowId: w.windows.WA.id,
      hallId: w.halls.H1.id,
      unitId: w.units.A.id,
      staffId: w.staff.clerkA.id,
      serviceItemId: w.items.SA.id,
      tagCodes: [510, 517],
      tagVersion: 'v2',
      channel: 3,
      comment: '办得很快',
      commentCheck: 'unchecked',
      flags: [],
    });
    expect(stored.ipHash).toMatch(/^[0-9a-f]{64}$/);
    await request(t.http).post('/api/v1/duty/end').set(bearer(clerk)).expect(200);
  });

  it('opens exactly one case for a 差评, routed to the window’s unit, with working-day deadlines and a timeline entry', async () => {
    const citizen = await device();
    const before = await cases();
    const res = await rate(citizen, { scene: 'SceneWindowC1', level: 1, tagCodes: [113, 115], comment: '跑了三个窗口', contactPhone: '13912345678' }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      level: 1,
      caseId: expect.any(String),
      caseNo: expect.stringMatching(/^CP\d{8}\d{6}$/),
      callbackDueAt: expect.stringMatching(/T15:59:59\.999Z$/), // 23:59:59.999 China time
      replyDueAt: expect.stringMatching(/T15:59:59\.999Z$/),
      callbackExpected: true,
    });
    expect(Date.parse(res.body.callbackDueAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(res.body.replyDueAt)).toBeGreaterThan(Date.parse(res.body.callbackDueAt) + 14 * 24 * 3600_000);
    expect(await cases()).toBe(before + 1);
    const opened = await t.dataSource.getRepository(CaseEntity).findOneByOrFail({ id: res.body.caseId });
    expect(opened).toMatchObject({ ratingId: res.body.id, unitId: w.units.C.id, windowId: w.windows.WC.id, state: 'awaiting_callback' });
    const timeline = await t.dataSource.getRepository(CaseEventEntity).find({ where: { caseId: opened.id } });
    expect(timeline).toEqual([expect.objectContaining({ action: 'opened', actorKind: 'citizen', toState: 'awaiting_callback', at: expect.any(Date) })]);
    const stored = await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: res.body.id });
    expect(stored.contactPhoneMasked).toBe('139****5678');
    expect(stored.contactPhoneEnc).not.toContain('13912345678');
  });

  describe('every validation rule: a 400 (or 404) with a code, and nothing stored', () => {
    const cases_: { name: string; body: Record<string, unknown>; status: number; code: string; field?: string }[] = [
      { name: 'a level outside 1–5', body: { scene: 'SceneWindowA3', level: 6 }, status: 400, code: 'VALIDATION_FAILED', field: 'level' },
      { name: 'a tag of another level', body: { scene: 'SceneWindowA3', level: 5, tagCodes: [510, 214] }, status: 400, code: 'RATING_TAG_INVALID', field: 'tagCodes' },
      { name: 'a retired-table tag', body: { scene: 'SceneWindowA3', level: 5, tagCodes: [501] }, status: 400, code: 'RATING_TAG_INVALID', field: 'tagCodes' },
      { name: 'the same tag twice', body: { scene: 'SceneWindowA3', level: 5, tagCodes: [510, 510] }, status: 400, code: 'VALIDATION_FAILED', field: 'tagCodes' },
      { name: 'a comment of 151 characters', body: { scene: 'SceneWindowA3', level: 3, comment: '好'.repeat(151) }, status: 400, code: 'VALIDATION_FAILED', field: 'comment' },
      { name: 'a contact with a good rating', body: { scene: 'SceneWindowA3', level: 4, contactPhone: '13912345678' }, status: 400, code: 'RATING_CONTACT_NOT_ALLOWED', field: 'contactPhone' },
      { name: 'a malformed phone number', body: { scene: 'SceneWindowA3', level: 1, contactPhone: '12345' }, status: 400, code: 'VALIDATION_FAILED', field: 'contactPhone' },
      { name: 'a service item the window does not offer', body: { scene: 'SceneWindowA1', level: 4, serviceItemCode: 'ITEM-C-001' }, status: 400, code: 'RATING_SERVICE_ITEM_INVALID', field: 'serviceItemCode' },
      { name: 'a missing client id', body: { clientId: undefined, scene: 'SceneWindowA3', level: 4 }, status: 400, code: 'VALIDATION_FAILED', field: 'clientId' },
      { name: 'a client id that is not a UUID', body: { clientId: 'abc', scene: 'SceneWindowA3', level: 4 }, status: 400, code: 'VALIDATION_FAILED', field: 'clientId' },
      { name: 'an unknown field', body: { scene: 'SceneWindowA3', level: 4, stars: 5 }, status: 400, code: 'VALIDATION_FAILED', field: 'stars' },
      { name: 'neither scene nor window', body: { level: 4 }, status: 400, code: 'VALIDATION_FAILED', field: 'scene' },
      { name: 'a time in the future', body: { scene: 'SceneWindowA3', level: 4, ratedAt: new Date(Date.now() + 3600_000).toISOString() }, status: 400, code: 'VALIDATION_FAILED', field: 'ratedAt' },
      { name: 'an unknown scene', body: { scene: 'NoSuchWindow1', level: 4 }, status: 404, code: 'SCAN_UNKNOWN' },
      { name: 'a bad channel', body: { scene: 'SceneWindowA3', level: 4, channel: 9 }, status: 400, code: 'VALIDATION_FAILED', field: 'channel' },
    ];
    for (const c of cases_) {
      it(c.name, async () => {
        const citizen = await device();
        const [r0, c0] = [await ratings(), await cases()];
        const res = await rate(citizen, c.body).expect(c.status);
        expect(res.body.code).toBe(c.code);
        if (c.field) expect(res.body.details.map((d: { field: string }) => d.field)).toContain(c.field);
        expect([await ratings(), await cases()]).toEqual([r0, c0]);
      });
    }

    it('a deactivated window', async () => {
      const admin = bearer(await login(t.http, 'admin'));
      await request(t.http).post(`/api/v1/windows/${w.windows.WB.id}/deactivate`).set(admin).expect(200);
      const r0 = await ratings();
      expect((await rate(await device(), { scene: 'SceneWindowB2', level: 4 }).expect(404)).body.code).toBe('WINDOW_INACTIVE');
      expect(await ratings()).toBe(r0);
      await request(t.http).post(`/api/v1/windows/${w.windows.WB.id}/activate`).set(admin).expect(200);
    });

    it('only citizens rate', async () => {
      const staff = await login(t.http, 'A001');
      await request(t.http).post('/api/v1/ratings').set(bearer(staff)).send({ clientId: randomUUID(), scene: 'SceneWindowA3', level: 5, tagCodes: [] }).expect(403);
      await request(t.http).post('/api/v1/ratings').send({ clientId: randomUUID(), scene: 'SceneWindowA3', level: 5, tagCodes: [] }).expect(401);
    });
  });

  describe('never lost, never duplicated', () => {
    it('answers a retry with the same rating (200), and 20 racing copies store one', async () => {
      const citizen = await device();
      const clientId = randomUUID();
      const body = { clientId, scene: 'SceneWindowB2', level: 2, tagCodes: [213], comment: '排队太久' };
      const [r0, c0] = [await ratings(), await cases()];
      const responses = await Promise.all(Array.from({ length: 20 }, () => request(t.http).post('/api/v1/ratings').set(bearer(citizen)).send(body)));
      expect(responses.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
      expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
      expect(await ratings()).toBe(r0 + 1);
      expect(await cases()).toBe(c0 + 1);
      const later = await request(t.http).post('/api/v1/ratings').set(bearer(citizen)).send(body).expect(200);
      expect(later.body).toEqual(responses[0].body);
    });

    it('refuses another citizen’s client id', async () => {
      const clientId = randomUUID();
      await rate(await device(), { clientId, scene: 'SceneWindowA3', level: 4 }).expect(201);
      expect((await rate(await device(), { clientId, scene: 'SceneWindowA3', level: 4 }).expect(409)).body.code).toBe('RATING_CLIENT_ID_REUSED');
    });

    it('refuses a second rating of the same window within ten minutes, naming the first; another window is fine', async () => {
      const citizen = await device();
      const first = await rate(citizen, { scene: 'SceneWindowA3', level: 4 }).expect(201);
      const second = await rate(citizen, { scene: 'SceneWindowA3', level: 1 }).expect(409);
      expect(second.body).toMatchObject({ code: 'RATING_DUPLICATE', existingRatingId: first.body.id });
      await rate(citizen, { scene: 'SceneWindowC1', level: 4 }).expect(201);
    });

    it('keeps a queued rating’s own time, so a late upload still counts where and when it was made', async () => {
      const citizen = await device();
      const ratedAt = new Date(Date.now() - 2 * 3600_000).toISOString();
      const res = await rate(citizen, { scene: 'SceneWindowA3', level: 5, ratedAt, queued: true }).expect(201);
      const stored = await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: res.body.id });
      expect(stored.ratedAt.toISOString()).toBe(ratedAt);
      expect(stored).toMatchObject({ queued: true, flags: [] });
      // Two hours ago by the phone's clock, but received just now: another rating of that window now is refused.
      expect((await rate(citizen, { scene: 'SceneWindowA3', level: 5 }).expect(409)).body.code).toBe('RATING_DUPLICATE');
      // A phone offline for six weeks still delivers its rating; it is flagged for a look.
      const late = await rate(citizen, { scene: 'SceneWindowC1', level: 4, queued: true, ratedAt: new Date(Date.now() - 42 * 24 * 3600_000).toISOString() }).expect(201);
      expect((await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: late.body.id })).flags).toEqual(['late_upload']);
    });

    it('stores neither rating nor case when opening the case fails, and the retry then succeeds', async () => {
      await t.dataSource.query(`CREATE FUNCTION fail_case() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$ LANGUAGE plpgsql`);
      await t.dataSource.query(`CREATE TRIGGER fail_case BEFORE INSERT ON rating_case FOR EACH ROW EXECUTE FUNCTION fail_case()`);
      const citizen = await device();
      const clientId = randomUUID();
      const [r0, c0] = [await ratings(), await cases()];
      const failed = await rate(citizen, { clientId, scene: 'SceneWindowC1', level: 1, tagCodes: [115] }).expect(500);
      expect(failed.body.code).toBe('INTERNAL_ERROR');
      expect([await ratings(), await cases()]).toEqual([r0, c0]);
      await t.dataSource.query('DROP TRIGGER fail_case ON rating_case; DROP FUNCTION fail_case()');
      const retried = await rate(citizen, { clientId, scene: 'SceneWindowC1', level: 1, tagCodes: [115] }).expect(201);
      expect(retried.body.caseNo).toEqual(expect.any(String));
      expect([await ratings(), await cases()]).toEqual([r0 + 1, c0 + 1]);
    });
  });

  describe('content check and phone numbers through WeChat', () => {
    it('keeps a risky comment but hides it and flags the rating', async () => {
      const citizen = await wechatCitizen();
      const res = await rate(citizen, { scene: 'SceneWindowA3', level: 2, comment: `工作人员${DEFAULT_RISKY_WORDS[0]}` }).expect(201);
      const stored = await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: res.body.id });
      expect(stored).toMatchObject({ commentCheck: 'risky', commentHidden: true, flagStatus: 'pending' });
      expect(stored.flags).toContain('risky_comment');
      expect(stored.comment).toContain('工作人员');
    });

    it('passes a plain comment', async () => {
      const res = await rate(await wechatCitizen(), { scene: 'SceneWindowA3', level: 5, comment: '服务热情' }).expect(201);
      expect(await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: res.body.id })).toMatchObject({ commentCheck: 'pass', commentHidden: false, flags: [] });
    });

    it('takes the call-back number from a raw WeChat phone code (older app versions), and never refuses the rating for a bad one', async () => {
      const login = await wechat.issueLoginCode();
      const citizen = (await request(t.http).post('/api/v1/auth/wechat').send({ code: login.code }).expect(200)).body.accessToken as string;
      const { code } = wechat.issuePhoneCode('13712345678', { openid: login.openid });
      const res = await rate(citizen, { scene: 'SceneWindowC1', level: 2, phoneCode: code }).expect(201);
      expect((await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: res.body.id })).contactPhoneMasked).toBe('137****5678');
      const bogus = await rate(await wechatCitizen(), { scene: 'SceneWindowC1', level: 2, phoneCode: 'bogus' }).expect(201);
      expect(await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: bogus.body.id })).toMatchObject({ contactPhoneEnc: null, contactPhoneMasked: null });
    });
  });

  describe('fraud signals flag, never reject', () => {
    it('flags one device rating many windows within minutes', async () => {
      const citizen = await device();
      const ids = [];
      for (const scene of ['SceneWindowA1', 'SceneWindowB2', 'SceneWindowC1', 'SceneWindowA3']) ids.push((await rate(citizen, { scene, level: 5 }).expect(201)).body.id);
      const last = await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: ids[3] });
      const first = await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: ids[0] });
      expect(last.flags).toContain('many_windows');
      expect(last.flagStatus).toBe('pending');
      expect(first.flags).toEqual([]);
    });

    it('flags a staff member rating their own window from their own device', async () => {
      const deviceId = 'staff-own-phone-000001';
      await request(t.http).post('/api/v1/auth/login').send({ staffNumber: 'C001', password: PASSWORD, deviceId }).expect(200);
      const clerk = await login(t.http, 'C001');
      await request(t.http).post('/api/v1/duty/start').set(bearer(clerk)).send({ windowId: w.windows.WC.id }).expect(200);
      const res = await rate(await device(deviceId), { scene: 'SceneWindowC1', level: 5 }).expect(201);
      expect((await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: res.body.id })).flags).toContain('staff_self');
      await request(t.http).post('/api/v1/duty/end').set(bearer(clerk)).expect(200);
    });

    it('flags a burst of good ratings at one window', async () => {
      const burst = await t.dataSource.getRepository(WindowEntity).save({ hallId: w.halls.H1.id, number: '9', name: '突击窗口', unitId: w.units.A.id, scene: 'SceneBurst009' });
      const flags: string[][] = [];
      for (let i = 0; i < 8; i += 1) {
        const res = await rate(await device(), { scene: burst.scene, level: 5 }).expect(201);
        flags.push((await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: res.body.id })).flags);
      }
      expect(flags.slice(0, 7).every((f) => f.length === 0)).toBe(true);
      expect(flags[7]).toContain('good_burst');
    });

    it('compares a late upload with the minutes around its own time, not with everything rated since', async () => {
      const busy = await t.dataSource.getRepository(WindowEntity).save({ hallId: w.halls.H1.id, number: '10', name: '繁忙窗口', unitId: w.units.A.id, scene: 'SceneBusy010' });
      for (let i = 0; i < 8; i += 1) await rate(await device(), { scene: busy.scene, level: 5 }).expect(201);
      // Rated an hour ago in a quiet hall, queued offline, sent now: no burst happened around its time.
      const ratedAt = new Date(Date.now() - 3600_000).toISOString();
      const late = await rate(await device(), { scene: busy.scene, level: 5, ratedAt, queued: true }).expect(201);
      expect((await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: late.body.id })).flags).toEqual([]);
      // The same citizen's other windows rated an hour later do not make its hour look like a spree either.
      const citizen = await device();
      for (const scene of ['SceneWindowA1', 'SceneWindowB2', 'SceneWindowC1']) await rate(citizen, { scene, level: 5 }).expect(201);
      const earlier = await rate(citizen, { scene: 'SceneWindowA3', level: 5, ratedAt, queued: true }).expect(201);
      expect((await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: earlier.body.id })).flags).not.toContain('many_windows');
    });
  });

  it('keeps a browser device’s ratings with the citizen after the device is linked to WeChat', async () => {
    const deviceToken = await device();
    const made = await rate(deviceToken, { scene: 'SceneWindowA1', level: 2, tagCodes: [214] }).expect(201);
    const { code } = await wechat.issueLoginCode();
    const linked = await request(t.http).post('/api/v1/auth/link-wechat').set(bearer(deviceToken)).send({ code }).expect(200);
    const wechatToken = linked.body.accessToken as string;
    const mine = await request(t.http).get('/api/v1/me/ratings').set(bearer(wechatToken)).expect(200);
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([made.body.id]);
    // Still one rating per service: the same window again, now from the WeChat account, is a duplicate.
    const again = await rate(wechatToken, { scene: 'SceneWindowA1', level: 1 }).expect(409);
    expect(again.body).toMatchObject({ code: 'RATING_DUPLICATE', existingRatingId: made.body.id });
    // And a retry of the device's queued rating, sent after the link, is recognised as the same rating.
    const retry = await request(t.http).post('/api/v1/ratings').set(bearer(wechatToken)).send({ clientId: (await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: made.body.id })).clientId, scene: 'SceneWindowA1', level: 2, tagCodes: [214] }).expect(200);
    expect(retry.body.id).toBe(made.body.id);
  });

  it('answers 404 for a window whose unit was deactivated', async () => {
    const admin = bearer(await login(t.http, 'admin'));
    await request(t.http).post(`/api/v1/units/${w.units.B.id}/deactivate`).set(admin).expect(200);
    expect((await request(t.http).get('/api/v1/scan/SceneWindowB2').expect(404)).body.code).toBe('WINDOW_INACTIVE');
    expect((await rate(await device(), { scene: 'SceneWindowB2', level: 5 }).expect(404)).body.code).toBe('WINDOW_INACTIVE');
    await request(t.http).post(`/api/v1/units/${w.units.B.id}/activate`).set(admin).expect(200);
  });

  it('lists a citizen’s own ratings with their case, newest first, and nobody else’s', async () => {
    const citizen = await device();
    await rate(citizen, { scene: 'SceneWindowA1', level: 4, tagCodes: [413] }).expect(201);
    const bad = await rate(citizen, { scene: 'SceneWindowC1', level: 2, tagCodes: [214] }).expect(201);
    const mine = await request(t.http).get('/api/v1/me/ratings').set(bearer(citizen)).expect(200);
    expect(mine.body.total).toBe(2);
    expect(mine.body.items[0]).toMatchObject({ level: 2, window: { number: '1', name: '食品许可' }, hall: { name: '环翠区政务服务中心' }, case: { caseNo: bad.body.caseNo, state: 'verified' } }); // no number: 无法联系 recorded, a reply is due
    expect(mine.body.items[1]).toMatchObject({ level: 4, tagCodes: [413], case: null });
    expect(JSON.stringify(mine.body)).not.toMatch(/contact|ipHash|flags/);
    expect((await request(t.http).get('/api/v1/me/ratings').set(bearer(await device())).expect(200)).body.total).toBe(0);
  });
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATING_LIMIT_PER_CITIZEN_HOUR: '2', RATING_LIMIT_PER_IP_HOUR: '4' } });
    await seedWorld(t.dataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with a code once a citizen passes the hourly limit, storing nothing', async () => {
    const token = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: 'limit-device-00000001' }).expect(200)).body.accessToken;
    const post = (scene: string) => request(t.http).post('/api/v1/ratings').set(bearer(token)).send({ clientId: randomUUID(), scene, level: 5, tagCodes: [] });
    await post('SceneWindowA1').expect(201);
    await post('SceneWindowB2').expect(201);
    const limited = await post('SceneWindowC1').expect(429);
    expect(limited.body.code).toBe('RATING_RATE_LIMITED');
    expect(await t.dataSource.getRepository(RatingEntity).count()).toBe(2);
  });

  it('answers 429 once one network address passes its hourly limit, whoever the citizens are', async () => {
    const devices = await Promise.all(
      ['limit-device-00000002', 'limit-device-00000003'].map(async (deviceId) => (await request(t.http).post('/api/v1/auth/device').send({ deviceId }).expect(200)).body.accessToken as string),
    );
    const post = (token: string, scene: string) => request(t.http).post('/api/v1/ratings').set(bearer(token)).send({ clientId: randomUUID(), scene, level: 4, tagCodes: [] });
    await post(devices[0], 'SceneWindowA1').expect(201);
    await post(devices[1], 'SceneWindowA1').expect(201); // the address's 4th rating this hour (2 from the test above)
    expect((await post(devices[1], 'SceneWindowC1').expect(429)).body.code).toBe('RATING_RATE_LIMITED');
    expect(await t.dataSource.getRepository(RatingEntity).count()).toBe(4);
  });
});
