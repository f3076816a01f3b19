import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ACCESS_TABLE, claimsOf, signToken, withClaims, type Access, type Caller, type SeededIds } from './support/access.js';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { OPEN311_ROUTES, routesOf, type Route } from './support/fuzz.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { hashPassword } from '../src/modules/identity/password.js';
import { HallEntity } from '../src/modules/catalog/entities/hall.entity.js';
import { RegionEntity } from '../src/modules/catalog/entities/region.entity.js';
import { ServiceItemEntity } from '../src/modules/catalog/entities/service-item.entity.js';
import { UnitEntity } from '../src/modules/catalog/entities/unit.entity.js';
import { WindowEntity } from '../src/modules/catalog/entities/window.entity.js';
import { StaffEntity } from '../src/modules/identity/entities/staff.entity.js';

/**
 * The access sweep (docs/security.md): every route the server has, called by every kind of caller — no token, forged
 * and dead tokens, a deactivated account, citizens, each staff role of unit A (泰安) and the same roles of unit C
 * (威海) — on unit A's objects. Each answer is judged against the access table in `support/access.ts`.
 */

/** One way of calling: a token (or none), what the caller is, and whether unit A's objects are theirs to reach. */
interface Identity {
  name: string;
  token?: string;
  kind: 'anonymous' | 'forged' | 'inactive' | Caller;
  inScope: boolean;
}

type Verdict = 'unauthenticated' | 'inactive' | 'refused' | 'hidden' | 'allowed' | 'refusedAlways';

