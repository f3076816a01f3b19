/** Lengths of the levels' prefixes in a 12-digit national region code: province 2 · city 2 · county 2 · township 3 · village 3. */
const LEVEL_PREFIX_LENGTHS = [2, 4, 6, 9, 12] as const;

/**
 * Every region code that contains `code` (see regionPrefix in common/authz/principal.ts), outermost first and
 * `code` itself last: 370902001002 → 370000000000, 370900000000, 370902000000, 370902001000, 370902001002.
 */
export function containingRegionCodes(code: string): string[] {
  return [...new Set(LEVEL_PREFIX_LENGTHS.map((length) => code.slice(0, length).padEnd(12, '0')))];
}
