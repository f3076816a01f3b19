import request from 'supertest';
import { CURRENT_TAG_TABLE } from '@hcp/contracts';
import { HallEntity } from '../src/modules/catalog/entities/hall.entity.js';
import { UnitEntity } from '../src/modules/catalog/entities/unit.entity.js';
import { WindowEntity } from '../src/modules/catalog/entities/window.entity.js';
import { StaffEntity } from '../src/modules/identity/entities/staff.entity.js';
import { bearer, login, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

type Who = 'admin' | 'supervisor' | 'unitAdminA' | 'handlerA' | 'clerkA' | 'clerkC' | 'citizen' | 'anonymous';
const PEOPLE: Who[] = ['admin', 'supervisor', 'unitAdminA', 'handlerA', 'clerkA', 'clerkC', 'citizen', 'anonymous'];

describe('catalog and authorization', () => {
  let t: TestApp;
  let w: World;
  const tokens = {} as Record<Who, string | undefined>;
  const as = (who: Who) => (tokens[who] ? bearer(tokens[who]!) : {});

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorld(t.dataSource);
    for (const who of ['admin', 'supervisor', 'unitAdminA', 'handlerA', 'clerkA', 'clerkC'] as const) tokens[who] = await login(t.http, w.staff[who].staffNumber);
    const device = await request(t.http).post('/api/v1/auth/device').send({ deviceId: 'device-catalog-test-0001' }).expect(200);
    tokens.citizen = device.body.accessToken;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('the authorization matrix: who can read what (out of scope reads as 404, wrong kind as 403, no sign-in as 401)', () => {
    const cases: { route: (w: World) => string; expect: Record<Who, number> }[] = [
      { route: (w) => `/api/v1/units/${w.units.A.id}`, expect: { admin: 200, supervisor: 200, unitAdminA: 200, handlerA: 200, clerkA: 200, clerkC: 404, citizen: 403, anonymous: 401 } },
      { route: (w) => `/api/v1/units/${w.units.C.id}`, expect: { admin: 200, supervisor: 404, unitAdminA: 404, handlerA: 404, clerkA: 404, clerkC: 200, citizen: 403, anonymous: 401 } },
      { route: (w) => `/api/v1/windows/${w.windows.WB.id}`, expect: { admin: 200, supervisor: 200, unitAdminA: 404, handlerA: 404, clerkA: 404, clerkC: 404, citizen: 403, anonymous: 401 } },
      { route: (w) => `/api/v1/halls/${w.halls.H2.id}`, expect: { admin: 200, supervisor: 404, unitAdminA: 404, handlerA: 404, clerkA: 404, clerkC: 200, citizen: 403, anonymous: 401 } },
      { route: (w) => `/api/v1/service-items/${w.items.SC.id}`, expect: { admin: 200, supervisor: 404, unitAdminA: 404, handlerA: 404, clerkA: 404, clerkC: 200, citizen: 403, anonymous: 401 } },
      { route: (w) => `/api/v1/staff/${w.staff.clerkC.id}`, expect: { admin: 200, supervisor: 404, unitAdminA: 404, handlerA: 404, clerkA: 404, clerkC: 200, citizen: 403, anonymous: 401 } },
      { route: (w) => `/api/v1/staff/${w.staff.clerkA.id}`, expect: { admin: 200, supervisor: 200, unitAdminA: 200, handlerA: 200, clerkA: 200, clerkC: 404, citizen: 403, anonymous: 401 } },
    ];
    for (const c of cases) {
      for (const who of PEOPLE) {
        it(`${who} → GET ${c.route.toString().replace(/.*`(.*)`.*/, '$1')} = ${c.expect[who]}`, async () => {
          const res = await request(t.http).get(c.route(w)).set(as(who));
          expect(res.status).toBe(c.expect[who]);
          if (res.status >= 400) expect(res.body.code).toEqual(expect.any(String));
        });
      }
    }
  });

  it('lists only what is in scope', async () => {
    const names = async (who: Who, path: string, key: string) =>
      ((await request(t.http).get(path).set(as(who)).expect(200)).body.items as Record<string, string>[]).map((i) => i[key]).sort();
    expect(await names('admin', '/api/v1/units', 'code')).toEqual(['UNIT-A', 'UNIT-B', 'UNIT-C']);
    expect(await names('supervisor', '/api/v1/units', 'code')).toEqual(['UNIT-A', 'UNIT-B']);
    expect(await names('clerkA', '/api/v1/units', 'code')).toEqual(['UNIT-A']);
    expect(await names('supervisor', '/api/v1/halls', 'code')).toEqual(['HALL-1']);
    expect(await names('clerkC', '/api/v1/halls', 'code')).toEqual(['HALL-2']);
    expect(await names('supervisor', '/api/v1/windows', 'scene')).toEqual(['SceneWindowA1', 'SceneWindowB2']);
    expect(await names('handlerA', '/api/v1/windows', 'scene')).toEqual(['SceneWindowA1']);
    expect(await names('supervisor', '/api/v1/staff', 'staffNumber')).toEqual(['A001', 'A100', 'A900']);
    expect(await names('clerkC', '/api/v1/staff', 'staffNumber')).toEqual(['C001']);
  });

  it('gives each window its id and scene, with paging, search and a total', async () => {
    const res = await request(t.http).get('/api/v1/windows?pageSize=2&page=1').set(as('admin')).expect(200);
    expect(res.body.total).toBe(3);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items[0]).toEqual(expect.objectContaining({ id: expect.any(String), scene: expect.stringMatching(/^[A-Za-z0-9]+$/) }));
    const search = await request(t.http).get('/api/v1/windows?q=社保').set(as('admin')).expect(200);
    expect(search.body.items.map((x: { number: string }) => x.number)).toEqual(['2']);
  });

  it('shows a staff phone whole only to those who administer the person', async () => {
    const phoneAs = async (who: Who) => (await request(t.http).get(`/api/v1/staff/${w.staff.clerkA.id}`).set(as(who)).expect(200)).body.phone;
    expect(await phoneAs('admin')).toBe('13900000003');
    expect(await phoneAs('unitAdminA')).toBe('13900000003');
    expect(await phoneAs('supervisor')).toBe('139****0003');
    expect(await phoneAs('handlerA')).toBe('139****0003');
    const body = (await request(t.http).get(`/api/v1/staff/${w.staff.clerkA.id}`).set(as('admin'))).body;
    expect(body).not.toHaveProperty('passwordHash');
  });

  describe('who can change what', () => {
    it('lets system admins create units, and nobody else', async () => {
      const body = { code: 'UNIT-NEW', name: '新单位', regionCode: '370902000000' };
      for (const who of ['supervisor', 'unitAdminA', 'handlerA', 'clerkA'] as Who[]) {
        const res = await request(t.http).post('/api/v1/units').set(as(who)).send(body).expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      await request(t.http).post('/api/v1/units').set(as('citizen')).send(body).expect(403);
      await request(t.http).post('/api/v1/units').send(body).expect(401);
      expect(await t.dataSource.getRepository(UnitEntity).count({ where: { code: 'UNIT-NEW' } })).toBe(0);
      await request(t.http).post('/api/v1/units').set(as('admin')).send(body).expect(201);
    });

    it('lets a unit admin rename the unit’s own window but not another unit’s', async () => {
      await request(t.http).patch(`/api/v1/windows/${w.windows.WA.id}`).set(as('unitAdminA')).send({ name: '企业开办综合窗口' }).expect(200);
      await request(t.http).patch(`/api/v1/windows/${w.windows.WB.id}`).set(as('unitAdminA')).send({ name: 'x' }).expect(404);
      await request(t.http).patch(`/api/v1/windows/${w.windows.WA.id}`).set(as('supervisor')).send({ name: 'x' }).expect(403);
      await request(t.http).patch(`/api/v1/windows/${w.windows.WA.id}`).set(as('clerkA')).send({ name: 'x' }).expect(403);
      const moved = await request(t.http).patch(`/api/v1/windows/${w.windows.WA.id}`).set(as('unitAdminA')).send({ unitId: w.units.B.id }).expect(403);
      expect(moved.body.code).toBe('CATALOG_OUT_OF_SCOPE');
      const window = await t.dataSource.getRepository(WindowEntity).findOneByOrFail({ id: w.windows.WA.id });
      expect(window).toMatchObject({ name: '企业开办综合窗口', unitId: w.units.A.id });
    });

    it('lets a unit admin add staff to the unit with unit roles only', async () => {
      const base = { name: '新同事', unitId: w.units.A.id, password: 'NewStaff2026' };
      await request(t.http).post('/api/v1/staff').set(as('unitAdminA')).send({ ...base, staffNumber: 'A002', roles: ['window_staff'] }).expect(201);
      const grab = await request(t.http).post('/api/v1/staff').set(as('unitAdminA')).send({ ...base, staffNumber: 'A003', roles: ['system_admin'] }).expect(403);
      expect(grab.body.code).toBe('CATALOG_OUT_OF_SCOPE');
      await request(t.http).post('/api/v1/staff').set(as('unitAdminA')).send({ ...base, staffNumber: 'A004', roles: ['window_staff'], unitId: w.units.C.id }).expect(403);
      const staff = await t.dataSource.getRepository(StaffEntity).find({ where: [{ staffNumber: 'A003' }, { staffNumber: 'A004' }] });
      expect(staff).toEqual([]);
      await login(t.http, 'A002', 'NewStaff2026');
    });
  });

  describe('bad input: a 400 with a code and a field, and nothing stored', () => {
    const bad: { path: string; body: Record<string, unknown>; field: string }[] = [
      { path: '/api/v1/regions', body: { code: '3709', name: '短码' }, field: 'code' },
      { path: '/api/v1/regions', body: { code: '370911000000', name: '' }, field: 'name' },
      { path: '/api/v1/units', body: { code: 'U X', name: '空格', regionCode: '370902000000' }, field: 'code' },
      { path: '/api/v1/units', body: { code: 'UX', name: '多余', regionCode: '370902000000', secret: 1 }, field: 'secret' },
      { path: '/api/v1/halls', body: { code: 'HX', name: '大厅', regionCode: 'abc', address: '' }, field: 'regionCode' },
      { path: '/api/v1/windows', body: { hallId: 'not-a-uuid', number: '9', name: '窗口', unitId: 'x' }, field: 'hallId' },
      { path: '/api/v1/service-items', body: { code: 'S1', name: 7, unitId: '00000000-0000-4000-8000-000000000000' }, field: 'name' },
      { path: '/api/v1/staff', body: { staffNumber: 'Z1', name: '某', roles: ['mayor'], password: 'Abcd1234' }, field: 'roles' },
      { path: '/api/v1/staff', body: { staffNumber: 'Z2', name: '某', roles: ['window_staff'], password: 'Abcd1234', phone: '12345' }, field: 'phone' },
    ];
    for (const b of bad) {
      it(`POST ${b.path} with a bad ${b.field}`, async () => {
        const before = await countAll();
        const res = await request(t.http).post(b.path).set(as('admin')).send(b.body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(b.field);
        expect(await countAll()).toEqual(before);
      });
    }

    it('refuses references to missing objects and duplicates with their own codes', async () => {
      const before = await countAll();
      const missing = await request(t.http)
        .post('/api/v1/windows')
        .set(as('admin'))
        .send({ hallId: w.halls.H1.id, number: '9', name: '新窗口', unitId: '00000000-0000-4000-8000-000000000000' })
        .expect(400);
      expect(missing.body.code).toBe('CATALOG_REFERENCE_INVALID');
      const unknownItem = await request(t.http)
        .post('/api/v1/windows')
        .set(as('admin'))
        .send({ hallId: w.halls.H1.id, number: '9', name: '新窗口', unitId: w.units.A.id, serviceItemCodes: ['NOPE-1'] })
        .expect(400);
      expect(unknownItem.body.message).toContain('NOPE-1');
      const dup = await request(t.http).post('/api/v1/windows').set(as('admin')).send({ hallId: w.halls.H1.id, number: '2', name: '重号', unitId: w.units.A.id }).expect(409);
      expect(dup.body.code).toBe('CATALOG_DUPLICATE');
      const weak = await request(t.http).post('/api/v1/staff').set(as('admin')).send({ staffNumber: 'Z3', name: '某', roles: ['window_staff'], password: 'short' }).expect(400);
      expect(weak.body.code).toBe('AUTH_PASSWORD_WEAK');
      expect(await countAll()).toEqual(before);
    });

    it('refuses bad PATCH bodies and changes nothing', async () => {
      const patches: [string, Record<string, unknown>, string][] = [
        [`/api/v1/units/${w.units.A.id}`, { regionCode: '37' }, 'regionCode'],
        [`/api/v1/windows/${w.windows.WA.id}`, { number: '一号 窗口' }, 'number'],
        [`/api/v1/staff/${w.staff.clerkA.id}`, { roles: [] }, 'roles'],
        [`/api/v1/halls/${w.halls.H1.id}`, { name: '' }, 'name'],
        [`/api/v1/service-items/${w.items.SA.id}`, { unitId: 'nope' }, 'unitId'],
      ];
      for (const [path, body, field] of patches) {
        const res = await request(t.http).patch(path).set(as('admin')).send(body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      expect((await request(t.http).get(`/api/v1/units/${w.units.A.id}`).set(as('admin'))).body.regionCode).toBe('370902000000');
      expect((await request(t.http).get(`/api/v1/staff/${w.staff.clerkA.id}`).set(as('admin'))).body.roles).toEqual(['window_staff']);
      expect((await request(t.http).get(`/api/v1/units/not-a-uuid`).set(as('admin')).expect(400)).body.code).toBe('VALIDATION_FAILED');
    });

    it('treats an empty PATCH as no change', async () => {
      const res = await request(t.http).patch(`/api/v1/halls/${w.halls.H1.id}`).set(as('admin')).send({}).expect(200);
      expect(res.body.name).toBe('泰山区政务服务中心');
    });

    async function countAll() {
      const [units, halls, windows, staff] = await Promise.all([
        t.dataSource.getRepository(UnitEntity).count(),
        t.dataSource.getRepository(HallEntity).count(),
        t.dataSource.getRepository(WindowEntity).count(),
        t.dataSource.getRepository(StaffEntity).count(),
      ]);
      return { units, halls, windows, staff };
    }
  });

  describe('scanning a window QR code', () => {
    it('names the window, hall, unit, service items and the current tag table, without signing in', async () => {
      const res = await request(t.http).get('/api/v1/scan/SceneWindowC1').expect(200);
      expect(res.body).toMatchObject({
        scene: 'SceneWindowC1',
        window: { number: '1', name: '食品许可' },
        hall: { name: '环翠区政务服务中心' },
        unit: { name: '环翠区行政审批服务局' },
        staffOnDuty: null,
        serviceItems: [{ code: 'ITEM-C-001', name: '食品经营许可' }],
      });
      expect(res.body.tagTable.version).toBe(CURRENT_TAG_TABLE.version);
      expect(res.body.tagTable.tags).toHaveLength(40);
    });

    it('shows the staff member on duty (name and number only) once signed in to the window, and not after', async () => {
      const clerk = as('clerkC');
      await request(t.http).post('/api/v1/duty/start').set(clerk).send({ windowId: w.windows.WC.id }).expect(200);
      const on = await request(t.http).get('/api/v1/scan/SceneWindowC1').expect(200);
      expect(on.body.staffOnDuty).toEqual({ name: '丙窗口', staffNumber: 'C001' });
      const current = await request(t.http).get('/api/v1/duty/current').set(clerk).expect(200);
      expect(current.body.shift.window).toMatchObject({ number: '1', hallName: '环翠区政务服务中心' });
      await request(t.http).post('/api/v1/duty/end').set(clerk).expect(200);
      expect((await request(t.http).get('/api/v1/scan/SceneWindowC1').expect(200)).body.staffOnDuty).toBeNull();
    });

    it('hands a window over when a colleague signs in, and refuses another unit’s window', async () => {
      await request(t.http).post('/api/v1/duty/start').set(as('clerkA')).send({ windowId: w.windows.WA.id }).expect(200);
      await request(t.http).post('/api/v1/duty/start').set(as('handlerA')).send({ windowId: w.windows.WA.id }).expect(200);
      expect((await request(t.http).get('/api/v1/scan/SceneWindowA1')).body.staffOnDuty.staffNumber).toBe('A100');
      expect((await request(t.http).get('/api/v1/duty/current').set(as('clerkA'))).body.shift).toBeNull();
      const refused = await request(t.http).post('/api/v1/duty/start').set(as('clerkA')).send({ windowId: w.windows.WC.id }).expect(403);
      expect(refused.body.code).toBe('DUTY_NOT_ALLOWED');
    });

    it('answers an unknown code with SCAN_UNKNOWN and a retired window with WINDOW_INACTIVE', async () => {
      expect((await request(t.http).get('/api/v1/scan/NoSuchScene99').expect(404)).body.code).toBe('SCAN_UNKNOWN');
      expect((await request(t.http).get('/api/v1/scan/bad%20scene').expect(404)).body.code).toBe('SCAN_UNKNOWN');
      await request(t.http).post(`/api/v1/windows/${w.windows.WB.id}/deactivate`).set(as('admin')).expect(200);
      expect((await request(t.http).get('/api/v1/scan/SceneWindowB2').expect(404)).body.code).toBe('WINDOW_INACTIVE');
      // Deactivated, never deleted: the window is still there for old ratings to point at.
      expect((await request(t.http).get(`/api/v1/windows/${w.windows.WB.id}`).set(as('admin')).expect(200)).body.active).toBe(false);
    });

    it('retires the old code when a window’s code is rotated, with a clear message to whoever scans an old poster', async () => {
      const rotated = await request(t.http).post(`/api/v1/windows/${w.windows.WC.id}/rotate-scene`).set(as('admin')).expect(200);
      expect(rotated.body.scene).not.toBe('SceneWindowC1');
      const old = await request(t.http).get('/api/v1/scan/SceneWindowC1').expect(404);
      expect(old.body).toMatchObject({ code: 'SCAN_UNKNOWN', retired: true });
      expect(old.body.message).toContain('已停用');
      await request(t.http).get(`/api/v1/scan/${rotated.body.scene}`).expect(200);
    });
  });
});
