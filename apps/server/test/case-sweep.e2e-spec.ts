import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DEFAULT_CASE_SETTINGS } from '@hcp/contracts';
import { CaseSweepIndexes1796064000000 } from '../src/database/migrations/1796064000000-CaseSweepIndexes.js';
import { WorkCalendarService } from '../src/modules/calendar/work-calendar.service.js';
import { CaseEntity } from '../src/modules/cases/entities/case.entity.js';
import { CaseSchedulerService } from '../src/modules/cases/scheduler/case-scheduler.service.js';
import { reminderTimes } from '../src/modules/cases/scheduler/deadline-times.js';
import { seedWorld } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const ENV = { DEVICE_SIGNUPS_PER_IP_HOUR: '100000', RATING_LIMIT_PER_IP_HOUR: '100000' };
const MINUTE = 60_000;

/** A citizen rates 非常不满意 with a call-back number; the case opens with the default reminder instants. */
async function openCase(t: TestApp, n: number): Promise<string> {
  const device = await request(t.http).post('/api/v1/auth/device').send({ deviceId: `sweep-device-${String(n).padStart(6, '0')}` }).expect(200);
  const rated = await request(t.http)
    .post('/api/v1/ratings')
    .set({ Authorization: `Bearer ${device.body.accessToken as string}` })
    .send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 1, tagCodes: [], contactPhone: '13912345678' })
    .expect(201);
  const caseId = rated.body.caseId as string;
  const opened = await t.dataSource.getRepository(CaseEntity).findOneByOrFail({ id: caseId });
  await t.dataSource.getRepository(CaseEntity).update({ id: caseId }, reminderTimes(opened.createdAt, DEFAULT_CASE_SETTINGS, t.app.get(WorkCalendarService)));
  return caseId;
}

/** The reply reminders each case's unit has on its timeline and in its notices. */
async function replyReminders(t: TestApp, caseId: string): Promise<{ entries: number; notices: number }> {
  const [row] = (await t.dataSource.query(
    `SELECT (SELECT count(*) FROM case_event WHERE case_id = $1 AND once_key = 'remind:reply:0')::int AS entries,
            (SELECT count(*) FROM notice WHERE case_id = $1 AND kind = 'staff_deadline_near' AND event_key = 'remind:reply:0')::int AS notices`,
    [caseId],
  )) as { entries: number; notices: number }[];
  return row!;
}

describe('the deadline pass after upgrading an installation', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: ENV });
    await seedWorld(t.dataSource);
  });
  afterAll(() => t.close());

  it('does not remind a unit again of a case reminded before the upgrade, and still reminds the others', async () => {
    const reminded = await openCase(t, 1);
    const notYet = await openCase(t, 2);
    const scheduler = t.app.get(CaseSchedulerService);
    const c = await t.dataSource.getRepository(CaseEntity).findOneByOrFail({ id: reminded });
    const replyReminder = new Date(c.replyRemindAt!.getTime() + MINUTE);
    // Before the upgrade: the first case's reply reminder was written, the second's not yet.
    await scheduler.runPass(replyReminder);
    const before = await replyReminders(t, reminded);
    expect(before.entries).toBe(1);
    expect(before.notices).toBeGreaterThan(0);
    await t.dataSource.query(`DELETE FROM notice WHERE case_id = $1`, [notYet]);
    await t.dataSource.query(`DELETE FROM case_event WHERE case_id = $1 AND once_key = 'remind:reply:0'`, [notYet]);
    const migration = new CaseSweepIndexes1796064000000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }

    const pass = await scheduler.runPass(replyReminder);
    expect(pass.reminders).toBe(1);
    expect(await replyReminders(t, reminded)).toEqual(before);
    expect(await replyReminders(t, notYet)).toEqual(before);
    // And the next passes find nothing more to do for either.
    expect(await scheduler.runPass(new Date(replyReminder.getTime() + MINUTE))).toEqual({ reminders: 0, overdue: 0, defaultClosed: 0 });
  });
});
