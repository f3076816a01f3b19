import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { SANDBOX_NOTICE_TEMPLATES, startWechatSandbox, type WechatSandbox } from '@hcp/wechat-sandbox';
import { StaffEntity } from '../src/modules/identity/entities/staff.entity.js';
import { NoticeEntity } from '../src/modules/notices/entities/notice.entity.js';
import { NoticeDeliveryService } from '../src/modules/notices/notice-delivery.service.js';
import { NoticeOutbox } from '../src/modules/notices/notice-outbox.service.js';
import { CaseSchedulerService } from '../src/modules/cases/scheduler/case-scheduler.service.js';
import { JobQueueService } from '../src/modules/jobs/job-queue.service.js';
import { hashPassword } from '../src/modules/identity/password.js';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { startDatabaseProxy } from './support/database-proxy.js';
import { createScratchDatabase, createTestApp, testDatabaseAddress, type TestApp } from './support/test-app.js';

const APP = { appId: 'wx5e6f7a8b9c0d1e2f', appSecret: 'notices-secret' };
const PROGRESS = SANDBOX_NOTICE_TEMPLATES.citizen_replied.templateId;
const RESULT = SANDBOX_NOTICE_TEMPLATES.citizen_closed.templateId;
const STAFF = SANDBOX_NOTICE_TEMPLATES.staff_case_new.templateId;
const ENV = {
  WECHAT_APP_ID: APP.appId,
  WECHAT_APP_SECRET: APP.appSecret,
  WECHAT_NOTICE_TEMPLATES: JSON.stringify(SANDBOX_NOTICE_TEMPLATES),
  RATING_DUPLICATE_MINUTES: '0',
  RATING_LIMIT_PER_CITIZEN_HOUR: '100',
};

