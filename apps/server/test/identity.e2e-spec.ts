import request from 'supertest';
import { IsNull } from 'typeorm';
import { startWechatSandbox, type WechatSandbox } from '@hcp/wechat-sandbox';
import { RefreshTokenEntity } from '../src/modules/identity/entities/refresh-token.entity.js';
import { StaffEntity } from '../src/modules/identity/entities/staff.entity.js';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const APP_ID = 'wx0123456789abcdef';
const APP_SECRET = 'sandbox-secret-for-tests';

describe('signing in', () => {
  let t: TestApp;
  let w: World;
  let wechat: WechatSandbox;
  const everything: string[] = [];

  beforeAll(async () => {
    wechat = await startWechatSandbox({ apps: [{ appId: APP_ID, appSecret: APP_SECRET }] });
    t = await createTestApp({ env: { WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: APP_SECRET, WECHAT_API_BASE_URL: wechat.url } });
    w = await seedWorld(t.dataSource);
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  /** The refresh tokens exchanged so far were exchanged longer ago than the grace for a second request in flight. */
  const graceRunsOut = () => t.dataSource.query(`UPDATE refresh_token SET revoked_at = revoked_at - interval '31 seconds' WHERE rotated`);

  const post = async (path: string, body: object, token?: string) => {
    const req = request(t.http).post(path).send(body);
    if (token) req.set(bearer(token));
    const res = await req;
    everything.push(res.text);
    return res;
  };

  describe('staff', () => {
    it('signs in with staff number and password, and sees who they are', async () => {
      const res = await post('/api/v1/auth/login', { staffNumber: 'A001', password: PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
      const me = await request(t.http).get('/api/v1/me').set(bearer(res.body.accessToken)).expect(200);
      expect(me.body).toEqual({
        kind: 'staff',
        staff: { id: w.staff.clerkA.id, staffNumber: 'A001', name: '甲窗口', roles: ['window_staff'], unit: { id: w.units.A.id, name: '泰山区行政审批服务局' }, scopeRegionCode: null },
      });
    });

    it('answers a wrong password and an unknown staff number alike', async () => {
      const wrong = await post('/api/v1/auth/login', { staffNumber: 'A001', password: 'Wrong1234' });
      const unknown = await post('/api/v1/auth/login', { staffNumber: 'NOBODY', password: 'Wrong1234' });
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect(wrong.body.code).toBe('AUTH_INVALID_CREDENTIALS');
      expect(unknown.body.code).toBe('AUTH_INVALID_CREDENTIALS');
      expect(wrong.body.message).toBe(unknown.body.message);
    });

    it('rotates refresh tokens, and a reused one ends every session of that person', async () => {
      const first = (await post('/api/v1/auth/login', { staffNumber: 'A100', password: PASSWORD })).body;
      const second = await post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      await request(t.http).get('/api/v1/me').set(bearer(second.body.accessToken)).expect(200);
      await graceRunsOut();
      const replay = await post('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('AUTH_REFRESH_INVALID');
      expect((await post('/api/v1/auth/refresh', { refreshToken: second.body.refreshToken })).status).toBe(401);
      const open = await t.dataSource.getRepository(RefreshTokenEntity).count({ where: { staffId: w.staff.handlerA.id, revokedAt: IsNull() } });
      expect(open).toBe(0);
    });

    it('answers two refreshes of one token in flight with one new pair, and signs nobody out', async () => {
      const session = (await post('/api/v1/auth/login', { staffNumber: 'A001', password: PASSWORD })).body;
      const answers = await Promise.all([0, 1].map(() => request(t.http).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken })));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
      const loser = answers.find((r) => r.status === 401)!;
      expect(loser.body.code).toBe('AUTH_REFRESH_INVALID');
      const winner = answers.find((r) => r.status === 200)!.body;
      // The winner's pair goes on working: its access token now, its refresh token for the next pair.
      await request(t.http).get('/api/v1/me').set(bearer(winner.accessToken)).expect(200);
      const next = await post('/api/v1/auth/refresh', { refreshToken: winner.refreshToken });
      expect(next.status).toBe(200);

      // The same token presented once the grace is over is a copy: every session of the person ends.
      await graceRunsOut();
      expect((await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(401);
      expect((await post('/api/v1/auth/refresh', { refreshToken: next.body.refreshToken })).status).toBe(401);
      const open = await t.dataSource.getRepository(RefreshTokenEntity).count({ where: { staffId: w.staff.clerkA.id, revokedAt: IsNull() } });
      expect(open).toBe(0);
    });

    it('ends a deactivated person’s sessions at once: the refresh token stops working', async () => {
      const session = (await post('/api/v1/auth/login', { staffNumber: 'A100', password: PASSWORD })).body;
      const admin = await login(t.http, 'admin');
      await request(t.http).post(`/api/v1/staff/${w.staff.handlerA.id}/deactivate`).set(bearer(admin)).expect(200);
      const refreshed = await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken });
      expect(refreshed.status).toBe(401);
      expect(refreshed.body.code).toBe('AUTH_REFRESH_INVALID');
      await request(t.http).post(`/api/v1/staff/${w.staff.handlerA.id}/activate`).set(bearer(admin)).expect(200);
      await login(t.http, 'A100');
    });

    it('refuses a deactivated account', async () => {
      await t.dataSource.getRepository(StaffEntity).update({ id: w.staff.unitAdminA.id }, { active: false });
      const res = await post('/api/v1/auth/login', { staffNumber: 'A900', password: PASSWORD });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH_ACCOUNT_INACTIVE');
      await t.dataSource.getRepository(StaffEntity).update({ id: w.staff.unitAdminA.id }, { active: true });
    });

    it('changes a password: the old one stops working, other sessions end, this one goes on', async () => {
      const other = (await post('/api/v1/auth/login', { staffNumber: 'S001', password: PASSWORD })).body;
      const session = (await post('/api/v1/auth/login', { staffNumber: 'S001', password: PASSWORD })).body;
      const token = session.accessToken;
      expect((await post('/api/v1/auth/password', { currentPassword: 'nope1234', newPassword: 'Better2026x' }, token)).body.code).toBe('AUTH_PASSWORD_WRONG');
      expect((await post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'weak' }, token)).body.code).toBe('AUTH_PASSWORD_WEAK');
      expect((await post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'Better2026x' }, token)).status).toBe(204);
      expect((await post('/api/v1/auth/login', { staffNumber: 'S001', password: PASSWORD })).status).toBe(401);
      // The other session ends at once, access token included.
      expect((await post('/api/v1/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(401);
      expect((await request(t.http).get('/api/v1/me').set(bearer(other.accessToken))).status).toBe(401);
      // The session that changed the password goes on.
      await request(t.http).get('/api/v1/me').set(bearer(token)).expect(200);
      expect((await post('/api/v1/auth/refresh', { refreshToken: session.refreshToken })).status).toBe(200);
      await login(t.http, 'S001', 'Better2026x');
    });

    it('refuses missing, forged and foreign tokens', async () => {
      expect((await request(t.http).get('/api/v1/me').expect(401)).body.code).toBe('UNAUTHORIZED');
      expect((await request(t.http).get('/api/v1/me').set(bearer('garbage')).expect(401)).body.code).toBe('AUTH_TOKEN_INVALID');
      const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwia25kIjoic3RhZmYiLCJyb2wiOlsic3lzdGVtX2FkbWluIl19.c2lnbmF0dXJl';
      expect((await request(t.http).get('/api/v1/units').set(bearer(forged)).expect(401)).body.code).toBe('AUTH_TOKEN_INVALID');
    });

    it('refuses bad login input with 400', async () => {
      const res = await post('/api/v1/auth/login', { staffNumber: 42 });
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['password', 'staffNumber']);
    });
  });

  describe('citizens', () => {
    it('signs in with a WeChat code, keyed by openid, and never sees the openid', async () => {
      const { code, openid } = await wechat.issueLoginCode('o_citizen_alpha_001');
      const first = await post('/api/v1/auth/wechat', { code });
      expect(first.status).toBe(200);
      expect(first.body.citizen).toEqual({ id: expect.any(String), kind: 'wechat', wechatLinked: true });
      const again = await post('/api/v1/auth/wechat', { code: (await wechat.issueLoginCode(openid)).code });
      expect(again.body.citizen.id).toBe(first.body.citizen.id);
      const me = await request(t.http).get('/api/v1/me').set(bearer(first.body.accessToken)).expect(200);
      everything.push(me.text);
      expect(me.body).toEqual({ kind: 'citizen', citizen: first.body.citizen });
    });

    it('answers a bad or reused WeChat code with 401 and a code', async () => {
      const bad = await post('/api/v1/auth/wechat', { code: 'made-up-code' });
      expect(bad.status).toBe(401);
      expect(bad.body.code).toBe('AUTH_WECHAT_CODE_INVALID');
      const { code } = await wechat.issueLoginCode();
      expect((await post('/api/v1/auth/wechat', { code })).status).toBe(200);
      expect((await post('/api/v1/auth/wechat', { code })).body.code).toBe('AUTH_WECHAT_CODE_INVALID');
    });

    it('tells the citizen to retry later when WeChat rate-limits', async () => {
      await wechat.injectFault({ path: '/sns/jscode2session', errcode: 45011, times: 1 });
      const { code } = await wechat.issueLoginCode();
      const res = await post('/api/v1/auth/wechat', { code });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('AUTH_WECHAT_UNAVAILABLE');
    });

    it('gives a browser a device account, the same one each time', async () => {
      const a = await post('/api/v1/auth/device', { deviceId: 'browser-device-000001' });
      const b = await post('/api/v1/auth/device', { deviceId: 'browser-device-000001' });
      expect(a.body.citizen).toEqual({ id: expect.any(String), kind: 'device', wechatLinked: false });
      expect(b.body.citizen.id).toBe(a.body.citizen.id);
      expect((await post('/api/v1/auth/device', { deviceId: 'short' })).status).toBe(400);
      // A citizen token opens no staff door.
      expect((await request(t.http).get('/api/v1/windows').set(bearer(a.body.accessToken)).expect(403)).body.code).toBe('FORBIDDEN');
    });

    it('links a device account to WeChat: the device then signs in as the WeChat account', async () => {
      const device = (await post('/api/v1/auth/device', { deviceId: 'browser-device-000002' })).body;
      const { code } = await wechat.issueLoginCode('o_citizen_beta_002');
      const linked = await post('/api/v1/auth/link-wechat', { code }, device.accessToken);
      expect(linked.status).toBe(200);
      expect(linked.body.citizen.kind).toBe('wechat');
      const later = await post('/api/v1/auth/device', { deviceId: 'browser-device-000002' });
      expect(later.body.citizen.id).toBe(linked.body.citizen.id);
    });

    it('never put an openid or session key in any response', () => {
      const all = everything.join('\n');
      expect(all).not.toMatch(/o_citizen_alpha_001|o_citizen_beta_002|openid|session_key|sessionKey/);
    });
  });
});
