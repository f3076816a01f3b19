import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { hashPassword } from '../src/modules/identity/password.js';
import { StaffEntity } from '../src/modules/identity/entities/staff.entity.js';
import { UnitEntity } from '../src/modules/catalog/entities/unit.entity.js';
import { CaseEntity } from '../src/modules/cases/entities/case.entity.js';
import { ContactRevealEntity } from '../src/modules/cases/entities/contact-reveal.entity.js';
import { RatingEntity } from '../src/modules/ratings/entities/rating.entity.js';
import { chinaDate } from '../src/modules/calendar/working-days.js';
import { bearer, login, PASSWORD, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/**
 * The life of a 差评 case over HTTP on real PostgreSQL: the unit calls back, rectifies and replies; the rater answers;
 * supervisors rule on disputes, appeals and transfers. And everyone outside the case is kept out of it.
 */
describe('case handling', () => {
  let t: TestApp;
  let w: World;
  const tokens: Record<string, string> = {};
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp({ env: { CASE_SCHEDULER: 'off' } });
    w = await seedWorld(t.dataSource);
    const staff = t.dataSource.getRepository(StaffEntity);
    const passwordHash = await hashPassword(PASSWORD);
    // A second handler in unit A (round-robin), a handler in unit C (another unit, another region).
    await staff.save({ staffNumber: 'A101', name: '甲处理人二', unitId: w.units.A.id, roles: ['case_handler'], passwordHash });
    await staff.save({ staffNumber: 'C100', name: '丙处理人', unitId: w.units.C.id, roles: ['case_handler'], passwordHash });
    // Unit A's second administrator, who is also a supervisor of the region (泰安).
    await staff.save({ staffNumber: 'A950', name: '甲单位兼督查', unitId: w.units.A.id, roles: ['unit_admin', 'supervisor'], scopeRegionCode: '370900000000', passwordHash });
    // A supervisor of 泰安 whose own unit is C, in 威海.
    await staff.save({ staffNumber: 'C950', name: '丙单位兼泰安督查', unitId: w.units.C.id, roles: ['supervisor'], scopeRegionCode: '370900000000', passwordHash });
    for (const n of ['admin', 'S001', 'S002', 'A900', 'A100', 'A101', 'A001', 'C100', 'A950', 'C950']) tokens[n] = await login(t.http, n);
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (who: string) => bearer(tokens[who]);
  const citizen = async () => (await request(t.http).post('/api/v1/auth/device').send({ deviceId: `case-citizen-${String(++serial).padStart(8, '0')}` }).expect(200)).body.accessToken as string;
  /** A citizen rates window A 非常不满意 (with a number unless told otherwise); returns the case id and the citizen. */
  const badRating = async (options: { phone?: string | null; scene?: string } = {}) => {
    const token = await citizen();
    const phone = options.phone === undefined ? '13512340000' : options.phone;
    const res = await request(t.http)
      .post('/api/v1/ratings')
      .set(bearer(token))
      .send({ clientId: randomUUID(), scene: options.scene ?? 'SceneWindowA1', level: 1, tagCodes: [115], comment: '态度差，跑了三趟', ...(phone ? { contactPhone: phone } : {}) })
      .expect(201);
    return { id: res.body.caseId as string, citizen: token };
  };
  const act = (who: string, id: string, action: string, body: object = {}) => request(t.http).post(`/api/v1/cases/${id}/${action}`).set(as(who)).send(body);
  const mine = (token: string, id: string) => request(t.http).get(`/api/v1/me/cases/${id}`).set(bearer(token));
  const answer = (token: string, id: string, body: object) => request(t.http).post(`/api/v1/me/cases/${id}/confirm`).set(bearer(token)).send(body);
  const stored = (id: string) => t.dataSource.getRepository(CaseEntity).findOneByOrFail({ id });
  /** Takes a case through two replies the rater says did not solve it: it waits for a supervisor's ruling. */
  const escalate = async (id: string, rater: string) => {
    await act('A100', id, 'callback', { contact: 'reached', verification: 'true', note: '已核实' }).expect(200);
    for (const comment of ['没有解决', '还是没有解决']) {
      await act('A100', id, 'reply', { reply: '已处理', result: '已整改' }).expect(200);
      await answer(rater, id, { resolved: false, comment }).expect(200);
    }
    expect((await stored(id)).state).toBe('escalated');
  };
  /** The day `days` from today, China time (YYYY-MM-DD). */
  const chinaDay = (days: number) => chinaDate(new Date(Date.now() + days * 24 * 3600_000));

  it('runs the whole loop: 差评 → assigned → 回访核实 → 整改 → 答复 → 已解决 → 已办结 → 追评', async () => {
    const { id, citizen: rater } = await badRating();
    const opened = await request(t.http).get(`/api/v1/cases/${id}`).set(as('A100')).expect(200);
    expect(opened.body).toMatchObject({
      state: 'awaiting_callback',
      level: 1,
      unit: { id: w.units.A.id },
      window: { number: '1', hallName: '泰山区政务服务中心' },
      assignee: { name: expect.any(String) },
      contactMasked: '135****0000',
      rating: { tagCodes: [115], comment: '态度差，跑了三趟' },
      allowedActions: ['callback', 'appeal', 'transfer'],
    });
    expect(JSON.stringify(opened.body)).not.toContain('13512340000');

    await act('A100', id, 'callback', { contact: 'reached', verification: 'true', note: '已致电，情况属实' }).expect(200);
    await act('A100', id, 'plan', { plan: '窗口增派人员，一次性告知材料清单', dueDate: chinaDay(30) }).expect(200);
    const replied = await act('A100', id, 'reply', { reply: '已为您加急办理，并对窗口人员进行了批评教育', result: '已整改' }).expect(200);
    expect(replied.body.state).toBe('replied');
    expect(replied.body.timeline.map((e: { action: string }) => e.action)).toEqual(['opened', 'callback', 'plan', 'reply']);
    expect(replied.body.timeline[1]).toMatchObject({ actor: { kind: 'staff', name: '甲处理人' }, fromState: 'awaiting_callback', toState: 'verified' });

    const seen = await mine(rater, id).expect(200);
    expect(seen.body).toMatchObject({ state: 'replied', canConfirm: true, canFollowUp: false, reply: { reply: '已为您加急办理，并对窗口人员进行了批评教育' }, callbackExpected: true });
    expect(JSON.stringify(seen.body)).not.toMatch(/情况属实|增派人员|已整改|甲处理人/); // staff-internal notes stay inside
    expect(seen.body.timeline.map((e: { text: string }) => e.text)).toEqual([
      '已受理，由泰山区行政审批服务局办理',
      '工作人员已回访核实',
      '单位已制定整改措施，正在整改',
      '单位已答复，请查看答复并告诉我们是否解决',
    ]);

    const closed = await answer(rater, id, { resolved: true }).expect(200);
    expect(closed.body).toMatchObject({ state: 'closed', closeKind: 'resolved', canConfirm: false, canFollowUp: true });
    const followed = await request(t.http).post(`/api/v1/me/cases/${id}/follow-up`).set(bearer(rater)).send({ level: 4, comment: '后来办得很好' }).expect(200);
    expect(followed.body).toMatchObject({ canFollowUp: false, followUp: { level: 4, comment: '后来办得很好' } });
    expect((await request(t.http).post(`/api/v1/me/cases/${id}/follow-up`).set(bearer(rater)).send({ level: 5 }).expect(409)).body.code).toBe('CASE_ANSWER_DONE');
    const staffView = await request(t.http).get(`/api/v1/cases/${id}`).set(as('A100')).expect(200);
    expect(staffView.body).toMatchObject({ state: 'closed', closeKind: 'resolved', followUp: { level: 4 }, allowedActions: [] });
  });

  it('reopens on the first 未解决 and escalates on the second; the supervisor sends it back, then closes it with a ruling', async () => {
    const { id, citizen: rater } = await badRating();
    await act('A100', id, 'callback', { contact: 'reached', verification: 'partly_true', note: '部分属实' }).expect(200);
    await act('A100', id, 'reply', { reply: '立行立改，已补发材料清单', result: '已整改' }).expect(200);
    expect((await answer(rater, id, { resolved: false }).expect(400)).body.details[0].field).toBe('comment');
    expect((await answer(rater, id, { resolved: false, comment: '还是没拿到回执' }).expect(200)).body.state).toBe('reopened');
    expect((await answer(rater, id, { resolved: true }).expect(409)).body.code).toBe('CASE_ANSWER_DONE');
    await act('A100', id, 'reply', { reply: '回执已寄出', result: '已补寄回执' }).expect(200);
    expect((await answer(rater, id, { resolved: false, comment: '仍未收到' }).expect(200)).body.state).toBe('escalated');
    expect((await act('A100', id, 'rule', { decision: 'close', ruling: '不行' })).status).toBe(403);
    expect((await act('S001', id, 'rule', { decision: 'send_back', ruling: '请单位再次核实寄送情况' }).expect(200)).body.state).toBe('reopened');
    await act('A100', id, 'reply', { reply: '已改为当面领取', result: '已办结' }).expect(200);
    expect((await answer(rater, id, { resolved: false, comment: '不满意' }).expect(200)).body.state).toBe('escalated');
    const ruled = await act('S001', id, 'rule', { decision: 'close', ruling: '单位已尽责，予以办结' }).expect(200);
    expect(ruled.body).toMatchObject({ state: 'closed', closeKind: 'ruling', reopenCount: 3 });
    expect((await mine(rater, id).expect(200)).body.timeline.at(-1).text).toBe('监督部门已作出处理，工单办结');
  });

  it('an upheld appeal marks the rating invalid (never deleted) and closes the case; a rejected one returns it to handling', async () => {
    const upheld = await badRating();
    await act('A100', upheld.id, 'appeal', { kind: 'malicious', evidence: '监控显示该群众当天未到窗口' }).expect(200);
    expect((await act('A100', upheld.id, 'callback', { contact: 'reached', verification: 'true', note: 'x' }).expect(409)).body.code).toBe('CASE_STATE_CONFLICT');
    const ruling = await act('S001', upheld.id, 'appeal-ruling', { decision: 'uphold', ruling: '经核查属恶意评价' }).expect(200);
    expect(ruling.body).toMatchObject({ state: 'closed', closeKind: 'appeal_upheld', appeal: { state: 'upheld' }, rating: { invalid: true } });
    const rating = await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: ruling.body.rating.id });
    expect(rating.invalidatedAt).not.toBeNull();
    expect(rating.invalidReason).toContain('恶意评价');
    // The rater reads it as any ruling that closed a case: nothing says they were judged malicious.
    const seen = (await mine(upheld.citizen, upheld.id).expect(200)).body;
    expect(seen).toMatchObject({ state: 'closed', closeKind: 'ruling', canFollowUp: true });
    expect(seen.timeline.map((e: { text: string }) => e.text)).toEqual(['已受理，由泰山区行政审批服务局办理', '监督部门已作出处理，工单办结']);
    expect(JSON.stringify(seen)).not.toMatch(/申诉|恶意|核实/);
    await request(t.http).post(`/api/v1/me/cases/${upheld.id}/follow-up`).set(bearer(upheld.citizen)).send({ level: 2 }).expect(200);
    expect((await stored(upheld.id)).followUpLevel).toBe(2);
    expect((await t.dataSource.getRepository(RatingEntity).findOneByOrFail({ id: ruling.body.rating.id })).invalidatedAt).not.toBeNull();

    const rejected = await badRating();
    await act('A100', rejected.id, 'callback', { contact: 'unreachable', note: '电话无人接听' }).expect(200);
    const before = await stored(rejected.id);
    await act('A100', rejected.id, 'appeal', { kind: 'mistaken', evidence: '疑似评错窗口' }).expect(200);
    const back = await act('S001', rejected.id, 'appeal-ruling', { decision: 'reject', ruling: '证据不足' }).expect(200);
    expect(back.body).toMatchObject({ state: 'verified', appeal: { state: 'rejected', ruling: '证据不足' }, rating: { invalid: false } });
    const after = await stored(rejected.id);
    expect([after.callbackDueAt, after.replyDueAt]).toEqual([before.callbackDueAt, before.replyDueAt]);
    expect((await act('A100', rejected.id, 'appeal', { kind: 'mistaken', evidence: '再试一次' }).expect(409)).body.code).toBe('CASE_ANSWER_DONE');
  });

  it('lets no one rule on their own unit’s case: a unit administrator who also supervises the region neither upholds the unit’s appeal nor rules', async () => {
    const appealed = await badRating();
    await act('A950', appealed.id, 'appeal', { kind: 'malicious', evidence: '监控显示该群众当天未到窗口' }).expect(200);
    expect((await request(t.http).get(`/api/v1/cases/${appealed.id}`).set(as('A950')).expect(200)).body.allowedActions).toEqual(['assign', 'cancel']);
    expect((await act('A950', appealed.id, 'appeal-ruling', { decision: 'uphold', ruling: '申诉成立' }).expect(403)).body.code).toBe('FORBIDDEN');
    expect(await stored(appealed.id)).toMatchObject({ state: 'appealing', appealState: 'pending' });
    await act('S001', appealed.id, 'appeal-ruling', { decision: 'reject', ruling: '证据不足' }).expect(200);

    const disputed = await badRating();
    await escalate(disputed.id, disputed.citizen);
    expect((await act('A950', disputed.id, 'rule', { decision: 'close', ruling: '予以办结' }).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await stored(disputed.id)).state).toBe('escalated');
    await act('S001', disputed.id, 'rule', { decision: 'close', ruling: '予以办结' }).expect(200);
  });

  it('a handler who thinks the unit is wrong transfers it; the region’s supervisor routes it to another unit', async () => {
    const { id, citizen: rater } = await badRating();
    await act('A100', id, 'transfer', { reason: '该事项由人社局负责' }).expect(200);
    expect((await act('A100', id, 'route', { unitId: w.units.B.id, reason: 'x' })).status).toBe(403);
    // Unit C lies outside the supervisor's region.
    expect((await act('S001', id, 'route', { unitId: w.units.C.id, reason: '改派' }).expect(400)).body.details[0].field).toBe('unitId');
    const routed = await act('S001', id, 'route', { unitId: w.units.B.id, reason: '确属人社局事项' }).expect(200);
    expect(routed.body).toMatchObject({ state: 'awaiting_callback', unit: { id: w.units.B.id }, assignee: null });
    expect((await request(t.http).get(`/api/v1/cases/${id}`).set(as('A100'))).status).toBe(404);
    // The rater reads who accepted the case, then who has it now.
    expect((await mine(rater, id).expect(200)).body).toMatchObject({
      unit: { name: '泰山区人力资源和社会保障局' },
      timeline: [{ text: '已受理，由泰山区行政审批服务局办理' }, { text: '已转交泰山区人力资源和社会保障局办理' }],
    });
  });

  it('refuses text that is only spaces (the full-width space too), stores it trimmed, and keeps the case as it was', async () => {
    const { id, citizen: rater } = await badRating();
    const blank = ' \n\u3000 ';
    const refused = async (who: string, action: string, body: object, field: string) => {
      const res = await act(who, id, action, body).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    };
    await refused('A100', 'callback', { contact: 'reached', verification: 'true', note: blank }, 'note');
    await refused('A100', 'appeal', { kind: 'malicious', evidence: blank }, 'evidence');
    await refused('A100', 'transfer', { reason: blank }, 'reason');
    await refused('S001', 'cancel', { reason: blank }, 'reason');
    await refused('A100', 'callback', { contact: 'reached', verification: 'true', note: '长'.repeat(501) }, 'note');
    expect((await stored(id)).state).toBe('awaiting_callback');

    const called = await act('A100', id, 'callback', { contact: 'reached', verification: 'true', note: '  已致电核实\n' }).expect(200);
    expect(called.body.callback.note).toBe('已致电核实');
    await refused('A100', 'plan', { plan: blank, dueDate: chinaDay(30) }, 'plan');
    await refused('A100', 'reply', { reply: blank, result: '已整改' }, 'reply');
    await refused('A100', 'reply', { reply: '已整改', result: blank }, 'result');
    await act('A100', id, 'reply', { reply: '已为您补办', result: '已整改' }).expect(200);
    expect((await answer(rater, id, { resolved: false, comment: blank }).expect(400)).body.details[0].field).toBe('comment');
    expect((await stored(id)).state).toBe('replied');
    await answer(rater, id, { resolved: false, comment: '还是没有办好' }).expect(200);
    await act('A100', id, 'reply', { reply: '再次补办', result: '已整改' }).expect(200);
    await answer(rater, id, { resolved: false, comment: '仍未解决' }).expect(200);
    await refused('S001', 'rule', { decision: 'close', ruling: blank }, 'ruling');
    expect((await stored(id)).state).toBe('escalated');
  });

  it('takes a plan’s date from today to a year from today, and refuses a day that does not exist with a 400', async () => {
    const { id } = await badRating();
    await act('A100', id, 'callback', { contact: 'reached', verification: 'true', note: '已核实' }).expect(200);
    const nextYear = (day: string) => `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;
    for (const dueDate of ['2099-02-31', '2027-02-29', '2026-13-01', '0000-01-01', chinaDay(-1), nextYear(chinaDay(1)), '20270101']) {
      const res = await act('A100', id, 'plan', { plan: '增派人员', dueDate }).expect(400);
      expect([dueDate, res.body.details.map((d: { field: string }) => d.field)]).toEqual([dueDate, ['dueDate']]);
    }
    expect((await stored(id)).state).toBe('verified');
    // The last day allowed: a year from today, or on 29 February the 28th of next February.
    const exists = (day: string) => new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8)))).getUTCDate() === Number(day.slice(8));
    const lastDay = exists(nextYear(chinaDay(0))) ? nextYear(chinaDay(0)) : nextYear(chinaDay(-1));
    const planned = await act('A100', id, 'plan', { plan: '增派人员', dueDate: lastDay }).expect(200);
    expect(planned.body.plan).toEqual({ plan: '增派人员', dueDate: lastDay });
  });

  it('cancellation is for supervisors, with a reason', async () => {
    const { id } = await badRating();
    expect((await act('A900', id, 'cancel', { reason: '重复' })).status).toBe(403);
    expect((await act('S001', id, 'cancel', {})).status).toBe(400);
    expect((await act('S001', id, 'cancel', { reason: '重复工单' }).expect(200)).body).toMatchObject({ state: 'cancelled', allowedActions: [] });
  });

  it('cancelling a case whose appeal waits for its ruling leaves no appeal pending', async () => {
    const { id } = await badRating();
    await act('A100', id, 'appeal', { kind: 'mistaken', evidence: '评错了窗口' }).expect(200);
    const cancelled = await act('S001', id, 'cancel', { reason: '重复工单' }).expect(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', appeal: null, closeKind: null });
    expect(cancelled.body.timeline.map((e: { action: string }) => e.action)).toEqual(['opened', 'appeal', 'cancel']);
    expect((await stored(id)).appealState).toBeNull();
  });

  it('assigns round-robin among the unit’s handlers; a unit administrator reassigns; a queue unit leaves cases unassigned', async () => {
    const first = await stored((await badRating()).id);
    const second = await stored((await badRating()).id);
    const handlers = (await t.dataSource.getRepository(StaffEntity).find({ where: [{ staffNumber: 'A100' }, { staffNumber: 'A101' }] })).map((s) => s.id);
    expect(handlers).toContain(first.assigneeId);
    expect(handlers).toContain(second.assigneeId);
    expect(first.assigneeId).not.toBe(second.assigneeId);

    expect((await act('A100', first.id, 'assign', { staffId: handlers[0] })).status).toBe(403);
    expect((await act('A900', first.id, 'assign', { staffId: w.staff.clerkA.id }).expect(400)).body.code).toBe('CASE_ASSIGNEE_INVALID');
    expect((await act('A900', first.id, 'assign', { staffId: w.staff.handlerA.id }).expect(200)).body.assignee).toEqual({ id: w.staff.handlerA.id, name: '甲处理人' });
    expect((await act('A900', first.id, 'assign', { staffId: null }).expect(200)).body.assignee).toBeNull();

    await t.dataSource.getRepository(UnitEntity).update({ id: w.units.A.id }, { caseAssignment: 'queue' });
    try {
      expect((await stored((await badRating()).id)).assigneeId).toBeNull();
    } finally {
      await t.dataSource.getRepository(UnitEntity).update({ id: w.units.A.id }, { caseAssignment: 'round_robin' });
    }
  });

  it('opens a case with the unit a routing rule names and the deadlines of that unit’s region', async () => {
    const usual = await stored((await badRating()).id);
    expect(usual.callbackRemindAt).not.toBeNull();
    const rule = await request(t.http).post('/api/v1/routing-rules').set(as('admin')).send({ kind: 'hall', match: w.halls.H1.id, unitId: w.units.B.id }).expect(201);
    await request(t.http).put('/api/v1/regions/370902000000/case-settings').set(as('admin')).send({ callbackWorkingDays: 2, replyWorkingDays: 5, remindWorkingDaysBefore: 1, defaultCloseDays: 3 }).expect(200);
    try {
      const routed = await stored((await badRating()).id);
      expect(routed).toMatchObject({ unitId: w.units.B.id, routingRuleId: rule.body.id, defaultCloseDays: 3 });
      expect(routed.callbackDueAt.getTime()).toBeGreaterThan(usual.callbackDueAt.getTime());
      expect(routed.replyDueAt.getTime()).toBeLessThan(usual.replyDueAt.getTime());
    } finally {
      await request(t.http).post(`/api/v1/routing-rules/${rule.body.id}/deactivate`).set(as('admin')).expect(200);
      await request(t.http).delete('/api/v1/regions/370902000000/case-settings').set(as('admin'));
    }
  });

  it('a 差评 without a number promises no call: 无法联系 is recorded at once and a reply is still due', async () => {
    const { id, citizen: rater } = await badRating({ phone: null });
    const view = await request(t.http).get(`/api/v1/cases/${id}`).set(as('A100')).expect(200);
    expect(view.body).toMatchObject({ state: 'verified', contactMasked: null, callback: { contact: 'unreachable' }, allowedActions: ['plan', 'reply', 'appeal', 'transfer'] });
    expect(view.body.timeline[1]).toMatchObject({ actor: { kind: 'system' }, action: 'callback' });
    const seen = await mine(rater, id).expect(200);
    expect(seen.body).toMatchObject({ callbackExpected: false, state: 'verified' });
    expect(seen.body.timeline[1].text).toBe('您未留联系电话，单位将直接核实，并在此答复您');
    expect((await request(t.http).post(`/api/v1/cases/${id}/contact-reveal`).set(as('A100')).expect(409)).body.code).toBe('CASE_NO_CONTACT');
  });

  it('reveals the number to the handling unit’s handlers only, and audits every reveal for supervisors', async () => {
    const { id } = await badRating({ phone: '13600001234' });
    const revealed = await request(t.http).post(`/api/v1/cases/${id}/contact-reveal`).set(as('A100')).expect(200);
    expect(revealed.body).toEqual({ phone: '13600001234' });
    expect((await request(t.http).post(`/api/v1/cases/${id}/contact-reveal`).set(as('A001'))).status).toBe(403); // window staff of the unit
    expect((await request(t.http).post(`/api/v1/cases/${id}/contact-reveal`).set(as('S001'))).status).toBe(403); // supervisor: masked only
    expect((await request(t.http).post(`/api/v1/cases/${id}/contact-reveal`).set(as('C100'))).status).toBe(404); // another unit
    expect(await t.dataSource.getRepository(ContactRevealEntity).count({ where: { caseId: id } })).toBe(1);

    const audit = await request(t.http).get(`/api/v1/audit/contact-reveals?caseId=${id}`).set(as('S001')).expect(200);
    expect(audit.body).toMatchObject({ total: 1, items: [{ caseId: id, staff: { staffNumber: 'A100' } }] });
    expect((await request(t.http).get('/api/v1/audit/contact-reveals').set(as('A100'))).status).toBe(403);
    const timeline = (await request(t.http).get(`/api/v1/cases/${id}`).set(as('A900')).expect(200)).body.timeline;
    expect(timeline.at(-1)).toMatchObject({ action: 'contact_reveal', actor: { name: '甲处理人' } });
  });

  it('reveals no number once the case is closed or cancelled', async () => {
    const reveal = (id: string) => request(t.http).post(`/api/v1/cases/${id}/contact-reveal`).set(as('A100'));
    const cancelled = await badRating({ phone: '13600005678' });
    await act('S001', cancelled.id, 'cancel', { reason: '重复工单' }).expect(200);
    const resolved = await badRating({ phone: '13600005678' });
    await act('A100', resolved.id, 'callback', { contact: 'reached', verification: 'true', note: '已核实' }).expect(200);
    await act('A100', resolved.id, 'reply', { reply: '已办好', result: '已整改' }).expect(200);
    await answer(resolved.citizen, resolved.id, { resolved: true }).expect(200);
    for (const { id } of [cancelled, resolved]) {
      const res = await reveal(id).expect(409);
      expect(res.body.code).toBe('CASE_STATE_CONFLICT');
      expect(JSON.stringify(res.body)).not.toContain('13600005678');
      expect((await request(t.http).get(`/api/v1/cases/${id}`).set(as('A100')).expect(200)).body.canRevealContact).toBe(false);
    }
    expect(await t.dataSource.getRepository(ContactRevealEntity).count({ where: [{ caseId: cancelled.id }, { caseId: resolved.id }] })).toBe(0);
  });

  it('lets exactly one of two people acting at once on a case win', async () => {
    const { id } = await badRating();
    const [a, b] = await Promise.all([
      act('A100', id, 'callback', { contact: 'reached', verification: 'true', note: '甲' }),
      act('A101', id, 'callback', { contact: 'reached', verification: 'not_true', note: '乙' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const timeline = (await request(t.http).get(`/api/v1/cases/${id}`).set(as('A100')).expect(200)).body.timeline;
    expect(timeline.filter((e: { action: string }) => e.action === 'callback')).toHaveLength(1);
  });

  it('lists overdue cases first, then by the nearest deadline, with counts per state and filters', async () => {
    const late = await badRating();
    await t.dataSource.getRepository(CaseEntity).update({ id: late.id }, { callbackDueAt: new Date(Date.now() - 3600_000) });
    const list = await request(t.http).get('/api/v1/cases').set(as('A100')).expect(200);
    expect(list.body.items[0]).toMatchObject({ id: late.id, overdue: true, deadlines: { callbackOverdue: true } });
    expect(list.body.counts.awaiting_callback).toBeGreaterThan(0);
    expect(list.body.items.every((c: { unit: { id: string } }) => c.unit.id === w.units.A.id)).toBe(true);

    const overdue = await request(t.http).get('/api/v1/cases?overdue=true').set(as('S001')).expect(200);
    expect(overdue.body.items.map((c: { id: string }) => c.id)).toEqual([late.id]);
    const closed = await request(t.http).get('/api/v1/cases?state=closed').set(as('A100')).expect(200);
    expect(closed.body.items.every((c: { state: string }) => c.state === 'closed')).toBe(true);
    const assigned = await request(t.http).get('/api/v1/cases?mine=true').set(as('A101')).expect(200);
    expect(assigned.body.items.every((c: { assignee: { name: string } | null }) => c.assignee?.name === '甲处理人二')).toBe(true);
    expect((await request(t.http).get('/api/v1/cases?state=nonsense').set(as('A100'))).status).toBe(400);
  });

  it('pages through the list in one order, finds a case by part of its number, and refuses a filter cases do not have', async () => {
    const all = (await request(t.http).get('/api/v1/cases?pageSize=6').set(as('S001')).expect(200)).body;
    expect(all.items).toHaveLength(6);
    const pages = [];
    for (const page of [1, 2, 3]) pages.push(...(await request(t.http).get(`/api/v1/cases?pageSize=2&page=${page}`).set(as('S001')).expect(200)).body.items);
    expect(pages.map((c: { id: string }) => c.id)).toEqual(all.items.map((c: { id: string }) => c.id));
    expect(Object.values(all.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(all.total);

    const wanted = all.items[3] as { id: string; caseNo: string };
    const found = await request(t.http).get(`/api/v1/cases?q=${wanted.caseNo.slice(-8)}`).set(as('S001')).expect(200);
    expect(found.body).toMatchObject({ total: 1, items: [{ id: wanted.id, caseNo: wanted.caseNo }] });
    expect((await request(t.http).get('/api/v1/cases?q=%25').set(as('S001')).expect(200)).body.total).toBe(0);

    const refused = await request(t.http).get('/api/v1/cases?active=true').set(as('S001')).expect(400);
    expect(refused.body.details[0].field).toBe('active');
  });

  it('lists who a case may be assigned to, for those who may assign it: the unit’s active handlers and administrators, no phones', async () => {
    const { id } = await badRating();
    await t.dataSource.getRepository(StaffEntity).save({ staffNumber: 'A103', name: '已停用处理人', unitId: w.units.A.id, roles: ['case_handler'], active: false, passwordHash: 'x' });
    const assignees = (who: string) => request(t.http).get(`/api/v1/cases/${id}/assignees`).set(as(who));
    const expected = [
      ['A100', '甲处理人'],
      ['A101', '甲处理人二'],
      ['A900', '甲单位管理员'],
      ['A950', '甲单位兼督查'],
    ];
    for (const who of ['A900', 'S001', 'admin']) {
      const res = await assignees(who).expect(200);
      expect(res.body.map((s: { staffNumber: string; name: string }) => [s.staffNumber, s.name])).toEqual(expected);
      expect(res.body.every((s: object) => Object.keys(s).sort().join() === 'id,name,staffNumber')).toBe(true);
    }
    expect(JSON.stringify((await assignees('A900')).body)).not.toMatch(/1390000000\d|phone/i);
    // A handler and window staff of the unit may not assign; another unit's staff and another region's supervisor do not see the case.
    expect((await assignees('A100')).status).toBe(403);
    expect((await assignees('A001')).status).toBe(403);
    expect((await assignees('C100')).status).toBe(404);
    expect((await assignees('S002')).status).toBe(404);
    // Whoever is listed can be assigned.
    for (const [staffNumber] of expected) {
      const staffId = (await assignees('A900')).body.find((s: { staffNumber: string }) => s.staffNumber === staffNumber).id;
      await act('A900', id, 'assign', { staffId }).expect(200);
    }
  });

  describe('keeps everyone else out', () => {
    let id: string;
    let rater: string;
    beforeAll(async () => {
      ({ id, citizen: rater } = await badRating());
    });

    it('a handler of another unit: 404 at every step, and none of its cases in the list', async () => {
      expect((await request(t.http).get(`/api/v1/cases/${id}`).set(as('C100'))).status).toBe(404);
      for (const [action, body] of [
        ['callback', { contact: 'reached', verification: 'true', note: 'x' }],
        ['plan', { plan: 'x', dueDate: chinaDay(30) }],
        ['reply', { reply: 'x', result: 'x' }],
        ['appeal', { kind: 'malicious', evidence: 'x' }],
        ['transfer', { reason: 'x' }],
        ['assign', { staffId: null }],
        ['rule', { decision: 'close', ruling: 'x' }],
        ['appeal-ruling', { decision: 'uphold', ruling: 'x' }],
        ['route', { unitId: w.units.C.id, reason: 'x' }],
        ['cancel', { reason: 'x' }],
      ] as const) {
        expect((await act('C100', id, action, body)).status).toBe(404);
      }
      const list = await request(t.http).get('/api/v1/cases').set(as('C100')).expect(200);
      expect(list.body.items.some((c: { id: string }) => c.id === id)).toBe(false);
    });

    it('a supervisor of another region: 404 on the case and its supervisor’s actions, and none of its reveals in the audit', async () => {
      await request(t.http).post(`/api/v1/cases/${id}/contact-reveal`).set(as('A100')).expect(200);
      expect((await request(t.http).get(`/api/v1/cases/${id}`).set(as('S002'))).status).toBe(404);
      for (const [action, body] of [
        ['route', { unitId: w.units.C.id, reason: 'x' }],
        ['rule', { decision: 'close', ruling: 'x' }],
        ['appeal-ruling', { decision: 'uphold', ruling: 'x' }],
        ['cancel', { reason: 'x' }],
      ] as const) {
        expect([action, (await act('S002', id, action, body)).status]).toEqual([action, 404]);
      }
      expect((await request(t.http).get(`/api/v1/audit/contact-reveals?caseId=${id}`).set(as('S002')).expect(200)).body).toEqual({ items: [], total: 0 });
      expect((await request(t.http).get('/api/v1/audit/contact-reveals').set(as('S002')).expect(200)).body.total).toBe(0);
      expect((await request(t.http).get(`/api/v1/audit/contact-reveals?caseId=${id}`).set(as('S001')).expect(200)).body.total).toBeGreaterThan(0);
      expect((await stored(id)).state).toBe('awaiting_callback');
    });

    it('a supervisor routes only within the region: not to their own unit outside it', async () => {
      const refused = await act('C950', id, 'route', { unitId: w.units.C.id, reason: '改派到本单位' }).expect(400);
      expect(refused.body.details[0].field).toBe('unitId');
      expect((await stored(id)).unitId).toBe(w.units.A.id);
    });

    it('window staff of the unit may read the case but not act; a lower role cannot take a supervisor’s action', async () => {
      await request(t.http).get(`/api/v1/cases/${id}`).set(as('A001')).expect(200);
      expect((await act('A001', id, 'callback', { contact: 'reached', verification: 'true', note: 'x' })).status).toBe(403);
      expect((await act('A100', id, 'cancel', { reason: 'x' })).status).toBe(403);
      expect((await act('A900', id, 'route', { unitId: w.units.B.id, reason: 'x' })).status).toBe(403);
    });

    it('a deactivated handler is refused at once', async () => {
      const staff = t.dataSource.getRepository(StaffEntity);
      const person = await staff.save({ staffNumber: 'A102', name: '即将停用', unitId: w.units.A.id, roles: ['case_handler'], passwordHash: await hashPassword(PASSWORD) });
      const token = await login(t.http, 'A102');
      await request(t.http).get(`/api/v1/cases/${id}`).set(bearer(token)).expect(200);
      await request(t.http).post(`/api/v1/staff/${person.id}/deactivate`).set(as('admin')).expect(200);
      const refused = await request(t.http).post(`/api/v1/cases/${id}/callback`).set(bearer(token)).send({ contact: 'reached', verification: 'true', note: 'x' });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('AUTH_ACCOUNT_INACTIVE');
    });

    it('a citizen reaches only their own case, and only through the citizen routes', async () => {
      const stranger = await citizen();
      expect((await mine(stranger, id)).status).toBe(404);
      expect((await answer(stranger, id, { resolved: true })).status).toBe(404);
      expect((await request(t.http).post(`/api/v1/me/cases/${id}/follow-up`).set(bearer(stranger)).send({ level: 5 })).status).toBe(404);
      expect((await request(t.http).get(`/api/v1/cases/${id}`).set(bearer(rater))).status).toBe(403);
      expect((await request(t.http).get(`/api/v1/me/cases/${id}`).set(as('A100'))).status).toBe(403);
      expect((await request(t.http).get(`/api/v1/cases/${id}`)).status).toBe(401);
    });
  });
});
