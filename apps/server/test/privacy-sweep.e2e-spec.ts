import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startWechatSandbox, type WechatSandbox } from '@hcp/wechat-sandbox';
import { bearer, login, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { parseXml, type XmlElement } from './support/xml.js';

const APP = { appId: 'wx9a8b7c6d5e4f3a2b', appSecret: 'privacy-sweep-secret' };

/** Strings that would do harm if any layer took them for SQL, markup or a template. */
const INERT = ["'; DROP TABLE rating; --", "' OR '1'='1", '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '{{7*7}}', '${7*7}'];

/** Phone numbers the flows below hand to the server, each once. */
const PHONES = {
  wechat: '13987650001',
  typed: '13987650002',
  open311: '13987650003',
  staff: '13987650004',
  seededStaff: ['13900000001', '13900000002', '13900000003', '13900000004'],
};
/** Other personal data a citizen gives: an Open311 reporter's name and address. */
const REPORTER = { first_name: '欧阳明珠', last_name: '司马', email: 'oyangmz.private@example.cn' };

/** Every way a mainland number may be written: bare, with +86 or 86, spaced or dashed. */
function spellings(phone: string): string[] {
  const [a, b, c] = [phone.slice(0, 3), phone.slice(3, 7), phone.slice(7)];
  return [phone, `+86${phone}`, `86${phone}`, `+86 ${phone}`, `${a} ${b} ${c}`, `${a}-${b}-${c}`, `+86 ${a} ${b} ${c}`];
}

/** Text of an XML element's named child. */
const childText = (element: XmlElement, name: string) => element.children.find((c) => c.name === name)?.text;

describe('privacy and injection sweep', () => {
  let t: TestApp;
  let w: World;
  let wechat: WechatSandbox;
  let dir: string;
  let openKey: string;
  let wechatOpenid: string;
  let wechatCaseId: string;
  let open311Id: string;
  const tokens: Record<string, string> = {};
  const as = (who: string) => bearer(tokens[who]!);

  beforeAll(async () => {
    wechat = await startWechatSandbox({ apps: [APP] });
    dir = await mkdtemp(join(tmpdir(), 'hcp-h5-privacy-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>政务服务好差评</title></head><body><div id="app"></div></body></html>');
    // The most talkative level, so that whatever any module might log is in the capture.
    t = await createTestApp({ env: { LOG_LEVEL: 'debug', H5_DIST_DIR: dir, WECHAT_APP_ID: APP.appId, WECHAT_APP_SECRET: APP.appSecret, WECHAT_API_BASE_URL: wechat.url } });
    w = await seedWorld(t.dataSource);
    for (const n of ['admin', 'S001', 'A100', 'A001']) tokens[n] = await login(t.http, n);
    openKey = (await request(t.http).post('/api/v1/admin/api-keys').set(as('admin')).send({ name: '12345 热线', scopes: ['open311'] }).expect(201)).body.key as string;

    // A flow that hands the server every kind of phone number, once each.
    await request(t.http).post('/api/v1/duty/start').set(as('A001')).send({ windowId: w.windows.WA.id }).expect(200);
    const { code, openid } = await wechat.issueLoginCode();
    wechatOpenid = openid;
    const citizen = (await request(t.http).post('/api/v1/auth/wechat').send({ code }).expect(200)).body.accessToken as string;
    const exchanged = await request(t.http).post('/api/v1/ratings/phone-number').set(bearer(citizen)).send({ code: wechat.issuePhoneCode(PHONES.wechat, { openid }).code }).expect(200);
    const rated = await request(t.http)
      .post('/api/v1/ratings')
      .set(bearer(citizen))
      .send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 1, tagCodes: [115], comment: '等了很久', phoneToken: exchanged.body.phoneToken })
      .expect(201);
    wechatCaseId = rated.body.caseId as string;
    const browser = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: 'privacy-sweep-device-01' }).expect(200)).body.accessToken as string;
    await request(t.http)
      .post('/api/v1/ratings')
      .set(bearer(browser))
      .send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 2, tagCodes: [], contactPhone: PHONES.typed })
      .expect(201);
    expect((await request(t.http).post(`/api/v1/cases/${wechatCaseId}/contact-reveal`).set(as('A100')).expect(200)).body).toEqual({ phone: PHONES.wechat });
    const reported = await request(t.http)
      .post('/open311/v2/requests.json')
      .type('form')
      .send(new URLSearchParams({ api_key: openKey, service_code: w.items.SA.code, description: '材料提交后无人处理', lat: '36.194968', long: '117.089375', phone: `+86 ${PHONES.open311.slice(0, 3)} ${PHONES.open311.slice(3, 7)} ${PHONES.open311.slice(7)}`, ...REPORTER }).toString())
      .expect(201);
    open311Id = reported.body[0].service_request_id as string;
    const created = await request(t.http).post('/api/v1/staff').set(as('admin')).send({ staffNumber: 'A200', name: '甲新人', unitId: w.units.A.id, roles: ['case_handler'], phone: PHONES.staff, password: 'Privacy12345pass' }).expect(201);
    await request(t.http).patch(`/api/v1/staff/${created.body.id}`).set(as('admin')).send({ phone: PHONES.staff }).expect(200);
    // Numbers in searches, in refused bodies and in a refused Open311 form, where a careless log would echo them.
    await request(t.http).get('/api/v1/staff').query({ q: PHONES.staff }).set(as('admin')).expect(200);
    await request(t.http).get('/api/v1/cases').query({ q: PHONES.typed }).set(as('A100')).expect(200);
    await request(t.http).post('/api/v1/ratings').set(bearer(browser)).send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 9, tagCodes: [], contactPhone: PHONES.typed }).expect(400);
    await request(t.http).post('/api/v1/staff').set(as('admin')).send({ staffNumber: 'A201', name: '甲号码错', unitId: w.units.A.id, roles: ['case_handler'], phone: `+86 ${PHONES.staff}`, password: 'Privacy12345pass' }).expect(400);
    await request(t.http).post('/open311/v2/requests.json').type('form').send(new URLSearchParams({ api_key: openKey, service_code: 'NO-SUCH', description: 'x', lat: '36.1', long: '117.0', phone: PHONES.open311 }).toString()).expect(400);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await wechat.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('personal data stays out of what anyone may read', () => {
    const secrets = () => [PHONES.wechat, PHONES.typed, PHONES.open311, PHONES.staff, ...PHONES.seededStaff, wechatOpenid, ...Object.values(REPORTER)];

    it('public pages, the scan, the rating page and every Open311 answer (JSON and XML) name no phone, reporter or openid', async () => {
      const paths = [
        '/api/v1/public/units',
        `/api/v1/public/units?region=370000000000`,
        `/api/v1/public/cases?unit=${w.units.A.id}`,
        '/api/v1/scan/SceneWindowA1',
        '/api/v1/client-config',
        '/r/SceneWindowA1',
        ...['json', 'xml'].flatMap((f) => [
          `/open311/discovery.${f}`,
          `/open311/v2/services.${f}`,
          `/open311/v2/services/${w.items.SA.code}.${f}`,
          `/open311/v2/requests.${f}`,
          `/open311/v2/requests/${open311Id}.${f}`,
        ]),
      ];
      const leaks: string[] = [];
      for (const path of paths) {
        const res = await request(t.http).get(path);
        expect([path, res.status]).toEqual([path, 200]);
        for (const secret of secrets().flatMap((s) => (/^\d{11}$/.test(s) ? spellings(s) : [s]))) if (res.text.includes(secret)) leaks.push(`${path}: ${secret}`);
      }
      expect(leaks).toEqual([]);
      // The sweep did read the reported request and the on-duty clerk, so the checks above saw real content.
      expect((await request(t.http).get(`/open311/v2/requests/${open311Id}.json`)).body[0]).toMatchObject({ service_request_id: open311Id });
      expect((await request(t.http).get('/api/v1/scan/SceneWindowA1')).body.staffOnDuty).toMatchObject({ staffNumber: 'A001' });
    });

    it('no phone number, in any spelling, reaches the logs of a flow that handled each of them', async () => {
      expect(t.logs.length).toBeGreaterThan(10);
      const text = t.logs.map((line) => JSON.stringify(line)).join('\n');
      const numbers = [PHONES.wechat, PHONES.typed, PHONES.open311, PHONES.staff, ...PHONES.seededStaff];
      expect(numbers.flatMap(spellings).filter((s) => text.includes(s))).toEqual([]);
      expect(text).not.toContain(REPORTER.email);
      expect(text).not.toContain(wechatOpenid);
    });
  });

  describe('injection strings in every free-text field are stored and read back as text', () => {
    /** A JSON answer, checked to be served as JSON the browser will not sniff into anything else. */
    const json = (res: request.Response) => {
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      return res.body as Record<string, unknown>;
    };

    it.each(INERT)('%s', async (s) => {
      const n = INERT.indexOf(s);
      // A rating comment, as the rater and the unit's staff read it.
      const rater = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: `privacy-inert-rater-${n}` }).expect(200)).body.accessToken as string;
      const comment = `态度差${s}`;
      const rating = await request(t.http).post('/api/v1/ratings').set(bearer(rater)).send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 1, tagCodes: [115], comment, contactPhone: '13987650010' }).expect(201);
      const caseId = rating.body.caseId as string;
      const detail = json(await request(t.http).get(`/api/v1/cases/${caseId}`).set(as('S001')).expect(200)) as { rating: { comment: string } };
      expect(detail.rating.comment).toBe(comment);

      // A call-back note and a reply: the staff's timeline and the rater's own page.
      await request(t.http).post(`/api/v1/cases/${caseId}/callback`).set(as('A100')).send({ contact: 'reached', verification: 'true', note: s }).expect(200);
      await request(t.http).post(`/api/v1/cases/${caseId}/reply`).set(as('A100')).send({ reply: `已处理${s}`, result: s }).expect(200);
      const staffView = json(await request(t.http).get(`/api/v1/cases/${caseId}`).set(as('A100')).expect(200)) as { callback: { note: string }; timeline: { action: string; note: string | null }[] };
      expect(staffView.callback.note).toBe(s);
      // The timeline quotes the note after its own words: the string comes back whole, at the end.
      expect(staffView.timeline.find((e) => e.action === 'callback')?.note?.endsWith(`：${s}`)).toBe(true);
      const mine = json(await request(t.http).get(`/api/v1/me/cases/${caseId}`).set(bearer(rater)).expect(200));
      expect(JSON.stringify(mine)).toContain(JSON.stringify(`已处理${s}`));

      // Names administrators write: a staff member, a unit, a service item, a window (which the rating page draws).
      const staff = json(await request(t.http).post('/api/v1/staff').set(as('admin')).send({ staffNumber: `X${n}`, name: `张${s}`, unitId: w.units.A.id, roles: ['window_staff'], password: 'Inert12345pass' }).expect(201));
      expect(json(await request(t.http).get(`/api/v1/staff/${staff.id as string}`).set(as('admin')).expect(200)).name).toBe(`张${s}`);
      const unit = json(await request(t.http).post('/api/v1/units').set(as('admin')).send({ code: `UNIT-X-${n}`, name: `单位${s}`, regionCode: '370902000000' }).expect(201));
      expect(json(await request(t.http).get(`/api/v1/units/${unit.id as string}`).set(as('admin')).expect(200)).name).toBe(`单位${s}`);
      const item = json(await request(t.http).post('/api/v1/service-items').set(as('admin')).send({ code: `ITEM-X-${n}`, name: `事项${s}`, unitId: unit.id }).expect(201));
      expect(json(await request(t.http).get(`/api/v1/service-items/${item.id as string}`).set(as('admin')).expect(200)).name).toBe(`事项${s}`);
      await request(t.http).patch(`/api/v1/windows/${w.windows.WC.id}`).set(as('admin')).send({ name: `窗口${s}` }).expect(200);
      expect(json(await request(t.http).get(`/api/v1/windows/${w.windows.WC.id}`).set(as('admin')).expect(200)).name).toBe(`窗口${s}`);
      const page = await request(t.http).get('/r/SceneWindowC1').expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      // The page's data block holds the name as JSON that cannot close its script element; the drawn screen, as text.
      const [head, screen] = page.text.split('</head>') as [string, string];
      const data = /<script type="application\/json" id="hcp-page-data">([^<]*)<\/script>/.exec(head);
      expect((JSON.parse(data![1]!) as { scan: { window: { name: string } } }).scan.window.name).toBe(`窗口${s}`);
      if (s.includes('<')) expect(page.text).not.toContain(s);
      if (/[<>"']/.test(s)) expect(screen).not.toContain(s);
      expect(screen).toContain(`窗口${s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')}`);
      expect(screen).not.toContain('窗口49');

      // Open311 lists the item with its unit, in JSON and in XML; a request's description reaches the unit's staff.
      const services = await request(t.http).get('/open311/v2/services.json').expect(200);
      expect(services.headers['x-content-type-options']).toBe('nosniff');
      expect((services.body as { service_code: string }[]).find((x) => x.service_code === `ITEM-X-${n}`)).toMatchObject({ service_name: `事项${s}`, group: `单位${s}` });
      const servicesXml = parseXml((await request(t.http).get('/open311/v2/services.xml').expect(200)).text);
      const listed = servicesXml.children.find((x) => childText(x, 'service_code') === `ITEM-X-${n}`)!;
      expect([childText(listed, 'service_name'), childText(listed, 'group')]).toEqual([`事项${s}`, `单位${s}`]);
      const reported = await request(t.http)
        .post('/open311/v2/requests.xml')
        .type('form')
        .send(new URLSearchParams({ api_key: openKey, service_code: w.items.SA.code, description: `反映${s}`, lat: '36.194968', long: '117.089375' }).toString())
        .expect(201);
      const requestId = childText(parseXml(reported.text).children[0]!, 'service_request_id')!;
      const queue = json(await request(t.http).get('/api/v1/cases').query({ q: requestId }).set(as('A100')).expect(200)) as { items: { id: string }[] };
      const reportedCase = json(await request(t.http).get(`/api/v1/cases/${queue.items[0]!.id}`).set(as('A100')).expect(200)) as { request: { description: string } };
      expect(reportedCase.request.description).toBe(`反映${s}`);

      // Nothing ran: the tables are all there, holding what they should.
      const [row] = (await t.dataSource.query(
        `SELECT to_regclass('public.rating') IS NOT NULL AS rating, to_regclass('public.staff') IS NOT NULL AS staff, to_regclass('public.unit') IS NOT NULL AS unit,
                (SELECT count(*) FROM unit WHERE code LIKE 'UNIT-X-%')::int AS units`,
      )) as { rating: boolean; staff: boolean; unit: boolean; units: number }[];
      expect(row).toEqual({ rating: true, staff: true, unit: true, units: n + 1 });
    });
  });
});
