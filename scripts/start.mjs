// `npm start`: installs what is missing, builds what is stale, and starts the whole product on one port.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, bold, buildAll, checkNode, ensureInstalled, say } from './lib.mjs';

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
  const { startWechatSandbox } = await import(join(ROOT, 'apps/wechat-sandbox/dist/index.js'));
  const app = { appId: 'wx5a4d0e1f2b3c4d5e', appSecret: 'local-demo-secret' };
  sandbox = await startWechatSandbox({ apps: [app], host: '127.0.0.1', port: 0 });
  Object.assign(env, { WECHAT_APP_ID: app.appId, WECHAT_APP_SECRET: app.appSecret, WECHAT_API_BASE_URL: sandbox.url });
  // The sandbox's own templates for case notices.
  env.WECHAT_SUBSCRIBE_TEMPLATE_IDS ??= 'hcp_case_progress,hcp_case_result';
  say(`WeChat sandbox: ${sandbox.url}/__sandbox (stands in for api.weixin.qq.com)`);
}
const base = process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
say(`Starting the server${process.env.DATABASE_URL ? '' : ' with its embedded PostgreSQL (data in apps/server/.data/)'}…`);

const server = spawn(process.execPath, [join(ROOT, 'apps/server/dist/main.js')], {
  cwd: join(ROOT, 'apps/server'),
  stdio: ['inherit', 'pipe', 'inherit'],
  env,
});

let announced = false;
server.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (!announced && chunk.toString().includes('server is listening')) {
    announced = true;
    process.stdout.write(
      `\n${bold('政务服务好差评 is running')}\n` +
        `  Mini-program (H5):  ${base}/\n` +
        `  API documentation:  ${base}/api/docs\n` +
        `  Readiness:          ${base}/health/ready\n` +
        `  Stop with Ctrl+C.\n\n`,
    );
  }
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', async (code, signal) => {
  await sandbox?.close();
  process.exit(code ?? (signal ? 0 : 1));
});
