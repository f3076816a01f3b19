import request from 'supertest';
import { StaffEntity } from '../src/modules/identity/entities/staff.entity.js';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Acting on staff accounts: nobody may change, deactivate, activate or reset the password of an account holding a
 * role they could not grant; a session ends at once when the account is deactivated, its password changes or is
 * reset, or it signs out; staff phone numbers are stored encrypted.
 */
describe('staff accounts', () => {
  let t: TestApp;
  let w: World;
  let admin: string;
  let unitAdmin: string;

  const api = (token: string) => ({
    get: (path: string) => request(t.http).get(`/api/v1${path}`).set(bearer(token)),
    post: (path: string, body: object = {}) => request(t.http).post(`/api/v1${path}`).set(bearer(token)).send(body),
    patch: (path: string, body: object) => request(t.http).patch(`/api/v1${path}`).set(bearer(token)).send(body),
  });
  const createStaff = async (staffNumber: string, body: object) =>
    (await api(admin).post('/staff', { staffNumber, name: staffNumber, password: PASSWORD, ...body }).expect(201)).body.id as string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorld(t.dataSource);
    admin = await login(t.http, 'admin');
    unitAdmin = await login(t.http, 'A900');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('a unit administrator and the accounts of their unit that hold higher roles', () => {
    let sysAdminInUnit: string;
    let supervisorInUnit: string;
    let mixedInUnit: string;

    beforeAll(async () => {
      // A system administrator and a supervisor placed in unit A (an admin may do that), and a clerk who also supervises.
      sysAdminInUnit = await createStaff('A-SYS', { unitId: w.units.A.id, roles: ['system_admin'] });
      supervisorInUnit = await createStaff('A-SUP', { unitId: w.units.A.id, roles: ['supervisor'], scopeRegionCode: '370900000000' });
      mixedInUnit = await createStaff('A-MIX', { unitId: w.units.A.id, roles: ['window_staff', 'supervisor'], scopeRegionCode: '370900000000' });
    });

    it('cannot reset their password and take the account over', async () => {
      for (const id of [sysAdminInUnit, supervisorInUnit, mixedInUnit]) {
        const res = await api(unitAdmin).post(`/staff/${id}/reset-password`, { newPassword: 'Takeover2026' });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('STAFF_ACTION_NOT_ALLOWED');
      }
      expect((await request(t.http).post('/api/v1/auth/login').send({ staffNumber: 'A-SYS', password: 'Takeover2026' })).status).toBe(401);
      // The takeover's next step, had it worked: creating another system administrator.
      const self = await login(t.http, 'A-SYS');
      expect((await api(self).get('/me').expect(200)).body.staff.roles).toEqual(['system_admin']);
    });

    it('cannot deactivate, activate or edit them, demotion included', async () => {
      for (const id of [sysAdminInUnit, supervisorInUnit, mixedInUnit]) {
        expect((await api(unitAdmin).post(`/staff/${id}/deactivate`)).body.code).toBe('STAFF_ACTION_NOT_ALLOWED');
        expect((await api(unitAdmin).post(`/staff/${id}/activate`)).body.code).toBe('STAFF_ACTION_NOT_ALLOWED');
        expect((await api(unitAdmin).patch(`/staff/${id}`, { roles: ['window_staff'] })).body.code).toBe('STAFF_ACTION_NOT_ALLOWED');
        expect((await api(unitAdmin).patch(`/staff/${id}`, { name: '改名' })).body.code).toBe('STAFF_ACTION_NOT_ALLOWED');
      }
      const stored = await t.dataSource.getRepository(StaffEntity).findOneByOrFail({ id: sysAdminInUnit });
      expect(stored).toMatchObject({ active: true, roles: ['system_admin'], name: 'A-SYS' });
    });

    it('still manages the unit’s own window staff and case handlers', async () => {
      await api(unitAdmin).post(`/staff/${w.staff.clerkA.id}/reset-password`, { newPassword: 'Reset2026ok' }).expect(200);
      await login(t.http, 'A001', 'Reset2026ok');
      await api(unitAdmin).patch(`/staff/${w.staff.handlerA.id}`, { name: '甲处理人员' }).expect(200);
    });

    it('cannot reach staff of another unit at all', async () => {
      expect((await api(unitAdmin).post(`/staff/${w.staff.clerkC.id}/reset-password`, { newPassword: 'Takeover2026' })).status).toBe(404);
      expect((await api(unitAdmin).post(`/staff/${w.staff.clerkC.id}/deactivate`)).status).toBe(404);
    });

    it('a case handler (a lower role) cannot act on accounts at all', async () => {
      const clerk = await login(t.http, 'A100');
      expect((await api(clerk).post(`/staff/${w.staff.clerkA.id}/reset-password`, { newPassword: 'Takeover2026' })).status).toBe(403);
      expect((await api(clerk).post(`/staff/${w.staff.unitAdminA.id}/deactivate`)).status).toBe(403);
    });

    it('a system administrator manages them all', async () => {
      await api(admin).patch(`/staff/${mixedInUnit}`, { roles: ['window_staff'], scopeRegionCode: null }).expect(200);
      // Now only grantable roles: the unit administrator may act on the account.
      await api(unitAdmin).post(`/staff/${mixedInUnit}/deactivate`).expect(200);
    });
  });

  it('nobody deactivates their own account or resets their own password through the administrator route', async () => {
    const me = w.staff.unitAdminA.id;
    expect((await api(unitAdmin).post(`/staff/${me}/deactivate`)).body.code).toBe('STAFF_ACTION_NOT_ALLOWED');
    expect((await api(admin).post(`/staff/${w.staff.admin.id}/reset-password`, { newPassword: 'Mine2026ok' })).body.code).toBe('STAFF_ACTION_NOT_ALLOWED');
    await login(t.http, 'A900');
  });

  describe('sessions end at once', () => {
    it('a deactivated person’s access token stops working: no duty shift, no reading', async () => {
      const id = await createStaff('A-DEACT', { unitId: w.units.A.id, roles: ['window_staff'] });
      const token = await login(t.http, 'A-DEACT');
      await api(token).get('/duty/current').expect(200);
      await api(admin).post(`/staff/${id}/deactivate`).expect(200);
      const refused = await api(token).post('/duty/start', { windowId: w.windows.WA.id });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('AUTH_ACCOUNT_INACTIVE');
      expect((await api(token).get('/windows')).status).toBe(403);
      expect((await api(admin).get('/duty/current')).status).toBe(200);
    });

    it('signing out ends the access token of that session, not the person’s other sessions', async () => {
      const desk = (await request(t.http).post('/api/v1/auth/login').send({ staffNumber: 'A100', password: PASSWORD }).expect(200)).body;
      const phone = (await request(t.http).post('/api/v1/auth/login').send({ staffNumber: 'A100', password: PASSWORD }).expect(200)).body;
      await request(t.http).post('/api/v1/auth/logout').send({ refreshToken: desk.refreshToken }).expect(204);
      expect((await api(desk.accessToken).get('/me')).body.code).toBe('AUTH_TOKEN_INVALID');
      await api(phone.accessToken).get('/me').expect(200);
    });

    it('a password reset by an administrator ends the person’s access tokens', async () => {
      const token = await login(t.http, 'A001', 'Reset2026ok');
      await api(unitAdmin).post(`/staff/${w.staff.clerkA.id}/reset-password`, { newPassword: 'Again2026ok' }).expect(200);
      expect((await api(token).get('/me')).status).toBe(401);
    });

    it('a role taken away is gone at once, without signing in again', async () => {
      const id = await createStaff('A-ADM2', { unitId: w.units.A.id, roles: ['unit_admin'] });
      const token = await login(t.http, 'A-ADM2');
      await api(token).patch(`/staff/${w.staff.clerkA.id}`, { name: '甲窗口' }).expect(200);
      await api(admin).patch(`/staff/${id}`, { roles: ['window_staff'] }).expect(200);
      expect((await api(token).patch(`/staff/${w.staff.clerkA.id}`, { name: '甲窗口二' })).status).toBe(403);
    });

    it('refuses a token signed before sessions existed (no session id), so the client signs in again', async () => {
      const { JwtService } = await import('@nestjs/jwt');
      const jwt = t.app.get(JwtService);
      const old = await jwt.signAsync({ sub: w.staff.admin.id, knd: 'staff', rol: ['system_admin'] }, { expiresIn: 600 });
      expect((await api(old).get('/units')).body.code).toBe('AUTH_TOKEN_INVALID');
    });
  });

  describe('phone numbers', () => {
    it('are stored encrypted, never in plain text, and still shown whole to administrators', async () => {
      const id = await createStaff('A-PHONE', { unitId: w.units.A.id, roles: ['window_staff'], phone: '13712345678' });
      const [row] = await t.dataSource.query('SELECT row_to_json(s)::text AS json FROM staff s WHERE id = $1', [id]);
      expect(row.json).not.toContain('13712345678');
      expect(row.json).toContain('137****5678');
      expect((await api(admin).get(`/staff/${id}`).expect(200)).body.phone).toBe('13712345678');
      expect((await api(unitAdmin).get(`/staff/${id}`).expect(200)).body.phone).toBe('13712345678');
      const clerk = await login(t.http, 'A100');
      expect((await api(clerk).get(`/staff/${id}`).expect(200)).body.phone).toBe('137****5678');
      await api(admin).patch(`/staff/${id}`, { phone: '13787654321' }).expect(200);
      expect((await api(admin).get(`/staff/${id}`).expect(200)).body.phone).toBe('13787654321');
      await api(admin).patch(`/staff/${id}`, { phone: null }).expect(200);
      expect((await api(admin).get(`/staff/${id}`).expect(200)).body.phone).toBeNull();
    });

    it('are shown masked to a unit administrator for the accounts of the unit they may not manage', async () => {
      const higher = await createStaff('A-SUP-PHONE', { unitId: w.units.A.id, roles: ['supervisor'], scopeRegionCode: '370900000000', phone: '13711112222' });
      const peer = await createStaff('A-ADM-PHONE', { unitId: w.units.A.id, roles: ['unit_admin'], phone: '13733334444' });
      expect((await api(unitAdmin).get(`/staff/${higher}`).expect(200)).body.phone).toBe('137****2222');
      expect((await api(admin).get(`/staff/${higher}`).expect(200)).body.phone).toBe('13711112222');
      // Another unit administrator holds only roles a unit administrator grants: managed, so shown whole.
      expect((await api(unitAdmin).get(`/staff/${peer}`).expect(200)).body.phone).toBe('13733334444');
      const listed = (await api(unitAdmin).get('/staff?pageSize=100').expect(200)).body.items as { id: string; phone: string | null }[];
      expect(listed.find((s) => s.id === higher)?.phone).toBe('137****2222');
    });
  });

  describe('staff import, through the same rules and code', () => {
    const csv = (text: string) => Buffer.from(text, 'utf8');

    it('a password set by import ends the person’s sessions and lifts their sign-in blocks', async () => {
      await createStaff('A-IMP', { unitId: w.units.A.id, roles: ['window_staff'] });
      const session = (await request(t.http).post('/api/v1/auth/login').send({ staffNumber: 'A-IMP', password: PASSWORD }).expect(200)).body;
      // Someone guesses from one address until that address is made to wait.
      for (let i = 0; i < 5; i += 1) {
        await request(t.http).post('/api/v1/auth/login').send({ staffNumber: 'A-IMP', password: `Guess${i}wrong` });
      }
      expect((await request(t.http).post('/api/v1/auth/login').send({ staffNumber: 'A-IMP', password: PASSWORD })).status).toBe(429);

      const file = csv(`工号,姓名,单位编码,角色,手机号,初始密码\nA-IMP,导入更新,UNIT-A,窗口工作人员,13600000009,Imported2026\n`);
      const res = await request(t.http).post('/api/v1/catalog/import/staff').set(bearer(admin)).attach('file', file, 'staff.csv');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ updated: 1, created: 0 });

      expect((await api(session.accessToken).get('/me')).status).toBe(401);
      expect((await request(t.http).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
      await login(t.http, 'A-IMP', 'Imported2026');
      const [row] = await t.dataSource.query(`SELECT row_to_json(s)::text AS json FROM staff s WHERE staff_number = 'A-IMP'`);
      expect(row.json).not.toContain('13600000009');
    });

    it('an imported account keeps the roles the file gives, and nothing more', async () => {
      const file = csv(`工号,姓名,单位编码,角色,初始密码\nA-NEW,新人,UNIT-A,差评处理人员;单位管理员,Newcomer2026\n`);
      await request(t.http).post('/api/v1/catalog/import/staff').set(bearer(admin)).attach('file', file, 'staff.csv').expect(200);
      const token = await login(t.http, 'A-NEW', 'Newcomer2026');
      expect((await api(token).get('/me').expect(200)).body.staff.roles).toEqual(['case_handler', 'unit_admin']);
    });

    it('does not set the importing administrator’s own password, as the reset route does not', async () => {
      const file = csv(`工号,姓名,单位编码,角色,初始密码\nadmin,系统管理员,,系统管理员,Imported2026own\n`);
      const res = await request(t.http).post('/api/v1/catalog/import/staff').set(bearer(admin)).attach('file', file, 'staff.csv');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('STAFF_ACTION_NOT_ALLOWED');
      expect((await request(t.http).post('/api/v1/auth/login').send({ staffNumber: 'admin', password: 'Imported2026own' })).status).toBe(401);
      // The administrator's session goes on (nothing was reset), and a row without a password is an ordinary update.
      await api(admin).get('/me').expect(200);
      const rename = csv(`工号,姓名,单位编码,角色\nadmin,管理员（导入）,,系统管理员\n`);
      await request(t.http).post('/api/v1/catalog/import/staff').set(bearer(admin)).attach('file', rename, 'staff.csv').expect(200);
      expect((await api(admin).get('/me').expect(200)).body.staff.name).toBe('管理员（导入）');
    });

    it('only system administrators import', async () => {
      const file = csv(`工号,姓名,单位编码,角色,初始密码\nA-SYS,夺权,UNIT-A,窗口工作人员,Takeover2026\n`);
      expect((await request(t.http).post('/api/v1/catalog/import/staff').set(bearer(unitAdmin)).attach('file', file, 'staff.csv')).status).toBe(403);
      expect((await request(t.http).post('/api/v1/auth/login').send({ staffNumber: 'A-SYS', password: 'Takeover2026' })).status).toBe(401);
    });
  });
});
