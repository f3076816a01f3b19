import { HttpStatus } from '@nestjs/common';
import { ErrorCode, type StatsQuery, type StatsSubject, type StatsSubjectKind } from '@hcp/contracts';
import { AccessErrors } from '../../common/authz/access-errors.js';
import { inRegionSubtree, regionPrefix, seesUnit as seesUnitOf, visibilityOf, type StaffPrincipal, type Visibility } from '../../common/authz/principal.js';
import { AppException } from '../../common/errors/app-exception.js';
import type { CatalogReader } from './stats-catalog.js';

/** Positional parameters for one SQL statement. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A condition on the columns every roll-up and the rating table share (unit_id, hall_id, window_id, …). */
export type Condition = (alias: string, params: SqlParams) => string;

/** Which roll-up tier holds a key: the coarsest that has the column. */
export type Tier = 'unit' | 'window' | 'detail';
export const TIER_ORDER: readonly Tier[] = ['unit', 'window', 'detail'];
export const finer = (a: Tier, b: Tier): Tier => (TIER_ORDER.indexOf(a) >= TIER_ORDER.indexOf(b) ? a : b);

export interface ResolvedSubject {
  subject: StatsSubject;
  tier: Tier;
  /** Rows of the subject, within the caller's scope. */
  where: Condition;
}

export const queryInvalid = (message: string) => new AppException(ErrorCode.StatsQueryInvalid, HttpStatus.BAD_REQUEST, message);

const SUBJECT_FIELDS: readonly { field: keyof StatsQuery; kind: StatsSubjectKind }[] = [
  { field: 'regionCode', kind: 'region' },
  { field: 'unitId', kind: 'unit' },
  { field: 'hallId', kind: 'hall' },
  { field: 'windowId', kind: 'window' },
  { field: 'staffId', kind: 'staff' },
  { field: 'serviceItemId', kind: 'service_item' },
];

/**
 * The subject a question names and the rows the caller may count: system administrators everything; a
 * supervisor the units whose region lies in the supervised subtree; a unit administrator their unit (a person with
 * both roles gets the union). A subject outside that is 404, as if it did not exist.
 */
export async function resolveSubject(m: CatalogReader, principal: StaffPrincipal, q: StatsQuery): Promise<ResolvedSubject> {
  const named = SUBJECT_FIELDS.filter((s) => q[s.field] !== undefined);
  if (named.length > 1) throw queryInvalid('一次只能统计一个对象（地区、单位、大厅、窗口、人员或事项）');
  const v = visibilityOf(principal);
  // The caller's units, once: conditions then compare with a list, which plans and runs faster than a subquery.
  const scopeUnits = v.all ? null : await unitsOf(m, v);
  // One unit compares by equality: planned from that column's statistics, its prepared statement gets a generic plan
  // as good as a custom one (a list of unknown length is costed as ten units, so PostgreSQL would plan it every time).
  const inUnits = (units: string[] | null): Condition =>
    units === null ? () => 'TRUE' : units.length === 1 ? (a, p) => `${a}.unit_id = ${p.add(units[0])}::uuid` : (a, p) => `${a}.unit_id = ANY(${p.add(units)}::uuid[])`;
  const scope = inUnits(scopeUnits);
  const both = (subject: Condition): Condition => (alias, params) => `${subject(alias, params)} AND ${scope(alias, params)}`;
  if (named.length === 0) {
    const name = v.all ? '全部' : v.regionPrefix && v.unitId ? '管辖范围' : v.regionPrefix ? await regionName(m, principal.scopeRegionCode!) : await unitName(m, v.unitId!);
    return { subject: { kind: 'all', id: null, name }, tier: 'unit', where: scope };
  }
  const { field, kind } = named[0];
  const id = q[field] as string;
  switch (kind) {
    case 'region': {
      // The region and its subtree's units in one round trip (the prefix of an unknown code matches nothing asked for).
      const [region] = (await m.catalog(`SELECT code, name, ARRAY(SELECT id::text FROM unit WHERE region_code LIKE $2) AS units FROM region WHERE code = $1`, [
        id,
        `${regionPrefix(id)}%`,
      ])) as { code: string; name: string; units: string[] }[];
      const visible = region && (v.all || (v.regionPrefix !== null && inRegionSubtree(region.code, principal.scopeRegionCode!)));
      if (!visible) throw AccessErrors.notFound('地区');
      const inRegion = region.units;
      const units = scopeUnits === null ? inRegion : inRegion.filter((id) => scopeUnits.includes(id));
      return { subject: { kind, id, name: region.name }, tier: 'unit', where: inUnits(units) };
    }
    case 'unit': {
      const unit = await one(m, `SELECT id, name, region_code FROM unit WHERE id = $1`, id);
      if (!unit || !seesUnit(v, unit)) throw AccessErrors.notFound('单位');
      return { subject: { kind, id, name: unit.name }, tier: 'unit', where: inUnits([id]) };
    }
    case 'hall': {
      const hall = await one(m, `SELECT id, name, region_code FROM hall WHERE id = $1`, id);
      const visible =
        hall &&
        (v.all ||
          (v.regionPrefix !== null && hall.region_code.startsWith(v.regionPrefix)) ||
          (v.unitId !== null && (await m.catalog(`SELECT 1 FROM service_window WHERE hall_id = $1 AND unit_id = $2 LIMIT 1`, [id, v.unitId])).length > 0));
      if (!visible) throw AccessErrors.notFound('大厅');
      return { subject: { kind, id, name: hall.name }, tier: 'window', where: both((a, p) => `${a}.hall_id = ${p.add(id)}`) };
    }
    case 'window': {
      const w = await one(m, `SELECT w.id, h.name || ' ' || w.number || '号窗口 ' || w.name AS name, u.region_code, u.id AS unit_id FROM service_window w JOIN hall h ON h.id = w.hall_id JOIN unit u ON u.id = w.unit_id WHERE w.id = $1`, id);
      if (!w || !seesUnit(v, { id: w.unit_id!, region_code: w.region_code })) throw AccessErrors.notFound('窗口');
      return { subject: { kind, id, name: w.name }, tier: 'window', where: both((a, p) => `${a}.window_id = ${p.add(id)}`) };
    }
    case 'staff': {
      const s = await one(m, `SELECT s.id, s.name || '（' || s.staff_number || '）' AS name, u.region_code, u.id AS unit_id FROM staff s JOIN unit u ON u.id = s.unit_id WHERE s.id = $1`, id, 'fresh');
      if (!s || !seesUnit(v, { id: s.unit_id!, region_code: s.region_code })) throw AccessErrors.notFound('工作人员');
      return { subject: { kind, id, name: s.name }, tier: 'detail', where: both((a, p) => `${a}.staff_id = ${p.add(id)}`) };
    }
    case 'service_item': {
      const s = await one(m, `SELECT i.id, i.name, u.region_code, u.id AS unit_id FROM service_item i JOIN unit u ON u.id = i.unit_id WHERE i.id = $1`, id);
      if (!s || !seesUnit(v, { id: s.unit_id!, region_code: s.region_code })) throw AccessErrors.notFound('事项');
      return { subject: { kind, id, name: s.name }, tier: 'detail', where: both((a, p) => `${a}.service_item_id = ${p.add(id)}`) };
    }
    default:
      throw queryInvalid('未知的统计对象');
  }
}

