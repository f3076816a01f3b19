import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { JobQueueService } from '../src/modules/jobs/job-queue.service.js';
import { NOTICE_RETENTION_JOB, NoticeRetentionService } from '../src/modules/notices/notice-retention.service.js';
import { eventually } from './support/eventually.js';
import { bearer, login, seedWorld } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const DAY = 86_400_000;
const ENV = { RATING_DUPLICATE_MINUTES: '0', DEVICE_SIGNUPS_PER_IP_HOUR: '1000', RATING_LIMIT_PER_IP_HOUR: '1000', NOTICE_RETENTION_DAYS: '90' };

/** A citizen rates 非常不满意: the rater and the unit's staff get their first notices. Returns the case and the rater's token. */
async function openCase(t: TestApp): Promise<{ caseId: string; token: string }> {
  const device = await request(t.http).post('/api/v1/auth/device').send({ deviceId: `retention-device-${randomUUID()}` }).expect(200);
  const token = device.body.accessToken as string;
  const rated = await request(t.http).post('/api/v1/ratings').set(bearer(token)).send({ clientId: randomUUID(), scene: 'SceneWindowA1', level: 1, tagCodes: [] }).expect(201);
  return { caseId: rated.body.caseId as string, token };
}

/** Moves a case's notices back in time, as if written `days` ago. */
async function age(t: TestApp, caseId: string, days: number): Promise<void> {
  await t.dataSource.query(`UPDATE notice SET created_at = now() - make_interval(days => $2) WHERE case_id = $1`, [caseId, days]);
}

const inboxIds = async (t: TestApp, token: string): Promise<string[]> =>
  ((await request(t.http).get('/api/v1/me/notices').set(bearer(token)).expect(200)).body.items as { id: string }[]).map((n) => n.id);

describe('old read notices', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: ENV });
    await seedWorld(t.dataSource);
  });
  afterAll(() => t.close());

  it('are deleted past the retention, in batches; unread ones, recent ones and ones still to send to WeChat stay', async () => {
    const old = await openCase(t);
    const oldUnread = await openCase(t);
    const recent = await openCase(t);
    const waiting = await openCase(t);
    for (const c of [old, recent, waiting]) {
      for (const id of await inboxIds(t, c.token)) await request(t.http).post(`/api/v1/me/notices/${id}/read`).set(bearer(c.token)).expect(200);
    }
    // The unit's handler reads the oldest case's notice as well.
    const handler = await login(t.http, 'A100');
    const handlerNotice = ((await t.dataSource.query(`SELECT id FROM notice WHERE case_id = $1 AND recipient_kind = 'staff'`, [old.caseId])) as { id: string }[])[0]!;
    await request(t.http).post(`/api/v1/me/notices/${handlerNotice.id}/read`).set(bearer(handler)).expect(200);
    await age(t, old.caseId, 91);
    await age(t, oldUnread.caseId, 400);
    await age(t, recent.caseId, 89);
    await age(t, waiting.caseId, 200);
    await t.dataSource.query(`UPDATE notice SET wechat_state = 'pending', wechat_next_at = now() WHERE case_id = $1`, [waiting.caseId]);

    const kept = async (caseId: string) => Number(((await t.dataSource.query(`SELECT count(*) AS n FROM notice WHERE case_id = $1`, [caseId])) as { n: string }[])[0]!.n);
    const before = { oldUnread: await kept(oldUnread.caseId), recent: await kept(recent.caseId), waiting: await kept(waiting.caseId) };
    expect(await kept(old.caseId)).toBeGreaterThan(1);

    // One notice a statement, so the batches are seen to go on until none is left.
    const deleted = await t.app.get(NoticeRetentionService).pruneRead(new Date(), 1);
    expect(deleted).toBe(2);
    expect(await inboxIds(t, old.token)).toEqual([]);
    expect(await kept(old.caseId)).toBe(0);
    expect(await kept(oldUnread.caseId)).toBe(before.oldUnread);
    expect(await inboxIds(t, oldUnread.token)).not.toEqual([]);
    expect(await kept(recent.caseId)).toBe(before.recent);
    expect(await kept(waiting.caseId)).toBe(before.waiting);
    // Two days on, the recent case's read notices are past the retention too; its unread ones stay.
    const recentRead = Number(((await t.dataSource.query(`SELECT count(*) AS n FROM notice WHERE case_id = $1 AND read_at IS NOT NULL`, [recent.caseId])) as { n: string }[])[0]!.n);
    expect(recentRead).toBeGreaterThan(0);
    expect(await t.app.get(NoticeRetentionService).pruneRead(new Date(Date.now() + 2 * DAY))).toBe(recentRead);
    expect(await kept(recent.caseId)).toBe(before.recent - recentRead);
    expect(await inboxIds(t, recent.token)).toEqual([]);
  });

  it('are deleted daily by the job queue when NOTICE_PRUNE is on, and a failed run is logged', async () => {
    const second = await createTestApp({ env: { ...ENV, NOTICE_PRUNE: 'on' }, databaseUrl: t.databaseUrl });
    try {
      const queue = second.app.get(JobQueueService);
      await eventually(async () => queue.running, 'the job queue to start');
      expect(await second.dataSource.query(`SELECT name, cron FROM pgboss.schedule WHERE name = $1`, [NOTICE_RETENTION_JOB])).toEqual([{ name: NOTICE_RETENTION_JOB, cron: '17 19 * * *' }]);
      const old = await openCase(second);
      for (const id of await inboxIds(second, old.token)) await request(second.http).post(`/api/v1/me/notices/${id}/read`).set(bearer(old.token)).expect(200);
      await age(second, old.caseId, 100);
      expect(await queue.runSoon(NOTICE_RETENTION_JOB)).toBe(true);
      await eventually(async () => (await inboxIds(second, old.token)).length === 0, 'the read notice to be deleted');
      // A run that fails is logged by the queue with the job's name, without the statement's parameters.
      const retention = second.app.get(NoticeRetentionService);
      retention.pruneRead = () => Promise.reject(Object.assign(new Error('relation "notice" is locked'), { parameters: ['13912345678'] }));
      expect(await queue.runSoon(NOTICE_RETENTION_JOB)).toBe(true);
      const failed = await eventually(async () => second.logs.find((l) => l.job === NOTICE_RETENTION_JOB && l.level === 'error'), 'the failed run to be logged');
      expect(failed).toMatchObject({ msg: 'a scheduled job failed; its next run tries again', err: { message: 'relation "notice" is locked' } });
      expect(JSON.stringify(failed)).not.toContain('13912345678');
    } finally {
      await second.close();
    }
  });
});
