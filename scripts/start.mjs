// `npm start`: installs what is missing, builds what is stale, and starts the whole product on one port.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, bold, buildAll, checkNode, ensureInstalled, say } from './lib.mjs';

checkNode();
await ensureInstalled();
await buildAll();

/** Notice kinds → the sandbox's templates, each field filled with what its label names. */
const progress = { templateId: 'hcp_case_progress', fields: { character_string1: 'caseNo', phrase2: 'status', thing3: 'unit', time4: 'time', thing5: 'body' } };
const result = { templateId: 'hcp_case_result', fields: { thing1: 'title', phrase2: 'status', thing3: 'body', date4: 'date' } };
const staffNew = { templateId: 'hcp_staff_new_case', fields: { character_string1: 'caseNo', thing2: 'body', phrase3: 'status', time4: 'time' } };
const DEMO_NOTICE_TEMPLATES = {
  citizen_case_accepted: progress,
  citizen_called_back: progress,
  citizen_replied: progress,
  citizen_closed: result,
  citizen_escalated: result,
  citizen_appeal_ruled: result,
  staff_case_new: staffNew,
  staff_deadline_near: staffNew,
  staff_overdue: staffNew,
  staff_reopened: staffNew,
  staff_appeal_ruled: staffNew,
};

const port = process.env.PORT ?? '3000';
const env = { ...process.env, PORT: port };
if (env.DEMO_SEED === undefined) env.DEMO_SEED = 'true';

// WeChat cannot be reached from a laptop: unless real credentials are given, the demo talks to the WeChat sandbox
// shipped in this repository (apps/wechat-sandbox), on a free local port, exactly as it would talk to WeChat.
let sandbox;
if (!env.WECHAT_APP_ID && !env.WECHAT_API_BASE_URL) {
  const { startWechatSandbox } = await import(join(ROOT, 'apps/wechat-sandbox/dist/index.js'));
  const app = { appId: 'wx5a4d0e1f2b3c4d5e', appSecret: 'local-demo-secret' };
  // The case pages a notice opens are "released" in the sandbox, as they are in the published mini-program.
  sandbox = await startWechatSandbox({ apps: [app], host: '127.0.0.1', port: 0, pages: ['pages/index/index', 'citizen/case/index', 'staff/case/index'] });
  Object.assign(env, { WECHAT_APP_ID: app.appId, WECHAT_APP_SECRET: app.appSecret, WECHAT_API_BASE_URL: sandbox.url });
  // The sandbox's own templates for case notices (docs/notices.md); citizens are asked about the first two.
  env.WECHAT_NOTICE_TEMPLATES ??= JSON.stringify(DEMO_NOTICE_TEMPLATES);
  say(`WeChat sandbox: ${sandbox.url}/__sandbox (stands in for api.weixin.qq.com)`);
}
const base = process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
say(`Starting the server${process.env.DATABASE_URL ? '' : ' with its embedded PostgreSQL (data in apps/server/.data/)'}…`);

const server = spawn(process.execPath, [join(ROOT, 'apps/server/dist/main.js')], {
  cwd: join(ROOT, 'apps/server'),
  stdio: ['inherit', 'pipe', 'inherit'],
  env,
});

// While the server starts, its output is held back; once it answers and has gone quiet, its log lines come first,
// then what it printed for a person (the demo hall's windows and sign-ins), then the links: the end of the output
// is what someone opening the product needs. Later output streams through.
const held = { log: [], text: [] };
let holding = true;
let ready = false;
let quietTimer;
let partial = '';
server.stdout.setEncoding('utf8');
server.stdout.on('data', (chunk) => {
  const lines = (partial + chunk).split('\n');
  partial = lines.pop();
  for (const line of lines) {
    if (!holding) process.stdout.write(`${line}\n`);
    else (line.startsWith('{') ? held.log : held.text).push(line);
    if (line.includes('"msg":"server is listening"')) onReady();
  }
  if (ready && holding) settleWhenQuiet();
});

function flushHeld() {
  if (!holding) return;
  holding = false;
  while (held.text.length > 0 && held.text.at(-1).trim() === '') held.text.pop();
  for (const line of [...held.log, ...held.text]) process.stdout.write(`${line}\n`);
}

function onReady() {
  if (ready) return;
  ready = true;
  setTimeout(summarise, 4000).unref(); // a server that keeps talking still gets its summary
  settleWhenQuiet();
}

function settleWhenQuiet() {
  clearTimeout(quietTimer);
  quietTimer = setTimeout(summarise, 700);
  quietTimer.unref();
}

let summarised = false;
function summarise() {
  if (summarised) return;
  summarised = true;
  clearTimeout(quietTimer);
  flushHeld();
  process.stdout.write(
    `\n${bold('政务服务好差评 is running')}\n` +
      `  Mini-program (H5):  ${base}/\n` +
      `  Console:            ${base}/console/\n` +
      `  API documentation:  ${base}/api/docs\n` +
      `  Readiness:          ${base}/health/ready\n` +
      `  Stop with Ctrl+C.\n\n`,
  );
}

// The log line above is not seen at LOG_LEVEL=warn: asking the server is the other way to know it is up.
void (async () => {
  while (!ready && server.exitCode === null) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(1000) })).ok) onReady();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
})();
// A server that takes long to start (a first embedded PostgreSQL on a slow disk) shows what it is doing.
setTimeout(flushHeld, 120_000).unref();

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', async (code, signal) => {
  if (partial) held.text.push(partial);
  flushHeld();
  await sandbox?.close();
  process.exit(code ?? (signal ? 0 : 1));
});
