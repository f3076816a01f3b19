import request from 'supertest';
import type { ApiKey, CreatedApiKey } from '@hcp/contracts';
import { ApiKeyService } from '../src/modules/api-keys/api-key.service.js';
import { hashPassword } from '../src/modules/identity/password.js';
import { StaffEntity } from '../src/modules/identity/entities/staff.entity.js';
import { bearer, login, PASSWORD, seedWorld } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const BASE = '/api/v1/admin/api-keys';

describe('API keys', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const as = (who: string) => bearer(tokens[who]);

  beforeAll(async () => {
    t = await createTestApp();
    await seedWorld(t.dataSource);
    await t.dataSource.getRepository(StaffEntity).save({ staffNumber: 'admin2', name: '将停用管理员', unitId: null, roles: ['system_admin'], passwordHash: await hashPassword(PASSWORD) });
    for (const n of ['admin', 'admin2', 'S001', 'A900', 'A100', 'A001']) tokens[n] = await login(t.http, n);
  });
  afterAll(async () => {
    await t.close();
  });

  const create = (body: unknown, who = 'admin') => request(t.http).post(BASE).set(as(who)).send(body as object);

  it('shows a new key once, lists it without the secret, and stores only its hash', async () => {
    const res = await create({ name: '  省级数据上报  ', scopes: ['export:national'] }).expect(201);
    const created = res.body as CreatedApiKey;
    expect(created).toMatchObject({ name: '省级数据上报', scopes: ['export:national'], createdBy: 'admin', lastUsedAt: null, revokedAt: null });
    expect(created.key).toMatch(/^hcp_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);

    const list = await request(t.http).get(BASE).set(as('admin')).expect(200);
    const listed = (list.body as ApiKey[]).find((k) => k.id === created.id)!;
    expect(listed).toEqual({ ...created, key: undefined });
    expect(JSON.stringify(list.body)).not.toContain(created.key.slice(created.prefix.length));

    // Nowhere in the database in clear: not in the key table, nor in any other row.
    const [{ dump }] = await t.dataSource.query(`SELECT string_agg(row_to_json(k)::text, '') AS dump FROM api_key k`);
    expect(dump).not.toContain(created.key);
    expect(dump).not.toContain(created.key.slice(created.prefix.length + 1));
    expect(await t.app.get(ApiKeyService).verify(created.key, 'export:national')).toMatchObject({ id: created.id });
  });

  it('verifies a key only for its scopes, records its last use, and refuses it once revoked', async () => {
    const keys = t.app.get(ApiKeyService);
    const created = (await create({ name: 'Open311 客户端', scopes: ['open311'] }).expect(201)).body as CreatedApiKey;
    expect(await keys.verify(created.key, 'export:national')).toBeNull();
    expect(await keys.verify(created.key, 'open311')).toMatchObject({ id: created.id, scopes: ['open311'] });
    // A key of the right shape whose secret differs, and strings of any other shape, are nobody.
    const forged = created.key.slice(0, -1) + (created.key.endsWith('A') ? 'B' : 'A');
    for (const raw of [forged, created.prefix, '', 'hcp_', `${created.key}x`, undefined, 42]) expect(await keys.verify(raw, 'open311')).toBeNull();

    const used = ((await request(t.http).get(BASE).set(as('admin')).expect(200)).body as ApiKey[]).find((k) => k.id === created.id)!;
    expect(used.lastUsedAt).not.toBeNull();

    const revoked = await request(t.http).post(`${BASE}/${created.id}/revoke`).set(as('admin')).expect(200);
    expect(revoked.body).toMatchObject({ id: created.id, revokedAt: expect.any(String) });
    expect(await keys.verify(created.key, 'open311')).toBeNull();
    // Revoking again changes nothing; the key stays listed, after the live ones.
    const again = await request(t.http).post(`${BASE}/${created.id}/revoke`).set(as('admin')).expect(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    const list = (await request(t.http).get(BASE).set(as('admin')).expect(200)).body as ApiKey[];
    expect(list.at(-1)!.id).toBe(created.id);
  });

  it('refuses a bad name or scopes with a stable code and stores nothing', async () => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM api_key`);
    const bad: unknown[] = [
      {},
      { name: '上报' },
      { name: '上报', scopes: [] },
      { name: '上报', scopes: ['admin'] },
      { name: '上报', scopes: ['open311', 'open311'] },
      { name: '上报', scopes: 'open311' },
      { name: '   ', scopes: ['open311'] },
      { name: 'x'.repeat(51), scopes: ['open311'] },
      { name: '上\u0000报', scopes: ['open311'] },
      { name: '上报', scopes: ['open311'], prefix: 'hcp_chosen1' },
    ];
    for (const body of bad) {
      const res = await create(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM api_key`)).toEqual(before);
    const missing = await request(t.http).post(`${BASE}/00000000-0000-4000-8000-000000000000/revoke`).set(as('admin'));
    expect([missing.status, missing.body.code]).toEqual([404, 'API_KEY_NOT_FOUND']);
    expect((await request(t.http).post(`${BASE}/not-a-uuid/revoke`).set(as('admin'))).status).toBe(400);
  });

  it('is for system administrators alone', async () => {
    const key = (await create({ name: '留存', scopes: ['open311'] }).expect(201)).body as CreatedApiKey;
    const device = (await request(t.http).post('/api/v1/auth/device').send({ deviceId: 'api-keys-citizen-000001' }).expect(200)).body.accessToken as string;
    const callers: [string, Record<string, string>][] = [
      ['unit admin', as('A900')],
      ['supervisor', as('S001')],
      ['case handler', as('A100')],
      ['window staff', as('A001')],
      ['citizen', bearer(device)],
      // A key is no way into key management, whatever its scopes.
      ['api key', { 'X-Api-Key': key.key }],
    ];
    for (const [who, headers] of callers) {
      for (const res of [
        await request(t.http).get(BASE).set(headers),
        await request(t.http).post(BASE).set(headers).send({ name: '越权', scopes: ['open311'] }),
        await request(t.http).post(`${BASE}/${key.id}/revoke`).set(headers),
      ]) {
        expect({ who, status: res.status }).toEqual({ who, status: who === 'api key' ? 401 : 403 });
        expect(JSON.stringify(res.body)).not.toContain(key.prefix);
      }
    }
    expect((await request(t.http).get(BASE)).status).toBe(401);
    expect((await request(t.http).post(BASE).send({ name: '匿名', scopes: ['open311'] })).status).toBe(401);

    await request(t.http).get(BASE).set(as('admin2')).expect(200);
    const admin2 = await t.dataSource.getRepository(StaffEntity).findOneByOrFail({ staffNumber: 'admin2' });
    await request(t.http).post(`/api/v1/staff/${admin2.id}/deactivate`).set(as('admin')).expect(200);
    const gone = await request(t.http).get(BASE).set(as('admin2'));
    expect([gone.status, gone.body.code]).toEqual([403, 'AUTH_ACCOUNT_INACTIVE']);
    expect((await create({ name: '停用者', scopes: ['open311'] }, 'admin2')).status).toBe(403);
    expect(((await request(t.http).get(BASE).set(as('admin')).expect(200)).body as ApiKey[]).map((k) => k.name)).not.toContain('越权');
    const revoked = await request(t.http).get(BASE).set(as('admin'));
    expect((revoked.body as ApiKey[]).find((k) => k.id === key.id)!.revokedAt).toBeNull();
  });
});
