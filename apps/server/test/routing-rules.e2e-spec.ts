import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { RoutingService, type RoutingInput } from '../src/modules/cases/routing/routing.service.js';
import { bearer, login, seedWorld, type World } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('routing rules', () => {
  let t: TestApp;
  let w: World;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    w = await seedWorld(t.dataSource);
    admin = bearer(await login(t.http, 'admin'));
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>, headers = admin) => request(t.http).post('/api/v1/routing-rules').set(headers).send(body);
  const deactivate = (id: string) => request(t.http).post(`/api/v1/routing-rules/${id}/deactivate`).set(admin);

  describe('managed by system administrators', () => {
    it('adds a rule of each kind, naming the unit, and lists them', async () => {
      const item = await create({ kind: 'service_item', match: 'ITEM-C-001', unitId: w.units.A.id, note: '食品许可差评由审批局统一处理' }).expect(201);
      expect(item.body).toEqual({
        id: expect.any(String),
        kind: 'service_item',
        match: 'ITEM-C-001',
        unit: { id: w.units.A.id, name: w.units.A.name },
        note: '食品许可差评由审批局统一处理',
        active: true,
      });
      const hall = await create({ kind: 'hall', match: w.halls.H2.id.toUpperCase(), unitId: w.units.C.id }).expect(201);
      expect(hall.body).toMatchObject({ match: w.halls.H2.id, note: '' }); // stored as the hall's id
      await create({ kind: 'region', match: '371000000000', unitId: w.units.C.id }).expect(201);

      const list = await request(t.http).get('/api/v1/routing-rules?pageSize=2').set(admin).expect(200);
      expect(list.body.total).toBe(3);
      expect(list.body.items.map((r: { kind: string }) => r.kind)).toEqual(['service_item', 'hall']);
      const regions = await request(t.http).get('/api/v1/routing-rules?kind=region').set(admin).expect(200);
      expect(regions.body.items.map((r: { match: string }) => r.match)).toEqual(['371000000000']);
      expect((await request(t.http).get('/api/v1/routing-rules?q=审批局').set(admin).expect(200)).body.total).toBe(1);

      for (const rule of [item.body, hall.body]) await deactivate(rule.id as string).expect(200);
      const all = await request(t.http).get('/api/v1/routing-rules?active=true').set(admin).expect(200);
      expect(all.body.items.map((r: { kind: string }) => r.kind)).toEqual(['region']);
    });

    it('refuses a second active rule for the same match with 409, and takes it once the first is stopped', async () => {
      const first = await create({ kind: 'region', match: '370900000000', unitId: w.units.A.id }).expect(201);
      const again = await create({ kind: 'region', match: '370900000000', unitId: w.units.B.id }).expect(409);
      expect(again.body.code).toBe('ROUTING_RULE_INVALID');
      const stopped = await deactivate(first.body.id as string).expect(200);
      expect(stopped.body).toMatchObject({ id: first.body.id, active: false });
      await deactivate(first.body.id as string).expect(200); // stopping twice changes nothing
      const second = await create({ kind: 'region', match: '370900000000', unitId: w.units.B.id }).expect(201);
      await deactivate(second.body.id as string).expect(200);
    });

    it('lets one of two identical rules sent at once in', async () => {
      const body = { kind: 'region', match: '370902000000', unitId: w.units.B.id };
      const answers = await Promise.all(Array.from({ length: 6 }, () => create(body)));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      await deactivate(answers.find((a) => a.status === 201)!.body.id as string).expect(200);
    });

    describe('refuses a rule naming what does not exist, with 400 ROUTING_RULE_INVALID and nothing stored', () => {
      const cases: [string, () => Record<string, unknown>, string][] = [
        ['an unknown service item', () => ({ kind: 'service_item', match: 'ITEM-X-999', unitId: w.units.A.id }), 'match'],
        ['a hall id that is not an id', () => ({ kind: 'hall', match: 'HALL-1', unitId: w.units.A.id }), 'match'],
        ['an unknown hall', () => ({ kind: 'hall', match: randomUUID(), unitId: w.units.A.id }), 'match'],
        ['a region code of the wrong shape', () => ({ kind: 'region', match: '3709', unitId: w.units.A.id }), 'match'],
        ['an unknown region', () => ({ kind: 'region', match: '379900000000', unitId: w.units.A.id }), 'match'],
        ['an unknown unit', () => ({ kind: 'region', match: '370000000000', unitId: randomUUID() }), 'unitId'],
      ];
      for (const [name, body, field] of cases) {
        it(name, async () => {
          const before = (await request(t.http).get('/api/v1/routing-rules').set(admin).expect(200)).body.total as number;
          const res = await create(body()).expect(400);
          expect(res.body.code).toBe('ROUTING_RULE_INVALID');
          expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
          expect((await request(t.http).get('/api/v1/routing-rules').set(admin).expect(200)).body.total).toBe(before);
        });
      }

      it('a deactivated unit', async () => {
        await request(t.http).post(`/api/v1/units/${w.units.B.id}/deactivate`).set(admin).expect(200);
        const res = await create({ kind: 'region', match: '370000000000', unitId: w.units.B.id }).expect(400);
        expect(res.body).toMatchObject({ code: 'ROUTING_RULE_INVALID', message: '处理单位已停用' });
        await request(t.http).post(`/api/v1/units/${w.units.B.id}/activate`).set(admin).expect(200);
      });

      it('an unknown kind, a missing unit, or an over-long note', async () => {
        for (const body of [
          { kind: 'window', match: 'x', unitId: w.units.A.id },
          { kind: 'region', match: '370000000000' },
          { kind: 'region', match: '370000000000', unitId: w.units.A.id, note: '长'.repeat(201) },
        ]) {
          expect((await create(body).expect(400)).body.code).toBe('VALIDATION_FAILED');
        }
        expect((await deactivate(randomUUID()).expect(404)).body.code).toBe('NOT_FOUND');
      });
    });

    it('refuses everyone but system administrators', async () => {
      for (const number of ['S001', 'A900', 'A100']) {
        const staff = bearer(await login(t.http, number));
        await request(t.http).get('/api/v1/routing-rules').set(staff).expect(403);
        await create({ kind: 'region', match: '370000000000', unitId: w.units.A.id }, staff).expect(403);
      }
    });
  });

  describe('choosing the unit of a new case', () => {
    const unitFor = (input: Partial<RoutingInput> = {}) =>
      t.app.get(RoutingService).unitFor(
        { serviceItemCode: 'ITEM-A-001', hallId: w.halls.H1.id, hallRegionCode: '370902000000', windowUnitId: w.units.A.id, ...input },
        t.dataSource.manager,
      );
    const rule = async (kind: string, match: string, unitId: string) => (await create({ kind, match, unitId }).expect(201)).body.id as string;

    beforeEach(async () => {
      await t.dataSource.query(`UPDATE routing_rule SET active = false`);
    });

    it('takes the most specific rule: service item, then hall, then the deepest region, else the window’s unit', async () => {
      expect(await unitFor()).toEqual({ unitId: w.units.A.id, ruleId: null }); // 谁办理谁负责

      const province = await rule('region', '370000000000', w.units.C.id);
      expect(await unitFor()).toEqual({ unitId: w.units.C.id, ruleId: province });
      const city = await rule('region', '370900000000', w.units.B.id);
      expect(await unitFor()).toEqual({ unitId: w.units.B.id, ruleId: city });
      const hall = await rule('hall', w.halls.H1.id, w.units.C.id);
      expect(await unitFor()).toEqual({ unitId: w.units.C.id, ruleId: hall });
      const item = await rule('service_item', 'ITEM-A-001', w.units.B.id);
      expect(await unitFor()).toEqual({ unitId: w.units.B.id, ruleId: item });

      // Without a service item, the hall decides; in the other city's hall, only the province's rule applies.
      expect(await unitFor({ serviceItemCode: null })).toEqual({ unitId: w.units.C.id, ruleId: hall });
      expect(await unitFor({ serviceItemCode: undefined, hallId: w.halls.H2.id, hallRegionCode: '371002000000', windowUnitId: w.units.C.id })).toEqual({
        unitId: w.units.C.id,
        ruleId: province,
      });

      await deactivate(item).expect(200);
      expect(await unitFor()).toEqual({ unitId: w.units.C.id, ruleId: hall });
      await deactivate(hall).expect(200);
      expect(await unitFor()).toEqual({ unitId: w.units.B.id, ruleId: city });
    });

    it('passes over a rule whose unit was deactivated since', async () => {
      const hall = await rule('hall', w.halls.H1.id, w.units.C.id);
      const item = await rule('service_item', 'ITEM-A-001', w.units.B.id);
      await request(t.http).post(`/api/v1/units/${w.units.B.id}/deactivate`).set(admin).expect(200);
      expect(await unitFor()).toEqual({ unitId: w.units.C.id, ruleId: hall });
      await request(t.http).post(`/api/v1/units/${w.units.C.id}/deactivate`).set(admin).expect(200);
      expect(await unitFor()).toEqual({ unitId: w.units.A.id, ruleId: null });
      await request(t.http).post(`/api/v1/units/${w.units.B.id}/activate`).set(admin).expect(200);
      await request(t.http).post(`/api/v1/units/${w.units.C.id}/activate`).set(admin).expect(200);
      expect(await unitFor()).toEqual({ unitId: w.units.B.id, ruleId: item });
    });
  });
});
