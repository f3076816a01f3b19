import request from 'supertest';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Staff sign-in under attack. Addresses are told apart through X-Forwarded-For (TRUST_PROXY=1), as behind the
 * reverse proxy of a real installation.
 */
describe('staff sign-in throttling', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1' } });
    w = await seedWorld(t.dataSource);
  });
  afterAll(async () => {
    await t.close();
  });

  let serial = 0;
  const nextAddress = () => `198.51.100.${++serial}`;
  const signIn = (from: string, staffNumber: string, password: string) =>
    request(t.http).post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ staffNumber, password });
  const fail = async (from: string, staffNumber: string, times: number) => {
    for (let i = 0; i < times; i += 1) expect((await signIn(from, staffNumber, `Wrong${i}guess`)).status).toBe(401);
  };
  /** Lets every current block run out, as the passing of time would. */
  const timePasses = () => t.dataSource.query(`UPDATE login_throttle SET blocked_until = now() - interval '1 second' WHERE blocked_until IS NOT NULL`);

  it('a stranger’s five wrong guesses make the stranger wait, not the real person at their own desk', async () => {
    const stranger = nextAddress();
    await fail(stranger, 'A001', 5);
    const blocked = await signIn(stranger, 'A001', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ code: 'AUTH_LOGIN_THROTTLED', retryAfter: expect.any(Number) });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);

    const desk = nextAddress();
    expect((await signIn(desk, 'A001', PASSWORD)).status).toBe(200);
    // The stranger's address may still sign in as someone else with the right password.
    expect((await signIn(stranger, 'A100', PASSWORD)).status).toBe(200);
  });

  it('makes a guesser wait longer after each further failure', async () => {
    const from = nextAddress();
    await fail(from, 'A100', 5);
    const first = Number((await signIn(from, 'A100', PASSWORD)).headers['retry-after']);
    await timePasses();
    await fail(from, 'A100', 1);
    const second = Number((await signIn(from, 'A100', PASSWORD)).headers['retry-after']);
    await timePasses();
    await fail(from, 'A100', 1);
    const third = Number((await signIn(from, 'A100', PASSWORD)).headers['retry-after']);
    expect(first).toBeLessThanOrEqual(60);
    expect(second).toBeGreaterThan(60);
    expect(third).toBeGreaterThan(second);
    // Once the wait is over, the right password works and the count starts again.
    await timePasses();
    expect((await signIn(from, 'A100', PASSWORD)).status).toBe(200);
    expect((await signIn(from, 'A100', 'Wrong0guess')).status).toBe(401);
  });

  it('answers an unknown staff number exactly like a real one, wrong or blocked', async () => {
    const from = nextAddress();
    const wrong = await signIn(from, 'C001', 'Wrong0guess');
    const unknown = await signIn(from, 'NOBODY', 'Wrong0guess');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(strip(wrong.body)).toEqual(strip(unknown.body));

    await fail(from, 'C001', 4);
    await fail(from, 'NOBODY', 4);
    const blockedReal = await signIn(from, 'C001', PASSWORD);
    const blockedUnknown = await signIn(from, 'NOBODY', PASSWORD);
    expect([blockedReal.status, blockedUnknown.status]).toEqual([429, 429]);
    expect(strip(blockedReal.body)).toEqual(strip(blockedUnknown.body));
  });

  it('takes about as long for an unknown staff number as for a wrong password', async () => {
    const from = nextAddress();
    const time = async (staffNumber: string) => {
      const started = process.hrtime.bigint();
      await signIn(from, staffNumber, 'Wrong0guess');
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Alternating, and fewer than five each, so neither is throttled; medians, so one slow moment does not decide.
    for (let i = 0; i < 4; i += 1) {
      known.push(await time('C001'));
      unknown.push(await time(`NOBODY${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    // Both pay for a full password check (tens of milliseconds); a shortcut for one of them would show as a large ratio.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.5);
    expect(median(unknown) / median(known)).toBeLessThan(2);
  });

  it('blocks an address that tries many staff numbers, for all of them', async () => {
    const sprayer = nextAddress();
    for (let i = 0; i < 30; i += 1) expect((await signIn(sprayer, `GUESS${i}`, 'Wrong0guess')).status).toBe(401);
    const blocked = await signIn(sprayer, 'C001', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('AUTH_LOGIN_THROTTLED');
    expect((await signIn(nextAddress(), 'C001', PASSWORD)).status).toBe(200);
  });

  it('shows administrators that an account is being guessed at, and a password reset lifts every block', async () => {
    const from = nextAddress();
    await fail(from, 'A900', 5);
    const admin = await login(t.http, 'admin');
    const shown = await request(t.http).get(`/api/v1/staff/${w.staff.unitAdminA.id}`).set(bearer(admin)).expect(200);
    expect(shown.body.locked).toBe(true);
    await request(t.http).post(`/api/v1/staff/${w.staff.unitAdminA.id}/reset-password`).set(bearer(admin)).send({ newPassword: 'Reset2026ok' }).expect(200);
    expect((await request(t.http).get(`/api/v1/staff/${w.staff.unitAdminA.id}`).set(bearer(admin)).expect(200)).body.locked).toBe(false);
    expect((await signIn(from, 'A900', 'Reset2026ok')).status).toBe(200);
  });

  it('lets no more guesses through when they come all at once than when they come one by one', async () => {
    const from = nextAddress();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(from, 'C001', `Wrong${i}guess`)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    // The right password waits like any other attempt from there; from the desk it works.
    expect((await signIn(from, 'C001', PASSWORD)).status).toBe(429);
    expect((await signIn(nextAddress(), 'C001', PASSWORD)).status).toBe(200);
  });

  it('holds the address limit when many staff numbers are tried at once', async () => {
    const sprayer = nextAddress();
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(sprayer, `SPRAY${i}`, 'Wrong0guess')));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });

  it('does not count a right password against the address', async () => {
    const from = nextAddress();
    for (let i = 0; i < 29; i += 1) expect((await signIn(from, `MISS${i}`, 'Wrong0guess')).status).toBe(401);
    // Successes in between (colleagues signing in at the same hall) leave the address one failure short of its limit.
    for (let i = 0; i < 3; i += 1) expect((await signIn(from, 'A001', PASSWORD)).status).toBe(200);
    expect((await signIn(from, 'MISS-LAST', 'Wrong0guess')).status).toBe(401);
    expect((await signIn(from, 'A001', PASSWORD)).status).toBe(429);
  });

  describe('a shared address (a hall’s Wi-Fi) blocked by others’ failures', () => {
    const withDevice = (from: string, staffNumber: string, password: string, deviceId: string) =>
      request(t.http).post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ staffNumber, password, deviceId });

    it('still lets staff in from the devices they signed in from before, and nobody else', async () => {
      const desk = 'desk-of-a001-000000000001';
      // A001 signed in at the desk earlier (from wherever): the device is known as A001's.
      expect((await withDevice(nextAddress(), 'A001', PASSWORD, desk)).status).toBe(200);

      const hall = nextAddress();
      for (let i = 0; i < 30; i += 1) expect((await signIn(hall, `VISITOR${i}`, 'Wrong0guess')).status).toBe(401);
      expect((await signIn(hall, 'A001', PASSWORD)).status).toBe(429);

      expect((await withDevice(hall, 'A001', PASSWORD, desk)).status).toBe(200);
      // A device new to A001, or A001's device offered for someone else, is judged by the address as before.
      expect((await withDevice(hall, 'A001', PASSWORD, 'never-seen-device-000001')).status).toBe(429);
      expect((await withDevice(hall, 'C001', PASSWORD, desk)).status).toBe(429);
    });

    it('keeps the count for the staff number from that address on a known device', async () => {
      const desk = 'desk-of-a100-000000000001';
      expect((await withDevice(nextAddress(), 'A100', PASSWORD, desk)).status).toBe(200);
      const hall = nextAddress();
      for (let i = 0; i < 5; i += 1) expect((await withDevice(hall, 'A100', `Wrong${i}guess`, desk)).status).toBe(401);
      expect((await withDevice(hall, 'A100', PASSWORD, desk)).status).toBe(429);
    });
  });

  it('throttles guesses at the current password through the change-password route too', async () => {
    const from = nextAddress();
    const token = (await signIn(from, 'S001', PASSWORD).expect(200)).body.accessToken as string;
    for (let i = 0; i < 5; i += 1) {
      const res = await request(t.http).post('/api/v1/auth/password').set('X-Forwarded-For', from).set(bearer(token)).send({ currentPassword: `Guess${i}wrong`, newPassword: 'Stolen2026x' });
      expect(res.body.code).toBe('AUTH_PASSWORD_WRONG');
    }
    const blocked = await request(t.http).post('/api/v1/auth/password').set('X-Forwarded-For', from).set(bearer(token)).send({ currentPassword: PASSWORD, newPassword: 'Stolen2026x' });
    expect(blocked.status).toBe(429);
    expect((await signIn(nextAddress(), 'S001', PASSWORD)).status).toBe(200);
  });

  it('lets no more guesses at the current password through when they come all at once', async () => {
    const from = nextAddress();
    const token = (await signIn(from, 'A100', PASSWORD).expect(200)).body.accessToken as string;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(t.http).post('/api/v1/auth/password').set('X-Forwarded-For', from).set(bearer(token)).send({ currentPassword: `Guess${i}wrong`, newPassword: 'Stolen2026x' }),
      ),
    );
    expect(answers.filter((r) => r.body.code === 'AUTH_PASSWORD_WRONG')).toHaveLength(5);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(15);
  });
});

/** An answer without its request id, which differs on purpose, and its wait to the second. */
function strip(body: Record<string, unknown>): Record<string, unknown> {
  const { requestId: _requestId, retryAfter, ...rest } = body;
  return { ...rest, ...(retryAfter === undefined ? {} : { retryAfter: 'some seconds' }) };
}
