// `npm start` (scripts/start.mjs): the links and demo sign-ins come only once the server says it listens, and a
// server that stops before that ends the command with a message and a failure status.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, freePort, freshDatabase } from '../browser/support.mjs';

/** Runs `npm start`'s script with `env`; `until(output)` may stop it with Ctrl+C. Resolves with status and output. */
function start(env, until) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs')], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (until?.(stdout)) child.kill('SIGINT');
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

let database;
before(async () => {
  database = await freshDatabase();
});
after(async () => {
  await database?.drop();
});

test('a server that stops before it listens ends npm start with a clear message and a failure status', async () => {
  const run = await start({ LOG_LEVEL: 'loud', PORT: String(await freePort()) });
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /LOG_LEVEL/); // the server's own reason
  assert.match(run.stderr, /before it was listening, so nothing is running/);
  assert.doesNotMatch(run.stdout, /is running/);
});

test('prints the demo sign-ins and the links once the server says it listens, after its start-up log', async () => {
  const run = await start({ ...database.env, PORT: String(await freePort()), LOG_LEVEL: 'info' }, (out) => out.includes('Stop with Ctrl+C.'));
  assert.equal(run.code, 0, run.stderr);
  const listening = run.stdout.indexOf('"msg":"server is listening"');
  const signIns = run.stdout.indexOf('Staff sign-in');
  const banner = run.stdout.indexOf('政务服务好差评 is running');
  assert.ok(listening >= 0 && signIns > listening && banner > signIns, run.stdout);
  assert.match(run.stdout.slice(signIns), /admin/);
});