describe('access sweep: every route × caller × scope', () => {
  let t: TestApp;
  let w: World;
  let ids: SeededIds;
  let routes: Route[];
  const identities: Identity[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorld(t.dataSource);
    const passwordHash = await hashPassword(PASSWORD);
    const staffRepo = t.dataSource.getRepository(StaffEntity);
    // Unit C (威海) gets every role unit A has, so each role is also tried out of its scope.
    await staffRepo.save([
      { staffNumber: 'C100', name: '丙处理人', unitId: w.units.C.id, roles: ['case_handler'], passwordHash },
      { staffNumber: 'C900', name: '丙单位管理员', unitId: w.units.C.id, roles: ['unit_admin'], passwordHash },
      { staffNumber: 'A060', name: '甲已停用', unitId: w.units.A.id, roles: ['unit_admin', 'case_handler'], passwordHash },
    ]);
    // Throwaway objects of unit A and region A, for the writes that really change something.
    await t.dataSource.getRepository(RegionEntity).insert({ code: '370911000000', name: '岱岳区', parentCode: '370900000000' });
    const spareUnit = await t.dataSource.getRepository(UnitEntity).save({ code: 'UNIT-A-SPARE', name: '泰山区备用单位', regionCode: '370902000000' });
    const spareHall = await t.dataSource.getRepository(HallEntity).save({ code: 'HALL-1-SPARE', name: '泰山区备用大厅', regionCode: '370902000000', address: '泰山区' });
    const spareWindow = await t.dataSource.getRepository(WindowEntity).save({ hallId: w.halls.H1.id, number: '9', name: '备用窗口', unitId: w.units.A.id, scene: 'SceneWindowA9' });
    const spareItem = await t.dataSource.getRepository(ServiceItemEntity).save({ code: 'ITEM-A-009', name: '备用事项', unitId: w.units.A.id });
    const spareStaff = await staffRepo.save({ staffNumber: 'A050', name: '甲备用', unitId: w.units.A.id, roles: ['window_staff'], passwordHash });

    const tokenOf: Record<string, string> = {};
    for (const n of ['admin', 'S001', 'S002', 'A900', 'A100', 'A001', 'C001', 'C100', 'C900', 'A060']) tokenOf[n] = await login(t.http, n);
    const device = async (deviceId: string) => (await request(t.http).post('/api/v1/auth/device').send({ deviceId }).expect(200)).body.accessToken as string;
    const rater = await device('access-sweep-rater-0001');
    const otherCitizen = await device('access-sweep-other-0001');
    const rating = await request(t.http)
      .post('/api/v1/ratings')
      .set(bearer(rater))
      .send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 1, tagCodes: [115], comment: '态度差', contactPhone: '13512340000' })
      .expect(201);
    const toMove = await request(t.http)
      .post('/api/v1/ratings')
      .set(bearer(rater))
      .send({ clientId: randomUUID(), scene: 'SceneWindowA9', level: 1, tagCodes: [115], comment: '等了很久' })
      .expect(201);
    const apiKey = await request(t.http).post('/api/v1/admin/api-keys').set(bearer(tokenOf.admin!)).send({ name: '省平台', scopes: ['export:national'] }).expect(201);
    ids = {
      unitA: w.units.A.id,
      unitB: w.units.B.id,
      hallA: w.halls.H1.id,
      windowA: w.windows.WA.id,
      itemA: w.items.SA.id,
      staffA: w.staff.clerkA.id,
      regionA: '370902000000',
      caseA: rating.body.caseId as string,
      caseToMove: toMove.body.caseId as string,
      apiKey: apiKey.body.id as string,
      spare: { unit: spareUnit.id, hall: spareHall.id, window: spareWindow.id, item: spareItem.id, staff: spareStaff.id, region: '370911000000' },
    };

    // Dead tokens: a signed-out session, a deactivated account, and forgeries of every kind.
    const leaving = (await request(t.http).post('/api/v1/auth/login').send({ staffNumber: 'A001', password: PASSWORD }).expect(200)).body as { accessToken: string; refreshToken: string };
    await request(t.http).post('/api/v1/auth/logout').send({ refreshToken: leaving.refreshToken }).expect(204);
    await request(t.http).post(`/api/v1/staff/${(await staffRepo.findOneByOrFail({ staffNumber: 'A060' })).id}/deactivate`).set(bearer(tokenOf.admin!)).expect(200);
    const secret = t.config.auth.jwtSecret;
    const clerk = claimsOf(tokenOf.A001!);
    const admin = claimsOf(tokenOf.admin!);
    const now = Math.floor(Date.now() / 1000);
    const forged: Record<string, string> = {
      'expired token': signToken({ ...clerk, iat: now - 3600, exp: now - 60 }, secret),
      'alg none (the admin’s claims)': signToken(admin, null),
      'signed with another key': signToken(admin, 'another-key-another-key-another-key-0000'),
      'payload swapped for the admin’s': withClaims(tokenOf.A001!, admin),
      'citizen token made staff': withClaims(rater, { ...claimsOf(rater), knd: 'staff', sid: randomUUID() }),
      'admin’s header and payload, clerk’s signature': `${tokenOf.admin!.split('.').slice(0, 2).join('.')}.${tokenOf.A001!.split('.')[2]}`,
      'signed-out session': leaving.accessToken,
      'not a token': 'hcp-not-a-token',
    };
    identities.push({ name: 'no token', kind: 'anonymous', inScope: true });
    for (const [name, token] of Object.entries(forged)) identities.push({ name, token, kind: 'forged', inScope: true });
    identities.push(
      { name: 'deactivated unit A admin', token: tokenOf.A060, kind: 'inactive', inScope: true },
      { name: 'the rater', token: rater, kind: 'citizen', inScope: true },
      { name: 'another citizen', token: otherCitizen, kind: 'citizen', inScope: false },
      { name: 'unit A window staff', token: tokenOf.A001, kind: 'window_staff', inScope: true },
      { name: 'unit A case handler', token: tokenOf.A100, kind: 'case_handler', inScope: true },
      { name: 'unit A admin', token: tokenOf.A900, kind: 'unit_admin', inScope: true },
      { name: '泰安 supervisor', token: tokenOf.S001, kind: 'supervisor', inScope: true },
      { name: 'system admin', token: tokenOf.admin, kind: 'system_admin', inScope: true },
      { name: 'unit C window staff', token: tokenOf.C001, kind: 'window_staff', inScope: false },
      { name: 'unit C case handler', token: tokenOf.C100, kind: 'case_handler', inScope: false },
      { name: 'unit C admin', token: tokenOf.C900, kind: 'unit_admin', inScope: false },
      { name: '威海 supervisor', token: tokenOf.S002, kind: 'supervisor', inScope: false },
    );
    routes = [...routesOf((await request(t.http).get('/api/docs-json').expect(200)).body), ...OPEN311_ROUTES];
  });
  afterAll(async () => {
    await t.close();
  });

  const key = (r: Route) => `${r.method} ${r.path}`;

  /** The path with unit A's objects in it: the real ones for reads, throwaway ones of unit A for writes. */
  const pathOf = (r: Route): string => {
    const write = r.method !== 'GET';
    const id = (() => {
      const [, collection] = /\/([a-z-]+)\/\{[^}]+\}/.exec(r.path) ?? [];
      switch (collection) {
        case 'staff': return write ? ids.spare.staff : ids.staffA;
        case 'units': return write ? ids.spare.unit : ids.unitA;
        case 'halls': return write && !r.path.endsWith('posters.pdf') ? ids.spare.hall : ids.hallA;
        case 'windows': return write ? ids.spare.window : ids.windowA;
        case 'service-items': return write ? ids.spare.item : ids.itemA;
        case 'regions': return write && !r.path.includes('case-settings') ? ids.spare.region : ids.regionA;
        case 'cases': return ['route', 'cancel'].some((action) => r.path.endsWith(`/${action}`)) ? ids.caseToMove : ids.caseA;
        case 'api-keys': return ids.apiKey;
        case 'scan': return 'SceneWindowA1';
        case 'import': return 'units';
        case 'calendar': return '2026';
        case 'days': return '2026-12-05';
        default: return randomUUID();
      }
    })();
    const path = r.path.replace(/\{(id|code|scene|kind|year|date)\}/, id).replace('{format}', 'json').replace(/\{(service_code|service_request_id)\}/, 'NO-SUCH-1');
    const query = ACCESS_TABLE[key(r)]?.query?.(ids);
    return query ? `${path}?${query}` : path;
  };

  const verdictFor = (access: Access, who: Identity): Verdict => {
    if (access.who === 'public') return 'allowed';
    if (access.who.length === 0) return 'refusedAlways';
    if (who.kind === 'anonymous' || who.kind === 'forged') return 'unauthenticated';
    if (who.kind === 'inactive') return 'inactive';
    if (!access.who.includes(who.kind)) return who.inScope ? 'refused' : 'hidden';
    return who.inScope || access.scope === 'none' ? 'allowed' : 'hidden';
  };

  /** Unit A's objects nobody out of its scope may see listed. */
  const privateIds = () => [ids.unitA, ids.windowA, ids.itemA, ids.staffA, ids.caseA, ids.spare.window, ids.spare.staff];

  /** Why `res` is the wrong answer for this verdict, or null. */
  const wrongAnswer = (r: Route, access: Access, verdict: Verdict, res: request.Response): string | null => {
    const { status } = res;
    const code = (res.body as { code?: string } | undefined)?.code;
    if (status >= 500) return `${status} ${res.text.slice(0, 200)}`;
    switch (verdict) {
      case 'unauthenticated':
        return status === 401 && (code === 'UNAUTHORIZED' || code === 'AUTH_TOKEN_INVALID') ? null : `expected 401 UNAUTHORIZED or AUTH_TOKEN_INVALID, got ${status} ${code}`;
      case 'inactive':
        return status === 403 && code === 'AUTH_ACCOUNT_INACTIVE' ? null : `expected 403 AUTH_ACCOUNT_INACTIVE, got ${status} ${code}`;
      case 'refused':
        return status === 403 && typeof code === 'string' ? null : `expected 403, got ${status} ${code}`;
      case 'refusedAlways':
        return status >= 400 ? null : `expected a refusal, got ${status}`;
      case 'hidden': {
        if (status >= 200 && status < 300) {
          if (r.method !== 'GET') return `a write out of scope answered ${status}`;
          const leaked = privateIds().filter((id) => res.text.includes(id));
          return leaked.length ? `out of scope, yet the answer names unit A's ${leaked.join(', ')}` : null;
        }
        // A body that fails validation is refused before the scope is looked at; that is a refusal too.
        return [403, 404].includes(status) || (status === 400 && r.method !== 'GET') ? null : `expected 404 (or 403), got ${status} ${code}`;
      }
      case 'allowed':
        if (status === 401 || status === 403) return `allowed, yet refused: ${status} ${code}`;
        if (status === 404 && !access.unseeded && !r.open311) return `allowed, yet 404 ${code}`;
        return null;
    }
  };

  const call = (r: Route, who: Identity) => {
    const access = ACCESS_TABLE[key(r)]!;
    let req = request(t.http)[r.method.toLowerCase() as 'get'](pathOf(r)).ok(() => true);
    if (who.token) req = req.set('Authorization', `Bearer ${who.token}`);
    if (r.open311 && r.method === 'POST') return req.type('form').send(`service_code=NO-SUCH&description=x${who.token ? `&api_key=${encodeURIComponent(who.token)}` : ''}`);
    if (r.takesBody || r.method !== 'GET') req = req.send(access.body?.(ids) ?? {});
    return req;
  };

  it('classifies every route the server has, and lists none it does not have', () => {
    expect(routes.length).toBeGreaterThan(100);
    const unclassified = routes.map(key).filter((k) => !(k in ACCESS_TABLE));
    expect(unclassified).toEqual([]);
    const gone = Object.keys(ACCESS_TABLE).filter((k) => !routes.some((r) => key(r) === k));
    expect(gone).toEqual([]);
  });

  it('answers every caller on every route as the access table says, never 5xx, never 2xx to whom it refuses', async () => {
    const failures: string[] = [];
    const tally = new Map<Verdict, number>();
    // Refusals first, while every object is as seeded; then the allowed calls (reads before writes), which may change them.
    const order: Verdict[] = ['unauthenticated', 'inactive', 'refused', 'refusedAlways', 'hidden', 'allowed'];
    for (const phase of order) {
      for (const writes of [false, true]) {
        // One job per route, its callers one after another; a few routes at a time (the allowed writes one by one).
        const jobs = routes
          // (A route missing from the table fails the test above.)
          .filter((r) => (r.method !== 'GET') === writes && key(r) in ACCESS_TABLE)
          .map((r) => async () => {
            const access = ACCESS_TABLE[key(r)]!;
            for (const who of identities) {
              const verdict = verdictFor(access, who);
              if (verdict !== phase) continue;
              const res = await call(r, who);
              tally.set(verdict, (tally.get(verdict) ?? 0) + 1);
              const wrong = wrongAnswer(r, access, verdict, res);
              if (wrong) failures.push(`${key(r)} as ${who.name}: ${wrong}`);
            }
          });
        const width = writes && phase === 'allowed' ? 1 : 6;
        for (let i = 0; i < jobs.length; i += width) await Promise.all(jobs.slice(i, i + width).map((job) => job()));
      }
    }
    console.log(`access sweep: ${routes.length} routes × ${identities.length} callers: ${[...tally].map(([v, n]) => `${v} ${n}`).join(', ')}`);
    expect(failures).toEqual([]);
  }, 120_000);
});
