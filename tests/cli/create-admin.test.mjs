// `npm run create-admin -- <staffNumber> <password>` on a fresh installation: the new administrator can sign in.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT, startServer } from '../browser/support.mjs';

let env;
let cleanup;
before(async () => {
  // The same database the server will use: a fresh one on DATABASE_URL's server, else a fresh embedded folder.
  if (process.env.DATABASE_URL) {
    const name = `hcp_cli_${Date.now()}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString() };
    cleanup = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'hcp-cli-pg-'));
    env = { EMBEDDED_PG_DIR: dir, DATABASE_URL: '' };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
});
after(async () => {
  await cleanup?.();
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
