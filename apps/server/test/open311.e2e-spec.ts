import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { ApiKey, CaseDetail, CaseList } from '@hcp/contracts';
import { hashPassword } from '../src/modules/identity/password.js';
import { StaffEntity } from '../src/modules/identity/entities/staff.entity.js';
import { CaseSchedulerService } from '../src/modules/cases/scheduler/case-scheduler.service.js';
import { StatsRollupService } from '../src/modules/stats/stats-rollup.service.js';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { fields, parseXml, type XmlElement } from './support/xml.js';

const PER_KEY_PER_HOUR = 5;
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

/**
 * Open311 GeoReport v2 as an Open311 client (FixMyStreet's) uses it: discovery, services, requests and the updates
 * extension in JSON and XML, form-encoded service requests with an API key that reach the unit's case queue, the
 * specification's error list, and nothing personal in any answer.
 */
describe('Open311 GeoReport v2', () => {
  let t: TestApp;
  let w: World;
  const tokens: Record<string, string> = {};
  let openKey: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { CASE_SCHEDULER: 'off', OPEN311_REQUESTS_PER_KEY_HOUR: String(PER_KEY_PER_HOUR), PUBLIC_BASE_URL: 'https://hcp.example.cn' } });
    w = await seedWorld(t.dataSource);
    await t.dataSource.getRepository(StaffEntity).save({ staffNumber: 'C100', name: '丙处理人', unitId: w.units.C.id, roles: ['case_handler'], passwordHash: await hashPassword(PASSWORD) });
    for (const n of ['admin', 'S001', 'A100', 'A001', 'C100']) tokens[n] = await login(t.http, n);
    openKey = await newKey(['open311']);
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (who: string) => bearer(tokens[who]);
  const newKey = async (scopes: string[]) =>
    (await request(t.http).post('/api/v1/admin/api-keys').set(as('admin')).send({ name: `12345 热线 ${randomUUID().slice(0, 8)}`, scopes }).expect(201)).body.key as string;
  const get = (path: string) => request(t.http).get(path);
  const post = (path: string, form: Record<string, string>) => request(t.http).post(path).type('form').send(new URLSearchParams(form).toString());
  const stored = async () => {
    const [row] = (await t.dataSource.query(`SELECT (SELECT count(*) FROM rating_case)::int AS cases, (SELECT count(*) FROM case_request)::int AS requests`)) as { cases: number; requests: number }[];
    return row;
  };
  /** What FixMyStreet sends for a report (names, contact, a location, its extra fields as attributes). */
  const report = (overrides: Record<string, string> = {}): Record<string, string> => ({
    api_key: openKey,
    jurisdiction_id: 'taian.example.cn',
    service_code: w.items.SA.code,
    description: '营业执照网上申请提交后三天无人审核，电话也打不通',
    lat: '36.194968',
    long: '117.089375',
    first_name: '小明',
    last_name: '张',
    email: 'zhangxm@example.cn',
    phone: '13812345678',
    'attribute[channel]': 'web',
    'attribute[fixmystreet_id]': '4711',
    ...overrides,
  });
  const badRating = async () => {
    const device = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: `open311-citizen-${randomUUID().slice(0, 8)}` }).expect(200)).body.accessToken as string;
    const res = await request(t.http)
      .post('/api/v1/ratings')
      .set(bearer(device))
      .send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 1, tagCodes: [115], comment: '窗口李四态度差，电话13999990000', contactPhone: '13512340000' })
      .expect(201);
    return res.body.caseId as string;
  };
  const caseNoOf = async (id: string) => ((await t.dataSource.query(`SELECT case_no FROM rating_case WHERE id = $1`, [id])) as { case_no: string }[])[0].case_no;
  const xmlOf = (res: request.Response) => {
    expect(res.headers['content-type']).toBe('text/xml; charset=utf-8');
    return parseXml(res.text);
  };
  const names = (e: XmlElement) => e.children.map((c) => c.name);
  const errorList = (res: request.Response, status: number) => {
    expect(res.status).toBe(status);
    if (res.headers['content-type'].startsWith('text/xml')) {
      const root = xmlOf(res);
      expect(root.name).toBe('errors');
      expect(names(root)).toEqual(['error']);
      expect(names(root.children[0])).toEqual(['code', 'description']);
      expect(fields(root.children[0]).code).toBe(String(status));
      return fields(root.children[0]).description;
    }
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual([{ code: status, description: expect.any(String) }]);
    return res.body[0].description as string;
  };

  it('describes itself in the discovery document, in JSON and XML', async () => {
    const json = await get('/open311/discovery.json').expect(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.body).toMatchObject({
      changeset: expect.stringMatching(W3C),
      endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'https://hcp.example.cn/open311/v2', type: 'production', formats: ['text/xml', 'application/json'] }],
    });
    const xml = xmlOf(await get('/open311/discovery.xml').expect(200));
    expect(xml.name).toBe('discovery');
    expect(names(xml)).toEqual(['changeset', 'contact', 'key_service', 'endpoints']);
    const endpoint = xml.children[3].children[0];
    expect(endpoint.name).toBe('endpoint');
    expect(fields(endpoint)).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'https://hcp.example.cn/open311/v2', type: 'production' });
    expect(endpoint.children.find((c) => c.name === 'formats')!.children.map((f) => [f.name, f.text])).toEqual([
      ['format', 'text/xml'],
      ['format', 'application/json'],
    ]);
  });

  it('lists the active service items as services, grouped by unit; a service definition names the code', async () => {
    await t.dataSource.query(`INSERT INTO service_item (code, name, unit_id, active) VALUES ('ITEM-OLD', '已停用事项', $1, false)`, [w.units.A.id]);
    const json = await get('/open311/v2/services.json').expect(200);
    expect(json.body).toEqual([
      { service_code: 'ITEM-A-001', service_name: '企业开办', description: '企业开办', metadata: false, type: 'realtime', keywords: '', group: '泰山区行政审批服务局' },
      { service_code: 'ITEM-C-001', service_name: '食品经营许可', description: '食品经营许可', metadata: false, type: 'realtime', keywords: '', group: '环翠区行政审批服务局' },
    ]);
    const xml = xmlOf(await get('/open311/v2/services.xml?jurisdiction_id=taian.example.cn').expect(200));
    expect(xml.name).toBe('services');
    expect(names(xml)).toEqual(['service', 'service']);
    expect(names(xml.children[0])).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
    expect(fields(xml.children[0])).toMatchObject({ service_code: 'ITEM-A-001', metadata: 'false', type: 'realtime', group: '泰山区行政审批服务局' });

    expect((await get('/open311/v2/services/ITEM-A-001.json').expect(200)).body).toEqual({ service_code: 'ITEM-A-001', attributes: [] });
    const definition = xmlOf(await get('/open311/v2/services/ITEM-A-001.xml').expect(200));
    expect([definition.name, names(definition)]).toEqual(['service_definition', ['service_code', 'attributes']]);
  });

  it('answers a service code that does not exist with the error list, in JSON and XML', async () => {
    expect(errorList(await get('/open311/v2/services/NO-SUCH.json'), 404)).toContain('NO-SUCH');
    expect(errorList(await get('/open311/v2/services/ITEM-OLD.xml'), 404)).toContain('ITEM-OLD');
    errorList(await get('/open311/v2/nothing.json'), 404);
    errorList(await request(t.http).put('/open311/v2/services.json'), 404);
    expect((await request(t.http).head('/open311/v2/services.xml').expect(200)).headers['content-type']).toBe('text/xml; charset=utf-8');
    errorList(await get('/open311/v2/services.csv'), 404);
  });

  it('takes a form-encoded request with attributes; it becomes a case in the unit’s queue and nowhere else', async () => {
    const before = await stored();
    const res = await post('/open311/v2/requests.json', report()).expect(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual([{ service_request_id: expect.stringMatching(/^CP\d{14}$/), service_notice: expect.stringContaining('答复'), account_id: null }]);
    const id = res.body[0].service_request_id as string;
    expect(await stored()).toEqual({ cases: before.cases + 1, requests: before.requests + 1 });

    // The unit's handler finds it in the queue, assigned like any case of the unit, with the request's content.
    const queue = (await request(t.http).get('/api/v1/cases').query({ q: id }).set(as('A100')).expect(200)).body as CaseList;
    expect(queue.items).toEqual([expect.objectContaining({ caseNo: id, source: 'open311', state: 'awaiting_callback', level: null, window: null, unit: { id: w.units.A.id, name: '泰山区行政审批服务局' } })]);
    const detail = (await request(t.http).get(`/api/v1/cases/${queue.items[0].id}`).set(as('A100')).expect(200)).body as CaseDetail;
    expect(detail).toMatchObject({
      rating: null,
      contactMasked: '138****5678',
      canRevealContact: true,
      request: {
        serviceItem: { code: 'ITEM-A-001', name: '企业开办' },
        description: '营业执照网上申请提交后三天无人审核，电话也打不通',
        lat: 36.194968,
        long: 117.089375,
        attributes: { channel: 'web', fixmystreet_id: '4711' },
        reporterName: '张小明',
        emailMasked: 'z***@example.cn',
      },
    });
    expect(detail.deadlines.replyDueAt > detail.deadlines.callbackDueAt).toBe(true);
    // Its handler is told in the staff inbox what it is.
    const inbox = (await request(t.http).get('/api/v1/me/notices').set(as('A100')).expect(200)).body as { items: { kind: string; caseId: string; body: string }[] };
    expect(inbox.items.find((n) => n.caseId === detail.id)).toMatchObject({ kind: 'staff_case_new', body: expect.stringContaining('Open311') });
    expect((await request(t.http).post(`/api/v1/cases/${detail.id}/contact-reveal`).set(as('A100')).expect(200)).body).toEqual({ phone: '13812345678' });
    // The whole contact is kept encrypted: neither the phone nor the e-mail is in the table as written.
    const [row] = (await t.dataSource.query(`SELECT row_to_json(q)::text AS dump FROM case_request q JOIN rating_case c ON c.id = q.case_id WHERE c.case_no = $1`, [id])) as { dump: string }[];
    expect(row.dump).not.toContain('13812345678');
    expect(row.dump).not.toContain('zhangxm');

    // Staff of another unit do not see it, nor window staff of the unit its actions.
    const other = (await request(t.http).get('/api/v1/cases').query({ q: id }).set(as('C100')).expect(200)).body as CaseList;
    expect(other.total).toBe(0);
    await request(t.http).get(`/api/v1/cases/${detail.id}`).set(as('C100')).expect(404);
    expect((await request(t.http).get(`/api/v1/cases/${detail.id}`).set(as('A001')).expect(200)).body.allowedActions).toEqual([]);
    await request(t.http).get('/api/v1/cases').expect(401);

    // The XML flavour answers the same way.
    const xml = xmlOf(await post('/open311/v2/requests.xml', report({ service_code: 'ITEM-C-001', phone: '' })).expect(201));
    expect(xml.name).toBe('service_requests');
    expect(names(xml)).toEqual(['request']);
    expect(names(xml.children[0])).toEqual(['service_request_id', 'service_notice', 'account_id']);
    const weihai = (await request(t.http).get('/api/v1/cases').query({ q: fields(xml.children[0]).service_request_id }).set(as('C100')).expect(200)).body as CaseList;
    // Without a phone number no call-back is promised: verified at once, still due for a reply.
    expect(weihai.items).toEqual([expect.objectContaining({ source: 'open311', state: 'verified' })]);
  });

  it('refuses a missing, wrong, revoked or wrongly scoped api_key, storing nothing', async () => {
    const before = await stored();
    const { api_key: _dropped, ...withoutKey } = report();
    expect(errorList(await post('/open311/v2/requests.json', withoutKey), 400)).toContain('api_key');
    expect(errorList(await post('/open311/v2/requests.xml', withoutKey), 400)).toContain('api_key');
    errorList(await post('/open311/v2/requests.json', report({ api_key: 'hcp_AAAAAAAA_' + 'A'.repeat(43) })), 403);
    errorList(await post('/open311/v2/requests.xml', report({ api_key: 'not-a-key' })), 403);
    errorList(await post('/open311/v2/requests.json', report({ api_key: await newKey(['export:national']) })), 403);
    const revoked = await newKey(['open311']);
    const keys = (await request(t.http).get('/api/v1/admin/api-keys').set(as('admin')).expect(200)).body as ApiKey[];
    const target = keys.find((k) => revoked.startsWith(`${k.prefix}_`))!;
    await request(t.http).post(`/api/v1/admin/api-keys/${target.id}/revoke`).set(as('admin')).expect(200);
    errorList(await post('/open311/v2/requests.json', report({ api_key: revoked })), 403);
    expect(await stored()).toEqual(before);
  });

  it('refuses bad input with a 400 in the error list and stores nothing', async () => {
    const key = await newKey(['open311']);
    const before = await stored();
    const refusals: [Record<string, string>, string][] = [
      [{ description: '有\u0000空字符' }, 'description'],
      [{ description: '长'.repeat(4001) }, 'description'],
      [{ description: '' }, 'description'],
      [{ service_code: 'NO-SUCH' }, 'service_code'],
      [{ service_code: 'x'.repeat(65) }, 'service_code'],
      [{ lat: '1e308', long: '0' }, 'lat'],
      [{ lat: '95', long: '117' }, 'lat'],
      [{ lat: '36.1', long: '' }, 'lat/long'],
      [{ lat: '', long: '', address_string: '' }, 'address_string'],
      [{ email: 'not-an-email' }, 'email'],
      [{ phone: '1381234567812345678901' }, 'phone'],
      [{ first_name: '名'.repeat(51) }, 'first_name'],
      [{ 'attribute[bad code]': 'x' }, 'attribute'],
      [{ 'attribute[note]': '值'.repeat(1001) }, 'attribute[note]'],
      [{ jurisdiction_id: 'j'.repeat(101) }, 'jurisdiction_id'],
    ];
    for (const [change, field] of refusals) {
      const description = errorList(await post('/open311/v2/requests.json', report({ api_key: key, ...change })), 400);
      expect(description).toContain(field);
    }
    // A field sent twice, too many fields, a body too large, a body that is not a form.
    const twice = `${new URLSearchParams(report({ api_key: key })).toString()}&service_code=ITEM-C-001`;
    errorList(await request(t.http).post('/open311/v2/requests.json').type('form').send(twice), 400);
    const many = new URLSearchParams(report({ api_key: key }));
    for (let i = 0; i < 250; i++) many.append(`x${i}`, '1');
    errorList(await request(t.http).post('/open311/v2/requests.json').type('form').send(many.toString()), 413);
    errorList(await post('/open311/v2/requests.xml', report({ api_key: key, description: '长'.repeat(30_000) })), 413);
    errorList(await request(t.http).post('/open311/v2/requests.json').send({ ...report({ api_key: key }) }), 415);
    expect(await stored()).toEqual(before);
  });

  it('lists requests in JSON and XML with W3C dates, the public reply and nothing personal', async () => {
    const ratedId = await badRating();
    const rated = await caseNoOf(ratedId);
    const sent = (await post('/open311/v2/requests.json', report()).expect(201)).body[0].service_request_id as string;
    const [{ id: sentId }] = (await t.dataSource.query(`SELECT id FROM rating_case WHERE case_no = $1`, [sent])) as { id: string }[];
    await request(t.http).post(`/api/v1/cases/${sentId}/callback`).set(as('A100')).send({ contact: 'reached', verification: 'true', note: '已致电张先生 13812345678' }).expect(200);
    await request(t.http).post(`/api/v1/cases/${sentId}/reply`).set(as('A100')).send({ reply: '已安排专人审核，当日办结', result: '已整改' }).expect(200);

    const json = await get('/open311/v2/requests.json').expect(200);
    const byId = new Map((json.body as Record<string, unknown>[]).map((r) => [r.service_request_id, r]));
    expect(byId.get(rated)).toEqual({
      service_request_id: rated,
      status: 'open',
      status_notes: '',
      service_name: '',
      service_code: '',
      description: '非常不满意：服务态度差效率低',
      agency_responsible: '泰山区行政审批服务局',
      service_notice: expect.stringContaining('答复'),
      requested_datetime: expect.stringMatching(W3C),
      updated_datetime: expect.stringMatching(W3C),
      expected_datetime: expect.stringMatching(/T23:59:59\+08:00$/),
      address: '泰山区政务服务中心 泰山区东岳大街',
      address_id: '',
      zipcode: '',
      lat: null,
      long: null,
      media_url: '',
    });
    expect(byId.get(sent)).toMatchObject({ status: 'open', status_notes: '已安排专人审核，当日办结', service_code: 'ITEM-A-001', service_name: '企业开办', description: '企业开办', lat: 36.194968, long: 117.089375 });

    const xml = xmlOf(await get('/open311/v2/requests.xml').expect(200));
    expect(xml.name).toBe('service_requests');
    expect(new Set(names(xml))).toEqual(new Set(['request']));
    const item = xml.children.find((r) => fields(r).service_request_id === sent)!;
    expect(names(item)).toEqual(Object.keys(byId.get(sent)!));
    expect(fields(item)).toMatchObject({ status_notes: '已安排专人审核，当日办结', lat: '36.194968', long: '117.089375', requested_datetime: expect.stringMatching(W3C) });

    // One request by its id, in both formats; an unknown id is a 404 in the error list.
    expect((await get(`/open311/v2/requests/${sent}.json?jurisdiction_id=taian.example.cn`).expect(200)).body).toEqual([byId.get(sent)]);
    const one = xmlOf(await get(`/open311/v2/requests/${sent}.xml`).expect(200));
    expect([one.name, names(one)]).toEqual(['service_requests', ['request']]);
    expect(errorList(await get('/open311/v2/requests/CP20260101999999.json'), 404)).toContain('CP20260101999999');
    errorList(await get('/open311/v2/requests/CP20260101999999.xml'), 404);

    // Nothing personal anywhere: names, phones, e-mail, what the sender or the rater wrote, staff notes.
    const answers = [json.text, (await get('/open311/v2/requests.xml').expect(200)).text, (await get('/open311/v2/servicerequestupdates.json').expect(200)).text];
    for (const text of answers) {
      for (const secret of ['小明', '13812345678', 'zhangxm', '三天无人审核', '李四', '13999990000', '13512340000', '已致电', '甲处理人']) expect(text).not.toContain(secret);
    }
  });

  it('filters requests by id, service code, status and dates, and bounds the range', async () => {
    const a = (await post('/open311/v2/requests.json', report({ api_key: await newKey(['open311']) })).expect(201)).body[0].service_request_id as string;
    const c = (await post('/open311/v2/requests.json', report({ service_code: 'ITEM-C-001' })).expect(201)).body[0].service_request_id as string;
    const ids = async (query: Record<string, string>) => ((await get('/open311/v2/requests.json').query(query).expect(200)).body as { service_request_id: string }[]).map((r) => r.service_request_id);

    expect(await ids({ service_request_id: `${a},${c}` })).toEqual([a, c]);
    const forC = await ids({ service_code: 'ITEM-C-001' });
    expect(forC).toContain(c);
    expect(forC).not.toContain(a);

    // Closed: a supervisor cancels c.
    const [{ id: cId }] = (await t.dataSource.query(`SELECT id FROM rating_case WHERE case_no = $1`, [c])) as { id: string }[];
    const closer = await login(t.http, 'S002');
    await request(t.http).post(`/api/v1/cases/${cId}/cancel`).set(bearer(closer)).send({ reason: '重复提交' }).expect(200);
    expect(await ids({ status: 'closed' })).toEqual([c]);
    expect(await ids({ status: 'open' })).toContain(a);
    expect(await ids({ status: 'open' })).not.toContain(c);
    expect((await ids({ status: 'open,closed' })).length).toBeGreaterThanOrEqual(2);

    // Dates: a move a's opening back 30 days; windows with offsets select it or not.
    await t.dataSource.query(`UPDATE rating_case SET created_at = now() - interval '30 days' WHERE case_no = $1`, [a]);
    const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
    expect(await ids({ start_date: day(-31), end_date: day(-29) })).toEqual([a]);
    expect(await ids({ start_date: day(-1) })).not.toContain(a);
    expect(await ids({ end_date: day(-29) })).toEqual([a]);
    expect(await ids({ start_date: new Date(Date.now() - 31 * 86_400_000).toISOString(), end_date: new Date(Date.now() - 29 * 86_400_000).toISOString() })).toEqual([a]);
    // Without dates: the last 90 days.
    await t.dataSource.query(`UPDATE rating_case SET created_at = now() - interval '100 days' WHERE case_no = $1`, [a]);
    expect(await ids({})).not.toContain(a);

    expect(errorList(await get('/open311/v2/requests.json').query({ status: 'pending' }), 400)).toContain('status');
    expect(errorList(await get('/open311/v2/requests.xml').query({ start_date: 'yesterday' }), 400)).toContain('start_date');
    expect(errorList(await get('/open311/v2/requests.json').query({ start_date: '2026-02-30T00:00:00+08:00' }), 400)).toContain('start_date');
    expect(errorList(await get('/open311/v2/requests.json').query({ start_date: day(-200), end_date: day(0) }), 400)).toContain('90');
    expect(errorList(await get('/open311/v2/requests.json').query({ start_date: day(0), end_date: day(-1) }), 400)).toContain('start_date');
    errorList(await get('/open311/v2/requests.json?status=open&status=closed'), 400);
    errorList(await get('/open311/v2/requests.json?service_code=A%00B'), 400);
    errorList(await get(`/open311/v2/requests.json?service_request_id=${'CP1,'.repeat(200)}`), 400);
  });

  it('tells each public step of a case as a service request update, in JSON and XML', async () => {
    const sent = (await post('/open311/v2/requests.json', report({ api_key: await newKey(['open311']) })).expect(201)).body[0].service_request_id as string;
    const [{ id }] = (await t.dataSource.query(`SELECT id FROM rating_case WHERE case_no = $1`, [sent])) as { id: string }[];
    await request(t.http).post(`/api/v1/cases/${id}/callback`).set(as('A100')).send({ contact: 'reached', verification: 'true', note: '内部记录' }).expect(200);
    await request(t.http).post(`/api/v1/cases/${id}/reply`).set(as('A100')).send({ reply: '材料已补齐，执照已发放', result: '已办结' }).expect(200);
    const closer = await login(t.http, 'S001');
    await request(t.http).post(`/api/v1/cases/${id}/cancel`).set(bearer(closer)).send({ reason: '提交方撤回' }).expect(200);

    const start = new Date(Date.now() - 3_600_000).toISOString();
    const end = new Date(Date.now() + 60_000).toISOString();
    const json = (await get('/open311/v2/servicerequestupdates.json').query({ start_date: start, end_date: end, api_key: openKey }).expect(200)).body as Record<string, string>[];
    const mine = json.filter((u) => u.service_request_id === sent);
    expect(mine.map((u) => [u.status, u.description])).toEqual([
      ['open', '已受理，由泰山区行政审批服务局办理'],
      ['open', '办理单位已回访核实'],
      ['open', '办理单位已答复：材料已补齐，执照已发放'],
      ['closed', '工单已撤销'],
    ]);
    for (const u of mine) expect(u).toEqual({ update_id: expect.any(String), service_request_id: sent, status: u.status, updated_datetime: expect.stringMatching(W3C), description: u.description, media_url: '' });
    expect(new Set(mine.map((u) => u.update_id)).size).toBe(4);

    const xml = xmlOf(await get('/open311/v2/servicerequestupdates.xml').query({ start_date: start, end_date: end }).expect(200));
    expect(xml.name).toBe('service_request_updates');
    const item = xml.children.find((u) => fields(u).service_request_id === sent)!;
    expect(item.name).toBe('request_update');
    expect(names(item)).toEqual(['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url']);
    expect((await get('/open311/v2/servicerequestupdates.json').query({ start_date: new Date(Date.now() + 3_600_000).toISOString() }).expect(200)).body).toEqual([]);
    expect(errorList(await get('/open311/v2/servicerequestupdates.xml').query({ start_date: '2020-01-01T00:00:00Z', end_date: end }), 400)).toContain('90');
  });

  it('masks names and numbers in the unit’s reply before publishing it, as the public pages do', async () => {
    const sent = (await post('/open311/v2/requests.json', report({ api_key: await newKey(['open311']) })).expect(201)).body[0].service_request_id as string;
    const [{ id }] = (await t.dataSource.query(`SELECT id FROM rating_case WHERE case_no = $1`, [sent])) as { id: string }[];
    await request(t.http).post(`/api/v1/cases/${id}/callback`).set(as('A100')).send({ contact: 'reached', verification: 'true', note: '内部记录' }).expect(200);
    const reply = '甲处理人（工号A100）已联系张先生，如有疑问请拨打13900000002';
    await request(t.http).post(`/api/v1/cases/${id}/reply`).set(as('A100')).send({ reply, result: '已整改' }).expect(200);

    const [published] = (await get('/open311/v2/requests.json').query({ service_request_id: sent }).expect(200)).body as Record<string, string>[];
    const start = new Date(Date.now() - 3_600_000).toISOString();
    const updates = ((await get('/open311/v2/servicerequestupdates.json').query({ start_date: start }).expect(200)).body as Record<string, string>[]).filter((u) => u.service_request_id === sent);
    const texts = [published.status_notes, ...updates.map((u) => u.description)].join('\n');
    for (const secret of ['甲处理人', 'A100', '张先生', '13900000002']) expect(texts).not.toContain(secret);
    expect(published.status_notes).toContain('如有疑问请拨打');
  });

  it('keeps a request case on its deadlines, out of the rating figures, and away from citizens', async () => {
    const sent = (await post('/open311/v2/requests.json', report({ api_key: await newKey(['open311']) })).expect(201)).body[0].service_request_id as string;
    const [c] = (await t.dataSource.query(`SELECT id, reply_due_at FROM rating_case WHERE case_no = $1`, [sent])) as { id: string; reply_due_at: Date }[];

    // The deadline pass reminds and marks it like any case.
    await t.app.get(CaseSchedulerService).runPass(new Date(c.reply_due_at.getTime() + 60_000));
    const detail = (await request(t.http).get(`/api/v1/cases/${c.id}`).set(as('A100')).expect(200)).body as CaseDetail;
    expect(detail.deadlines).toMatchObject({ callbackOverdue: true, replyOverdue: true });
    expect(detail.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['opened', 'overdue']));
    // Overdue marks are not public steps.
    const updates = (await get('/open311/v2/servicerequestupdates.json').expect(200)).body as { service_request_id: string }[];
    expect(updates.filter((u) => u.service_request_id === sent)).toHaveLength(1);

    // The monthly report lists it among the cases overdue now, with no hall or window.
    await t.dataSource.query(`UPDATE rating_case SET callback_due_at = now() - interval '1 day' WHERE id = $1`, [c.id]);
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const xlsx = await request(t.http)
      .get('/api/v1/stats/report.xlsx')
      .query({ month })
      .set(as('S001'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const late = book.getWorksheet('逾期工单')!;
    const row = late.getRows(2, late.rowCount - 1)!.find((r) => r.getCell(1).value === sent)!;
    expect([row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]).toEqual(['泰山区行政审批服务局', '', 'Open311 诉求']);

    // The statistics roll-up runs past it: it is no rating, so it is in no rating figure.
    await t.app.get(StatsRollupService).runPass();
    expect(await t.dataSource.query(`SELECT 1 FROM stats_case_fact WHERE case_id = $1`, [c.id])).toEqual([]);

    // A citizen cannot open it as theirs; without a sign-in the staff API refuses.
    const device = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: `open311-other-${randomUUID().slice(0, 8)}` }).expect(200)).body.accessToken as string;
    await request(t.http).get(`/api/v1/me/cases/${c.id}`).set(bearer(device)).expect(404);
    await request(t.http).get(`/api/v1/cases/${c.id}`).set(bearer(device)).expect(403);
    await request(t.http).get(`/api/v1/cases/${c.id}`).expect(401);
    errorList(await get('/open311/v2/requests/%00.json'), 400);
  });

  it('limits how many requests one key may send per hour', async () => {
    const key = await newKey(['open311']);
    for (let i = 0; i < PER_KEY_PER_HOUR; i++) await post('/open311/v2/requests.json', report({ api_key: key })).expect(201);
    const before = await stored();
    errorList(await post('/open311/v2/requests.json', report({ api_key: key })), 429);
    expect(await stored()).toEqual(before);
    // Another key is counted on its own.
    await post('/open311/v2/requests.json', report({ api_key: await newKey(['open311']) })).expect(201);
  });
});
