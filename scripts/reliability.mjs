// `npm run test:reliability`: the long fault and abuse runs, too slow for `npm test` (CI runs both). Today: the
// bad-input fuzzer with 20,000 generated requests (FUZZ_SEED=<seed> replays a run; FUZZ_RUNS changes its length).
import { checkNode, ensureInstalled, mustRunPnpm } from './lib.mjs';

checkNode();
await ensureInstalled();
await mustRunPnpm(['--filter', '@hcp/contracts', 'build']);
await mustRunPnpm(['--filter', '@hcp/wechat-sandbox', 'build']);
await mustRunPnpm(['--filter', '@hcp/server', 'test:reliability']);
