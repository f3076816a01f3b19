// `npm run create-admin -- <staffNumber> <password> [name]`: server commands, after installing and building
// what is missing. Uses DATABASE_URL, or the embedded PostgreSQL (the running server's, if it is up).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, buildAll, checkNode, ensureInstalled } from './lib.mjs';

const COMMANDS = { 'create-admin': 'apps/server/dist/cli/create-admin.js' };
const [name, ...args] = process.argv.slice(2);
if (!COMMANDS[name]) {
  console.error(`unknown command ${name ?? ''}; available: ${Object.keys(COMMANDS).join(', ')}`);
  process.exit(2);
}
checkNode();
await ensureInstalled();
await buildAll({ h5: false });
const child = spawn(process.execPath, [join(ROOT, COMMANDS[name]), ...args], { cwd: join(ROOT, 'apps/server'), stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
