// `npm run create-admin -- <staffNumber> <password>` on a fresh installation: the new administrator can sign in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, freshDatabase, startServer } from '../browser/support.mjs';

let env;
let drop;
before(async () => {
  // The same database the server will use: a fresh one on DATABASE_URL's server, else a fresh embedded folder.
  ({ env, drop } = await freshDatabase());
});
after(async () => {
  await drop?.();
});

const createAdmin = (...args) =>
  spawnSync(process.execPath, [join(ROOT, 'apps/server/dist/cli/create-admin.js'), ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

test('creates the first system administrator, who can then sign in and manage the catalog', async () => {
  const made = createAdmin('chief01', 'Chief2026pass', '首任管理员');
  assert.equal(made.status, 0, made.stderr);
  assert.match(made.stdout, /System administrator chief01 created/);

  const again = createAdmin('chief01', 'Other2026pass');
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already exists/);
  const weak = createAdmin('chief02', 'short');
  assert.equal(weak.status, 2);
  assert.match(weak.stderr, /密码至少 8 位/);

  const server = await startServer(env);
  try {
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ staffNumber: 'chief01', password: 'Chief2026pass' }),
    });
    assert.equal(login.status, 200);
    const { accessToken } = await login.json();
    const me = await (await fetch(`${server.baseUrl}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json();
    assert.deepEqual([me.staff.name, me.staff.roles], ['首任管理员', ['system_admin']]);
    const region = await fetch(`${server.baseUrl}/api/v1/regions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ code: '370000000000', name: '山东省' }),
    });
    assert.equal(region.status, 201);
  } finally {
    await server.stop();
  }
});
