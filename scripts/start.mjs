// `npm start`: installs what is missing, builds what is stale, and starts the whole product on one port.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, bold, buildAll, checkNode, ensureInstalled, say } from './lib.mjs';

checkNode();
await ensureInstalled();
await buildAll();

const port = process.env.PORT ?? '3000';
const base = process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`;
say(`Starting the server${process.env.DATABASE_URL ? '' : ' with its embedded PostgreSQL (data in apps/server/.data/)'}…`);

const server = spawn(process.execPath, [join(ROOT, 'apps/server/dist/main.js')], {
  cwd: join(ROOT, 'apps/server'),
  stdio: ['inherit', 'pipe', 'inherit'],
  env: { ...process.env, PORT: port },
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
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
