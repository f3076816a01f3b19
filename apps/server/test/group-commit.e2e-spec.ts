import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CaseEntity } from '../src/modules/cases/entities/case.entity.js';
import { RatingEntity } from '../src/modules/ratings/entities/rating.entity.js';
import { bearer, seedWorld } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Group commit: ratings arriving while the writes before them are at the database are written together, in one
 * statement and one transaction (`rating_ingest_batch`). One write at a time here (`RATING_BATCH_IN_FLIGHT` 1), so
 * ratings sent together are grouped. Every rule a rating alone obeys must hold inside a group.
 */
describe('ratings written together (group commit)', () => {
  let t: TestApp;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATING_BATCH_IN_FLIGHT: '1', RATING_LIMIT_PER_CITIZEN_HOUR: '5', DEVICE_SIGNUPS_PER_IP_HOUR: '10000' } });
    await seedWorld(t.dataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  const device = async () =>
    (await request(t.http).post('/api/v1/auth/device').send({ deviceId: `group-device-${String(++serial).padStart(8, '0')}` }).expect(200)).body.accessToken as string;
  const devices = (n: number) => Promise.all(Array.from({ length: n }, () => device()));
  const rate = (token: string, body: Record<string, unknown>) =>
    request(t.http).post('/api/v1/ratings').set(bearer(token)).send({ clientId: randomUUID(), tagCodes: [], ...body });
  /** How many of these ratings share their transaction with another (PostgreSQL's xmin is the writing transaction). */
  const grouped = async (ids: string[]) =>
    Number(
      (await t.dataSource.query(`SELECT coalesce(sum(n), 0) AS n FROM (SELECT count(*) AS n FROM rating WHERE id = ANY ($1) GROUP BY xmin::text HAVING count(*) > 1) g`, [ids]))[0]
        .n,
    );
  const stored = (ids: string[]) => t.dataSource.getRepository(RatingEntity).createQueryBuilder('r').where('r.id IN (:...ids)', { ids }).getMany();

  /**
   * Keeps the database busy while `send` fires: one citizen's rating lock is held by the test, that citizen's rating is
   * sent and waits for it at the database (the one write in flight), so everything sent meanwhile queues behind it;
   * then the lock is let go and the queue goes as a group. Without this, how many ratings meet depends on timing.
   */
  const whileBusy = async <T>(send: () => Promise<T>): Promise<T> => {
    const deviceId = `group-blocker-${String(++serial).padStart(8, '0')}`;
    const token = (await request(t.http).post('/api/v1/auth/device').send({ deviceId }).expect(200)).body.accessToken as string;
    const [{ id: citizenId }] = await t.dataSource.query(`SELECT id FROM citizen WHERE device_id = $1`, [deviceId]);
    const lock = t.dataSource.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    try {
      await lock.query(`SELECT pg_advisory_xact_lock(hashtext('rating:' || $1::text))`, [citizenId]);
      const blocker = rate(token, { scene: 'SceneWindowB2', level: 5 }).then((r) => r);
      for (let waited = 0; ; waited += 20) {
        const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`);
        if (n > 0) break;
        if (waited > 10_000) throw new Error('the blocking rating never reached the database');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const results = send();
      // Time for every request to reach the server and queue behind the write in flight.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await lock.commitTransaction();
      expect((await blocker).status).toBe(201);
      return await results;
    } finally {
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
    }
  };
  /** The size of the largest group among these ratings. */
  const largestGroup = async (ids: string[]) =>
    Number((await t.dataSource.query(`SELECT coalesce(max(n), 0) AS n FROM (SELECT count(*) AS n FROM rating WHERE id = ANY ($1) GROUP BY xmin::text) g`, [ids]))[0].n);

  it('stores every one of 60 ratings sent at once, each as sent, and writes most of them together', async () => {
    const scenes = ['SceneWindowA1', 'SceneWindowB2', 'SceneWindowC1'];
    const tokens = await devices(60);
    const sent = tokens.map((token, i) => ({ token, scene: scenes[i % 3], level: 3 + (i % 3), tagCodes: i % 3 === 2 ? [510] : [] }));
    const responses = await whileBusy(() => Promise.all(sent.map(({ token, ...body }) => rate(token, body))));
    expect(responses.map((r) => r.status)).toEqual(sent.map(() => 201));
    const ids = responses.map((r) => r.body.id as string);
    expect(new Set(ids).size).toBe(60);
    const rows = new Map((await stored(ids)).map((r) => [r.id, r]));
    expect(rows.size).toBe(60);
    sent.forEach((s, i) => expect(rows.get(ids[i])).toMatchObject({ level: s.level, tagCodes: s.tagCodes, windowId: expect.any(String) }));
    // The answers went to the right requests: each response names the level its own request sent.
    responses.forEach((r, i) => expect(r.body.level).toBe(sent[i].level));
    expect(await largestGroup(ids)).toBeGreaterThan(30);
  });

  it('keeps the one-rating rule and the client id inside a group', async () => {
    const [twice, copies, eager, ...others] = await devices(23);
    const copyBody = { clientId: randomUUID(), scene: 'SceneWindowB2', level: 4, tagCodes: [] };
    const eagerBodies = Array.from({ length: 8 }, () => ({ scene: 'SceneWindowC1', level: 5 }));
    const results = await whileBusy(() => Promise.all([
      ...others.map((token) => rate(token, { scene: 'SceneWindowA1', level: 5 })),
      rate(twice, { scene: 'SceneWindowA1', level: 4 }),
      rate(twice, { scene: 'SceneWindowA1', level: 5 }),
      ...Array.from({ length: 6 }, () => request(t.http).post('/api/v1/ratings').set(bearer(copies)).send(copyBody)),
      // Eight at one window within a minute: the second is a duplicate of the first (一次一评) whatever else happens.
      ...eagerBodies.map((body) => rate(eager, body)),
    ]));
    const others20 = results.slice(0, 20);
    const [first, second] = results.slice(20, 22);
    const copyAnswers = results.slice(22, 28);
    const eagerAnswers = results.slice(28);
    expect(others20.every((r) => r.status === 201)).toBe(true);

    // The same citizen at the same window twice, together: one stored, the other refused naming it.
    const pair = [first, second].sort((a, b) => a.status - b.status);
    expect(pair.map((r) => r.status)).toEqual([201, 409]);
    expect(pair[1].body).toMatchObject({ code: 'RATING_DUPLICATE', existingRatingId: pair[0].body.id });

    // Six copies of one rating: one stored, every copy answered with it.
    expect(new Set(copyAnswers.map((r) => r.body.id)).size).toBe(1);
    expect(copyAnswers.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect(copyAnswers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await t.dataSource.getRepository(RatingEntity).countBy({ clientId: copyBody.clientId })).toBe(1);

    // One stored at the window; the rest refused as duplicates of it.
    expect(eagerAnswers.filter((r) => r.status === 201)).toHaveLength(1);
    expect(eagerAnswers.filter((r) => r.status === 409).every((r) => r.body.code === 'RATING_DUPLICATE')).toBe(true);
    expect(eagerAnswers.filter((r) => r.status === 409)).toHaveLength(7);

    const created = results.filter((r) => r.status === 201).map((r) => r.body.id as string);
    expect(created).toHaveLength(23);
    expect(await grouped(created)).toBeGreaterThan(0);
  });

  it('opens exactly one case per 差评 sent among good ratings', async () => {
    const tokens = await devices(30);
    const responses = await Promise.all(
      tokens.map((token, i) => (i % 5 === 0 ? rate(token, { scene: 'SceneWindowC1', level: 1, tagCodes: [113] }) : rate(token, { scene: 'SceneWindowA1', level: 5 }))),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    const bad = responses.filter((r) => r.body.level === 1);
    expect(bad).toHaveLength(6);
    expect(bad.every((r) => typeof r.body.caseNo === 'string')).toBe(true);
    for (const r of bad) expect(await t.dataSource.getRepository(CaseEntity).countBy({ ratingId: r.body.id })).toBe(1);
    expect(responses.filter((r) => r.body.level === 5).every((r) => r.body.caseId === undefined)).toBe(true);
  });

  it('when the database refuses one rating of a group, stores the others and refuses only that one', async () => {
    const poisoned = randomUUID();
    // A fault only the database knows of: the rating with this client id cannot be inserted.
    await t.dataSource.query(`
      CREATE FUNCTION test_refuse_rating() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.client_id = '${poisoned}' THEN RAISE EXCEPTION 'refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await t.dataSource.query(`CREATE TRIGGER test_refuse_rating BEFORE INSERT ON rating FOR EACH ROW EXECUTE FUNCTION test_refuse_rating()`);
    try {
      const tokens = await devices(20);
      const responses = await whileBusy(() => Promise.all(tokens.map((token, i) => rate(token, { scene: 'SceneWindowB2', level: 4, ...(i === 10 ? { clientId: poisoned } : {}) }))));
      expect(responses[10].status).toBeGreaterThanOrEqual(400);
      expect(await t.dataSource.getRepository(RatingEntity).countBy({ clientId: poisoned })).toBe(0);
      const others = responses.filter((_, i) => i !== 10);
      expect(others.map((r) => r.status)).toEqual(others.map(() => 201));
      expect(await stored(others.map((r) => r.body.id))).toHaveLength(19);
    } finally {
      await t.dataSource.query(`DROP TRIGGER test_refuse_rating ON rating`);
      await t.dataSource.query(`DROP FUNCTION test_refuse_rating`);
    }
  });
});

describe('the hourly limit inside a group', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATING_BATCH_IN_FLIGHT: '1', RATING_LIMIT_PER_CITIZEN_HOUR: '5', RATING_DUPLICATE_MINUTES: '0' } });
    await seedWorld(t.dataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores exactly the limit of one citizen’s ratings sent together, and refuses the rest with 429', async () => {
    const token = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: 'group-limit-00000001' }).expect(200)).body.accessToken as string;
    const responses = await Promise.all(
      Array.from({ length: 9 }, () => request(t.http).post('/api/v1/ratings').set(bearer(token)).send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 5, tagCodes: [] })),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(5);
    const refused = responses.filter((r) => r.status !== 201);
    expect(refused.map((r) => [r.status, r.body.code])).toEqual(refused.map(() => [429, 'RATING_RATE_LIMITED']));
    expect(await t.dataSource.getRepository(RatingEntity).count()).toBe(5);
  });
});
