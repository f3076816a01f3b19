// `npm test`: every check the project has, in one command (CI runs exactly this): lint, type checks, unit and
// end-to-end tests against a real PostgreSQL, component tests, builds, and browser tests in headless Chromium.
// The end-to-end tests use DATABASE_URL's server when set, else an embedded PostgreSQL.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, bold, buildAll, checkNode, ensureInstalled, green, red, runPnpm, run, say } from './lib.mjs';

checkNode();
await ensureInstalled();
await buildAll({ force: true });

const out = join(ROOT, '.tmp', 'test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const steps = [];
const totals = { passed: 0, failed: 0 };

async function step(name, fn) {
  say(bold(name));
  const started = Date.now();
  const code = await fn();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  steps.push({ name, ok: code === 0, seconds });
  say(code === 0 ? green(`✓ ${name} (${seconds} s)`) : red(`✗ ${name} failed (${seconds} s)`));
}

function countJest(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const result = JSON.parse(readFileSync(file, 'utf8'));
  // A suite that failed to load counts as a failure even though it ran no test.
  return { passed: result.numPassedTests, failed: result.numFailedTests + result.numRuntimeErrorTestSuites };
}

async function jest(name, filter, extra = []) {
  const file = join(out, `${filter.replace(/\W+/g, '-')}.json`);
  await step(name, () => runPnpm(['--filter', filter, 'test', '--ci', '--json', `--outputFile=${file}`, ...extra]));
  const c = countJest(file);
  totals.passed += c.passed;
  totals.failed += c.failed;
}

await step('Lint (ESLint, zero warnings)', () => runPnpm(['exec', 'eslint', '.', '--max-warnings', '0']));
await step('Type check (tsc --noEmit, every package)', () => runPnpm(['-r', '--workspace-concurrency', '1', 'typecheck']));
await jest('Contracts: unit tests', '@hcp/contracts');
await jest('WeChat sandbox: protocol tests', '@hcp/wechat-sandbox');
await jest('Server: unit and end-to-end tests (real PostgreSQL)', '@hcp/server');
await jest('Mini-program: component tests', '@hcp/miniapp');

const tap = join(out, 'browser.tap');
await step('Browser and command-line tests (headless Chromium on the H5 build; the built server)', () =>
  run(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, 'tests/'], {}),
);
if (existsSync(tap)) {
  const text = readFileSync(tap, 'utf8');
  totals.passed += Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
  totals.failed += Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 1);
} else totals.failed += 1;

const failedSteps = steps.filter((s) => !s.ok);
process.stdout.write(`\n${bold('Summary')}\n`);
for (const s of steps) process.stdout.write(`  ${s.ok ? green('✓') : red('✗')} ${s.name} (${s.seconds} s)\n`);
process.stdout.write(`tests: ${totals.passed} passed, ${totals.failed} failed\n`);
process.exit(failedSteps.length === 0 && totals.failed === 0 ? 0 : 1);
