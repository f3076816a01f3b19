import type { Visibility } from './principal.js';

/**
 * A WHERE clause limiting rows to what a caller may see, or null when the caller sees everything.
 * `unit` is the condition (using `:scopeUnitId`) that a row belongs to the caller's unit; `regions` the
 * region-code columns a supervisor's subtree is matched against.
 */
export function scopeClause(v: Visibility, conditions: { unit?: string; regions?: string[] }): { sql: string; params: Record<string, string> } | null {
  if (v.all) return null;
  const clauses: string[] = [];
  const params: Record<string, string> = {};
  if (v.unitId && conditions.unit) {
    clauses.push(conditions.unit);
    params.scopeUnitId = v.unitId;
  }
  if (v.regionPrefix && conditions.regions?.length) {
    for (const column of conditions.regions) clauses.push(`${column} LIKE :scopeRegion`);
    params.scopeRegion = `${v.regionPrefix}%`;
  }
  return { sql: clauses.length ? `(${clauses.join(' OR ')})` : 'FALSE', params };
}
