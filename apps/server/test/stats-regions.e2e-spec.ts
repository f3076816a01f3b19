import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { StatsBreakdownRow, StatsFigures } from '@hcp/contracts';
import { hashPassword } from '../src/modules/identity/password.js';
import { CitizenEntity } from '../src/modules/identity/entities/citizen.entity.js';
import { StaffEntity } from '../src/modules/identity/entities/staff.entity.js';
import { RegionEntity } from '../src/modules/catalog/entities/region.entity.js';
import { UnitEntity } from '../src/modules/catalog/entities/unit.entity.js';
import { WindowEntity } from '../src/modules/catalog/entities/window.entity.js';
import { RatingEntity } from '../src/modules/ratings/entities/rating.entity.js';
import { StatsRollupService } from '../src/modules/stats/stats-rollup.service.js';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * The test world's regions, with two more units: 山东省 → 泰安市 (→ 泰山区 → 泰前街道; 岱岳区, no units; 宁阳县,
 * deactivated) and 威海市 (→ 环翠区). Unit A and B sit in 泰山区, D in 泰前街道 (a grandchild of 泰安市), E in 泰安市
 * itself (its own level, 本级), C in 环翠区.
 */
type WindowKey = 'WA' | 'WB' | 'WC' | 'WD' | 'WE';
const REGION_OF: Record<WindowKey, string> = { WA: '370902000000', WB: '370902000000', WC: '371002000000', WD: '370902001000', WE: '370900000000' };

interface Seeded {
  window: WindowKey;
  level: 1 | 2 | 3 | 4 | 5;
  flag: 'none' | 'pending';
  invalid: boolean;
}

/** A deterministic March 2026 at the five windows: varied levels, some flagged, one invalidated. */
function history(): (Seeded & { ratedAt: Date })[] {
  const out: (Seeded & { ratedAt: Date })[] = [];
  let n = 0;
  for (let d = 1; d <= 31; d += 1) {
    (['WA', 'WB', 'WC', 'WD', 'WE'] as const).forEach((window, wi) => {
      for (let i = 0; i < ((d + wi) % 3) + 1; i += 1) {
        n += 1;
        out.push({
          window,
          level: (((d * 2 + i + wi * 3) % 5) + 1) as Seeded['level'],
          flag: n % 9 === 0 ? 'pending' : 'none',
          invalid: n === 40,
          ratedAt: new Date(`2026-03-${String(d).padStart(2, '0')}T${10 + i}:00:00+08:00`),
        });
      }
    });
  }
  return out;
}

/** What the figures should say about these ratings, counted here from the list. */
function expected(rows: Seeded[]) {
  const kept = rows.filter((r) => !r.invalid && r.flag === 'none');
  const levels = [1, 2, 3, 4, 5].map((l) => kept.filter((r) => r.level === l).length);
  return {
    ratings: kept.length,
    levels,
    goodRate: kept.length ? (levels[2] + levels[3] + levels[4]) / kept.length : null,
    excluded: { flagged: rows.filter((r) => !r.invalid && r.flag === 'pending').length, invalidated: rows.filter((r) => r.invalid).length },
  };
}