async function eventually(probe: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Notices end to end, against the WeChat sandbox: what each step of a case tells whom (inbox and subscribe message),
 * and delivery that loses nothing and does not repeat while WeChat fails.
 */
describe('notices', () => {
  let wechat: WechatSandbox;
  let t: TestApp;
  let w: World;
  let delivery: NoticeDeliveryService;
  const tokens: Record<string, string> = {};
  let serial = 0;

  beforeAll(async () => {
    wechat = await startWechatSandbox({ apps: [APP] });
    wechat.registerPages(['citizen/case/index', 'staff/case/index']);
    t = await createTestApp({ env: { ...ENV, WECHAT_API_BASE_URL: wechat.url } });
    w = await seedWorld(t.dataSource);
    delivery = t.app.get(NoticeDeliveryService);
    for (const n of ['admin', 'S001', 'A900', 'A100', 'C001']) tokens[n] = await login(t.http, n);
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  const as = (who: string) => bearer(tokens[who]);
  /** A citizen signed in through WeChat as `openid`. */
  const wechatCitizen = async (openid: string) =>
    (await request(t.http).post('/api/v1/auth/wechat').send({ code: wechat.issueLoginCode(openid).code }).expect(200)).body.accessToken as string;
  /** The citizen accepted `templateIds` in WeChat's prompt `times` times, and the mini-program told the server. */
  const accept = async (openid: string, token: string, templateIds: string[], times = 1) => {
    for (let i = 0; i < times; i += 1) {
      for (const id of templateIds) wechat.grantSubscription(openid, id);
      await request(t.http).post('/api/v1/me/subscriptions').set(bearer(token)).send({ templateIds }).expect(200);
    }
  };
  const rateBad = async (token: string) =>
    (
      await request(t.http)
        .post('/api/v1/ratings')
        .set(bearer(token))
        .send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 1, tagCodes: [115], comment: '排队太久', contactPhone: '13512340000' })
        .expect(201)
    ).body.caseId as string;
  const act = (who: string, id: string, action: string, body: object) => request(t.http).post(`/api/v1/cases/${id}/${action}`).set(as(who)).send(body);
  const inbox = async (auth: Record<string, string>, query = '') => (await request(t.http).get(`/api/v1/me/notices${query}`).set(auth).expect(200)).body;
  const noticesOf = (caseId: string) => t.dataSource.getRepository(NoticeEntity).find({ where: { caseId }, order: { createdAt: 'ASC' } });
  const sentTo = (touser: string) => wechat.sentMessages({ touser });
  const later = (ms: number) => new Date(Date.now() + ms);
  const nextOpenid = () => `o_notice_citizen_${String(++serial).padStart(4, '0')}`;

  it('tells the rater and the handler each step, in the inbox and as subscribe messages within WeChat’s limits', async () => {
    expect((await request(t.http).get('/api/v1/client-config').expect(200)).body).toEqual({
      subscribeTemplateIds: [PROGRESS, RESULT],
      wechatNotices: true,
      staffSubscribeTemplateIds: [STAFF],
    });
    const openid = nextOpenid();
    const citizen = await wechatCitizen(openid);
    await accept(openid, citizen, [PROGRESS, RESULT], 3);
    const recorded = await request(t.http).post('/api/v1/me/subscriptions').set(bearer(citizen)).send({ templateIds: [PROGRESS, 'not_one_of_ours'] }).expect(200);
    expect(recorded.body).toEqual({ recorded: 1 });
    // The handler accepts in WeChat too: the login code tells the server who they are there.
    wechat.grantSubscription('o_notice_handler_a100', STAFF, 2);
    const staffCode = wechat.issueLoginCode('o_notice_handler_a100').code;
    await request(t.http).post('/api/v1/me/subscriptions').set(as('A100')).send({ templateIds: [STAFF], code: staffCode }).expect(200);
    await request(t.http).post('/api/v1/me/subscriptions').set(as('A100')).send({ templateIds: [STAFF] }).expect(200);

    const caseId = await rateBad(citizen);
    await act('A100', caseId, 'callback', { contact: 'reached', verification: 'true', note: '已核实' }).expect(200);
    // 18 characters, then an emoji of two UTF-16 units exactly where a cut by units would split it.
    const reply = '您反映的窗口排队问题已经全部整改到位👍，感谢您的监督与支持';
    await act('A100', caseId, 'reply', { reply, result: '已整改' }).expect(200);

    const mine = await inbox(bearer(citizen));
    expect(mine.unread).toBe(3);
    expect(mine.items.map((n: { kind: string }) => n.kind)).toEqual(['citizen_replied', 'citizen_called_back', 'citizen_case_accepted']);
    const caseNo = mine.items[0].caseNo as string;
    expect(mine.items[0]).toMatchObject({ title: '您反映的问题已答复', body: reply, caseId, readAt: null });
    expect((await inbox(as('A100'))).items.find((n: { caseId: string }) => n.caseId === caseId)).toMatchObject({ kind: 'staff_case_new', caseNo });

    expect(await delivery.deliverDue()).toMatchObject({ sent: 4, retried: 0, dead: 0 });
    const messages = sentTo(openid);
    expect(messages.map((m) => m.data.phrase2).sort()).toEqual(['已受理', '已回访', '已答复'].sort());
    const replied = messages.find((m) => m.data.phrase2 === '已答复')!;
    expect(replied).toMatchObject({ templateId: PROGRESS, page: `citizen/case/index?id=${caseId}`, miniprogramState: 'formal' });
    expect(replied.data).toMatchObject({ character_string1: caseNo, thing3: '泰山区行政审批服务局', thing5: '您反映的窗口排队问题已经全部整改到位👍…' });
    expect(replied.data.time4).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    const [toHandler] = sentTo('o_notice_handler_a100');
    expect(toHandler).toMatchObject({ templateId: STAFF, page: `staff/case/index?id=${caseId}`, data: { character_string1: caseNo, phrase3: '待处理' } });
    expect([...toHandler.data.thing2].length).toBeLessThanOrEqual(20);
    // One accept spent per message.
    expect(wechat.remainingSubscriptions(openid, PROGRESS)).toBe(0);
    expect(await delivery.deliverDue()).toEqual({ sent: 0, skipped: 0, retried: 0, dead: 0 });

    // Read one (twice: the same), then all.
    const read = await request(t.http).post(`/api/v1/me/notices/${mine.items[0].id}/read`).set(bearer(citizen)).expect(200);
    expect(read.body.readAt).not.toBeNull();
    const again = await request(t.http).post(`/api/v1/me/notices/${mine.items[0].id}/read`).set(bearer(citizen)).expect(200);
    expect(again.body.readAt).toBe(read.body.readAt);
    expect((await inbox(bearer(citizen))).unread).toBe(2);
    expect((await request(t.http).post('/api/v1/me/notices/read-all').set(bearer(citizen)).expect(200)).body).toEqual({ unread: 0 });
    expect((await inbox(bearer(citizen), '?page=1&pageSize=2')).items).toHaveLength(2);

    // 未解决: the handler hears it with the rater's words, and spends their second accept.
    await request(t.http).post(`/api/v1/me/cases/${caseId}/confirm`).set(bearer(citizen)).send({ resolved: false, comment: '窗口还是只开一个' }).expect(200);
    const reopened = (await inbox(as('A100'))).items[0];
    expect(reopened).toMatchObject({ kind: 'staff_reopened', caseId, body: '群众表示问题仍未解决，请重新处理：窗口还是只开一个' });
    expect(await delivery.deliverDue()).toMatchObject({ sent: 1 });
    // Now the handler has no accept left (in-app only), and WeChat holds none of the rater's for the second reply
    // although the server counted one more (the accept reported without a prompt above): 43101, in-app only.
    await act('A100', caseId, 'reply', { reply: '已增开窗口', result: '已整改' }).expect(200);
    await request(t.http).post(`/api/v1/me/cases/${caseId}/confirm`).set(bearer(citizen)).send({ resolved: false, comment: '仍不满意' }).expect(200);
    expect(await delivery.deliverDue()).toMatchObject({ sent: 0, skipped: 2 });
    expect(sentTo(openid)).toHaveLength(3);
    expect((await inbox(bearer(citizen))).items.map((n: { kind: string }) => n.kind).slice(0, 1)).toEqual(['citizen_replied']);
    const last = (await noticesOf(caseId)).filter((n) => n.kind === 'staff_reopened');
    expect(last.map((n) => n.wechatState).sort()).toEqual(['sent', 'skipped']);
  });

  it('falls back to the in-app notice alone when the rater accepted nothing, or WeChat answers 43101', async () => {
    const none = nextOpenid();
    const quiet = await wechatCitizen(none);
    const first = await rateBad(quiet);
    await delivery.deliverDue();
    expect(sentTo(none)).toEqual([]);
    expect((await noticesOf(first)).find((n) => n.kind === 'citizen_case_accepted')).toMatchObject({ wechatState: 'skipped', wechatErrcode: null });
    expect((await inbox(bearer(quiet))).items.map((n: { kind: string }) => n.kind)).toEqual(['citizen_case_accepted']);

    // The mini-program reported an accept WeChat does not hold (the user turned notices off since): 43101.
    const refused = nextOpenid();
    const token = await wechatCitizen(refused);
    await request(t.http).post('/api/v1/me/subscriptions').set(bearer(token)).send({ templateIds: [PROGRESS] }).expect(200);
    const second = await rateBad(token);
    await delivery.deliverDue();
    expect(sentTo(refused)).toEqual([]);
    expect((await noticesOf(second)).find((n) => n.kind === 'citizen_case_accepted')).toMatchObject({ wechatState: 'skipped', wechatErrcode: 43101 });
    expect((await inbox(bearer(token))).unread).toBe(1);
    const [allowance] = await t.dataSource.query(`SELECT allowance FROM notice_subscription WHERE template_id = $1 AND recipient_id = (SELECT id FROM citizen WHERE openid = $2)`, [
      PROGRESS,
      refused,
    ]);
    expect(allowance.allowance).toBe(0);
  });

  it('retries timeouts, 5xx, -1 and dropped connections with growing waits, and delivers once', async () => {
    const openid = nextOpenid();
    const token = await wechatCitizen(openid);
    await accept(openid, token, [PROGRESS]);
    const caseId = await rateBad(token);
    const notice = async () => (await noticesOf(caseId)).find((n) => n.kind === 'citizen_case_accepted')!;
    const send = '/cgi-bin/message/subscribe/send' as const;

    wechat.injectFault({ path: send, httpStatus: 502, times: 'always' });
    await delivery.deliverDue();
    wechat.clearFaults();
    expect(await notice()).toMatchObject({ wechatState: 'pending', wechatAttempts: 1 });
    await delivery.deliverDue(); // the first wait (10 s) is not over
    expect(await notice()).toMatchObject({ wechatAttempts: 1 });

    wechat.injectFault({ path: send, errcode: -1, times: 'always' });
    await delivery.deliverDue(later(11_000));
    wechat.clearFaults();
    wechat.injectFault({ path: send, dropConnection: true, times: 'always' });
    await delivery.deliverDue(later(45_000));
    wechat.clearFaults();
    // Slower than the adapter's 5-second timeout: WeChat never answered, nothing was delivered.
    wechat.injectFault({ path: send, delayMs: 5500, times: 1 });
    await delivery.deliverDue(later(170_000));
    wechat.clearFaults();
    expect(await notice()).toMatchObject({ wechatState: 'pending', wechatAttempts: 4 });
    expect(sentTo(openid)).toEqual([]);

    await delivery.deliverDue(later(800_000));
    expect(await notice()).toMatchObject({ wechatState: 'sent', wechatAttempts: 5 });
    expect(sentTo(openid)).toHaveLength(1);
    await delivery.deliverDue(later(3_600_000));
    expect(sentTo(openid)).toHaveLength(1);
  });

  it('renews an expired access token once and sends', async () => {
    const openid = nextOpenid();
    const token = await wechatCitizen(openid);
    await accept(openid, token, [PROGRESS]);
    await rateBad(token);
    const before = wechat.requests().length;
    wechat.expireTokens();
    await delivery.deliverDue();
    const calls = wechat.requests().slice(before).filter((r) => r.path === '/cgi-bin/stable_token' || r.path === '/cgi-bin/message/subscribe/send');
    expect(calls.filter((r) => r.path === '/cgi-bin/stable_token')).toHaveLength(1);
    expect(calls.filter((r) => r.path === '/cgi-bin/message/subscribe/send').map((r) => r.errcode)).toContain(42001);
    expect(sentTo(openid)).toHaveLength(1);
  });

  it('lists a permanent failure as a dead letter, and a system administrator sends it again', async () => {
    const openid = nextOpenid();
    const token = await wechatCitizen(openid);
    await accept(openid, token, [PROGRESS]);
    const caseId = await rateBad(token);
    wechat.injectFault({ path: '/cgi-bin/message/subscribe/send', errcode: 40037, errmsg: 'invalid template_id', times: 'always' });
    await delivery.deliverDue();
    wechat.clearFaults();
    const { id } = (await noticesOf(caseId)).find((n) => n.kind === 'citizen_case_accepted')!;

    const letters = await request(t.http).get('/api/v1/admin/dead-letters').set(as('admin')).expect(200);
    expect(letters.body.items.find((l: { id: string }) => l.id === id)).toMatchObject({ kind: 'citizen_case_accepted', caseId, errcode: 40037, attempts: 1, templateId: PROGRESS });
    expect(JSON.stringify(letters.body)).not.toContain(openid);
    // No accept was used up by a message WeChat refused.
    expect(wechat.remainingSubscriptions(openid, PROGRESS)).toBe(1);

    for (const who of ['A900', 'S001', 'A100']) {
      expect((await request(t.http).get('/api/v1/admin/dead-letters').set(as(who)).expect(403)).body.code).toBe('FORBIDDEN');
      await request(t.http).post(`/api/v1/admin/dead-letters/${id}/resend`).set(as(who)).expect(403);
    }
    await request(t.http).get('/api/v1/admin/dead-letters').set(bearer(token)).expect(403);
    expect((await request(t.http).post(`/api/v1/admin/dead-letters/${randomUUID()}/resend`).set(as('admin')).expect(404)).body.code).toBe('DEAD_LETTER_NOT_FOUND');
    expect((await request(t.http).post('/api/v1/admin/dead-letters/not-a-uuid/resend').set(as('admin')).expect(400)).body.code).toBe('VALIDATION_FAILED');

    expect((await request(t.http).post(`/api/v1/admin/dead-letters/${id}/resend`).set(as('admin')).expect(200)).body).toEqual({ id, wechatState: 'pending' });
    await delivery.deliverDue();
    expect(sentTo(openid)).toHaveLength(1);
    expect((await request(t.http).get('/api/v1/admin/dead-letters').set(as('admin')).expect(200)).body.items.map((l: { id: string }) => l.id)).not.toContain(id);
    await request(t.http).post(`/api/v1/admin/dead-letters/${id}/resend`).set(as('admin')).expect(404);
  });

  it('gives up on transient failures after the configured number of tries', async () => {
    const openid = nextOpenid();
    const token = await wechatCitizen(openid);
    await accept(openid, token, [PROGRESS]);
    const caseId = await rateBad(token);
    wechat.injectFault({ path: '/cgi-bin/message/subscribe/send', httpStatus: 503, times: 'always' });
    for (let hour = 0; hour < 8; hour += 1) await delivery.deliverDue(later(hour * 3_600_000));
    wechat.clearFaults();
    expect((await noticesOf(caseId)).find((n) => n.kind === 'citizen_case_accepted')).toMatchObject({ wechatState: 'dead', wechatAttempts: 6 });
  });

  it('writes a notice once per case, event and recipient, however often the change or the scheduler runs', async () => {
    const openid = nextOpenid();
    const token = await wechatCitizen(openid);
    const caseId = await rateBad(token);
    const outbox = t.app.get(NoticeOutbox);
    const twice = await Promise.all([0, 1].map(() => t.dataSource.transaction((m) => outbox.add(m, 'citizen_called_back', [{ caseId, eventKey: 'retried-step' }]))));
    expect(twice.sort()).toEqual([0, 1]);

    await act('A100', caseId, 'callback', { contact: 'reached', verification: 'true', note: '已核实' }).expect(200);
    await act('A100', caseId, 'reply', { reply: '已处理', result: '已整改' }).expect(200);
    const scheduler = t.app.get(CaseSchedulerService);
    const month = later(40 * 24 * 3_600_000);
    await Promise.all([scheduler.runPass(month), scheduler.runPass(month)]);
    await scheduler.runPass(month);
    const closed = (await noticesOf(caseId)).filter((n) => n.kind === 'citizen_closed');
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ title: '您反映的问题已办结', body: '您未在期限内确认办理结果，系统已默认办结。如有需要，可以进行追评。' });
  });

  it('tells the unit of deadlines near and missed, once each', async () => {
    const token = await wechatCitizen(nextOpenid());
    const caseId = await rateBad(token);
    const scheduler = t.app.get(CaseSchedulerService);
    for (const days of [1, 1, 5, 5, 30]) await scheduler.runPass(later(days * 24 * 3_600_000));
    const kinds = (await noticesOf(caseId)).filter((n) => n.recipientId === w.staff.handlerA.id).map((n) => n.kind);
    expect(kinds.filter((k) => k === 'staff_deadline_near').length).toBeGreaterThanOrEqual(1);
    expect(kinds.filter((k) => k === 'staff_overdue')).toHaveLength(2); // the call-back and the reply, once each
  });

  it('delivers from the server’s own worker on the job queue, woken by the committed change, while the request never waits on WeChat', async () => {
    const database = await createScratchDatabase();
    const prepare = await createTestApp({ databaseUrl: database.url });
    await seedWorld(prepare.dataSource);
    await prepare.close();
    const a = await createTestApp({ env: { ...ENV, WECHAT_API_BASE_URL: wechat.url, NOTICE_WORKER: 'on' }, databaseUrl: database.url });
    try {
      await eventually(async () => a.app.get(JobQueueService).running, 'the job queue to start');
      const openid = nextOpenid();
      const code = wechat.issueLoginCode(openid).code;
      const token = (await request(a.http).post('/api/v1/auth/wechat').send({ code }).expect(200)).body.accessToken as string;
      wechat.grantSubscription(openid, PROGRESS);
      await request(a.http).post('/api/v1/me/subscriptions').set(bearer(token)).send({ templateIds: [PROGRESS] }).expect(200);
      // WeChat hangs for longer than any request may take: the rating is answered all the same.
      wechat.injectFault({ path: '/cgi-bin/message/subscribe/send', delayMs: 3000, times: 1 });
      const rated = await request(a.http)
        .post('/api/v1/ratings')
        .set(bearer(token))
        .send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 1, tagCodes: [115], comment: '排队太久' })
        .expect(201);
      await eventually(async () => sentTo(openid).length > 0, 'the subscribe message');
      expect(sentTo(openid)[0].page).toBe(`citizen/case/index?id=${rated.body.caseId}`);
    } finally {
      wechat.clearFaults();
      await a.close();
      await database.drop();
    }
  });

  describe('two workers, and a worker that dies', () => {
    let second: TestApp;
    beforeAll(async () => {
      second = await createTestApp({ env: { ...ENV, WECHAT_API_BASE_URL: wechat.url }, databaseUrl: t.databaseUrl });
    });
    afterAll(async () => {
      await second.app.close();
    });

    /** A citizen with `n` cases, each with a pending 已受理 notice and an accept for it. */
    const pending = async (n: number) => {
      const openid = nextOpenid();
      const token = await wechatCitizen(openid);
      await accept(openid, token, [PROGRESS], n);
      const cases: string[] = [];
      for (let i = 0; i < n; i += 1) cases.push(await rateBad(token));
      return { openid, token, cases };
    };
    const pagesSentTo = (openid: string) => sentTo(openid).map((m) => m.page);

    it('sends each notice once when two workers share the database', async () => {
      const { openid, cases } = await pending(12);
      wechat.injectFault({ path: '/cgi-bin/message/subscribe/send', delayMs: 20, times: 'always' });
      const results = await Promise.all([delivery.deliverDue(), second.app.get(NoticeDeliveryService).deliverDue()]);
      wechat.clearFaults();
      expect(results.every((r) => r.dead === 0 && r.retried === 0)).toBe(true);
      expect(pagesSentTo(openid).sort()).toEqual(cases.map((id) => `citizen/case/index?id=${id}`).sort());
    });

    it('delivers everything a worker claimed before it died, once each, once its lease runs out', async () => {
      const { openid, token, cases } = await pending(8);
      // The first worker claims the batch, sends three, and dies.
      const claimed = (await delivery.claim(new Date())).filter((n) => n.kind === 'citizen_case_accepted');
      expect(claimed).toHaveLength(8);
      await delivery.deliverClaimed(claimed.slice(0, 3));
      expect(sentTo(openid)).toHaveLength(3);
      // Its claims are its own until the lease ends; then the restarted worker takes them.
      const restarted = second.app.get(NoticeDeliveryService);
      expect((await restarted.deliverDue(later(60_000))).sent).toBe(0);
      await restarted.deliverDue(later(3 * 60_000));
      expect(pagesSentTo(openid).sort()).toEqual(cases.map((id) => `citizen/case/index?id=${id}`).sort());
      const mine = await inbox(bearer(token), '?pageSize=100');
      expect(mine.items.filter((n: { kind: string }) => n.kind === 'citizen_case_accepted')).toHaveLength(8);
      expect(new Set(mine.items.map((n: { caseId: string }) => n.caseId)).size).toBe(8);
    });
  });

  it('repeats a message at most once when the database is lost between WeChat’s answer and the record (the documented window)', async () => {
    const proxy = await startDatabaseProxy(testDatabaseAddress());
    const cut = await createTestApp({ env: { ...ENV, WECHAT_API_BASE_URL: wechat.url }, databaseUrl: t.databaseUrl, databaseHost: proxy.address });
    try {
      const openid = nextOpenid();
      const token = await wechatCitizen(openid);
      await accept(openid, token, [PROGRESS], 2);
      const caseId = await rateBad(token);
      const worker = cut.app.get(NoticeDeliveryService);
      const claimed = (await worker.claim(new Date())).filter((n) => n.case_id === caseId);
      // WeChat takes its time; meanwhile the worker's database goes away, so the answer cannot be recorded.
      wechat.injectFault({ path: '/cgi-bin/message/subscribe/send', delayMs: 1500, times: 1 });
      const sending = worker.deliverClaimed(claimed);
      // The send has reached WeChat (the fault is taken as the request arrives): now the database goes.
      await eventually(async () => wechat.faults().length === 0, 'the send to reach WeChat');
      await proxy.setMode('refuse');
      proxy.cut();
      expect(await sending).toMatchObject({ sent: 0, retried: 1 });
      expect(sentTo(openid)).toHaveLength(1);
      const notice = async () => (await noticesOf(caseId)).find((n) => n.kind === 'citizen_case_accepted')!;
      expect(await notice()).toMatchObject({ wechatState: 'pending' });

      // After the lease, another worker sends it again: one repeat, and still one in-app notice.
      await delivery.deliverDue(later(3 * 60_000));
      expect(sentTo(openid)).toHaveLength(2);
      expect(await notice()).toMatchObject({ wechatState: 'sent' });
      await delivery.deliverDue(later(10 * 60_000));
      expect(sentTo(openid)).toHaveLength(2);
      expect((await inbox(bearer(token))).items.filter((n: { kind: string }) => n.kind === 'citizen_case_accepted')).toHaveLength(1);
    } finally {
      wechat.clearFaults();
      await proxy.setMode('forward');
      await cut.app.close();
      await proxy.close();
    }
  });

  describe('who sees what', () => {
    let caseId: string;
    let citizen: string;
    let noticeId: string;
    beforeAll(async () => {
      citizen = await wechatCitizen(nextOpenid());
      caseId = await rateBad(citizen);
      noticeId = (await inbox(bearer(citizen))).items[0].id;
    });

    it('keeps a citizen out of another citizen’s notices', async () => {
      const other = await wechatCitizen(nextOpenid());
      expect((await inbox(bearer(other))).items).toEqual([]);
      expect((await request(t.http).post(`/api/v1/me/notices/${noticeId}/read`).set(bearer(other)).expect(404)).body.code).toBe('NOTICE_NOT_FOUND');
      await request(t.http).post('/api/v1/me/notices/read-all').set(bearer(other)).expect(200);
      expect((await inbox(bearer(citizen))).items[0].readAt).toBeNull();
    });

    it('keeps staff of another unit, and other staff of the same unit, out of a handler’s notices', async () => {
      const handlers = (await inbox(as('A100'))).items.find((n: { caseId: string }) => n.caseId === caseId);
      for (const who of ['C001', 'A900', 'S001', 'admin']) {
        expect((await inbox(as(who))).items.map((n: { caseId: string }) => n.caseId)).not.toContain(caseId);
        expect((await request(t.http).post(`/api/v1/me/notices/${handlers.id}/read`).set(as(who)).expect(404)).body.code).toBe('NOTICE_NOT_FOUND');
      }
      // Nor may staff read a citizen's notice, nor a citizen a handler's.
      await request(t.http).post(`/api/v1/me/notices/${noticeId}/read`).set(as('A100')).expect(404);
      await request(t.http).post(`/api/v1/me/notices/${handlers.id}/read`).set(bearer(citizen)).expect(404);
    });

    it('refuses a deactivated account at once', async () => {
      await t.dataSource.getRepository(StaffEntity).save({ staffNumber: 'A102', name: '将停用处理人', unitId: w.units.A.id, roles: ['case_handler'], passwordHash: await hashPassword(PASSWORD) });
      const token = bearer(await login(t.http, 'A102'));
      await inbox(token);
      const member = await t.dataSource.getRepository(StaffEntity).findOneByOrFail({ staffNumber: 'A102' });
      await request(t.http).post(`/api/v1/staff/${member.id}/deactivate`).set(as('admin')).expect(200);
      expect((await request(t.http).get('/api/v1/me/notices').set(token).expect(403)).body.code).toBe('AUTH_ACCOUNT_INACTIVE');
      expect((await request(t.http).post('/api/v1/me/subscriptions').set(token).send({ templateIds: [STAFF] }).expect(403)).body.code).toBe('AUTH_ACCOUNT_INACTIVE');
    });

    it('asks for WeChat before recording subscriptions: a browser citizen, or staff who never sent a login code', async () => {
      const device = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: 'notices-browser-device-01' }).expect(200)).body.accessToken as string;
      expect((await request(t.http).post('/api/v1/me/subscriptions').set(bearer(device)).send({ templateIds: [PROGRESS] }).expect(403)).body.code).toBe('NOTICE_WECHAT_REQUIRED');
      expect((await request(t.http).post('/api/v1/me/subscriptions').set(as('C001')).send({ templateIds: [STAFF] }).expect(403)).body.code).toBe('NOTICE_WECHAT_REQUIRED');
      const bad = await request(t.http).post('/api/v1/me/subscriptions').set(as('C001')).send({ templateIds: [STAFF], code: 'made-up-code' }).expect(400);
      expect(bad.body.details[0].field).toBe('code');
      expect(await t.dataSource.query(`SELECT 1 FROM notice_subscription WHERE recipient_id = $1`, [w.staff.clerkC.id])).toEqual([]);
    });

    it('answers bad input with 400 and a stable code, and stores nothing', async () => {
      const auth = bearer(citizen);
      for (const query of ['?page=99999999999', '?page=1001', '?page=0', '?page=1e3', '?pageSize=101', '?page=%00', '?pageSize=-1']) {
        expect((await request(t.http).get(`/api/v1/me/notices${query}`).set(auth).expect(400)).body.code).toBe('VALIDATION_FAILED');
      }
      for (const id of ['not-a-uuid', '%00', `${noticeId}%00`, '1'.repeat(5000)]) {
        const res = await request(t.http).post(`/api/v1/me/notices/${id}/read`).set(auth);
        expect([400, 414]).toContain(res.status);
      }
      for (const body of [
        { templateIds: ['hcp\u0000case'] },
        { templateIds: 'hcp_case_progress' },
        { templateIds: Array.from({ length: 21 }, (_, i) => `t${i}`) },
        { templateIds: ['x'.repeat(65)] },
        { templateIds: [{ deep: { deeper: [1] } }] },
        { templateIds: [PROGRESS], code: 'a\u0000b' },
        {},
      ]) {
        expect((await request(t.http).post('/api/v1/me/subscriptions').set(auth).send(body).expect(400)).body.code).toBe('VALIDATION_FAILED');
      }
      expect(await t.dataSource.query(`SELECT 1 FROM notice_subscription s JOIN citizen c ON c.id = s.recipient_id WHERE c.id = (SELECT recipient_id FROM notice WHERE id = $1)`, [noticeId])).toEqual([]);
      expect((await inbox(auth)).items).toHaveLength(1);
    });
  });
});
