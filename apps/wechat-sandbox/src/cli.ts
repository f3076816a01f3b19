#!/usr/bin/env node
// Runs the sandbox as its own process:
//   node apps/wechat-sandbox/dist/cli.js --port 4100 --app wx0123456789abcdef:secret --page pages/rate/index
// The first line printed is "WeChat sandbox listening on <url>"; Ctrl+C (or SIGTERM) stops it.
import { parseArgs } from 'node:util';
import { DEFAULT_APP, type SandboxApp } from './apps.js';
import { startWechatSandbox } from './server.js';
import { DEFAULT_PAGES } from './wxacode.js';

const USAGE = `Usage: node dist/cli.js [--port 4100] [--host 127.0.0.1] [--app APPID:SECRET]… [--page PATH]… [--token-ttl SECONDS]
  --app        a mini-program it accepts (repeatable); default ${DEFAULT_APP.appId}:${DEFAULT_APP.appSecret}
  --page       a page of the released mini-program, for check_path and message links (repeatable; pages/index/index is always there)
  --token-ttl  access-token lifetime in seconds (default 7200)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '4100' },
      host: { type: 'string', default: '127.0.0.1' },
      app: { type: 'string', multiple: true },
      page: { type: 'string', multiple: true },
      'token-ttl': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port "${values.port}" is not a port number`);
const apps: SandboxApp[] = (values.app ?? []).map((spec) => {
  const at = spec.indexOf(':');
  if (at <= 0 || at === spec.length - 1) fail(`--app "${spec}" must be APPID:SECRET`);
  return { appId: spec.slice(0, at), appSecret: spec.slice(at + 1) };
});
const ttl = values['token-ttl'] === undefined ? undefined : Number(values['token-ttl']);
if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 1)) fail('--token-ttl must be a whole number of seconds');

const sandbox = await startWechatSandbox({
  port,
  host: values.host,
  apps: apps.length ? apps : undefined,
  pages: [...DEFAULT_PAGES, ...(values.page ?? [])],
  tokenTtlSeconds: ttl,
}).catch((error: Error) => fail(`Cannot start the WeChat sandbox: ${error.message}`));

process.stdout.write(`WeChat sandbox listening on ${sandbox.url}\n`);
process.stdout.write(`  apps: ${sandbox.apps.map((a) => a.appId).join(', ')}\n`);
process.stdout.write(`  control: ${sandbox.url}/__sandbox (see apps/wechat-sandbox/README.md)\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
