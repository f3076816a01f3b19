import request from 'supertest';
import { DEFAULT_CASE_SETTINGS } from '@hcp/contracts';
import { CaseSettingsService } from '../src/modules/cases/settings/case-settings.service.js';
import { hashPassword } from '../src/modules/identity/password.js';
import { StaffEntity } from '../src/modules/identity/entities/staff.entity.js';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const TAIAN = '370900000000';
const TAISHAN = '370902000000';
const SHANDONG = '370000000000';
const HUANCUI = '371002000000';

describe('case settings per region', () => {
  let t: TestApp;
  let w: World;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorld(t.dataSource);
    const passwordHash = await hashPassword(PASSWORD);
    await t.dataSource.getRepository(StaffEntity).save([
      { staffNumber: 'C100', name: '丙处理人', unitId: w.units.C.id, roles: ['case_handler'], passwordHash },
      { staffNumber: 'A101', name: '甲处理人二', unitId: w.units.A.id, roles: ['case_handler'], passwordHash },
    ]);
    admin = bearer(await login(t.http, 'admin'));
  });
  afterAll(() => t.close());

  const path = (code: string) => `/api/v1/regions/${code}/case-settings`;
  const get = (code: string, headers = admin) => request(t.http).get(path(code)).set(headers);
  const put = (code: string, body: Record<string, unknown>, headers = admin) => request(t.http).put(path(code)).set(headers).send(body);
  const taian = { callbackWorkingDays: 2, replyWorkingDays: 10, remindWorkingDaysBefore: 2, defaultCloseDays: 5 };

  it('answers the national defaults for a region nobody configured', async () => {
    expect((await get(TAISHAN).expect(200)).body).toEqual({ regionCode: TAISHAN, ...DEFAULT_CASE_SETTINGS, inheritedFrom: null });
  });

  it('lets a city’s settings reach its counties, and the province’s the other city, until removed', async () => {
    expect((await put(TAIAN, taian).expect(200)).body).toEqual({ regionCode: TAIAN, ...taian, inheritedFrom: TAIAN });
    expect((await get(TAISHAN).expect(200)).body).toEqual({ regionCode: TAISHAN, ...taian, inheritedFrom: TAIAN });
    expect((await get(HUANCUI).expect(200)).body.inheritedFrom).toBeNull();

    const province = { callbackWorkingDays: 1, replyWorkingDays: 20, remindWorkingDaysBefore: 3, defaultCloseDays: 10 };
    await put(SHANDONG, province).expect(200);
    expect((await get(HUANCUI).expect(200)).body).toEqual({ regionCode: HUANCUI, ...province, inheritedFrom: SHANDONG });
    expect((await get(TAISHAN).expect(200)).body.inheritedFrom).toBe(TAIAN); // the nearer one wins

    // What a case opening in a Taishan unit is given, and in a region that does not exist: the defaults.
    const service = t.app.get(CaseSettingsService);
    expect(await service.effectiveFor(TAISHAN)).toEqual(taian);
    expect(await service.effectiveFor('999999999999')).toEqual(DEFAULT_CASE_SETTINGS);

    expect((await request(t.http).delete(path(TAIAN)).set(admin).expect(200)).body).toEqual({ regionCode: TAIAN, ...province, inheritedFrom: SHANDONG });
    expect((await get(TAISHAN).expect(200)).body.inheritedFrom).toBe(SHANDONG);
    await request(t.http).delete(path(SHANDONG)).set(admin).expect(200);
    await put(TAIAN, taian).expect(200);
  });

  it('documents the routes and the bounds in the OpenAPI document', async () => {
    const doc = (await request(t.http).get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths['/api/v1/regions/{code}/case-settings'] as object).sort()).toEqual(['delete', 'get', 'put']);
    expect(doc.components.schemas.CaseSettingsDto.properties.replyWorkingDays).toMatchObject({ type: 'number', minimum: 1, maximum: 90 });
  });

  describe('refuses bad settings with a 400 and keeps the old ones', () => {
    const bad: [string, Record<string, unknown>, string][] = [
      ['a call-back of 31 working days', { ...taian, callbackWorkingDays: 31 }, 'callbackWorkingDays'],
      ['a reply of 0 working days', { ...taian, replyWorkingDays: 0 }, 'replyWorkingDays'],
      ['a reply of 91 working days', { ...taian, replyWorkingDays: 91 }, 'replyWorkingDays'],
      ['a negative reminder', { ...taian, remindWorkingDaysBefore: -1 }, 'remindWorkingDaysBefore'],
      ['默认办结 after 61 days', { ...taian, defaultCloseDays: 61 }, 'defaultCloseDays'],
      ['a fraction', { ...taian, defaultCloseDays: 1.5 }, 'defaultCloseDays'],
      ['a number as text', { ...taian, replyWorkingDays: '10' }, 'replyWorkingDays'],
      ['a missing value', { callbackWorkingDays: 1, replyWorkingDays: 10, remindWorkingDaysBefore: 1 }, 'defaultCloseDays'],
      ['an unknown field', { ...taian, escalateAfterDays: 3 }, 'escalateAfterDays'],
      ['a call-back later than the reply', { ...taian, callbackWorkingDays: 12 }, 'callbackWorkingDays'],
    ];
    for (const [name, body, field] of bad) {
      it(name, async () => {
        const res = await put(TAIAN, body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
        expect((await get(TAIAN).expect(200)).body).toEqual({ regionCode: TAIAN, ...taian, inheritedFrom: TAIAN });
      });
    }

    it('an unknown or malformed region', async () => {
      expect((await put('379999000000', taian).expect(404)).body.code).toBe('NOT_FOUND');
      expect((await get('37', admin).expect(404)).body.code).toBe('NOT_FOUND');
    });
  });

  describe('who may read and change them', () => {
    it('lets a unit’s handler and administrator read their region and the regions above it, nothing else', async () => {
      for (const number of ['A100', 'A900']) {
        const staff = bearer(await login(t.http, number));
        expect((await get(TAISHAN, staff).expect(200)).body).toMatchObject({ ...taian, inheritedFrom: TAIAN });
        await get(TAIAN, staff).expect(200);
        await get(SHANDONG, staff).expect(200);
        expect((await get(HUANCUI, staff).expect(403)).body.code).toBe('FORBIDDEN');
      }
    });

    it('refuses the staff of another unit', async () => {
      const handlerC = bearer(await login(t.http, 'C100'));
      expect((await get(TAISHAN, handlerC).expect(403)).body.code).toBe('FORBIDDEN');
      await get(HUANCUI, handlerC).expect(200);
    });

    it('lets a supervisor read their region, what lies under it and above it, not a neighbouring city', async () => {
      const supervisor = bearer(await login(t.http, 'S001'));
      await get(TAIAN, supervisor).expect(200);
      await get(TAISHAN, supervisor).expect(200);
      await get(SHANDONG, supervisor).expect(200);
      await get(HUANCUI, supervisor).expect(403);
    });

    it('refuses window staff, citizens and callers without a sign-in', async () => {
      await get(TAISHAN, bearer(await login(t.http, 'A001'))).expect(403);
      const citizen = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: 'settings-device-000001' }).expect(200)).body.accessToken as string;
      await get(TAISHAN, bearer(citizen)).expect(403);
      await request(t.http).get(path(TAISHAN)).expect(401);
    });

    it('lets only system administrators change them', async () => {
      for (const number of ['S001', 'A900', 'A100']) {
        const staff = bearer(await login(t.http, number));
        expect((await put(TAISHAN, taian, staff).expect(403)).body.code).toBe('FORBIDDEN');
        await request(t.http).delete(path(TAIAN)).set(staff).expect(403);
      }
      expect((await get(TAISHAN).expect(200)).body.inheritedFrom).toBe(TAIAN);
    });

    it('refuses a deactivated account at once, though its token has not expired', async () => {
      const token = bearer(await login(t.http, 'A101'));
      await get(TAISHAN, token).expect(200);
      const staff = await t.dataSource.getRepository(StaffEntity).findOneByOrFail({ staffNumber: 'A101' });
      await request(t.http).post(`/api/v1/staff/${staff.id}/deactivate`).set(admin).expect(200);
      expect((await get(TAISHAN, token).expect(403)).body.code).toBe('AUTH_ACCOUNT_INACTIVE');
    });
  });
});
