import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DEFAULT_CASE_SETTINGS, type StaffRole } from '@hcp/contracts';
import type { Principal } from '../src/common/authz/principal.js';
import { WorkCalendarService } from '../src/modules/calendar/work-calendar.service.js';
import { CaseEntity } from '../src/modules/cases/entities/case.entity.js';
import { CalendarWarningsService } from '../src/modules/cases/scheduler/calendar-warnings.service.js';
import { CaseSchedulerService } from '../src/modules/cases/scheduler/case-scheduler.service.js';
import { reminderTimes } from '../src/modules/cases/scheduler/deadline-times.js';
import { JobQueueService } from '../src/modules/jobs/job-queue.service.js';
import { login, seedWorld } from './support/fixtures.js';
import { createScratchDatabase, createTestApp, type TestApp } from './support/test-app.js';
import { eventually } from './support/eventually.js';

const ENV = { DEVICE_SIGNUPS_PER_IP_HOUR: '100000', RATING_LIMIT_PER_IP_HOUR: '100000' };
const SCENES = ['SceneWindowA1', 'SceneWindowB2', 'SceneWindowC1'];
const MINUTE = 60_000;
const after = (instant: Date | null) => new Date(instant!.getTime() + MINUTE);

let serial = 0;

/** A citizen rates 非常不满意 with a call-back number, as at the window; the case opens with it. */
async function openCase(t: TestApp): Promise<string> {
  serial += 1;
  const device = await request(t.http)
    .post('/api/v1/auth/device')
    .send({ deviceId: `scheduler-device-${String(serial).padStart(6, '0')}` })
    .expect(200);
  const rated = await request(t.http)
    .post('/api/v1/ratings')
    .set({ Authorization: `Bearer ${device.body.accessToken as string}` })
    .send({ clientId: randomUUID(), scene: SCENES[serial % SCENES.length], level: 1, tagCodes: [], contactPhone: '13912345678' })
    .expect(201);
  const caseId = rated.body.caseId as string;
  // The reminder instants the workflow stores when a case opens (region settings: the defaults here).
  const opened = await t.dataSource.getRepository(CaseEntity).findOneByOrFail({ id: caseId });
  const times = reminderTimes(opened.createdAt, DEFAULT_CASE_SETTINGS, t.app.get(WorkCalendarService));
  await t.dataSource.getRepository(CaseEntity).update({ id: caseId }, times);
  return caseId;
}

const caseOf = (t: TestApp, id: string) => t.dataSource.getRepository(CaseEntity).findOneByOrFail({ id });

async function timeline(t: TestApp, caseId: string): Promise<{ action: string; actor_kind: string; from_state: string | null; to_state: string | null; once_key: string | null; at: Date }[]> {
  return t.dataSource.query(`SELECT action, actor_kind, from_state, to_state, once_key, at FROM case_event WHERE case_id = $1 ORDER BY at, action`, [caseId]);
}

async function onceKeyCounts(t: TestApp, caseIds: string[]): Promise<Record<string, number>[]> {
  const rows = (await t.dataSource.query(
    `SELECT c.id, e.once_key, count(e.id)::int AS n FROM unnest($1::uuid[]) AS c(id) LEFT JOIN case_event e ON e.case_id = c.id AND e.once_key IS NOT NULL GROUP BY c.id, e.once_key`,
    [caseIds],
  )) as { id: string; once_key: string | null; n: number }[];
  return caseIds.map((id) => Object.fromEntries(rows.filter((r) => r.id === id && r.once_key).map((r) => [r.once_key, r.n])));
}

/** Puts a case into 已答复 as the workflow would, with the rater's time to answer ending at `confirmDueAt`. */
async function markReplied(t: TestApp, caseId: string, confirmDueAt: Date): Promise<void> {
  await t.dataSource.query(
    `UPDATE rating_case SET state = 'replied', callback_contact = 'reached', called_back_at = now(), reply_text = '已整改', rectification_result = '已整改', replied_at = now(), confirm_due_at = $2 WHERE id = $1`,
    [caseId, confirmDueAt],
  );
}

