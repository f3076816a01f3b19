import request from 'supertest';
import { WorkCalendarService } from '../src/modules/calendar/work-calendar.service.js';
import { bearer, login, seedWorld } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('the working-day calendar', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    await seedWorld(t.dataSource);
    admin = bearer(await login(t.http, 'admin'));
  });
  afterAll(async () => {
    await t.close();
  });

  it('is seeded with the published holidays and make-up workdays', async () => {
    const res = await request(t.http).get('/api/v1/calendar/2026').set(admin).expect(200);
    expect(res.body.complete).toBe(true);
    expect(res.body.days).toEqual(
      expect.arrayContaining([
        { date: '2026-10-01', kind: 'holiday', name: '国庆节', source: 'chinese-days' },
        expect.objectContaining({ date: '2026-10-10', kind: 'workday', source: 'chinese-days' }),
      ]),
    );
  });

  it('names the year it has no holidays for, and whether it is this year or the next', () => {
    const calendar = t.app.get(WorkCalendarService);
    const from = t.logs.length;
    // In November the State Council has usually published the next year's arrangement: both years are checked.
    expect(calendar.warnIfYearMissing(new Date('2030-11-30T08:00:00Z'))).toEqual([2030, 2031]);
    const warnings = t.logs.slice(from).filter((l) => l.level === 'warn');
    expect(warnings.map((l) => l.year)).toEqual([2030, 2031]);
    expect(warnings[0].msg).toMatch(/^the working-day calendar has no holidays for 2030 \(this year\): /);
    expect(warnings[1].msg).toMatch(/^the working-day calendar has no holidays for 2031 \(next year\): /);
  });

  it('says when a year is not known yet, and lets an administrator enter it; deadlines follow at once', async () => {
    const calendar = t.app.get(WorkCalendarService);
    const filed = new Date('2026-12-31T02:00:00Z'); // Thursday 31 December, 10:00 in Beijing
    expect(calendar.deadline(filed, 1).toISOString()).toBe('2027-01-01T15:59:59.999Z'); // New Year not known yet
    expect((await request(t.http).get('/api/v1/calendar/2027').set(admin).expect(200)).body).toEqual({ year: 2027, complete: false, days: [] });

    await request(t.http).put('/api/v1/calendar/days/2027-01-01').set(admin).send({ kind: 'holiday', name: '元旦' }).expect(200);
    expect(calendar.deadline(filed, 1).toISOString()).toBe('2027-01-04T15:59:59.999Z'); // Monday
    await request(t.http).put('/api/v1/calendar/days/2027-01-02').set(admin).send({ kind: 'workday', name: '元旦调休' }).expect(200);
    expect(calendar.deadline(filed, 1).toISOString()).toBe('2027-01-02T15:59:59.999Z'); // the make-up Saturday
    const year = (await request(t.http).get('/api/v1/calendar/2027').set(admin).expect(200)).body;
    expect(year.complete).toBe(true);
    expect(year.days.map((d: { date: string; source: string }) => [d.date, d.source])).toEqual([
      ['2027-01-01', 'admin'],
      ['2027-01-02', 'admin'],
    ]);
  });

  it('keeps an administrator’s correction when the package is synced again', async () => {
    await request(t.http).put('/api/v1/calendar/days/2026-10-10').set(admin).send({ kind: 'normal', name: '' }).expect(200);
    const calendar = t.app.get(WorkCalendarService);
    await calendar.syncFromPackage();
    await calendar.reload();
    const day = (await request(t.http).get('/api/v1/calendar/2026').set(admin)).body.days.find((d: { date: string }) => d.date === '2026-10-10');
    expect(day).toEqual({ date: '2026-10-10', kind: 'normal', name: '', source: 'admin' });
  });

  it('refuses bad days and non-administrators', async () => {
    expect((await request(t.http).put('/api/v1/calendar/days/2027-02-30').set(admin).send({ kind: 'holiday' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    // Year 0000 reads as a day to JavaScript, but PostgreSQL has no such year.
    expect((await request(t.http).put('/api/v1/calendar/days/0000-01-01').set(admin).send({ kind: 'holiday' }).expect(400)).body.details[0].field).toBe('date');
    expect((await request(t.http).put('/api/v1/calendar/days/2027-03-01').set(admin).send({ kind: 'rest' }).expect(400)).body.details[0].field).toBe('kind');
    await request(t.http).put('/api/v1/calendar/days/2027-03-01').set(bearer(await login(t.http, 'A900'))).send({ kind: 'holiday' }).expect(403);
    expect((await request(t.http).get('/api/v1/calendar/1999').set(admin).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });
});
