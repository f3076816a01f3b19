import { randomUUID } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { CURRENT_TAG_TABLE, type StatsFigures } from '@hcp/contracts';
import { hashPassword } from '../src/modules/identity/password.js';
import { CitizenEntity } from '../src/modules/identity/entities/citizen.entity.js';
import { StaffEntity } from '../src/modules/identity/entities/staff.entity.js';
import { RatingEntity } from '../src/modules/ratings/entities/rating.entity.js';
import { chinaDate } from '../src/modules/calendar/working-days.js';
import { JobQueueService } from '../src/modules/jobs/job-queue.service.js';
import { STATS_ROLLUP_JOB, StatsRollupService } from '../src/modules/stats/stats-rollup.service.js';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

type WindowKey = 'WA' | 'WB' | 'WC';
interface Seeded {
  id: string;
  /** China-time day. */
  day: string;
  ratedAt: Date;
  window: WindowKey;
  level: 1 | 2 | 3 | 4 | 5;
  staff: 'clerkA' | 'clerkC' | null;
  item: 'SA' | 'SC' | null;
  tags: number[];
  flag: 'none' | 'pending' | 'confirmed' | 'cleared';
  invalid: boolean;
}

const UNIT_OF: Record<WindowKey, 'A' | 'B' | 'C'> = { WA: 'A', WB: 'B', WC: 'C' };
const HALL_OF: Record<WindowKey, 'H1' | 'H2'> = { WA: 'H1', WB: 'H1', WC: 'H2' };
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A deterministic history for February and March 2026 at the three windows of the test world: varied levels,
 * tags, staff on duty and service items, some flagged (pending, confirmed, cleared) and one invalidated, and two
 * ratings either side of midnight China time. The figures the routes answer are compared with counts this test
 * makes from the same list.
 */
function history(): Seeded[] {
  const out: Seeded[] = [];
  let n = 0;
  for (const [month, days] of [
    [2, 28],
    [3, 31],
  ] as const) {
    for (let d = 1; d <= days; d += 1) {
      (['WA', 'WB', 'WC'] as const).forEach((window, wi) => {
        const count = month === 3 && window === 'WB' ? (d % 4) + 2 : (d % 3) + 1;
        for (let i = 0; i < count; i += 1) {
          n += 1;
          const level = (((d + i * 3 + wi + month) % 5) + 1) as Seeded['level'];
          const ofLevel = CURRENT_TAG_TABLE.tags.filter((t) => t.level === level);
          // March brings more of tag 214 (服务态度生硬) at window B: a rising tag.
          const tags = month === 3 && window === 'WB' && level === 2 ? [214] : [ofLevel[(d + i) % ofLevel.length].code];
          const day = `2026-${pad(month)}-${pad(d)}`;
          out.push({
            id: randomUUID(),
            day,
            ratedAt: new Date(`${day}T${pad(9 + i)}:15:00+08:00`),
            window,
            level,
            staff: window === 'WA' && i % 2 === 0 ? 'clerkA' : window === 'WC' ? 'clerkC' : null,
            item: window === 'WA' && d % 2 === 0 ? 'SA' : window === 'WC' && d % 2 === 1 ? 'SC' : null,
            tags,
            flag: n % 7 === 0 ? 'pending' : n % 11 === 0 ? 'confirmed' : n % 13 === 0 ? 'cleared' : 'none',
            invalid: n === 50,
          });
        }
      });
    }
  }
  // Either side of midnight, China time: 1 March 00:10 (still 28 February in UTC) and 1 April 00:30.
  const edge = (at: string, day: string): Seeded => ({ id: randomUUID(), day, ratedAt: new Date(at), window: 'WA', level: 5, staff: null, item: null, tags: [510], flag: 'none', invalid: false });
  out.push(edge('2026-03-01T00:10:00+08:00', '2026-03-01'), edge('2026-04-01T00:30:00+08:00', '2026-04-01'));
  return out;
}

const excludedOf = (r: Seeded) => r.invalid || r.flag === 'pending' || r.flag === 'confirmed';

/** What the figures should say about these ratings (no cases among them). */
function expected(rows: Seeded[]) {
  const kept = rows.filter((r) => !excludedOf(r));
  const levels = [1, 2, 3, 4, 5].map((l) => kept.filter((r) => r.level === l).length);
  const ratings = kept.length;
  return {
    counts: { ratings, levels },
    goodRate: ratings ? (levels[2] + levels[3] + levels[4]) / ratings : null,
    badRate: ratings ? (levels[0] + levels[1]) / ratings : null,
    excluded: { flagged: rows.filter((r) => !r.invalid && (r.flag === 'pending' || r.flag === 'confirmed')).length, invalidated: rows.filter((r) => r.invalid).length },
  };
}

