import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { CaseSettings } from '@hcp/contracts';
import { WorkCalendarService } from '../src/modules/calendar/work-calendar.service.js';
import { RegionEntity } from '../src/modules/catalog/entities/region.entity.js';
import { UnitEntity } from '../src/modules/catalog/entities/unit.entity.js';
import { CaseEntity } from '../src/modules/cases/entities/case.entity.js';
import { CaseSchedulerService } from '../src/modules/cases/scheduler/case-scheduler.service.js';
import { caseDeadlines, type CaseDeadlineTimes } from '../src/modules/cases/scheduler/deadline-times.js';
import { CaseSettingsService } from '../src/modules/cases/settings/case-settings.service.js';
import { bearer, login, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const MINUTE = 60_000;
const after = (instant: Date | null) => new Date(instant!.getTime() + MINUTE);

/**
 * A case's deadlines start over when it comes back to a unit: reopened by the rater's 未解决, sent back by a
 * supervisor, or routed to another unit. The new round is counted from that moment with the settings of the unit's
 * region, and the scheduler reminds and marks it as it did the first.
 */
describe('new rounds of case deadlines', () => {
  let t: TestApp;
  let w: World;
  let scheduler: CaseSchedulerService;
  let unitD: UnitEntity;
  const tokens: Record<string, string> = {};
  let serial = 0;
  /** 岱岳区 (in 泰安, so S001 may route there): deadlines of its own. */
  const DAIYUE: CaseSettings = { callbackWorkingDays: 2, replyWorkingDays: 5, remindWorkingDaysBefore: 1, defaultCloseDays: 3 };

  beforeAll(async () => {
    t = await createTestApp({ env: { DEVICE_SIGNUPS_PER_IP_HOUR: '100000', RATING_LIMIT_PER_IP_HOUR: '100000' } });
    w = await seedWorld(t.dataSource);
    scheduler = t.app.get(CaseSchedulerService);
    await t.dataSource.getRepository(RegionEntity).insert({ code: '370911000000', name: '岱岳区', parentCode: '370900000000' });
    unitD = await t.dataSource.getRepository(UnitEntity).save({ code: 'UNIT-D', name: '岱岳区行政审批服务局', regionCode: '370911000000' });
    for (const n of ['admin', 'S001', 'A100']) tokens[n] = await login(t.http, n);
    await request(t.http).put('/api/v1/regions/370911000000/case-settings').set(bearer(tokens.admin)).send(DAIYUE).expect(200);
  });
  afterAll(() => t.close());

  const act = (who: string, id: string, action: string, body: object) => request(t.http).post(`/api/v1/cases/${id}/${action}`).set(bearer(tokens[who])).send(body);
  const stored = (id: string) => t.dataSource.getRepository(CaseEntity).findOneByOrFail({ id });
  const onceKeys = async (id: string) =>
    ((await t.dataSource.query(`SELECT once_key FROM case_event WHERE case_id = $1 AND once_key IS NOT NULL ORDER BY at`, [id])) as { once_key: string }[]).map((r) => r.once_key);
  /** A citizen rates unit A's window 非常不满意 with a number; returns the case and the citizen's token. */
  const badRating = async () => {
    const device = await request(t.http)
      .post('/api/v1/auth/device')
      .send({ deviceId: `rounds-device-${String(++serial).padStart(6, '0')}` })
      .expect(200);
    const rater = device.body.accessToken as string;
    const rated = await request(t.http).post('/api/v1/ratings').set(bearer(rater)).send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 1, tagCodes: [], contactPhone: '13912345678' }).expect(201);
    return { id: rated.body.caseId as string, rater };
  };
  const answer = (rater: string, id: string, body: object) => request(t.http).post(`/api/v1/me/cases/${id}/confirm`).set(bearer(rater)).send(body);
  /** The deadlines a case gets when counted from some instant between `from` and `to` (the action's own clock). */
  const countedBetween = async (regionCode: string, from: Date, to: Date): Promise<[CaseDeadlineTimes, CaseDeadlineTimes]> => {
    const settings = await t.app.get(CaseSettingsService).effectiveFor(regionCode);
    const calendar = t.app.get(WorkCalendarService);
    return [caseDeadlines(from, settings, calendar), caseDeadlines(to, settings, calendar)];
  };
  const within = (value: Date | null, [low, high]: [Date | null, Date | null]) => {
    expect(value!.getTime()).toBeGreaterThanOrEqual(low!.getTime());
    expect(value!.getTime()).toBeLessThanOrEqual(high!.getTime());
  };

  it('gives a reopened case a new reply deadline from the rater’s 未解决: not overdue at once, reminded and marked again', async () => {
    const { id, rater } = await badRating();
    await act('A100', id, 'callback', { contact: 'reached', verification: 'true', note: '已核实' }).expect(200);
    const first = await stored(id);
    await scheduler.runPass(after(first.replyRemindAt)); // the first round's reminder
    await act('A100', id, 'reply', { reply: '已为您办好', result: '已整改' }).expect(200);
    // The unit replied in time; the rater answers after the first reply deadline has passed.
    await t.dataSource.query(`UPDATE rating_case SET reply_due_at = now() - interval '1 hour', reply_remind_at = now() - interval '2 days' WHERE id = $1`, [id]);

    const before = new Date();
    const reopened = await answer(rater, id, { resolved: false, comment: '还是没办好' }).expect(200);
    const [low, high] = await countedBetween(w.units.A.regionCode, before, new Date());
    expect(reopened.body.state).toBe('reopened');
    const round = await stored(id);
    expect(round).toMatchObject({ deadlineRound: 1, replyOverdueAt: null, callbackDueAt: first.callbackDueAt });
    within(round.replyDueAt, [low.replyDueAt, high.replyDueAt]);
    within(round.replyRemindAt, [low.replyRemindAt, high.replyRemindAt]);

    expect(await scheduler.runPass(new Date())).toEqual({ reminders: 0, overdue: 0, defaultClosed: 0 });
    const page = await request(t.http).get(`/api/v1/cases/${id}`).set(bearer(tokens.A100)).expect(200);
    expect(page.body).toMatchObject({ overdue: false, deadlines: { replyOverdue: false }, nextDeadline: { kind: 'reply', at: round.replyDueAt.toISOString(), overdue: false } });

    expect(await scheduler.runPass(after(round.replyRemindAt))).toMatchObject({ reminders: 1 });
    expect(await scheduler.runPass(after(round.replyDueAt))).toMatchObject({ overdue: 1 });
    expect(await onceKeys(id)).toEqual(['remind:reply:0', 'remind:reply:1', 'overdue:reply:1']);
  });

  it('gives a case sent back by a supervisor a new reply deadline and clears the late mark', async () => {
    const { id, rater } = await badRating();
    await act('A100', id, 'callback', { contact: 'reached', verification: 'true', note: '已核实' }).expect(200);
    for (const comment of ['没有解决', '还是没有解决']) {
      await act('A100', id, 'reply', { reply: '已处理', result: '已整改' }).expect(200);
      await answer(rater, id, { resolved: false, comment }).expect(200);
    }
    // The second round ran late before the rater escalated.
    await t.dataSource.query(`UPDATE rating_case SET reply_due_at = now() - interval '1 day', reply_overdue_at = now() - interval '1 hour' WHERE id = $1`, [id]);
    const escalated = await stored(id);
    expect(escalated).toMatchObject({ state: 'escalated', deadlineRound: 1 });

    const before = new Date();
    await act('S001', id, 'rule', { decision: 'send_back', ruling: '请再次核实' }).expect(200);
    const [low, high] = await countedBetween(w.units.A.regionCode, before, new Date());
    const round = await stored(id);
    expect(round).toMatchObject({ state: 'reopened', deadlineRound: 2, replyOverdueAt: null });
    within(round.replyDueAt, [low.replyDueAt, high.replyDueAt]);
    expect(await scheduler.runPass(new Date())).toMatchObject({ overdue: 0 });
    expect(await scheduler.runPass(after(round.replyDueAt))).toMatchObject({ overdue: 1 });
    expect((await onceKeys(id)).at(-1)).toBe('overdue:reply:2');
  });

  it('gives a routed case every deadline anew from the new unit’s region, without the old unit’s marks', async () => {
    const { id } = await badRating();
    const opened = await stored(id);
    await scheduler.runPass(after(opened.callbackRemindAt));
    await scheduler.runPass(after(opened.callbackDueAt)); // the first unit let the call-back run late
    expect((await stored(id)).callbackOverdueAt).not.toBeNull();

    const before = new Date();
    const routed = await act('S001', id, 'route', { unitId: unitD.id, reason: '属岱岳区事项' }).expect(200);
    const [low, high] = await countedBetween(unitD.regionCode, before, new Date());
    expect(routed.body).toMatchObject({ state: 'awaiting_callback', unit: { id: unitD.id }, overdue: false, deadlines: { callbackOverdue: false, replyOverdue: false } });
    const round = await stored(id);
    expect(round).toMatchObject({ deadlineRound: 1, callbackOverdueAt: null, replyOverdueAt: null, defaultCloseDays: DAIYUE.defaultCloseDays });
    for (const key of ['callbackDueAt', 'replyDueAt', 'callbackRemindAt', 'replyRemindAt'] as const) within(round[key], [low[key], high[key]]);
    expect(round.replyDueAt.getTime()).toBeLessThan(opened.replyDueAt.getTime()); // 5 working days, not 15

    expect(await scheduler.runPass(new Date())).toEqual({ reminders: 0, overdue: 0, defaultClosed: 0 });
    expect(await scheduler.runPass(after(round.callbackRemindAt))).toMatchObject({ reminders: 1 });
    expect(await scheduler.runPass(after(round.callbackDueAt))).toMatchObject({ overdue: 1 });
    expect(await onceKeys(id)).toEqual(['remind:callback:0', 'overdue:callback:0', 'remind:callback:1', 'overdue:callback:1']);
  });
});
