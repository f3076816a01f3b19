import { randomUUID } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import type { CreatedApiKey, NationalExportRecord } from '@hcp/contracts';
import { hashPassword } from '../src/modules/identity/password.js';
import { CitizenEntity } from '../src/modules/identity/entities/citizen.entity.js';
import { StaffEntity } from '../src/modules/identity/entities/staff.entity.js';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const EXPORT = '/api/v1/exports/national';

/** The lines of an export page, parsed. */
const lines = (res: request.Response): NationalExportRecord[] =>
  res.text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as NationalExportRecord);

describe('the national-platform export', () => {
  let t: TestApp;
  let w: World;
  const tokens: Record<string, string> = {};
  const as = (who: string) => bearer(tokens[who]);
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorld(t.dataSource);
    await t.dataSource.getRepository(StaffEntity).save({ staffNumber: 'admin2', name: '将停用管理员', unitId: null, roles: ['system_admin'], passwordHash: await hashPassword(PASSWORD) });
    for (const n of ['admin', 'admin2', 'S001', 'A900', 'A100', 'A001']) tokens[n] = await login(t.http, n);
  });
  afterAll(async () => {
    await t.close();
  });

  const citizen = async () => (await request(t.http).post('/api/v1/auth/device').send({ deviceId: `export-citizen-${String(++serial).padStart(8, '0')}` }).expect(200)).body.accessToken as string;
  const rate = async (body: object) => (await request(t.http).post('/api/v1/ratings').set(bearer(await citizen())).send({ clientId: randomUUID(), scene: 'SceneWindowA1', ...body }).expect(201)).body as { id: string; caseId?: string };
  const act = (who: string, id: string, action: string, body: object = {}) => request(t.http).post(`/api/v1/cases/${id}/${action}`).set(as(who)).send(body).expect(200);
  const newKey = async (scopes: string[]) => (await request(t.http).post('/api/v1/admin/api-keys').set(as('admin')).send({ name: `导出 ${scopes.join(',')}`, scopes }).expect(201)).body as CreatedApiKey;

  /**
   * Reads pages until the export says it has caught up and `done` holds for what was read; returns every line in order.
   * "Caught up" is with what can be read now: a transaction of the job queue in flight on the same database holds back
   * what committed after it began, so the reader asks again a moment later, as a reporting job would.
   */
  async function readAll(headers: Record<string, string>, query: Record<string, string | number> = {}, cursor?: string, done: (r: NationalExportRecord[]) => boolean = () => true) {
    const out: NationalExportRecord[] = [];
    const until = Date.now() + 20_000;
    for (;;) {
      const res = await request(t.http)
        .get(EXPORT)
        .set(headers)
        .query({ ...query, ...(cursor ? { cursor } : {}) })
        .expect(200);
      out.push(...lines(res));
      cursor = res.headers['x-next-cursor'] as string;
      if (res.headers['x-export-complete'] === 'true') {
        if (done(out)) return { records: out, cursor };
        if (Date.now() > until) throw new Error('the export never caught up');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
  const has = (...ids: string[]) => (records: NationalExportRecord[]) => ids.every((id) => records.some((r) => r.id === id));
  /** Every id, as many times as listed. */
  const hasAll = (ids: string[]) => (records: NationalExportRecord[]) => records.length >= ids.length && has(...ids)(records);

  it('sends a 好评 and a handled 差评 with the national field names and codes', async () => {
    const startedAt = Date.now();
    const good = await rate({ level: 5, tagCodes: [510, 517], comment: '办事很快', serviceItemCode: 'ITEM-A-001' });
    const bad = await rate({ level: 1, tagCodes: [115, 113], comment: '态度差，跑了三趟', contactPhone: '13512340000' });
    const { records, cursor } = await readAll(as('admin'), {}, undefined, has(good.id, bad.id));
    const goodLines = records.filter((r) => r.id === good.id);
    expect(goodLines).toHaveLength(1);
    expect(goodLines[0]).toEqual({
      id: good.id,
      projectNo: null,
      taskCode: 'ITEM-A-001',
      taskName: '企业开办',
      areaCode: '370902000000',
      deptCode: 'UNIT-A',
      deptName: '泰山区行政审批服务局',
      hallCode: 'HALL-1',
      hallName: '泰山区政务服务中心',
      windowNo: '1',
      staffNo: null,
      satisfaction: '5',
      evalDetail: '510,517',
      evalDetailVersion: expect.any(String),
      writingEvaluation: '办事很快',
      pf: '3',
      assessTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/),
      valid: true,
      invalidTime: null,
      rectification: null,
    });
    expect(Math.abs(Date.parse(goodLines[0].assessTime) - startedAt)).toBeLessThan(60_000);

    const arrived = records.filter((r) => r.id === bad.id);
    expect(arrived).toHaveLength(1);
    expect(arrived[0]).toMatchObject({ satisfaction: '1', evalDetail: '115,113', rectification: { status: 'awaiting_callback', reply: null, result: null, replyTime: null } });

    // Each step of its handling sends it again, as it is when read: the reader replaces it by its id.
    await act('A100', bad.caseId!, 'callback', { contact: 'reached', verification: 'true', note: '已致电核实' });
    await act('A100', bad.caseId!, 'reply', { reply: '已对窗口人员批评教育并为您加急办理', result: '已整改，窗口增派一人' });
    const handled = (await readAll(as('admin'), {}, cursor, hasAll([bad.id, bad.id]))).records.filter((r) => r.id === bad.id);
    expect(handled).toHaveLength(2);
    expect(handled[1]).toMatchObject({
      satisfaction: '1',
      evalDetail: '115,113',
      writingEvaluation: '态度差，跑了三趟',
      pf: '3',
      valid: true,
      rectification: { caseNo: expect.any(String), status: 'replied', result: '已整改，窗口增派一人', reply: '已对窗口人员批评教育并为您加急办理', replyTime: expect.stringMatching(/\+08:00$/), closeTime: null },
    });
    // Nothing that names the rater leaves the platform.
    expect(JSON.stringify([...records, ...handled])).not.toContain('13512340000');
    expect(JSON.stringify([...records, ...handled])).not.toContain('5123');
  });

  it('sends a rating again, marked invalid, when an appeal against it is upheld', async () => {
    const { cursor } = await readAll(as('admin'));
    const bad = await rate({ level: 2, tagCodes: [214], contactPhone: '13512340001' });
    await act('A100', bad.caseId!, 'appeal', { kind: 'malicious', evidence: '监控显示该群众当天未到窗口' });
    const before = await readAll(as('admin'), {}, cursor, hasAll([bad.id, bad.id]));
    expect(before.records.filter((r) => r.id === bad.id).map((r) => [r.id, r.valid, r.rectification?.status])).toEqual([
      [bad.id, true, 'appealing'],
      [bad.id, true, 'appealing'],
    ]);
    await act('S001', bad.caseId!, 'appeal-ruling', { decision: 'uphold', ruling: '经核查属恶意评价' });
    const after = await readAll(as('admin'), {}, before.cursor, has(bad.id));
    const ruled = after.records.filter((r) => r.id === bad.id);
    expect(ruled.map((r) => [r.valid, r.rectification?.status])).toEqual([[false, 'closed']]);
    expect(ruled[0].invalidTime).toMatch(/\+08:00$/);
  });

  it('pages through a period while ratings commit concurrently, late ones included, with no gap and no repeat', async () => {
    const { cursor: start } = await readAll(as('admin'));
    const citizenId = (await t.dataSource.getRepository(CitizenEntity).save({ kind: 'device', deviceId: 'export-concurrent-device' })).id;
    const clients: pg.Client[] = [];
    const open = async () => {
      const c = new pg.Client({ connectionString: t.databaseUrl });
      await c.connect();
      clients.push(c);
      return c;
    };
    const insert = (c: pg.Client, ratedAt: string) =>
      c
        .query(
          `INSERT INTO rating (client_id, citizen_id, window_id, hall_id, unit_id, level, tag_codes, tag_version, channel, rated_at)
           VALUES (gen_random_uuid(), $1, $2, $3, $4, 4, '{413}', 'v2', 3, $5) RETURNING id`,
          [citizenId, w.windows.WA.id, w.halls.H1.id, w.units.A.id, ratedAt],
        )
        .then((r: pg.QueryResult<{ id: string }>) => r.rows[0].id);

    const inserted: string[] = [];
    const outside: string[] = [];
    const seen: string[] = [];
    let cursor: string | undefined;
    const query = { from: '2026-03-01', to: '2026-03-31', limit: 3 };
    const page = async () => {
      const res = await request(t.http)
        .get(EXPORT)
        .set(as('admin'))
        .query({ ...query, ...(cursor ? { cursor } : {}) })
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
      seen.push(...lines(res).map((r) => r.id));
      cursor = res.headers['x-next-cursor'] as string;
      return res.headers['x-export-complete'] === 'true';
    };

    const db = await open();
    for (let round = 0; round < 6; round += 1) {
      // A rating made early in the month opens its transaction first and commits last (an offline phone's queue).
      const late = await open();
      await late.query('BEGIN');
      const lateId = await insert(late, `2026-03-0${round + 1}T09:00:00+08:00`);
      // Meanwhile others commit, in and out of the period.
      for (let i = 0; i < 4; i += 1) inserted.push(await insert(db, `2026-03-${10 + round * 2 + (i % 2)}T10:0${i}:00+08:00`));
      outside.push(await insert(db, '2026-04-01T00:00:00+08:00'), await insert(db, '2026-02-28T23:59:59+08:00'));
      await page();
      await page();
      await late.query('COMMIT');
      inserted.push(lateId);
      await page();
    }
    // One more that never commits leaves nothing behind.
    const abandoned = await open();
    await abandoned.query('BEGIN');
    const rolledBack = await insert(abandoned, '2026-03-15T12:00:00+08:00');
    await abandoned.query('ROLLBACK');
    for (const c of clients) await c.end();
    const until = Date.now() + 20_000;
    for (;;) {
      const caughtUp = await page();
      if (caughtUp && inserted.every((id) => seen.includes(id))) break;
      if (Date.now() > until) break;
      if (caughtUp) await new Promise((resolve) => setTimeout(resolve, 100));
    }

    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual([...inserted].sort());
    for (const id of [...outside, rolledBack]) expect(seen).not.toContain(id);

    // The same period read from its start in one go holds the same ratings; an unbounded read holds them all.
    const whole = await readAll(as('admin'), query, undefined, hasAll(inserted));
    expect(whole.records.map((r) => r.id).sort()).toEqual([...inserted].sort());
    const after = await readAll(as('admin'), {}, start, hasAll([...inserted, ...outside]));
    const mine = [...inserted, ...outside];
    expect(after.records.map((r) => r.id).filter((id) => mine.includes(id)).sort()).toEqual(mine.sort());
  });

  it('reads a long history in bounded steps: a narrow period costs several cheap pages, not one long scan', async () => {
    const citizenId = (await t.dataSource.getRepository(CitizenEntity).save({ kind: 'device', deviceId: 'export-history-device' })).id;
    const bulk = (ratedAt: string, n: number) =>
      t.dataSource.query(
        `INSERT INTO rating (client_id, citizen_id, window_id, hall_id, unit_id, level, tag_codes, tag_version, channel, rated_at)
         SELECT gen_random_uuid(), $1, $2, $3, $4, 5, '{517}', 'v2', 3, $5 FROM generate_series(1, $6)`,
        [citizenId, w.windows.WA.id, w.halls.H1.id, w.units.A.id, ratedAt, n],
      );
    // Three transactions of 6,000 ratings outside the period, and one rating inside it after them.
    for (let i = 0; i < 3; i += 1) await bulk('2025-06-01T10:00:00+08:00', 6000);
    await bulk('2025-07-01T10:00:00+08:00', 1);
    const narrow = { from: '2025-07-01', to: '2025-07-01' };
    const found: NationalExportRecord[] = [];
    const steps: string[] = [];
    let next: string | undefined;
    const until = Date.now() + 20_000;
    while (Date.now() < until) {
      const res = await request(t.http).get(EXPORT).set(as('admin')).query({ ...narrow, ...(next ? { cursor: next } : {}) }).expect(200);
      found.push(...lines(res));
      steps.push(res.headers['x-export-complete'] as string);
      next = res.headers['x-next-cursor'] as string;
      if (res.headers['x-export-complete'] === 'true' && found.length > 0) break;
    }
    expect(found.map((r) => r.assessTime)).toEqual(['2025-07-01T10:00:00+08:00']);
    // At most EXPORT_SCAN_ROWS ratings are looked at per page, whole transactions at a time: 18,001 take several pages.
    expect(steps.length).toBeGreaterThan(1);
    // And every page moves on: a cursor at a transaction's end never makes the next page look at that transaction again.
    expect(steps.length).toBeLessThan(10);
    expect(steps.at(-1)).toBe('true');
  });

  it('answers system administrators and keys with scope export:national, and no one else', async () => {
    const exporter = await newKey(['export:national']);
    const open311 = await newKey(['open311']);
    const both = await newKey(['open311', 'export:national']);
    await request(t.http).get(EXPORT).set('X-Api-Key', exporter.key).expect(200);
    await request(t.http).get(EXPORT).set('X-Api-Key', both.key).expect(200);
    const wrong = await request(t.http).get(EXPORT).set('X-Api-Key', open311.key);
    expect([wrong.status, wrong.body.code]).toEqual([403, 'API_KEY_SCOPE_MISSING']);
    for (const raw of ['', 'hcp_nonsense', exporter.key.slice(0, -2) + 'xx']) {
      const res = await request(t.http).get(EXPORT).set('X-Api-Key', raw);
      expect([raw, res.status, res.body.code]).toEqual([raw, 401, 'API_KEY_INVALID']);
    }
    // A key is judged alone: a good staff token does not rescue a bad key.
    expect((await request(t.http).get(EXPORT).set(as('admin')).set('X-Api-Key', open311.key)).status).toBe(403);

    await request(t.http).post(`/api/v1/admin/api-keys/${exporter.id}/revoke`).set(as('admin')).expect(200);
    const revoked = await request(t.http).get(EXPORT).set('X-Api-Key', exporter.key);
    expect([revoked.status, revoked.body.code]).toEqual([401, 'API_KEY_INVALID']);

    const device = await citizen();
    for (const [who, headers] of [
      ['unit admin', as('A900')],
      ['supervisor', as('S001')],
      ['case handler', as('A100')],
      ['window staff', as('A001')],
      ['citizen', bearer(device)],
    ] as const) {
      const res = await request(t.http).get(EXPORT).set(headers);
      expect({ who, status: res.status, code: res.body.code }).toEqual({ who, status: 403, code: 'FORBIDDEN' });
    }
    const anonymous = await request(t.http).get(EXPORT);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHORIZED']);
    expect((await request(t.http).get(EXPORT).set(bearer('not-a-token'))).body.code).toBe('AUTH_TOKEN_INVALID');

    await request(t.http).get(EXPORT).set(as('admin2')).expect(200);
    const admin2 = await t.dataSource.getRepository(StaffEntity).findOneByOrFail({ staffNumber: 'admin2' });
    await request(t.http).post(`/api/v1/staff/${admin2.id}/deactivate`).set(as('admin')).expect(200);
    const gone = await request(t.http).get(EXPORT).set(as('admin2'));
    expect([gone.status, gone.body.code]).toEqual([403, 'AUTH_ACCOUNT_INACTIVE']);
  });

  it('refuses a bad cursor, period or limit with a stable code', async () => {
    const first = await request(t.http).get(EXPORT).set(as('admin')).query({ from: '2026-03-01', to: '2026-03-31' }).expect(200);
    const cursor = first.headers['x-next-cursor'] as string;
    const forged = Buffer.from(JSON.stringify({ v: 1, t: '-1', r: randomUUID(), f: null, u: null })).toString('base64url');
    const bad: [Record<string, string>, string][] = [
      [{ cursor: 'garbage!' }, 'EXPORT_CURSOR_INVALID'],
      [{ cursor: forged }, 'EXPORT_CURSOR_INVALID'],
      [{ cursor: Buffer.from('{}').toString('base64url') }, 'EXPORT_CURSOR_INVALID'],
      [{ cursor, from: '2026-02-01' }, 'EXPORT_CURSOR_INVALID'],
      [{ cursor, to: '2026-04-30' }, 'EXPORT_CURSOR_INVALID'],
      [{ cursor: 'x'.repeat(301) }, 'VALIDATION_FAILED'],
      [{ from: '2026-3-1' }, 'VALIDATION_FAILED'],
      [{ to: '2026-03-01T00:00:00Z' }, 'VALIDATION_FAILED'],
      [{ from: '2026-02-30' }, 'EXPORT_RANGE_INVALID'],
      [{ from: '1999-12-31' }, 'EXPORT_RANGE_INVALID'],
      [{ to: '2100-01-01' }, 'EXPORT_RANGE_INVALID'],
      [{ from: '2026-03-31', to: '2026-03-01' }, 'EXPORT_RANGE_INVALID'],
      [{ limit: '0' }, 'VALIDATION_FAILED'],
      [{ limit: '1001' }, 'VALIDATION_FAILED'],
      [{ limit: '1e3' }, 'VALIDATION_FAILED'],
      [{ limit: '99999999999999999999' }, 'VALIDATION_FAILED'],
      [{ from: '2026-03-0\u00001' }, 'VALIDATION_FAILED'],
    ];
    for (const [query, code] of bad) {
      const res = await request(t.http).get(EXPORT).set(as('admin')).query(query);
      expect({ query, status: res.status, code: res.body.code }).toEqual({ query, status: 400, code });
    }
    // The same cursor with its own period repeated is fine.
    await request(t.http).get(EXPORT).set(as('admin')).query({ cursor, from: '2026-03-01', to: '2026-03-31' }).expect(200);
  });
});