const inRange = (from: string, to: string) => (r: Seeded) => r.day >= from && r.day <= to;

describe('supervision figures', () => {
  let t: TestApp;
  let w: World;
  let rollup: StatsRollupService;
  let seeded: Seeded[];
  const tokens: Record<string, string> = {};
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorld(t.dataSource);
    rollup = t.app.get(StatsRollupService);
    const passwordHash = await hashPassword(PASSWORD);
    await t.dataSource.getRepository(StaffEntity).save([
      { staffNumber: 'S009', name: '将停用督查', unitId: null, roles: ['supervisor'], scopeRegionCode: '370900000000', passwordHash },
      { staffNumber: 'A950', name: '甲单位兼督查', unitId: w.units.A.id, roles: ['unit_admin', 'supervisor'], scopeRegionCode: '370900000000', passwordHash },
    ]);
    for (const n of ['admin', 'S001', 'S002', 'S009', 'A900', 'A100', 'A001', 'C001', 'A950']) tokens[n] = await login(t.http, n);

    const citizen = await t.dataSource.getRepository(CitizenEntity).save({ kind: 'device', deviceId: 'stats-history-device' });
    seeded = history();
    const staffIds = { clerkA: w.staff.clerkA.id, clerkC: w.staff.clerkC.id };
    await t.dataSource.getRepository(RatingEntity).insert(
      seeded.map((r) => ({
        id: r.id,
        clientId: randomUUID(),
        citizenId: citizen.id,
        windowId: w.windows[r.window].id,
        hallId: w.halls[HALL_OF[r.window]].id,
        unitId: w.units[UNIT_OF[r.window]].id,
        staffId: r.staff ? staffIds[r.staff] : null,
        serviceItemId: r.item ? w.items[r.item].id : null,
        level: r.level,
        tagCodes: r.tags,
        tagVersion: 'v2',
        channel: 3,
        ratedAt: r.ratedAt,
        flags: r.flag === 'none' ? [] : ['good_burst'],
        flagStatus: r.flag,
        invalidatedAt: r.invalid ? new Date('2026-04-02T00:00:00Z') : null,
        invalidReason: r.invalid ? '申诉成立' : null,
      })),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (who: string) => bearer(tokens[who]);
  const get = (who: string, path: string, query: Record<string, string | number> = {}) => request(t.http).get(`/api/v1/stats/${path}`).query(query).set(as(who));
  const march = { from: '2026-03-01', to: '2026-03-31' };
  const february = inRange('2026-02-01', '2026-02-28');
  const where = (f: (r: Seeded) => boolean) => seeded.filter(f);
  const expectFigures = (figures: StatsFigures, rows: Seeded[]) => {
    const e = expected(rows);
    expect(figures.counts.ratings).toBe(e.counts.ratings);
    expect(figures.counts.levels).toEqual(e.counts.levels);
    for (const [got, want] of [
      [figures.goodRate, e.goodRate],
      [figures.badRate, e.badRate],
    ] as const) {
      if (want === null) expect(got).toBeNull();
      else expect(got).toBeCloseTo(want, 10);
    }
  };

  describe('before the first roll-up', () => {
    it('answers empty figures and says they have never been rolled up', async () => {
      const res = await get('admin', 'overview', march).expect(200);
      expect(res.body.asOf).toBeNull();
      expect(res.body.current.counts.ratings).toBe(0);
    });
  });

  describe('from the roll-ups', () => {
    beforeAll(async () => {
      const pass = await rollup.runPass();
      expect(pass).toMatchObject({ ratings: seeded.length, caughtUp: true });
    });

    it('gives a supervisor the figures of their region for a month, with the month before, and says how fresh they are', async () => {
      const res = await get('S001', 'overview', { period: 'month', date: '2026-03-15' }).expect(200);
      const taian = (r: Seeded) => r.window !== 'WC';
      expect(res.body.subject).toMatchObject({ kind: 'all', name: '泰安市' });
      expect(res.body.period).toEqual(march);
      expect(res.body.previousPeriod).toEqual({ from: '2026-02-01', to: '2026-02-28' });
      expectFigures(res.body.current, where((r) => taian(r) && inRange(march.from, march.to)(r)));
      expectFigures(res.body.previous, where((r) => taian(r) && february(r)));
      expect(res.body.excluded).toEqual(expected(where((r) => taian(r) && inRange(march.from, march.to)(r))).excluded);
      expect(res.body.excluded.flagged).toBeGreaterThan(0);
      expect(Date.now() - Date.parse(res.body.asOf)).toBeLessThan(60_000);
    });

    it('counts a rating in its China-time day: 1 March 00:10 is March, 1 April 00:30 is not', async () => {
      const first = await get('admin', 'overview', { windowId: w.windows.WA.id, period: 'day', date: '2026-03-01' }).expect(200);
      expectFigures(first.body.current, where((r) => r.window === 'WA' && r.day === '2026-03-01'));
      const april = await get('admin', 'overview', { windowId: w.windows.WA.id, period: 'day', date: '2026-04-01' }).expect(200);
      expect(april.body.current.counts.ratings).toBe(1);
      expect(april.body.previous.counts.ratings).toBe(expected(where((r) => r.window === 'WA' && r.day === '2026-03-31')).counts.ratings);
    });

    it('answers for a region, a unit, a hall, a window, a staff member and a service item', async () => {
      const inMarch = inRange(march.from, march.to);
      const cases: [string, Record<string, string>, (r: Seeded) => boolean][] = [
        ['S002', { regionCode: '371000000000' }, (r) => r.window === 'WC'],
        ['S001', { regionCode: '370902000000' }, (r) => r.window !== 'WC'],
        ['A900', { unitId: w.units.A.id }, (r) => r.window === 'WA'],
        ['admin', { hallId: w.halls.H1.id }, (r) => r.window !== 'WC'],
        ['admin', { windowId: w.windows.WC.id }, (r) => r.window === 'WC'],
        ['S001', { staffId: w.staff.clerkA.id }, (r) => r.staff === 'clerkA'],
        ['A900', { serviceItemId: w.items.SA.id }, (r) => r.item === 'SA'],
      ];
      for (const [who, subject, f] of cases) {
        const res = await get(who, 'overview', { ...subject, ...march }).expect(200);
        expectFigures(res.body.current, where((r) => f(r) && inMarch(r)));
        expect(res.body.excluded).toEqual(expected(where((r) => f(r) && inMarch(r))).excluded);
      }
    });

    it('breaks figures down by window and by week, and leaves the excluded out of each row', async () => {
      const res = await get('S001', 'breakdown', { ...march, groupBy: 'window' }).expect(200);
      const rows = res.body.rows as { key: string; name: string; figures: StatsFigures }[];
      expect(rows.map((r) => r.key).sort()).toEqual([w.windows.WA.id, w.windows.WB.id].sort());
      for (const key of ['WA', 'WB'] as const) {
        const row = rows.find((r) => r.key === w.windows[key].id)!;
        expectFigures(row.figures, where((r) => r.window === key && inRange(march.from, march.to)(r)));
      }
      expect(rows.find((r) => r.key === w.windows.WA.id)!.name).toBe('泰山区政务服务中心 1号窗口 企业开办');

      const weeks = await get('admin', 'breakdown', { windowId: w.windows.WB.id, from: '2026-03-02', to: '2026-03-15', groupBy: 'week' }).expect(200);
      expect(weeks.body.rows.map((r: { key: string }) => r.key)).toEqual(['2026-03-02', '2026-03-09']);
      expectFigures(weeks.body.rows[1].figures, where((r) => r.window === 'WB' && inRange('2026-03-09', '2026-03-15')(r)));

      const staff = await get('A900', 'breakdown', { ...march, groupBy: 'staff' }).expect(200);
      const none = staff.body.rows.find((r: { name: string }) => r.name === '未记录当班人员');
      expectFigures(none.figures, where((r) => r.window === 'WA' && r.staff === null && inRange(march.from, march.to)(r)));
    });

    it('ranks units by 好评率 and 差评率, and leaves a unit below the minimum unranked', async () => {
      const inMarch = inRange(march.from, march.to);
      const rate = (unit: 'A' | 'B') => expected(where((r) => UNIT_OF[r.window] === unit && inMarch(r))).goodRate!;
      const good = await get('S001', 'rankings', { ...march, by: 'unit', metric: 'good_rate', minRatings: 1 }).expect(200);
      const order = (['A', 'B'] as const).slice().sort((a, b) => rate(b) - rate(a));
      expect(good.body.rows.map((r: { id: string }) => r.id)).toEqual(order.map((u) => w.units[u].id));
      expect(good.body.rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2]);
      const bad = await get('S001', 'rankings', { ...march, by: 'unit', metric: 'bad_rate', minRatings: 1 }).expect(200);
      expect(bad.body.rows[0].id).toBe(good.body.rows[0].id);

      const aCount = expected(where((r) => r.window === 'WA' && inMarch(r))).counts.ratings;
      const min = await get('S001', 'rankings', { ...march, by: 'window', minRatings: aCount + 1 }).expect(200);
      const wa = min.body.rows.find((r: { id: string }) => r.id === w.windows.WA.id);
      expect(wa).toMatchObject({ rank: null, ratings: aCount });
    });

    it('counts the national tags per level for cause analysis, shows their trend, and finds where a tag is rising', async () => {
      const inMarch = inRange(march.from, march.to);
      const tags = await get('S001', 'tags', march).expect(200);
      const count = (rows: Seeded[], code: number) => rows.filter((r) => !excludedOf(r) && r.tags.includes(code)).length;
      const taianMarch = where((r) => r.window !== 'WC' && inMarch(r));
      const taianFeb = where((r) => r.window !== 'WC' && february(r));
      for (const tag of tags.body.tags as { code: number; count: number; previousCount: number; level: number; label: string }[]) {
        expect(tag.count).toBe(count(taianMarch, tag.code));
        expect(tag.previousCount).toBe(count(taianFeb, tag.code));
        expect(CURRENT_TAG_TABLE.tags.find((x) => x.code === tag.code)).toMatchObject({ level: tag.level, label: tag.label });
      }
      expect(tags.body.tags.find((x: { code: number }) => x.code === 214).count).toBe(count(taianMarch, 214));

      const trend = await get('A900', 'tags/trend', { ...march, granularity: 'week', tagCode: 510 }).expect(200);
      const total = trend.body.points.reduce((n: number, p: { count: number }) => n + p.count, 0);
      expect(total).toBe(count(where((r) => r.window === 'WA' && inMarch(r)), 510));

      const rising = await get('S001', 'tags/rising', { ...march, by: 'window', level: 2, minCount: 1 }).expect(200);
      expect(rising.body.rising[0]).toMatchObject({ code: 214, by: 'window', id: w.windows.WB.id, label: '服务态度生硬' });
      expect(rising.body.rising[0].count).toBe(count(where((r) => r.window === 'WB' && inMarch(r)), 214));

      const staffTags = await get('S001', 'tags', { ...march, staffId: w.staff.clerkA.id }).expect(400);
      expect(staffTags.body.code).toBe('STATS_QUERY_INVALID');
    });
  });

  describe('flagged ratings', () => {
    const pendingAtWb = () => seeded.find((r) => r.window === 'WB' && r.flag === 'pending' && r.day.startsWith('2026-03'))!;

    it('lists the flagged ratings of the supervisor’s region with their signals in Chinese', async () => {
      const res = await request(t.http).get('/api/v1/ratings/flagged').query({ pageSize: 100 }).set(as('S001')).expect(200);
      const expectedIds = seeded.filter((r) => r.flag === 'pending' && r.window !== 'WC').map((r) => r.id);
      expect(res.body.total).toBe(expectedIds.length);
      expect(res.body.items.map((r: { id: string }) => r.id).sort()).toEqual(expectedIds.sort());
      expect(res.body.items[0].signals).toEqual([{ code: 'good_burst', label: '同一窗口短时间内好评集中' }]);
      const weihai = await request(t.http).get('/api/v1/ratings/flagged').set(as('S002')).expect(200);
      expect(weihai.body.items.every((r: { unit: { id: string } }) => r.unit.id === w.units.C.id)).toBe(true);
    });

    it('puts a cleared rating back into the figures at once, and keeps a confirmed one out', async () => {
      const target = pendingAtWb();
      const before = await get('S001', 'overview', { windowId: w.windows.WB.id, period: 'day', date: target.day }).expect(200);
      const cleared = await request(t.http).post(`/api/v1/ratings/flagged/${target.id}`).set(as('S001')).send({ decision: 'clear', note: '核实为正常评价' }).expect(200);
      expect(cleared.body).toMatchObject({ id: target.id, state: 'cleared', review: { by: '泰安督查', note: '核实为正常评价' } });
      const after = await get('S001', 'overview', { windowId: w.windows.WB.id, period: 'day', date: target.day }).expect(200);
      expect(after.body.current.counts.ratings).toBe(before.body.current.counts.ratings + 1);
      expect(after.body.excluded.flagged).toBe(before.body.excluded.flagged - 1);
      target.flag = 'cleared';

      const again = await request(t.http).post(`/api/v1/ratings/flagged/${target.id}`).set(as('admin')).send({ decision: 'confirm' }).expect(409);
      expect(again.body.code).toBe('RATING_FLAG_REVIEWED');

      const other = seeded.find((r) => r.window === 'WB' && r.flag === 'pending')!;
      await request(t.http).post(`/api/v1/ratings/flagged/${other.id}`).set(as('admin')).send({ decision: 'confirm' }).expect(200);
      other.flag = 'confirmed';
      const still = await get('S001', 'overview', { windowId: w.windows.WB.id, period: 'day', date: other.day }).expect(200);
      expectFigures(still.body.current, where((r) => r.window === 'WB' && r.day === other.day));
    });

    it('keeps everyone else out: other regions, unit staff, citizens, deactivated accounts, bad input', async () => {
      const atC = seeded.find((r) => r.window === 'WC' && r.flag === 'pending')!;
      const atA = seeded.find((r) => r.window === 'WA' && r.flag === 'pending')!;
      const decide = (who: string | { token: string }, id: string, body: object = { decision: 'clear' }) =>
        request(t.http)
          .post(`/api/v1/ratings/flagged/${id}`)
          .set(typeof who === 'string' ? as(who) : bearer(who.token))
          .send(body);
      // Another region's supervisor: as if it did not exist.
      expect((await decide('S001', atC.id)).status).toBe(404);
      // Unit staff and unit administrators never review flags (the signals are about them).
      for (const who of ['A900', 'A100', 'A001']) {
        expect((await decide(who, atA.id)).status).toBe(403);
        expect((await request(t.http).get('/api/v1/ratings/flagged').set(as(who))).status).toBe(403);
      }
      // A supervisor who administers the unit cannot clear its ratings.
      const own = await decide('A950', atA.id);
      expect(own.status).toBe(403);
      // A citizen.
      const device = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: `stats-citizen-${++serial}-000000` }).expect(200)).body.accessToken as string;
      expect((await decide({ token: device }, atA.id)).status).toBe(403);
      expect((await request(t.http).get('/api/v1/ratings/flagged').set(bearer(device))).status).toBe(403);
      // Bad input stores nothing.
      expect((await decide('S001', atA.id, { decision: 'delete' })).body.code).toBe('VALIDATION_FAILED');
      expect((await decide('S001', atA.id, { decision: 'clear', note: 'x'.repeat(201) })).body.code).toBe('VALIDATION_FAILED');
      expect((await decide('S001', 'not-a-uuid')).status).toBe(400);
      expect((await request(t.http).get('/api/v1/ratings/flagged').query({ state: 'pending\u0000' }).set(as('S001'))).status).toBe(400);
      expect((await request(t.http).get('/api/v1/ratings/flagged').query({ pageSize: '1e9' }).set(as('S001'))).status).toBe(400);
      expect((await request(t.http).get('/api/v1/ratings/flagged').query({ pageSize: '101' }).set(as('S001'))).status).toBe(400);
      expect((await request(t.http).get('/api/v1/ratings/flagged').query({ unitId: 'not-a-unit' }).set(as('S001'))).status).toBe(400);
      const stored = await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: atA.id });
      expect(stored.flagStatus).toBe('pending');
      // A deactivated supervisor is refused at once.
      await request(t.http).get('/api/v1/ratings/flagged').set(as('S009')).expect(200);
      const s009 = await t.dataSource.getRepository(StaffEntity).findOneByOrFail({ staffNumber: 'S009' });
      await request(t.http).post(`/api/v1/staff/${s009.id}/deactivate`).set(as('admin')).expect(200);
      const gone = await request(t.http).get('/api/v1/ratings/flagged').set(as('S009'));
      expect(gone.status).toBe(403);
      expect(gone.body.code).toBe('AUTH_ACCOUNT_INACTIVE');
    });
  });

  describe('the scope of every statistics route', () => {
    const routes: [string, Record<string, string>][] = [
      ['overview', {}],
      ['breakdown', { groupBy: 'window' }],
      ['rankings', {}],
      ['tags', {}],
      ['tags/trend', {}],
      ['tags/rising', {}],
    ];

    it('refuses citizens, window staff, case handlers and deactivated accounts (403)', async () => {
      const device = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: `stats-citizen-${++serial}-000000` }).expect(200)).body.accessToken as string;
      for (const [path, extra] of routes) {
        const q = { ...march, ...extra };
        expect((await request(t.http).get(`/api/v1/stats/${path}`).query(q).set(bearer(device))).status).toBe(403);
        for (const who of ['A001', 'A100', 'C001', 'S009']) expect((await get(who, path, q)).status).toBe(403);
        expect((await request(t.http).get(`/api/v1/stats/${path}`).query(q)).status).toBe(401);
      }
    });

    it('answers 404 for a subject outside the caller’s scope, on every route', async () => {
      const outside: [string, Record<string, string>][] = [
        ['S001', { unitId: w.units.C.id }],
        ['S001', { regionCode: '371000000000' }],
        ['S001', { windowId: w.windows.WC.id }],
        ['S001', { hallId: w.halls.H2.id }],
        ['S001', { staffId: w.staff.clerkC.id }],
        ['S001', { serviceItemId: w.items.SC.id }],
        ['S002', { regionCode: '370000000000' }],
        ['A900', { unitId: w.units.B.id }],
        ['A900', { regionCode: '370902000000' }],
        ['A900', { windowId: w.windows.WB.id }],
        ['A900', { hallId: w.halls.H2.id }],
        ['A900', { staffId: w.staff.clerkC.id }],
        ['A900', { unitId: randomUUID() }],
      ];
      for (const [path, extra] of routes) {
        for (const [who, subject] of outside) {
          const res = await get(who, path, { ...march, ...extra, ...subject });
          expect({ who, path, subject, status: res.status, code: res.body.code }).toEqual({ who, path, subject, status: 404, code: 'NOT_FOUND' });
        }
      }
    });

    it('limits a unit administrator’s hall to their own unit, and a supervisor’s whole scope to the region', async () => {
      const hall = await get('A900', 'overview', { ...march, hallId: w.halls.H1.id }).expect(200);
      expectFigures(hall.body.current, where((r) => r.window === 'WA' && inRange(march.from, march.to)(r)));
      const all = await get('S002', 'breakdown', { ...march, groupBy: 'unit' }).expect(200);
      expect(all.body.rows.map((r: { key: string }) => r.key)).toEqual([w.units.C.id]);
    });

    it('refuses bad input with a stable code, before any work', async () => {
      const bad: [Record<string, string>, string][] = [
        [{ from: '2026-02-30', to: '2026-03-01' }, 'STATS_RANGE_INVALID'],
        [{ from: '2026-03-02', to: '2026-03-01' }, 'STATS_RANGE_INVALID'],
        [{ from: '2000-01-01', to: '2099-12-31' }, 'STATS_RANGE_INVALID'],
        [{ from: '1999-12-31', to: '2000-01-31' }, 'STATS_RANGE_INVALID'],
        [{ period: 'day', date: '2026-03-01', from: '2026-03-01', to: '2026-03-02' }, 'STATS_RANGE_INVALID'],
        [{ from: '2026-03-01' }, 'STATS_RANGE_INVALID'],
        [{ from: '2026-3-1', to: '2026-03-02' }, 'VALIDATION_FAILED'],
        [{ from: '99999-01-01', to: '99999-01-02' }, 'VALIDATION_FAILED'],
        [{ regionCode: '3709\u000000000000' }, 'VALIDATION_FAILED'],
        [{ unitId: 'x'.repeat(5000) }, 'VALIDATION_FAILED'],
        [{ period: 'year', date: '2026-03-01' }, 'VALIDATION_FAILED'],
        [{ unitId: w.units.A.id, windowId: w.windows.WA.id }, 'STATS_QUERY_INVALID'],
        [{ sort: 'name' }, 'VALIDATION_FAILED'],
      ];
      for (const [query, code] of bad) {
        const res = await get('admin', 'overview', query);
        expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code });
      }
      const codeOf = async (path: string, query: Record<string, string>) => (await get('admin', path, { ...march, ...query })).body.code;
      expect(await codeOf('breakdown', { groupBy: 'year' })).toBe('VALIDATION_FAILED');
      expect(await codeOf('breakdown', {})).toBe('VALIDATION_FAILED');
      expect(await codeOf('rankings', { minRatings: '1e9' })).toBe('VALIDATION_FAILED');
      expect(await codeOf('rankings', { metric: 'drop table' })).toBe('VALIDATION_FAILED');
      expect(await codeOf('tags/trend', { tagCode: '99999999999' })).toBe('VALIDATION_FAILED');
      expect(await codeOf('tags/rising', { by: 'staff' })).toBe('VALIDATION_FAILED');
      const twice = await request(t.http).get(`/api/v1/stats/overview?unitId=${w.units.A.id}&unitId=${w.units.B.id}`).set(as('admin'));
      expect(twice.status).toBe(400);
    });
  });

  describe('cases', () => {
    const citizen = async () => (await request(t.http).post('/api/v1/auth/device').send({ deviceId: `stats-rater-${String(++serial).padStart(8, '0')}` }).expect(200)).body.accessToken as string;
    const badRating = async (phone: string | null, level = 1) => {
      const token = await citizen();
      const res = await request(t.http)
        .post('/api/v1/ratings')
        .set(bearer(token))
        .send({ clientId: randomUUID(), scene: 'SceneWindowA1', level, tagCodes: [], ...(phone ? { contactPhone: phone } : {}) })
        .expect(201);
      return { id: res.body.caseId as string, rater: token };
    };
    const act = (who: string, id: string, action: string, body: object) => request(t.http).post(`/api/v1/cases/${id}/${action}`).set(as(who)).send(body).expect(200);
    const me = (token: string, id: string, action: string, body: object) => request(t.http).post(`/api/v1/me/cases/${id}/${action}`).set(bearer(token)).send(body).expect(200);

    it('counts call-backs, replies, 整改, reopenings, 追评 and appeals of the unit’s cases, leaving an upheld appeal’s rating out', async () => {
      const today = chinaDate(new Date());
      // 1: called back, replied, resolved, 追评 满意.
      const one = await badRating('13500000001');
      await act('A100', one.id, 'callback', { contact: 'reached', verification: 'true', note: '已联系' });
      await act('A100', one.id, 'reply', { reply: '已整改', result: '已整改' });
      await me(one.rater, one.id, 'confirm', { resolved: true });
      await me(one.rater, one.id, 'follow-up', { level: 4 });
      // 2: called back, replied, 未解决 (reopened).
      const two = await badRating('13500000002', 2);
      await act('A100', two.id, 'callback', { contact: 'unreachable', note: '未接通' });
      await act('A100', two.id, 'reply', { reply: '已处理', result: '已整改' });
      await me(two.rater, two.id, 'confirm', { resolved: false, comment: '没有解决' });
      // 3: no number: no call-back due; replied.
      const three = await badRating(null);
      await act('A100', three.id, 'reply', { reply: '已处理', result: '已整改' });
      // 4: appealed and upheld: the rating leaves the figures, the appeal stays counted.
      const four = await badRating('13500000004');
      await act('A100', four.id, 'appeal', { kind: 'malicious', evidence: '监控显示未办理业务' });
      await act('S001', four.id, 'appeal-ruling', { decision: 'uphold', ruling: '属实' });
      // 5: appealed and rejected.
      const five = await badRating('13500000005');
      await act('A100', five.id, 'appeal', { kind: 'mistaken', evidence: '评价对象有误' });
      await act('S001', five.id, 'appeal-ruling', { decision: 'reject', ruling: '证据不足' });
      // 6: opened, nothing yet.
      await badRating('13500000006');

      const query = { unitId: w.units.A.id, period: 'day', date: today };
      const stale = await get('A900', 'overview', query).expect(200);
      expect(stale.body.current.counts.cases).toBe(0);
      await rollup.runPass();
      const res = await get('A900', 'overview', query).expect(200);
      const f = res.body.current as StatsFigures;
      expect(res.body.excluded).toEqual({ flagged: 0, invalidated: 1 });
      expect(f.counts).toMatchObject({
        ratings: 5,
        cases: 5,
        casesWithContact: 4,
        calledBack: 2,
        callbackDue: 2,
        calledBackOnTime: 2,
        replied: 3,
        replyDue: 3,
        repliedOnTime: 3,
        rectified: 3,
        reopened: 1,
        followUps: 1,
        followUpsGood: 1,
        callbackWorkingDays: 0,
        replyWorkingDays: 0,
      });
      expect(f.callbackRate).toBe(2 / 4);
      expect(f.onTimeCallbackRate).toBe(1);
      expect(f.rectificationRate).toBe(3 / 5);
      expect(f.onTimeRate).toBe(1);
      expect(f.reopenRate).toBe(1 / 3);
      expect(f.avgReplyWorkingDays).toBe(0);
      expect(f.followUps).toEqual({ total: 1, good: 1, bad: 0, goodRate: 1 });
      expect(f.appeals).toEqual({ filed: 2, upheld: 1, rejected: 1, pending: 0 });

      // A later step is counted once, however many passes run.
      await act('A100', two.id, 'reply', { reply: '再次处理', result: '已整改' });
      await rollup.runPass();
      await rollup.runPass();
      const again = (await get('A900', 'overview', query).expect(200)).body.current as StatsFigures;
      expect(again.counts).toMatchObject({ replied: 3, rectified: 3, reopened: 1, cases: 5 });
    });
  });

  describe('the roll-up job', () => {
    it('runs on the job queue inside the server, once a minute or when asked, and moves asOf', async () => {
      const second = await createTestApp({ databaseUrl: t.databaseUrl, env: { STATS_ROLLUP: 'on' } });
      try {
        const queue = second.app.get(JobQueueService);
        await eventually(async () => queue.running, 'the job queue to start');
        expect(await second.dataSource.query(`SELECT name, cron FROM pgboss.schedule WHERE name = $1`, [STATS_ROLLUP_JOB])).toEqual([{ name: STATS_ROLLUP_JOB, cron: '* * * * *' }]);
        const citizen = await t.dataSource.getRepository(CitizenEntity).save({ kind: 'device', deviceId: 'stats-job-device' });
        await t.dataSource.query(
          `INSERT INTO rating (client_id, citizen_id, window_id, hall_id, unit_id, level, tag_codes, tag_version, channel, rated_at)
           VALUES ($1, $2, $3, $4, $5, 4, '{}', 'v2', 3, '2026-06-06T10:00:00+08:00')`,
          [randomUUID(), citizen.id, w.windows.WB.id, w.halls.H1.id, w.units.B.id],
        );
        const before = (await get('admin', 'overview', { period: 'day', date: '2026-06-06' }).expect(200)).body;
        expect(before.current.counts.ratings).toBe(0);
        expect(await queue.runSoon(STATS_ROLLUP_JOB)).toBe(true);
        const after = await eventually(async () => {
          const body = (await get('admin', 'overview', { period: 'day', date: '2026-06-06' }).expect(200)).body;
          return body.current.counts.ratings === 1 && body;
        }, 'the job to roll up the new rating');
        expect(Date.parse(after.asOf)).toBeGreaterThan(Date.parse(before.asOf));
        expect(second.logs.filter((l) => l.level === 'error')).toEqual([]);
      } finally {
        await second.close();
      }
    });
  });

  describe('the watermark', () => {
    it('never skips a rating whose transaction commits after a later one, and never counts one twice', async () => {
      const citizen = await t.dataSource.getRepository(CitizenEntity).save({ kind: 'device', deviceId: 'stats-watermark-device' });
      const insert = (client: pg.Client) =>
        client.query(
          `INSERT INTO rating (client_id, citizen_id, window_id, hall_id, unit_id, level, tag_codes, tag_version, channel, rated_at)
           VALUES ($1, $2, $3, $4, $5, 5, '{}', 'v2', 3, '2026-05-05T10:00:00+08:00')`,
          [randomUUID(), citizen.id, w.windows.WC.id, w.halls.H2.id, w.units.C.id],
        );
      const early = new pg.Client({ connectionString: t.databaseUrl });
      const late = new pg.Client({ connectionString: t.databaseUrl });
      await early.connect();
      await late.connect();
      const count = async () => (await get('admin', 'overview', { windowId: w.windows.WC.id, period: 'day', date: '2026-05-05' }).expect(200)).body.current.counts.ratings as number;
      try {
        await early.query('BEGIN');
        await insert(early);
        await insert(late); // autocommit: a later transaction that commits first
        await rollup.runPass();
        // The earlier transaction is still in flight: nothing at or after it is rolled up yet.
        expect(await count()).toBe(0);
        await early.query('COMMIT');
        await rollup.runPass();
        expect(await count()).toBe(2);
        await rollup.runPass();
        expect(await count()).toBe(2);
      } finally {
        await early.end();
        await late.end();
      }
    });
  });
});