describe('supervision figures by region', () => {
  let t: TestApp;
  let w: World;
  let seeded: Seeded[];
  let unitE: string;
  const tokens: Record<string, string> = {};
  const march = { from: '2026-03-01', to: '2026-03-31' };

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorld(t.dataSource);
    await t.dataSource.getRepository(RegionEntity).insert([
      { code: '370902001000', name: '泰前街道', parentCode: '370902000000' },
      { code: '370911000000', name: '岱岳区', parentCode: '370900000000' },
      { code: '370921000000', name: '宁阳县', parentCode: '370900000000', active: false },
    ]);
    const units = t.dataSource.getRepository(UnitEntity);
    const D = await units.save({ code: 'UNIT-D', name: '泰前街道便民服务中心', regionCode: '370902001000' });
    const E = await units.save({ code: 'UNIT-E', name: '泰安市行政审批服务局', regionCode: '370900000000' });
    unitE = E.id;
    const windows = t.dataSource.getRepository(WindowEntity);
    const WD = await windows.save({ hallId: w.halls.H1.id, number: '8', name: '街道代办', unitId: D.id, scene: 'SceneWindowD8' });
    const WE = await windows.save({ hallId: w.halls.H1.id, number: '9', name: '市级审批', unitId: E.id, scene: 'SceneWindowE9' });
    const byWindow: Record<WindowKey, { id: string; hallId: string; unitId: string }> = { ...w.windows, WD, WE };

    const passwordHash = await hashPassword(PASSWORD);
    await t.dataSource.getRepository(StaffEntity).save([
      { staffNumber: 'P001', name: '山东督查', unitId: null, roles: ['supervisor'], scopeRegionCode: '370000000000', passwordHash },
      { staffNumber: 'S019', name: '将停用督查', unitId: null, roles: ['supervisor'], scopeRegionCode: '370000000000', passwordHash },
    ]);
    for (const n of ['admin', 'P001', 'S001', 'S002', 'S019', 'A900', 'A001']) tokens[n] = await login(t.http, n);

    const citizen = await t.dataSource.getRepository(CitizenEntity).save({ kind: 'device', deviceId: 'stats-regions-device' });
    const list = history();
    seeded = list;
    await t.dataSource.getRepository(RatingEntity).insert(
      list.map((r) => ({
        clientId: randomUUID(),
        citizenId: citizen.id,
        windowId: byWindow[r.window].id,
        hallId: byWindow[r.window].hallId,
        unitId: byWindow[r.window].unitId,
        level: r.level,
        tagCodes: [],
        tagVersion: 'v2',
        channel: 3,
        ratedAt: r.ratedAt,
        flags: r.flag === 'none' ? [] : ['good_burst'],
        flagStatus: r.flag,
        invalidatedAt: r.invalid ? new Date('2026-04-02T00:00:00Z') : null,
        invalidReason: r.invalid ? '申诉成立' : null,
      })),
    );
    expect(await t.app.get(StatsRollupService).runPass()).toMatchObject({ ratings: list.length, caughtUp: true });
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (who: string, path: string, query: Record<string, string | number>) => request(t.http).get(`/api/v1/stats/${path}`).query(query).set(bearer(tokens[who]));
  const under = (prefix: string) => seeded.filter((r) => REGION_OF[r.window].startsWith(prefix));
  const expectRow = (row: StatsBreakdownRow | undefined, rows: Seeded[]) => {
    const e = expected(rows);
    expect(row).toBeDefined();
    const f: StatsFigures = row!.figures;
    expect({ ratings: f.counts.ratings, levels: f.counts.levels, excluded: row!.excluded }).toEqual({ ratings: e.ratings, levels: e.levels, excluded: e.excluded });
    expect(f.goodRate).toBeCloseTo(e.goodRate!, 10);
  };
  const breakdown = async (who: string, q: Record<string, string> = {}) => (await get(who, 'breakdown', { ...march, ...q, groupBy: 'region' }).expect(200)).body as { subject: { name: string }; rows: StatsBreakdownRow[] };

  it('gives a province’s supervisor one row per city, each with its districts’ and streets’ figures', async () => {
    const res = await breakdown('P001');
    expect(res.subject.name).toBe('山东省');
    expect(res.rows.map((r) => [r.key, r.name])).toEqual([
      ['370900000000', '泰安市'],
      ['371000000000', '威海市'],
    ]);
    // 泰安市 holds A and B (泰山区), D (泰前街道, a grandchild) and E (the city itself).
    expectRow(res.rows[0], under('3709'));
    expect(res.rows[0].figures.counts.ratings).toBe(expected(seeded.filter((r) => r.window !== 'WC')).ratings);
    expectRow(res.rows[1], under('3710'));
    // The rows add up to the province's figures.
    const total = (await get('P001', 'overview', march).expect(200)).body.current.counts.ratings;
    expect(res.rows.reduce((n, r) => n + r.figures.counts.ratings, 0)).toBe(total);
  });

  it('goes down a level: a city’s own units first (本级), then its districts, one with no ratings, none deactivated', async () => {
    for (const [who, q] of [
      ['S001', {}],
      ['P001', { regionCode: '370900000000' }],
    ] as const) {
      const res = await breakdown(who, q);
      expect(res.rows.map((r) => [r.key, r.name, r.ownLevel ?? false])).toEqual([
        ['370900000000', '泰安市本级', true],
        ['370902000000', '泰山区', false],
        ['370911000000', '岱岳区', false],
      ]);
      expectRow(res.rows[0], seeded.filter((r) => r.window === 'WE'));
      expectRow(res.rows[1], under('370902'));
      expect(res.rows[1].figures.counts.ratings).toBeGreaterThan(expected(seeded.filter((r) => r.window === 'WA' || r.window === 'WB')).ratings);
      expect(res.rows[2].figures.counts.ratings).toBe(0);
      expect(res.rows[2].figures.goodRate).toBeNull();
    }
    const district = await breakdown('S001', { regionCode: '370902000000' });
    expect(district.rows.map((r) => r.name)).toEqual(['泰山区本级', '泰前街道']);
    expectRow(district.rows[1], seeded.filter((r) => r.window === 'WD'));
    // A region with no child regions has only its own level: the console shows its units instead.
    const street = await breakdown('S001', { regionCode: '370902001000' });
    expect(street.rows.map((r) => [r.name, r.ownLevel])).toEqual([['泰前街道本级', true]]);
  });

  it('lists the top-level regions for a system administrator', async () => {
    const res = await breakdown('admin');
    expect(res.rows.map((r) => r.name)).toEqual(['山东省']);
    expectRow(res.rows[0], seeded);
  });

  it('ranks child regions by a rate', async () => {
    const res = await get('P001', 'rankings', { ...march, by: 'region', metric: 'good_rate', minRatings: 1 }).expect(200);
    const order = ['370900000000', '371000000000'].sort((a, b) => expected(under(b.slice(0, 4))).goodRate! - expected(under(a.slice(0, 4))).goodRate!);
    expect(res.body.rows.map((r: { id: string }) => r.id)).toEqual(order);
    expect(res.body.rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2]);
    const city = await get('S001', 'rankings', { ...march, by: 'region', minRatings: 1 }).expect(200);
    // The city's own level is not a region: it is not ranked; 岱岳区 has no ratings, so no rank.
    expect(city.body.rows.map((r: { id: string; rank: number | null }) => [r.id, r.rank])).toEqual([
      ['370902000000', 1],
      ['370911000000', null],
    ]);
  });

  it('keeps a supervisor within his subtree: the parent and the sibling are 404', async () => {
    for (const [who, regionCode] of [
      ['S001', '370000000000'],
      ['S001', '371000000000'],
      ['S002', '370900000000'],
      ['S001', '999900000000'],
    ] as const) {
      for (const [path, by] of [
        ['breakdown', { groupBy: 'region' }],
        ['rankings', { by: 'region' }],
      ] as const) {
        const res = await get(who, path, { ...march, ...by, regionCode });
        expect({ who, regionCode, path, status: res.status, code: res.body.code }).toEqual({ who, regionCode, path, status: 404, code: 'NOT_FOUND' });
      }
    }
    // 威海's supervisor sees only his own districts.
    expect((await breakdown('S002')).rows.map((r) => r.name)).toEqual(['环翠区']);
  });

  it('gives a unit administrator no region to divide (404), and refuses other roles, deactivated accounts and no token', async () => {
    for (const q of [{}, { regionCode: '370902000000' }] as Record<string, string>[]) {
      const res = await get('A900', 'breakdown', { ...march, ...q, groupBy: 'region' });
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    }
    expect((await get('A001', 'breakdown', { ...march, groupBy: 'region' })).status).toBe(403);
    const device = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: 'stats-regions-citizen-0001' }).expect(200)).body.accessToken as string;
    expect((await request(t.http).get('/api/v1/stats/breakdown').query({ groupBy: 'region' }).set(bearer(device))).status).toBe(403);
    expect((await request(t.http).get('/api/v1/stats/breakdown').query({ groupBy: 'region' })).status).toBe(401);

    await breakdown('S019');
    const s019 = await t.dataSource.getRepository(StaffEntity).findOneByOrFail({ staffNumber: 'S019' });
    await request(t.http).post(`/api/v1/staff/${s019.id}/deactivate`).set(bearer(tokens.admin)).expect(200);
    const gone = await get('S019', 'breakdown', { ...march, groupBy: 'region' });
    expect([gone.status, gone.body.code]).toEqual([403, 'AUTH_ACCOUNT_INACTIVE']);
  });

  it('follows a change of the catalog at once: a unit moved out of a region leaves its figures and its supervisor’s reach', async () => {
    const overview = (who: string, q: Record<string, string>) => get(who, 'overview', { ...march, ...q });
    const taian = async () => (await overview('S001', { regionCode: '370900000000' }).expect(200)).body.current.counts.ratings as number;
    // Asked before the change, so what the answers rest on has been read once already.
    expect(await taian()).toBe(expected(under('3709')).ratings);
    await overview('S001', { unitId: unitE }).expect(200);
    expect((await overview('S002', { unitId: unitE })).status).toBe(404);

    await request(t.http).patch(`/api/v1/units/${unitE}`).set(bearer(tokens.admin)).send({ regionCode: '371002000000' }).expect(200);
    try {
      expect(await taian()).toBe(expected(under('3709').filter((r) => r.window !== 'WE')).ratings);
      const gone = await overview('S001', { unitId: unitE });
      expect([gone.status, gone.body.code]).toEqual([404, 'NOT_FOUND']);
      expect((await breakdown('S001')).rows.map((r) => r.name)).toEqual(['泰山区', '岱岳区']);
      // 威海's supervisor now sees it, in 环翠区.
      expectRow((await breakdown('S002')).rows.find((r) => r.name === '环翠区'), seeded.filter((r) => r.window === 'WC' || r.window === 'WE'));
      await overview('S002', { unitId: unitE }).expect(200);

      // A renamed region is shown by its new name.
      await request(t.http).patch('/api/v1/regions/370911000000').set(bearer(tokens.admin)).send({ name: '岱岳新区' }).expect(200);
      expect((await breakdown('S001')).rows.map((r) => r.name)).toEqual(['泰山区', '岱岳新区']);
    } finally {
      await request(t.http).patch(`/api/v1/units/${unitE}`).set(bearer(tokens.admin)).send({ regionCode: '370900000000' }).expect(200);
      await request(t.http).patch('/api/v1/regions/370911000000').set(bearer(tokens.admin)).send({ name: '岱岳区' }).expect(200);
    }
    expect(await taian()).toBe(expected(under('3709')).ratings);
  });

  it('refuses to divide a unit, hall or window by region (400) and bad input, storing nothing', async () => {
    for (const q of [{ unitId: w.units.A.id }, { windowId: w.windows.WA.id }, { hallId: w.halls.H1.id }] as Record<string, string>[]) {
      const res = await get('admin', 'breakdown', { ...march, ...q, groupBy: 'region' });
      expect([res.status, res.body.code]).toEqual([400, 'STATS_QUERY_INVALID']);
    }
    for (const regionCode of ['3709', '37090000000\u0000', '3'.repeat(5000)]) {
      expect((await get('P001', 'breakdown', { ...march, groupBy: 'region', regionCode })).status).toBe(400);
    }
    expect((await get('P001', 'rankings', { ...march, by: 'regions' })).status).toBe(400);
  });
});
