import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { StatsOverview, StatsRanking } from '@hcp/contracts';
import { hashPassword } from '../src/modules/identity/password.js';
import { CitizenEntity } from '../src/modules/identity/entities/citizen.entity.js';
import { StaffEntity } from '../src/modules/identity/entities/staff.entity.js';
import { RatingEntity } from '../src/modules/ratings/entities/rating.entity.js';
import { StatsRollupService } from '../src/modules/stats/stats-rollup.service.js';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

type WindowKey = 'WA' | 'WB' | 'WC';
const UNIT_OF = { WA: 'A', WB: 'B', WC: 'C' } as const;
const HALL_OF = { WA: 'H1', WB: 'H1', WC: 'H2' } as const;

/** Reads a workbook the server produced: the sheets by name, the cells as values. */
async function open(body: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  return book;
}

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/** Every cell's text of every sheet, to check what the workbook must never hold. */
function allText(book: ExcelJS.Workbook): string {
  const out: string[] = [];
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => out.push(String(cell.value ?? '')))));
  return out.join('\n');
}

describe('the monthly report as XLSX', () => {
  let t: TestApp;
  let w: World;
  const tokens: Record<string, string> = {};
  let serial = 0;
  const caseNos: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorld(t.dataSource);
    const passwordHash = await hashPassword(PASSWORD);
    await t.dataSource.getRepository(StaffEntity).save({ staffNumber: 'S009', name: '将停用督查', unitId: null, roles: ['supervisor'], scopeRegionCode: '370900000000', passwordHash });
    for (const n of ['admin', 'S001', 'S002', 'S009', 'A900', 'A100', 'A001', 'C001']) tokens[n] = await login(t.http, n);

    // February and March 2026 at the three windows: every level, a few tags, one rating flagged.
    const citizen = await t.dataSource.getRepository(CitizenEntity).save({ kind: 'device', deviceId: 'report-history-device' });
    const rows: Partial<RatingEntity>[] = [];
    for (const [month, days] of [
      ['02', 28],
      ['03', 31],
    ] as const) {
      for (let d = 1; d <= days; d += 1) {
        (['WA', 'WB', 'WC'] as WindowKey[]).forEach((key, wi) => {
          const level = (((d + wi + Number(month)) % 5) + 1) as 1 | 2 | 3 | 4 | 5;
          rows.push({
            id: randomUUID(),
            clientId: randomUUID(),
            citizenId: citizen.id,
            windowId: w.windows[key].id,
            hallId: w.halls[HALL_OF[key]].id,
            unitId: w.units[UNIT_OF[key]].id,
            level,
            tagCodes: level <= 2 ? [214] : [510],
            tagVersion: 'v2',
            channel: 3,
            ratedAt: new Date(`2026-${month}-${String(d).padStart(2, '0')}T10:00:00+08:00`),
            flags: d === 7 ? ['good_burst'] : [],
            flagStatus: d === 7 ? 'pending' : 'none',
          });
        });
      }
    }
    await t.dataSource.getRepository(RatingEntity).insert(rows);
    // A name typed like a formula must reach the workbook as text, never run.
    await t.dataSource.query(`UPDATE unit SET name = $1 WHERE id = $2`, ['=HYPERLINK("http://x")人社局', w.units.B.id]);

    // Two cases overdue now (units A and B), one not yet due (unit A).
    for (const [key, scene, late] of [
      ['A', 'SceneWindowA1', true],
      ['B', 'SceneWindowB2', true],
      ['A-fresh', 'SceneWindowA1', false],
    ] as const) {
      const device = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: `report-rater-${String(++serial).padStart(8, '0')}` }).expect(200)).body.accessToken as string;
      const res = await request(t.http)
        .post('/api/v1/ratings')
        .set(bearer(device))
        .send({ clientId: randomUUID(), scene, level: 1, tagCodes: [], contactPhone: `1350000000${serial}` })
        .expect(201);
      const [row] = (await t.dataSource.query(`SELECT case_no FROM rating_case WHERE id = $1`, [res.body.caseId])) as { case_no: string }[];
      caseNos[key] = row.case_no;
      if (late) await t.dataSource.query(`UPDATE rating_case SET callback_due_at = now() - interval '3 days 2 hours' WHERE id = $1`, [res.body.caseId]);
    }
    await t.app.get(StatsRollupService).runPass();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (who: string) => bearer(tokens[who]);
  const report = (who: string, query: Record<string, string>) => request(t.http).get('/api/v1/stats/report.xlsx').query(query).set(as(who)).buffer(true).parse(binary);
  const json = <T>(who: string, path: string, query: Record<string, string>) =>
    request(t.http).get(`/api/v1/stats/${path}`).query(query).set(as(who)).expect(200).then((r) => r.body as T);

  it('gives a supervisor the month’s workbook whose figures are those of the overview, rankings and tags', async () => {
    const res = await report('S001', { month: '2026-03' }).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain('attachment');
    const book = await open(res.body as Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['主要指标', '单位好评率排名', '窗口差评率排名', '原因分析', '逾期工单']);

    const q = { period: 'month', date: '2026-03-01' };
    const overview = await json<StatsOverview>('S001', 'overview', q);
    const head = book.getWorksheet('主要指标')!;
    const line = (label: string) => {
      let found: ExcelJS.Row | undefined;
      head.eachRow((row) => {
        if (row.getCell(1).value === label) found = row;
      });
      if (!found) throw new Error(`no row ${label}`);
      return found;
    };
    expect(overview.current.counts.ratings).toBeGreaterThan(0);
    expect(line('评价数').getCell(2).value).toBe(overview.current.counts.ratings);
    expect(line('评价数').getCell(3).value).toBe(overview.previous.counts.ratings);
    expect(line('其中非常不满意').getCell(2).value).toBe(overview.current.counts.levels[0]);
    const good = line('好评率');
    expect(good.getCell(2).value).toBeCloseTo(overview.current.goodRate!, 10);
    expect(good.getCell(3).value).toBeCloseTo(overview.previous.goodRate!, 10);
    expect(good.getCell(2).numFmt).toBe('0.0%');
    expect(line('差评率').getCell(2).value).toBeCloseTo(overview.current.badRate!, 10);
    expect(line('未计入的评价：疑似刷评未核实').getCell(2).value).toBe(overview.excluded.flagged);
    expect(overview.excluded.flagged).toBeGreaterThan(0);

    const units = await json<StatsRanking>('S001', 'rankings', { ...q, by: 'unit', metric: 'good_rate' });
    const unitSheet = book.getWorksheet('单位好评率排名')!;
    units.rows.forEach((r, i) => {
      const row = unitSheet.getRow(i + 2);
      const name = r.name.startsWith('=') ? `'${r.name}` : r.name;
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value]).toEqual([r.rank ?? '不排名', name, r.ratings]);
      expect(row.getCell(4).value).toBeCloseTo(r.value!, 10);
    });
    expect(units.rows.map((r) => r.id).sort()).toEqual([w.units.A.id, w.units.B.id].sort());
    const windows = await json<StatsRanking>('S001', 'rankings', { ...q, by: 'window', metric: 'bad_rate' });
    expect(book.getWorksheet('窗口差评率排名')!.getRow(2).getCell(2).value).toBe(windows.rows[0].name);

    const tags = await json<{ tags: { code: number; count: number; previousCount: number }[] }>('S001', 'tags', q);
    const tagSheet = book.getWorksheet('原因分析')!;
    const tag214 = tags.tags.find((t) => t.code === 214)!;
    const row214 = tagSheet.getRows(2, tagSheet.rowCount - 1)!.find((r) => r.getCell(1).value === 214)!;
    expect([row214.getCell(4).value, row214.getCell(5).value]).toEqual([tag214.count, tag214.previousCount]);

    const late = book.getWorksheet('逾期工单')!;
    expect(late.getRow(1).values).toEqual([undefined, '工单号', '责任单位', '大厅', '窗口', '逾期环节', '期限', '逾期天数']);
    const listed = late.getRows(2, late.rowCount - 1)!.map((r) => [r.getCell(1).value, r.getCell(2).value, r.getCell(5).value, r.getCell(7).value]);
    expect(listed).toEqual(
      expect.arrayContaining([
        [caseNos.A, w.units.A.name, '回访', 3],
        [caseNos.B, `'=HYPERLINK("http://x")人社局`, '回访', 3],
      ]),
    );
    expect(listed).toHaveLength(2);
    // No citizen's number (whole or masked) is in the workbook.
    const text = allText(book);
    expect(text).not.toMatch(/1350000000\d/);
    expect(text).not.toMatch(/\*{4}/);
    expect(text).not.toMatch(/^=/m);
    expect(units.rows.some((r) => r.name.startsWith('='))).toBe(true);
  });

  it('limits a unit administrator to their unit and answers 404 outside each caller’s scope', async () => {
    const own = await report('A900', { month: '2026-03', unitId: w.units.A.id }).expect(200);
    const book = await open(own.body as Buffer);
    const late = book.getWorksheet('逾期工单')!;
    expect(late.getRows(2, late.rowCount - 1)!.map((r) => r.getCell(1).value)).toEqual([caseNos.A]);
    const overview = await json<StatsOverview>('A900', 'overview', { period: 'month', date: '2026-03-01', unitId: w.units.A.id });
    expect(book.getWorksheet('主要指标')!.getRow(2).getCell(2).value).toBe(overview.current.counts.ratings);

    const outside: [string, Record<string, string>][] = [
      ['A900', { unitId: w.units.B.id }],
      ['A900', { windowId: w.windows.WB.id }],
      ['A900', { regionCode: '370902000000' }],
      ['S001', { unitId: w.units.C.id }],
      ['S001', { hallId: w.halls.H2.id }],
      ['S002', { regionCode: '370000000000' }],
      ['admin', { unitId: randomUUID() }],
    ];
    for (const [who, subject] of outside) {
      const res = await request(t.http).get('/api/v1/stats/report.xlsx').query({ month: '2026-03', ...subject }).set(as(who));
      expect({ who, subject, status: res.status, code: res.body.code }).toEqual({ who, subject, status: 404, code: 'NOT_FOUND' });
    }
    // The other region's supervisor sees neither the figures nor the overdue cases of Tai'an.
    const weihai = await open((await report('S002', { month: '2026-03' }).expect(200)).body as Buffer);
    const theirs = weihai.getWorksheet('逾期工单')!;
    expect(theirs.getRow(2).getCell(1).value).toBe('目前没有逾期工单');
  });

  it('refuses citizens, window staff, case handlers, anonymous callers and deactivated accounts', async () => {
    const device = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: `report-citizen-${++serial}-000000` }).expect(200)).body.accessToken as string;
    const q = { month: '2026-03' };
    expect((await request(t.http).get('/api/v1/stats/report.xlsx').query(q).set(bearer(device))).status).toBe(403);
    for (const who of ['A001', 'A100', 'C001']) expect((await request(t.http).get('/api/v1/stats/report.xlsx').query(q).set(as(who))).status).toBe(403);
    expect((await request(t.http).get('/api/v1/stats/report.xlsx').query(q)).status).toBe(401);

    await report('S009', q).expect(200);
    const s009 = await t.dataSource.getRepository(StaffEntity).findOneByOrFail({ staffNumber: 'S009' });
    await request(t.http).post(`/api/v1/staff/${s009.id}/deactivate`).set(as('admin')).expect(200);
    const gone = await request(t.http).get('/api/v1/stats/report.xlsx').query(q).set(as('S009'));
    expect([gone.status, gone.body.code]).toEqual([403, 'AUTH_ACCOUNT_INACTIVE']);
  });

  it('refuses a bad month or subject with a stable code', async () => {
    const bad: [Record<string, string>, string][] = [
      [{}, 'VALIDATION_FAILED'],
      [{ month: '2026-3' }, 'VALIDATION_FAILED'],
      [{ month: '2026-03-01' }, 'VALIDATION_FAILED'],
      [{ month: '2026-0\u00003' }, 'VALIDATION_FAILED'],
      [{ month: '2026-03', unitId: `${w.units.A.id}\u0000` }, 'VALIDATION_FAILED'],
      [{ month: '2026-13' }, 'STATS_RANGE_INVALID'],
      [{ month: '1999-12' }, 'STATS_RANGE_INVALID'],
      [{ month: '2026-03', staffId: w.staff.clerkA.id }, 'VALIDATION_FAILED'],
      [{ month: '2026-03', period: 'day' }, 'VALIDATION_FAILED'],
      [{ month: '2026-03', unitId: w.units.A.id, windowId: w.windows.WA.id }, 'STATS_QUERY_INVALID'],
    ];
    for (const [query, code] of bad) {
      const res = await request(t.http).get('/api/v1/stats/report.xlsx').query(query).set(as('admin'));
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code });
    }
    const twice = await request(t.http).get('/api/v1/stats/report.xlsx?month=2026-03&month=2026-04').set(as('admin'));
    expect(twice.status).toBe(400);
  });
});
