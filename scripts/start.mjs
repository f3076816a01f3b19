// `npm start`: installs what is missing, builds what is stale, and starts the whole product on one port.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, bold, buildAll, checkNode, ensureInstalled, red, say } from './lib.mjs';

checkNode();
await ensureInstalled();
await buildAll();

const port = process.env.PORT ?? '3000';
const env = { ...process.env, PORT: port };
if (env.DEMO_SEED === undefined) env.DEMO_SEED = 'true';

// WeChat cannot be reached from a laptop: unless real credentials are given, the demo talks to the WeChat sandbox
// shipped in this repository (apps/wechat-sandbox), on a free local port, exactly as it would talk to WeChat.
let sandbox;
if (!env.WECHAT_APP_ID && !env.WECHAT_API_BASE_URL) {
  const { startWechatSandbox, SANDBOX_NOTICE_TEMPLATES } = await import(join(ROOT, 'apps/wechat-sandbox/dist/index.js'));
  const app = { appId: 'wx5a4d0e1f2b3c4d5e', appSecret: 'local-demo-secret' };
  // The case pages a notice opens are "released" in the sandbox, as they are in the published mini-program.
  sandbox = await startWechatSandbox({ apps: [app], host: '127.0.0.1', port: 0, pages: ['pages/index/index', 'citizen/case/index', 'staff/case/index'] });
  Object.assign(env, { WECHAT_APP_ID: app.appId, WECHAT_APP_SECRET: app.appSecret, WECHAT_API_BASE_URL: sandbox.url });
  // The sandbox's own templates for case notices (docs/notices.md); citizens are asked about the first two.
  env.WECHAT_NOTICE_TEMPLATES ??= JSON.stringify(SANDBOX_NOTICE_TEMPLATES);
  say(`WeChat sandbox: ${sandbox.url}/__sandbox (stands in for api.weixin.qq.com)`);
}
const base = process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
say(`Starting the server${process.env.DATABASE_URL ? '' : ' with its embedded PostgreSQL (data in apps/server/.data/)'}…`);

const server = spawn(process.execPath, [join(ROOT, 'apps/server/dist/main.js')], {
  cwd: join(ROOT, 'apps/server'),
  // The fourth stream is an IPC channel: the server says over it when it listens (and sends the demo's sign-ins).
  stdio: ['inherit', 'pipe', 'inherit', 'ipc'],
  env,
});

// While the server starts, its output is held back. When it reports over IPC that it listens, its log lines come
// first, then the demo hall's windows and sign-ins, then the links: the end of the output is what someone opening
// the product needs. Later output streams through. Only the server's own message counts as "listening": not a log
// line (LOG_LEVEL may hide it), not a port that answers (another program may hold it), not a timer.
const held = [];
let holding = true;
let listening = false;
let stopping = false;
let partial = '';
server.stdout.setEncoding('utf8');
server.stdout.on('data', (chunk) => {
  const lines = (partial + chunk).split('\n');
  partial = lines.pop();
  for (const line of lines) {
    if (holding) held.push(line);
    else process.stdout.write(`${line}\n`);
    if (banner && banner.after && line.includes(`"msg":${JSON.stringify(banner.after)}`)) printBanner();
  }
});

function flushHeld() {
  if (!holding) return;
  holding = false;
  for (const line of held.splice(0)) process.stdout.write(`${line}\n`);
}

/** The banner to print, once the log line it follows (`after`) has come through the pipe. */
let banner;
function printBanner() {
  if (!banner || banner.printed) return;
  banner.printed = true;
  flushHeld();
  process.stdout.write(
    `${banner.demo ? `\n${banner.demo.trim()}\n` : ''}` +
      `\n${bold('政务服务好差评 is running')}\n` +
      `  Mini-program (H5):  ${base}/\n` +
      `  Console:            ${base}/console/\n` +
      `  API documentation:  ${base}/api/docs\n` +
      `  Readiness:          ${base}/health/ready\n` +
      `  Stop with Ctrl+C.\n\n`,
  );
}

server.on('message', (message) => {
  if (listening || message?.type !== 'listening') return;
  listening = true;
  // The server's log is written asynchronously, so the message may overtake it: when the server names the last line
  // it logged before the message, the banner waits for that line; otherwise (a quieter LOG_LEVEL) it comes now.
  const after = typeof message.lastLogLine === 'string' ? message.lastLogLine : undefined;
  banner = { demo: message.demo, after, printed: false };
  if (!after || held.some((line) => line.includes(`"msg":${JSON.stringify(after)}`))) printBanner();
});
// A server that takes long to start (a first embedded PostgreSQL on a slow disk) shows what it is doing.
setTimeout(flushHeld, 120_000).unref();

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    server.kill(signal);
  });
}
server.on('error', async (error) => {
  console.error(red(`✗ Could not start the server: ${error.message}`));
  await sandbox?.close();
  process.exit(1);
});
server.on('exit', async (code, signal) => {
  if (partial) held.push(partial);
  flushHeld();
  await sandbox?.close();
  if (!listening && !stopping) {
    // Whatever the child's status (a config error is 78, a failed migration 1, a kill a signal): the product is not up.
    const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
    console.error(red(`✗ The server ${how} before it was listening, so nothing is running. Its output above says why.`));
    process.exit(code || 1);
  }
  process.exit(code ?? (signal ? 0 : 1));
});