/** A region and its direct children, for figures grouped by region; `code` null: the top-level regions. */
export interface RegionLevel {
  code: string | null;
  name: string;
  children: { code: string; name: string; active: boolean }[];
}

/**
 * The region whose children a `region` grouping lists: the asked region (its scope already checked by
 * resolveSubject), else the caller's supervised region, else (system administrators) the top-level regions. Someone
 * with no region in scope (a unit administrator) has none to divide: 404, as for a region he may not see.
 */
export async function regionLevel(m: CatalogReader, principal: StaffPrincipal, q: StatsQuery, subject: StatsSubject): Promise<RegionLevel> {
  if (subject.kind !== 'region' && subject.kind !== 'all') throw queryInvalid('按地区分组只能用于某个地区或整个管辖范围');
  const v = visibilityOf(principal);
  const code = q.regionCode ?? (v.regionPrefix !== null ? principal.scopeRegionCode! : null);
  if (code === null && !v.all) throw AccessErrors.notFound('地区');
  const children = (await m.catalog(
    `SELECT code, name, active FROM region WHERE ${code === null ? 'parent_code IS NULL' : 'parent_code = $1'} ORDER BY code`,
    code === null ? [] : [code],
  )) as RegionLevel['children'];
  return { code, name: code === null ? '全部' : await regionName(m, code), children };
}

/** The units a caller who is not a system administrator may see: their region's, and their own. */
async function unitsOf(m: CatalogReader, v: Visibility): Promise<string[]> {
  const units = v.regionPrefix ? ((await m.catalog(`SELECT id FROM unit WHERE region_code LIKE $1`, [`${v.regionPrefix}%`])) as { id: string }[]).map((u) => u.id) : [];
  if (v.unitId && !units.includes(v.unitId)) units.push(v.unitId);
  return units;
}

const seesUnit = (v: Visibility, unit: { id: string; region_code: string }) => seesUnitOf(v, { id: unit.id, regionCode: unit.region_code });

/** One row by id; `fresh` when the query reads a table the catalog version does not cover (staff). */
async function one(m: CatalogReader, sql: string, id: string, read: 'catalog' | 'fresh' = 'catalog'): Promise<{ id: string; name: string; region_code: string; unit_id?: string } | undefined> {
  const rows = (await m[read](sql, [id])) as { id: string; name: string; region_code: string; unit_id?: string }[];
  return rows[0];
}

async function regionName(m: CatalogReader, code: string): Promise<string> {
  const rows = (await m.catalog(`SELECT name FROM region WHERE code = $1`, [code])) as { name: string }[];
  return rows[0]?.name ?? code;
}

async function unitName(m: CatalogReader, id: string): Promise<string> {
  const rows = (await m.catalog(`SELECT name FROM unit WHERE id = $1`, [id])) as { name: string }[];
  return rows[0]?.name ?? '本单位';
}
