import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { PUBLIC_CASES_MAX_PAGE_SIZE, type PublicCase, type PublicUnitRow } from '@hcp/contracts';
import { chinaDate } from '../src/modules/calendar/working-days.js';
import { CitizenEntity } from '../src/modules/identity/entities/citizen.entity.js';
import { RatingEntity } from '../src/modules/ratings/entities/rating.entity.js';
import { PublicService } from '../src/modules/public/public.service.js';
import { StatsRollupService } from '../src/modules/stats/stats-rollup.service.js';
import { bearer, login, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * Public disclosure over HTTP on real PostgreSQL, without signing in: the per-unit figures match the seeded ratings,
 * and no public answer carries a name, a phone number, a staff number, an id, or a comment that did not pass the
 * content check.
 */
describe('public disclosure', () => {
  let t: TestApp;
  let w: World;
  const tokens: Record<string, string> = {};
  let serial = 0;
  const month = chinaDate(new Date()).slice(0, 7);
  /** Everything that must never appear in a public answer. */
  const secrets: string[] = [];
  const cases: Record<string, string> = {};

  const citizen = async () => {
    const res = await request(t.http).post('/api/v1/auth/device').send({ deviceId: `public-citizen-${String(++serial).padStart(8, '0')}` }).expect(200);
    return res.body.accessToken as string;
  };
  const badRating = async (phone: string, comment: string, scene = 'SceneWindowA1') => {
    const res = await request(t.http)
      .post('/api/v1/ratings')
      .set(bearer(await citizen()))
      .send({ clientId: randomUUID(), scene, level: 1, tagCodes: [115], comment, contactPhone: phone })
      .expect(201);
    return res.body.caseId as string;
  };
  const act = (id: string, action: string, body: object) => request(t.http).post(`/api/v1/cases/${id}/${action}`).set(bearer(tokens.A100)).send(body).expect(200);
  const setComment = (caseId: string, check: string, hidden: boolean, flagStatus = 'none') =>
    t.dataSource.query(`UPDATE rating SET comment_check = $2, comment_hidden = $3, flag_status = $4 WHERE id = (SELECT rating_id FROM rating_case WHERE id = $1)`, [caseId, check, hidden, flagStatus]);
  const publicGet = (path: string, query: Record<string, string | number> = {}) => request(t.http).get(`/api/v1/public/${path}`).query(query);

  beforeAll(async () => {
    t = await createTestApp({ env: { CASE_SCHEDULER: 'off' } });
    w = await seedWorld(t.dataSource);
    for (const n of ['A100', 'S001']) tokens[n] = await login(t.http, n);

    // A comment the content check passed (shown, with its number masked), one it found risky (the rating cleared by
    // a supervisor, so the case is public but the comment never), one never checked (a browser's), one to review.
    cases.passed = await badRating('13512340001', '排队一个多小时只开一个窗口，电话13812345678');
    await setComment(cases.passed, 'pass', false);
    cases.risky = await badRating('13512340002', '风险内容甲乙丙丁');
    await setComment(cases.risky, 'risky', true, 'cleared');
    cases.unchecked = await badRating('13512340003', '未检查的留言张伟伟');
    cases.review = await badRating('13512340004', '待复核的留言赵六六', 'SceneWindowC1');
    await setComment(cases.review, 'review', false, 'cleared');
    // A flagged rating not yet cleared stays out of the public list, as it stays out of every figure.
    cases.flagged = await badRating('13512340005', '被标记的评价');
    await setComment(cases.flagged, 'pass', false, 'pending');

    await act(cases.passed, 'callback', { contact: 'reached', verification: 'true', note: '回访备注：已联系13512340001本人' });
    await act(cases.passed, 'reply', {
      reply: '李秀英女士您好，窗口人员甲窗口（工号A001）已道歉，处理人甲处理人，如有疑问请拨打0538-8221234或13900000002，邮件 li.xiuying@example.cn',
      result: '已增开窗口，A100负责跟进',
    });
    await act(cases.risky, 'callback', { contact: 'reached', verification: 'partly_true', note: '部分属实' });

    // Good ratings inserted as made now: unit A 32 (plus its 4 差评 above, one flagged), B 2, C 24 good and 6 bad.
    const rater = await t.dataSource.getRepository(CitizenEntity).save({ kind: 'device', deviceId: 'public-history-device' });
    const rows = [
      ...Array.from({ length: 32 }, () => ({ window: w.windows.WA, hall: w.halls.H1, unit: w.units.A, level: 5 })),
      ...Array.from({ length: 2 }, () => ({ window: w.windows.WB, hall: w.halls.H1, unit: w.units.B, level: 4 })),
      ...Array.from({ length: 24 }, () => ({ window: w.windows.WC, hall: w.halls.H2, unit: w.units.C, level: 3 })),
      ...Array.from({ length: 6 }, () => ({ window: w.windows.WC, hall: w.halls.H2, unit: w.units.C, level: 2 })),
    ];
    await t.dataSource.getRepository(RatingEntity).insert(
      rows.map((r) => ({ clientId: randomUUID(), citizenId: rater.id, windowId: r.window.id, hallId: r.hall.id, unitId: r.unit.id, level: r.level, tagCodes: [], tagVersion: 'v2', channel: 3, ratedAt: new Date() })),
    );
    expect(await t.app.get(StatsRollupService).runPass()).toMatchObject({ caughtUp: true });

    const ids = (await t.dataSource.query(`SELECT id FROM citizen UNION ALL SELECT id FROM staff UNION ALL SELECT id FROM rating_case UNION ALL SELECT id FROM rating`)) as { id: string }[];
    const staff = (await t.dataSource.query(`SELECT name, staff_number FROM staff`)) as { name: string; staff_number: string }[];
    secrets.push(
      ...ids.map((r) => r.id),
      ...staff.flatMap((s) => [s.name, s.staff_number]).filter((s) => s !== 'admin'),
      ...['13512340001', '13512340002', '13512340003', '13512340004', '135****0001', '13812345678', '0538-8221234', '13900000002', 'li.xiuying@example.cn', '李秀英'],
      ...['风险内容', '张伟伟', '赵六六', '被标记', '回访备注', '部分属实'],
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const expectNoSecrets = (body: unknown) => {
    const text = JSON.stringify(body);
    for (const s of secrets) expect({ secret: s, found: text.includes(s) }).toEqual({ secret: s, found: false });
  };

  it('publishes each unit’s figures for the month and ranks those with 30 ratings or more, without signing in', async () => {
    const res = await publicGet('units', { period: 'month', month }).expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const byName = new Map((res.body.units as PublicUnitRow[]).map((u) => [u.name, u]));
    // A: 32 good + 4 差评 (the flagged one left out) = 35, 3 cases, 1 replied.
    expect(byName.get(w.units.A.name)).toMatchObject({ ratings: 35, good: 32, bad: 3, cases: 3, rectified: 1, rank: 1 });
    expect(byName.get(w.units.A.name)!.goodRate).toBeCloseTo(32 / 35, 10);
    expect(byName.get(w.units.A.name)!.rectificationRate).toBeCloseTo(1 / 3, 10);
    // C: 24 good, 6 bad inserted and one 差评 through the page (its case) = 31.
    expect(byName.get(w.units.C.name)).toMatchObject({ ratings: 31, good: 24, bad: 7, cases: 1, rectified: 0, rank: 2 });
    expect(byName.get(w.units.C.name)!.badRate).toBeCloseTo(7 / 31, 10);
    // B has too few ratings to be ranked; it is listed last.
    expect(byName.get(w.units.B.name)).toMatchObject({ ratings: 2, rank: null, badRate: 0, rectificationRate: null });
    expect(res.body.units.map((u: PublicUnitRow) => u.name)).toEqual([w.units.A.name, w.units.C.name, w.units.B.name]);
    expect(res.body).toMatchObject({ metric: 'good_rate', minRatings: 30, region: null, truncated: false });
    expect(res.body.asOf).not.toBeNull();
    expectNoSecrets(res.body);
  });

  it('narrows to a region, ranks by 差评率, and gives the whole year', async () => {
    const taian = await publicGet('units', { region: '370900000000', month, metric: 'bad_rate' }).expect(200);
    expect(taian.body.region).toEqual({ code: '370900000000', name: '泰安市' });
    expect(taian.body.units.map((u: PublicUnitRow) => u.name)).toEqual([w.units.A.name, w.units.B.name]);
    const year = await publicGet('units', { period: 'year', year: month.slice(0, 4) }).expect(200);
    expect(year.body.period).toEqual({ from: `${month.slice(0, 4)}-01-01`, to: `${month.slice(0, 4)}-12-31` });
    expect(year.body.units.find((u: PublicUnitRow) => u.name === w.units.A.name)).toMatchObject({ ratings: 35 });
    expectNoSecrets([taian.body, year.body]);
  });

  it('lists each 差评 with the unit’s reply masked, and a comment only when the content check passed', async () => {
    const res = await publicGet('cases', { month }).expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    expect(res.body).toMatchObject({ total: 4, page: 1, pageSize: 20, month });
    const items = res.body.items as PublicCase[];
    const caseNos = (await t.dataSource.query(`SELECT id, case_no FROM rating_case`)) as { id: string; case_no: string }[];
    const no = (id: string) => caseNos.find((c) => c.id === id)!.case_no;
    const of = (id: string) => items.find((i) => i.caseNo === no(id))!;
    expect(items.map((i) => i.caseNo)).not.toContain(no(cases.flagged));
    expect(of(cases.passed)).toMatchObject({
      unit: w.units.A.name,
      hall: '泰山区政务服务中心',
      window: '1号窗口 企业开办',
      level: 1,
      tags: ['服务态度差效率低'],
      comment: '排队一个多小时只开一个窗口，电话＊＊',
      state: 'replied',
      stateLabel: '已答复',
      reply: '＊＊女士您好，窗口人员＊＊（工号＊＊）已道歉，处理人＊＊，如有疑问请拨打＊＊或＊＊，邮件 ＊＊',
      result: '已增开窗口，＊＊负责跟进',
      ratedOn: chinaDate(new Date()),
      repliedOn: chinaDate(new Date()),
      closedOn: null,
    });
    expect(of(cases.risky)).toMatchObject({ comment: null, state: 'verified', reply: null });
    expect(of(cases.unchecked)).toMatchObject({ comment: null, state: 'awaiting_callback' });
    expect(of(cases.review)).toMatchObject({ comment: null, unit: w.units.C.name });
    expectNoSecrets(res.body);
  });

  it('filters by unit, pages, and caps the page size', async () => {
    const c = await publicGet('cases', { unit: w.units.C.id, month }).expect(200);
    expect(c.body.total).toBe(1);
    const first = await publicGet('cases', { month, page: 1, pageSize: 3 }).expect(200);
    const second = await publicGet('cases', { month, page: 2, pageSize: 3 }).expect(200);
    expect(first.body.items).toHaveLength(3);
    expect(second.body.items).toHaveLength(1);
    expect(new Set([...first.body.items, ...second.body.items].map((i: PublicCase) => i.caseNo)).size).toBe(4);
    expect((await publicGet('cases', { pageSize: PUBLIC_CASES_MAX_PAGE_SIZE + 1 }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await publicGet('cases', { page: 201 }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await publicGet('cases', { month: '2019-01' }).expect(200)).body).toMatchObject({ total: 0, items: [] });
  });

  it('refuses bad questions with a stable code before any work', async () => {
    const bad: [string, Record<string, string>, string][] = [
      ['units', { month: '2026-13' }, 'STATS_RANGE_INVALID'],
      ['units', { month: '1999-12' }, 'STATS_RANGE_INVALID'],
      ['units', { period: 'year', year: '2100' }, 'STATS_RANGE_INVALID'],
      ['units', { month: '2026-1' }, 'VALIDATION_FAILED'],
      ['units', { period: 'week' }, 'VALIDATION_FAILED'],
      ['units', { period: 'year', month: '2026-01' }, 'PUBLIC_QUERY_INVALID'],
      ['units', { year: '2026' }, 'PUBLIC_QUERY_INVALID'],
      ['units', { region: '37090000000\u0000' }, 'VALIDATION_FAILED'],
      ['units', { metric: 'staff' }, 'VALIDATION_FAILED'],
      ['units', { unitId: w.units.A.id }, 'VALIDATION_FAILED'],
      ['cases', { unit: 'not-a-uuid' }, 'VALIDATION_FAILED'],
      ['cases', { page: '1e3' }, 'VALIDATION_FAILED'],
      ['cases', { pageSize: '99999999999999999999' }, 'VALIDATION_FAILED'],
      ['cases', { month: 'x'.repeat(5000) }, 'VALIDATION_FAILED'],
      ['cases', { month: '2026-00' }, 'STATS_RANGE_INVALID'],
    ];
    for (const [path, query, code] of bad) {
      const res = await publicGet(path, query);
      expect({ path, query, status: res.status, code: res.body.code }).toEqual({ path, query, status: 400, code });
    }
    const twice = await request(t.http).get(`/api/v1/public/cases?month=${month}&month=${month}`).expect(400);
    expect(twice.body.code).toBe('VALIDATION_FAILED');
    expect((await publicGet('units', { region: '110000000000' }).expect(404)).body.code).toBe('NOT_FOUND');
  });

  it('answers the same to anyone: a staff or citizen token widens nothing, a deactivated account’s or a bad one is ignored', async () => {
    const answers = async () => {
      t.app.get(PublicService).clearCache();
      return Promise.all(['cases', 'units'].map(async (path) => (await publicGet(path, { month }).set(bearer(tokens.A100)).expect(200)).body));
    };
    const anonymous = await Promise.all(['cases', 'units'].map(async (path) => (await publicGet(path, { month }).expect(200)).body));
    for (const token of [tokens.S001, tokens.A100, await citizen(), 'not.a.token']) {
      t.app.get(PublicService).clearCache();
      for (const [i, path] of ['cases', 'units'].entries()) expect((await publicGet(path, { month }).set(bearer(token)).expect(200)).body).toEqual(anonymous[i]);
    }
    // A handler deactivated after signing in: their token still reads only what anyone reads.
    const admin = await login(t.http, 'admin');
    await request(t.http).post(`/api/v1/staff/${w.staff.handlerA.id}/deactivate`).set(bearer(admin)).expect(200);
    expect(await answers()).toEqual(anonymous);
  });

  it('serves a repeated question from its cache until the entry expires', async () => {
    t.app.get(PublicService).clearCache();
    const before = await publicGet('cases', { month }).expect(200);
    await badRating('13512340009', '新的差评');
    expect((await publicGet('cases', { month }).expect(200)).body.total).toBe(before.body.total);
    t.app.get(PublicService).clearCache();
    expect((await publicGet('cases', { month }).expect(200)).body.total).toBe(before.body.total + 1);
  });
});
