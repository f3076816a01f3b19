import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { CURRENT_TAG_TABLE } from '@hcp/contracts';
import { CitizenEntity } from '../src/modules/identity/entities/citizen.entity.js';
import { RatingEntity } from '../src/modules/ratings/entities/rating.entity.js';
import { StatsRollupService } from '../src/modules/stats/stats-rollup.service.js';
import { bearer, login, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

type WindowKey = 'WA' | 'WB' | 'WC';
interface Seeded {
  id: string;
  day: string;
  window: WindowKey;
  level: 1 | 2 | 3 | 4 | 5;
  tags: number[];
  flag: 'none' | 'pending' | 'confirmed' | 'cleared';
  invalid: boolean;
}

const UNIT_OF: Record<WindowKey, 'A' | 'B' | 'C'> = { WA: 'A', WB: 'B', WC: 'C' };
const HALL_OF: Record<WindowKey, 'H1' | 'H2'> = { WA: 'H1', WB: 'H1', WC: 'H2' };
const DAY_MS = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Ratings on every day from 20 November 2025 to 10 March 2026 at the three windows of the test world, with varied
 * levels and tags, some flagged (pending, confirmed, cleared) and some invalidated, in whole months and in the days
 * around them.
 */
function history(): Seeded[] {
  const out: Seeded[] = [];
  let n = 0;
  for (let ms = Date.UTC(2025, 10, 20); ms <= Date.UTC(2026, 2, 10); ms += DAY_MS) {
    const d = new Date(ms).getUTCDate();
    (['WA', 'WB', 'WC'] as const).forEach((window, wi) => {
      for (let i = 0; i < (d + wi) % 3 + 1; i += 1) {
        n += 1;
        const level = (((d + i * 2 + wi) % 5) + 1) as Seeded['level'];
        const ofLevel = CURRENT_TAG_TABLE.tags.filter((t) => t.level === level);
        out.push({
          id: randomUUID(),
          day: dateOf(ms),
          window,
          level,
          tags: n % 4 === 0 ? [] : [ofLevel[(d + i) % ofLevel.length].code],
          flag: n % 9 === 0 ? 'pending' : n % 17 === 0 ? 'confirmed' : n % 19 === 0 ? 'cleared' : 'none',
          invalid: n % 23 === 0,
        });
      }
    });
  }
  return out;
}

const excludedOf = (r: Seeded) => r.invalid || r.flag === 'pending' || r.flag === 'confirmed';

describe('figures over months and odd ranges, from the monthly roll-ups', () => {
  let t: TestApp;
  let w: World;
  let rollup: StatsRollupService;
  let seeded: Seeded[];
  let citizenId: string;
  let admin: string;

  const store = async (rows: Seeded[]) => {
    await t.dataSource.getRepository(RatingEntity).insert(
      rows.map((r) => ({
        id: r.id,
        clientId: randomUUID(),
        citizenId,
        windowId: w.windows[r.window].id,
        hallId: w.halls[HALL_OF[r.window]].id,
        unitId: w.units[UNIT_OF[r.window]].id,
        staffId: null,
        serviceItemId: null,
        level: r.level,
        tagCodes: r.tags,
        tagVersion: 'v2',
        channel: 3,
        // 10:00 China time, and one past 23:00 to keep the China-time day honest.
        ratedAt: new Date(`${r.day}T${r.level === 3 ? '23:40' : '10:00'}:00+08:00`),
        flags: r.flag === 'none' ? [] : ['good_burst'],
        flagStatus: r.flag,
        invalidatedAt: r.invalid ? new Date('2026-03-20T00:00:00Z') : null,
        invalidReason: r.invalid ? '申诉成立' : null,
      })),
    );
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorld(t.dataSource);
    rollup = t.app.get(StatsRollupService);
    admin = await login(t.http, 'admin');
    citizenId = (await t.dataSource.getRepository(CitizenEntity).save({ kind: 'device', deviceId: 'stats-tiers-device' })).id;
    seeded = history();
    await store(seeded);
    expect(await rollup.runPass()).toMatchObject({ ratings: seeded.length, caughtUp: true });
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (path: string, query: Record<string, string | number>) => request(t.http).get(`/api/v1/stats/${path}`).query(query).set(bearer(admin)).expect(200);

  type Subject = [string, Record<string, string>, (r: Seeded) => boolean];
  const subjects = (): Subject[] => [
    ['the province', { regionCode: '370000000000' }, () => true],
    ['a city', { regionCode: '370900000000' }, (r) => r.window !== 'WC'],
    ['a unit', { unitId: w.units.B.id }, (r) => r.window === 'WB'],
    ['a window', { windowId: w.windows.WA.id }, (r) => r.window === 'WA'],
  ];
  // A calendar month; a year-like range whose ends are not months (30 November … 27 February: November's last day,
  // December and January whole, February but its last day); a month but its first and last days; a week across a month's end.
  const periods: [string, Record<string, string>, string, string, string, string][] = [
    ['January', { period: 'month', date: '2026-01-15' }, '2026-01-01', '2026-01-31', '2025-12-01', '2025-12-31'],
    ['30 Nov … 27 Feb', { from: '2025-11-30', to: '2026-02-27' }, '2025-11-30', '2026-02-27', '2025-09-01', '2025-11-29'],
    ['2 … 30 Jan', { from: '2026-01-02', to: '2026-01-30' }, '2026-01-02', '2026-01-30', '2025-12-04', '2026-01-01'],
    ['28 Jan … 3 Feb', { from: '2026-01-28', to: '2026-02-03' }, '2026-01-28', '2026-02-03', '2026-01-21', '2026-01-27'],
  ];

  /** Everything the routes should answer, counted here from the stored ratings. */
  async function expectAnswersMatch() {
    for (const [, query, inSubject] of subjects()) {
      for (const [, period, from, to, prevFrom, prevTo] of periods) {
        const q = { ...query, ...period };
        const of = (a: string, b: string) => seeded.filter((r) => inSubject(r) && r.day >= a && r.day <= b);
        const rows = of(from, to);
        const kept = rows.filter((r) => !excludedOf(r));
        const previousKept = of(prevFrom, prevTo).filter((r) => !excludedOf(r));
        const levels = (list: Seeded[]) => [1, 2, 3, 4, 5].map((l) => list.filter((r) => r.level === l).length);
        const excluded = { flagged: rows.filter((r) => !r.invalid && excludedOf(r)).length, invalidated: rows.filter((r) => r.invalid).length };

        const overview = (await get('overview', q)).body;
        expect(overview.period).toEqual({ from, to });
        expect(overview.current.counts.levels).toEqual(levels(kept));
        expect(overview.previous.counts.levels).toEqual(levels(previousKept));
        expect(overview.excluded).toEqual(excluded);

        const tagCounts = (list: Seeded[]) => {
          const m = new Map<number, number>();
          for (const r of list) for (const tag of r.tags) m.set(tag, (m.get(tag) ?? 0) + 1);
          return m;
        };
        const [nowTags, beforeTags] = [tagCounts(kept), tagCounts(previousKept)];
        const tags = (await get('tags', q)).body;
        const wantTags = [...new Set([...nowTags.keys(), ...beforeTags.keys()])].map((code) => [code, nowTags.get(code) ?? 0, beforeTags.get(code) ?? 0]);
        const gotTags = (tags.tags as { code: number; count: number; previousCount: number }[]).filter((x) => x.count || x.previousCount).map((x) => [x.code, x.count, x.previousCount]);
        expect(gotTags.sort((a, b) => a[0] - b[0])).toEqual(wantTags.sort((a, b) => a[0] - b[0]));
        expect(tags.excluded).toEqual(excluded);

        const ranking = (await get('rankings', { ...q, by: 'window', metric: 'good_rate', minRatings: 1 })).body;
        const perWindow = (['WA', 'WB', 'WC'] as const).map((k) => [w.windows[k].id, kept.filter((r) => r.window === k).length]).filter(([, n]) => n);
        expect((ranking.rows as { id: string; ratings: number }[]).map((r) => [r.id, r.ratings]).sort()).toEqual(perWindow.sort());

        const byMonth = (await get('breakdown', { ...q, groupBy: 'month' })).body;
        const months = [...new Set(kept.map((r) => `${r.day.slice(0, 7)}-01`))].sort();
        expect((byMonth.rows as { key: string; figures: { counts: { ratings: number } } }[]).map((r) => [r.key, r.figures.counts.ratings])).toEqual(
          months.map((m) => [m, kept.filter((r) => r.day.startsWith(m.slice(0, 7))).length]),
        );

        if (query.regionCode === '370000000000') {
          const regions = (await get('breakdown', { ...q, groupBy: 'region' })).body;
          expect((regions.rows as { key: string; figures: { counts: { ratings: number } } }[]).map((r) => [r.key, r.figures.counts.ratings])).toEqual([
            ['370900000000', kept.filter((r) => r.window !== 'WC').length],
            ['371000000000', kept.filter((r) => r.window === 'WC').length],
          ]);
        }
      }
    }
  }

  it('answers months, odd ranges and the periods before them exactly as counted from the ratings, with flagged and invalidated ratings left out', async () => {
    const january = seeded.filter((r) => r.day.startsWith('2026-01'));
    // The monthly tier holds excluded ratings of each kind, so the answers above prove they are taken off it.
    expect(january.some((r) => r.flag === 'pending' && !r.invalid)).toBe(true);
    expect(january.some((r) => r.flag === 'confirmed' && !r.invalid)).toBe(true);
    expect(january.some((r) => r.flag === 'cleared' && !r.invalid)).toBe(true);
    expect(january.some((r) => r.invalid)).toBe(true);
    await expectAnswersMatch();
  });

  it('counts a rating that arrives after its month was rolled up, once the job has passed, and a flag cleared or raised in that month at once', async () => {
    const late: Seeded[] = [
      { id: randomUUID(), day: '2026-01-10', window: 'WB', level: 1, tags: [CURRENT_TAG_TABLE.tags.find((x) => x.level === 1)!.code], flag: 'none', invalid: false },
      { id: randomUUID(), day: '2026-02-28', window: 'WA', level: 5, tags: [], flag: 'none', invalid: false },
    ];
    await store(late);
    const january = { unitId: w.units.B.id, period: 'month', date: '2026-01-01' };
    const before = (await get('overview', january)).body.current.counts.levels;
    expect(before).toEqual([1, 2, 3, 4, 5].map((l) => seeded.filter((r) => r.window === 'WB' && r.day.startsWith('2026-01') && !excludedOf(r) && r.level === l).length));
    expect(await rollup.runPass()).toMatchObject({ ratings: 2, caughtUp: true });
    seeded.push(...late);
    const after = (await get('overview', january)).body.current.counts.levels;
    expect(after[0]).toBe(before[0] + 1);

    // A supervisor clears a pending flag in January, and a new signal flags a kept rating there: both count at once.
    const pending = seeded.find((r) => r.day.startsWith('2026-01') && r.flag === 'pending' && !r.invalid)!;
    await request(t.http).post(`/api/v1/ratings/flagged/${pending.id}`).set(bearer(admin)).send({ decision: 'clear' }).expect(200);
    pending.flag = 'cleared';
    const kept = seeded.find((r) => r.day.startsWith('2026-01') && r.flag === 'none' && !r.invalid && r.window === 'WC')!;
    await t.dataSource.query(`UPDATE rating SET flags = '{good_burst}', flag_status = 'pending' WHERE id = $1`, [kept.id]);
    kept.flag = 'pending';
    await expectAnswersMatch();
  });
});
