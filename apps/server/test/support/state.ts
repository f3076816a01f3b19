import type { EmbeddedDatabase } from '../../src/database/embedded.js';

/** Shared between jest's global setup and teardown (same process). */
export const testState: { embedded?: { db: EmbeddedDatabase; dir: string } } = (globalThis as { __hcpTestState?: object }).__hcpTestState ??= {};