describe('the case deadline scheduler', () => {
  describe('with a driven clock', () => {
    let t: TestApp;
    let scheduler: CaseSchedulerService;

    beforeAll(async () => {
      t = await createTestApp({ env: ENV });
      await seedWorld(t.dataSource);
      scheduler = t.app.get(CaseSchedulerService);
    });
    afterAll(() => t.close());

    it('reminds the unit, marks the case overdue at each deadline and leaves it with the unit; once each', async () => {
      const waiting = await openCase(t);
      const calledBack = await openCase(t);
      await t.dataSource.query(`UPDATE rating_case SET state = 'verified', callback_contact = 'reached', called_back_at = now() WHERE id = $1`, [calledBack]);
      const start = await caseOf(t, waiting);

      expect(await scheduler.runPass(new Date())).toEqual({ reminders: 0, overdue: 0, defaultClosed: 0 });

      // The morning the call-back's last working day begins: a reminder for the case still waiting for its call.
      const callbackReminder = after(start.callbackRemindAt);
      expect(await scheduler.runPass(callbackReminder)).toEqual({ reminders: 1, overdue: 0, defaultClosed: 0 });
      expect(await scheduler.runPass(callbackReminder)).toEqual({ reminders: 0, overdue: 0, defaultClosed: 0 });

      // Past the call-back deadline: marked overdue, still waiting, still the same unit's.
      const callbackLate = after(start.callbackDueAt);
      expect(await scheduler.runPass(callbackLate)).toEqual({ reminders: 0, overdue: 1, defaultClosed: 0 });
      expect(await caseOf(t, waiting)).toMatchObject({ state: 'awaiting_callback', unitId: start.unitId, callbackOverdueAt: callbackLate, replyOverdueAt: null });
      expect((await caseOf(t, calledBack)).callbackOverdueAt).toBeNull();

      // The reply: both cases still owe it.
      expect(await scheduler.runPass(after(start.replyRemindAt))).toEqual({ reminders: 2, overdue: 0, defaultClosed: 0 });
      const replyLate = after(start.replyDueAt);
      expect(await scheduler.runPass(replyLate)).toEqual({ reminders: 0, overdue: 2, defaultClosed: 0 });
      expect(await scheduler.runPass(new Date(replyLate.getTime() + 30 * 24 * 3600_000))).toEqual({ reminders: 0, overdue: 0, defaultClosed: 0 });
      expect(await caseOf(t, calledBack)).toMatchObject({ state: 'verified', callbackOverdueAt: null, replyOverdueAt: replyLate });

      expect(await timeline(t, waiting)).toEqual([
        expect.objectContaining({ action: 'opened', once_key: null }),
        { action: 'reminder', actor_kind: 'system', from_state: null, to_state: null, once_key: 'remind:callback:0', at: callbackReminder },
        { action: 'overdue', actor_kind: 'system', from_state: null, to_state: null, once_key: 'overdue:callback:0', at: callbackLate },
        expect.objectContaining({ action: 'reminder', once_key: 'remind:reply:0' }),
        expect.objectContaining({ action: 'overdue', once_key: 'overdue:reply:0', at: replyLate }),
      ]);
      expect((await timeline(t, calledBack)).map((e) => e.once_key)).toEqual([null, 'remind:reply:0', 'overdue:reply:0']);
    });

    it('sends no stale reminder when the first pass after it comes after the deadline', async () => {
      const id = await openCase(t);
      const opened = await caseOf(t, id);
      expect(await scheduler.runPass(after(opened.callbackDueAt))).toMatchObject({ reminders: 0, overdue: 1 });
      expect((await timeline(t, id)).map((e) => e.once_key)).toEqual([null, 'overdue:callback:0']);
    });

    it('closes a reply the rater did not answer in time as 默认办结, and only then', async () => {
      const id = await openCase(t);
      const confirmDueAt = new Date(Date.now() + 7 * 24 * 3600_000);
      await markReplied(t, id, confirmDueAt);

      await scheduler.runPass(new Date(confirmDueAt.getTime() - MINUTE));
      expect((await caseOf(t, id)).state).toBe('replied');

      const closedAt = after(confirmDueAt);
      expect(await scheduler.runPass(closedAt)).toMatchObject({ defaultClosed: 1 });
      expect(await caseOf(t, id)).toMatchObject({ state: 'closed', closeKind: 'default', closedAt, citizenResolved: null });
      expect((await timeline(t, id)).at(-1)).toEqual({ action: 'default_close', actor_kind: 'system', from_state: 'replied', to_state: 'closed', once_key: 'default_close', at: closedAt });
      expect(await scheduler.runPass(new Date(closedAt.getTime() + MINUTE))).toMatchObject({ defaultClosed: 0 });
    });
  });

  describe('calendar warnings on the case list', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
      await seedWorld(t.dataSource);
    });
    afterAll(() => t.close());

    const staff = (roles: StaffRole[]): Principal => ({ kind: 'staff', staffId: randomUUID(), sessionId: randomUUID(), roles, unitId: null, scopeRegionCode: null });
    const warnings = (principal: Principal, now: string) => t.app.get(CalendarWarningsService).calendarWarnings(principal, new Date(now));

    it('tells system administrators, from November, that next year’s holidays are missing, until they are entered', async () => {
      const admin = staff(['system_admin']);
      expect(await warnings(admin, '2026-10-31T12:00:00+08:00')).toEqual([]);
      const november = await warnings(admin, '2026-11-01T08:00:00+08:00');
      expect(november).toEqual([expect.stringContaining('2027 年的工作日历还没有法定节假日')]);
      expect(await warnings(staff(['supervisor']), '2026-11-01T08:00:00+08:00')).toEqual([]);

      const token = await login(t.http, 'admin');
      await request(t.http).put('/api/v1/calendar/days/2027-01-01').set({ Authorization: `Bearer ${token}` }).send({ kind: 'holiday', name: '元旦' }).expect(200);
      expect(await warnings(admin, '2026-12-15T08:00:00+08:00')).toEqual([]);
    });

    it('tells them when this year’s holidays are missing', async () => {
      expect(await warnings(staff(['system_admin']), '2030-03-01T08:00:00+08:00')).toEqual([expect.stringContaining('2030 年的工作日历还没有法定节假日')]);
    });
  });

  describe('on two server instances sharing one database', () => {
    let a: TestApp;
    let b: TestApp;

    beforeAll(async () => {
      a = await createTestApp({ env: ENV });
      b = await createTestApp({ env: ENV, databaseUrl: a.databaseUrl });
      await seedWorld(a.dataSource);
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
    });

    it('writes one reminder, one overdue mark and one 默认办结 per case when passes run at the same moment', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 24; i += 1) ids.push(await openCase(i % 2 ? a : b));
      const sample = await caseOf(a, ids[0]);
      const passes = (now: Date) => Promise.all([a, b, a, b].map((app) => app.app.get(CaseSchedulerService).runPass(now)));
      const total = (results: { reminders: number; overdue: number; defaultClosed: number }[], key: 'reminders' | 'overdue' | 'defaultClosed') =>
        results.reduce((sum, r) => sum + r[key], 0);

      expect(total(await passes(after(sample.callbackRemindAt)), 'reminders')).toBe(ids.length);
      const late = after(sample.callbackDueAt);
      expect(total(await passes(late), 'overdue')).toBe(ids.length);
      expect(await onceKeyCounts(a, ids)).toEqual(ids.map(() => ({ 'remind:callback:0': 1, 'overdue:callback:0': 1 })));
      const marked = await a.dataSource.getRepository(CaseEntity).findBy(ids.map((id) => ({ id })));
      expect(marked.map((c) => [c.state, c.callbackOverdueAt?.toISOString()])).toEqual(ids.map(() => ['awaiting_callback', late.toISOString()]));

      const confirmDueAt = new Date(Date.now() + 7 * 24 * 3600_000);
      for (const id of ids) await markReplied(a, id, confirmDueAt);
      expect(total(await passes(after(confirmDueAt)), 'defaultClosed')).toBe(ids.length);
      expect(await onceKeyCounts(a, ids)).toEqual(ids.map(() => ({ 'remind:callback:0': 1, 'overdue:callback:0': 1, default_close: 1 })));
    });
  });

  describe('run by pg-boss inside the server', () => {
    it('starts on instances started together, schedules the pass once for all and runs a requested pass on one', async () => {
      const database = await createScratchDatabase();
      const prepare = await createTestApp({ databaseUrl: database.url });
      await seedWorld(prepare.dataSource);
      await prepare.close();
      // Two instances coming up at the same moment, as in a rolling deployment, on a database without pg-boss yet.
      const env = { ...ENV, CASE_SCHEDULER: 'on' };
      const [a, b] = await Promise.all([createTestApp({ env, databaseUrl: database.url }), createTestApp({ env, databaseUrl: database.url })]);
      try {
        const queues = [a, b].map((app) => app.app.get(JobQueueService));
        const errors = () => a.logs.concat(b.logs).filter((l) => l.level === 'error');
        await eventually(async () => queues.every((q) => q.running) || errors().length > 0, 'both job queues to start');
        expect(errors()).toEqual([]);
        expect(await a.dataSource.query(`SELECT name, cron FROM pgboss.schedule`)).toEqual([{ name: 'case-deadlines', cron: '* * * * *' }]);

        const id = await openCase(a);
        await a.dataSource.query(`UPDATE rating_case SET callback_remind_at = now() - interval '1 minute' WHERE id = $1`, [id]);
        expect(await queues[1].runSoon('case-deadlines')).toBe(true);
        await eventually(async () => (await onceKeyCounts(a, [id]))[0]['remind:callback:0'] === 1, 'the reminder');
      } finally {
        await b.close();
        await a.close();
        await database.drop();
      }
    });

    it('keeps serving ratings when pg-boss cannot start, and says so in the log', async () => {
      const database = await createScratchDatabase();
      try {
        // A schema pg-boss cannot use: its version table without the version.
        const prepare = await createTestApp({ databaseUrl: database.url });
        await prepare.dataSource.query(`CREATE SCHEMA pgboss; CREATE TABLE pgboss.version (broken int)`);
        await seedWorld(prepare.dataSource);
        await prepare.close();

        const t = await createTestApp({ env: { ...ENV, CASE_SCHEDULER: 'on' }, databaseUrl: database.url });
        try {
          await eventually(async () => t.logs.some((l) => l.msg === 'the job queue (pg-boss) could not start; scheduled jobs wait until it does'), 'the failure in the log');
          expect(t.app.get(JobQueueService).running).toBe(false);
          expect(await openCase(t)).toEqual(expect.any(String));
          await request(t.http).get('/health/ready').expect(200);
        } finally {
          await t.close();
        }
      } finally {
        await database.drop();
      }
    });
  });
});
