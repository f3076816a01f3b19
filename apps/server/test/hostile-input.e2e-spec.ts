import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { RatingEntity } from '../src/modules/ratings/entities/rating.entity.js';
import { bearer, login, PASSWORD, seedWorld } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Input no route accepts gets a 400 with a code, never a 500, and stores nothing. */
describe('hostile input', () => {
  let t: TestApp;
  let admin: string;
  let citizen: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedWorld(t.dataSource);
    admin = await login(t.http, 'admin');
    citizen = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: 'hostile-input-device-01' }).expect(200)).body.accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  const expect400 = (res: request.Response, field?: string) => {
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(typeof res.body.message).toBe('string');
    if (field) expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  };

  describe('NUL characters', () => {
    it('in the staff number of the unauthenticated sign-in', async () => {
      expect400(await request(t.http).post('/api/v1/auth/login').send({ staffNumber: 'A0\u000001', password: PASSWORD }), 'body');
    });

    it('in a rating comment: nothing stored', async () => {
      const before = await t.dataSource.getRepository(RatingEntity).count();
      const res = await request(t.http)
        .post('/api/v1/ratings')
        .set(bearer(citizen))
        .send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 2, tagCodes: [], comment: '态度\u0000差' });
      expect400(res, 'body');
      expect(await t.dataSource.getRepository(RatingEntity).count()).toBe(before);
    });

    it('in a key of the body', async () => {
      expect400(await request(t.http).post('/api/v1/auth/login').send({ 'staff\u0000Number': 'A001', password: PASSWORD }), 'body');
    });

    it('in a search query and in a path', async () => {
      expect400(await request(t.http).get('/api/v1/units?q=%00').set(bearer(admin)), 'query');
      expect400(await request(t.http).get('/api/v1/scan/Scene%00A1'), 'path');
    });
  });

  describe('numbers', () => {
    it.each(['1e300', '0x5', '-1', '0', '1.5', ' 2', '99999999999', '1001'])('page=%s on a paged list', async (page) => {
      expect400(await request(t.http).get(`/api/v1/units?page=${encodeURIComponent(page)}`).set(bearer(admin)), 'page');
    });

    it.each(['1e2', '101', '0'])('pageSize=%s on a paged list', async (pageSize) => {
      expect400(await request(t.http).get(`/api/v1/staff?pageSize=${encodeURIComponent(pageSize)}`).set(bearer(admin)), 'pageSize');
    });

    it('still serves ordinary pages', async () => {
      const res = await request(t.http).get('/api/v1/units?page=2&pageSize=1').set(bearer(admin)).expect(200);
      expect(res.body.items).toHaveLength(1);
    });
  });

  describe('deep nesting', () => {
    it('20 KB of nested arrays to the sign-in', async () => {
      const depth = 10_000;
      const body = `{"staffNumber":${'['.repeat(depth)}${']'.repeat(depth)},"password":"x"}`;
      const res = await request(t.http).post('/api/v1/auth/login').set('Content-Type', 'application/json').send(body);
      expect400(res, 'body');
    });

    it('nested objects in a rating', async () => {
      let nested: object = {};
      for (let i = 0; i < 40; i += 1) nested = { a: nested };
      const res = await request(t.http).post('/api/v1/ratings').set(bearer(citizen)).send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 4, tagCodes: [], comment: nested });
      expect400(res);
    });

    it('answers ordinary nested input as before (a field error, not a depth error)', async () => {
      const res = await request(t.http).post('/api/v1/auth/login').send({ staffNumber: [['A001']], password: PASSWORD });
      expect400(res, 'staffNumber');
    });
  });
});
