import { createRequire } from 'node:module';
import { outcomeLossTolerated } from './job-queue.service.js';

const plans = createRequire(import.meta.url)('pg-boss/src/plans.js') as Record<'completeJobs' | 'failJobsById', (schema: string) => string> & {
  fetchNextJob: (schema: string) => (options: { includeMetadata: boolean; priority: boolean }) => string;
};
const down = new Error('Connection terminated unexpectedly');

describe('the job queue with the database away at the end of a run', () => {
  const failing = () => Promise.reject(down);

  it.each(['completeJobs', 'failJobsById'] as const)('answers pg-boss’s %s with no job changed, and says the outcome was lost', async (plan) => {
    const lost: unknown[] = [];
    const executeSql = outcomeLossTolerated(failing, 'pgboss', (err) => lost.push(err));
    await expect(executeSql(plans[plan]('pgboss'), ['case-deadlines', [], null])).resolves.toEqual({ rows: [{ count: '0' }] });
    expect(lost).toEqual([down]);
  });

  it('fails every other statement, which pg-boss awaits and reports', async () => {
    const lost: unknown[] = [];
    const executeSql = outcomeLossTolerated(failing, 'pgboss', (err) => lost.push(err));
    await expect(executeSql(plans.fetchNextJob('pgboss')({ includeMetadata: false, priority: true }), [])).rejects.toBe(down);
    await expect(executeSql(plans.completeJobs('other'), [])).rejects.toBe(down);
    expect(lost).toEqual([]);
  });

  it('passes answers through when the database is there', async () => {
    const executeSql = outcomeLossTolerated(() => Promise.resolve({ rows: [{ count: '1' }] }), 'pgboss', () => undefined);
    await expect(executeSql(plans.completeJobs('pgboss'), [])).resolves.toEqual({ rows: [{ count: '1' }] });
  });
});
