import { In, type EntityManager } from 'typeorm';
import { MOBILE_NUMBER, STAFF_ROLES, type ImportKind, type ImportRowError, type StaffRole } from '@hcp/contracts';
import { hashPasswords, passwordProblem } from '../../identity/password.js';
import { StaffEntity } from '../../identity/entities/staff.entity.js';
import { HallEntity } from '../entities/hall.entity.js';
import { RegionEntity } from '../entities/region.entity.js';
import { ServiceItemEntity } from '../entities/service-item.entity.js';
import { UnitEntity } from '../entities/unit.entity.js';
import { WindowEntity } from '../entities/window.entity.js';
import { newScene } from '../scene.js';
import type { Principal } from '../../../common/authz/principal.js';
import type { StaffService } from '../../identity/staff.service.js';
import type { SheetRow } from './parse.js';

/** Who imports, so that rows are written with that person's authority (staff accounts above all). */
export interface ImportContext {
  principal: Principal;
  /** Staff accounts are written by their owner, through the same rules and code as the staff routes. */
  staff: Pick<StaffService, 'importIn' | 'forget'>;
  /** Work to do once the import has committed. */
  afterCommit: (() => void)[];
  /** Staff rows' password hashes by line, made by `prepare` before the transaction. */
  passwordHashes?: ReadonlyMap<number, string>;
}

/**
 * One importer per kind of catalog row: its columns (English key and Chinese header aliases), how a row is checked
 * against the database and the rest of the file, and how it is written. Checking never writes; writing happens
 * only when every row of the file passed.
 */
export interface Importer {
  columns: Record<string, string[]>;
  required: string[];
  /** Returns the errors of every row, and a plan of what writing would create or update. */
  check(rows: SheetRow[], m: EntityManager): Promise<{ errors: ImportRowError[]; creates: number; updates: number }>;
  /** Slow work for writing that needs no database (hashing passwords), done before the transaction, into `ctx`. */
  prepare?(rows: SheetRow[], ctx: ImportContext): Promise<void>;
  apply(rows: SheetRow[], m: EntityManager, ctx: ImportContext): Promise<void>;
}

const REGION = /^\d{12}$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const LIST_SEPARATOR = /[;,，；、|]/;

const list = (value: string | undefined) => (value ?? '').split(LIST_SEPARATOR).map((v) => v.trim()).filter(Boolean);

type Check = (row: SheetRow, error: (field: string, message: string) => void) => void;

/** Runs the common checks (required cells, formats, duplicates in the file), then the importer's own. */
function collect(rows: SheetRow[], required: string[], key: (r: SheetRow) => string, formats: Check): ImportRowError[] {
  const errors: ImportRowError[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const error = (field: string, message: string) => errors.push({ line: row.line, field, message });
    for (const field of required) if (!row.cells[field]) error(field, `缺少必填项 ${field}`);
    formats(row, error);
    const k = key(row);
    if (k) {
      const first = seen.get(k);
      if (first !== undefined) error(required[0], `与第 ${first} 行重复`);
      else seen.set(k, row.line);
    }
  }
  return errors;
}

const length = (row: SheetRow, field: string, max: number, error: (f: string, m: string) => void) => {
  if ((row.cells[field] ?? '').length > max) error(field, `${field} 不能超过 ${max} 个字符`);
};

export const IMPORTERS: Record<ImportKind, Importer> = {
  regions: {
    columns: { code: ['编码', '区划编码', '地区编码'], name: ['名称', '地区名称'], parentCode: ['上级编码', '上级区划编码'] },
    required: ['code', 'name'],
    async check(rows, m) {
      const errors = collect(rows, this.required, (r) => r.cells.code, (row, error) => {
        if (row.cells.code && !REGION.test(row.cells.code)) error('code', '区划编码须为 12 位数字');
        if (row.cells.parentCode && !REGION.test(row.cells.parentCode)) error('parentCode', '上级区划编码须为 12 位数字');
        length(row, 'name', 100, error);
      });
      const existing = new Set((await m.find(RegionEntity, { select: { code: true } })).map((r) => r.code));
      const inFile = new Set(rows.map((r) => r.cells.code));
      for (const row of rows) {
        const parent = row.cells.parentCode;
        if (parent && REGION.test(parent) && !existing.has(parent) && !inFile.has(parent)) errors.push({ line: row.line, field: 'parentCode', message: `上级区划 ${parent} 不存在` });
        if (parent && parent === row.cells.code) errors.push({ line: row.line, field: 'parentCode', message: '上级区划不能是自己' });
      }
      const updates = rows.filter((r) => existing.has(r.cells.code)).length;
      return { errors, creates: rows.length - updates, updates };
    },
    async apply(rows, m) {
      // Parents may come later in the file: write every row first, then link parents.
      for (const row of rows) await m.upsert(RegionEntity, { code: row.cells.code, name: row.cells.name }, ['code']);
      for (const row of rows) await m.update(RegionEntity, { code: row.cells.code }, { parentCode: row.cells.parentCode || null });
    },
  },

  units: {
    columns: { code: ['单位编码', '编码', '统一社会信用代码'], name: ['单位名称', '名称'], regionCode: ['区划编码', '地区编码'], parentCode: ['上级单位编码'] },
    required: ['code', 'name', 'regionCode'],
    async check(rows, m) {
      const errors = collect(rows, this.required, (r) => r.cells.code, (row, error) => {
        if (row.cells.code && !CODE.test(row.cells.code)) error('code', '单位编码只能包含字母、数字、点、下划线和连字符（最长 64 位）');
        if (row.cells.regionCode && !REGION.test(row.cells.regionCode)) error('regionCode', '区划编码须为 12 位数字');
        length(row, 'name', 100, error);
      });
      const regions = new Set((await m.find(RegionEntity, { select: { code: true } })).map((r) => r.code));
      const units = new Set((await m.find(UnitEntity, { select: { code: true } })).map((u) => u.code));
      const inFile = new Set(rows.map((r) => r.cells.code));
      for (const row of rows) {
        if (REGION.test(row.cells.regionCode ?? '') && !regions.has(row.cells.regionCode)) errors.push({ line: row.line, field: 'regionCode', message: `区划 ${row.cells.regionCode} 不存在` });
        const parent = row.cells.parentCode;
        if (parent && !units.has(parent) && !inFile.has(parent)) errors.push({ line: row.line, field: 'parentCode', message: `上级单位 ${parent} 不存在` });
      }
      const updates = rows.filter((r) => units.has(r.cells.code)).length;
      return { errors, creates: rows.length - updates, updates };
    },
    async apply(rows, m) {
      for (const row of rows) await m.upsert(UnitEntity, { code: row.cells.code, name: row.cells.name, regionCode: row.cells.regionCode }, ['code']);
      const ids = new Map((await m.find(UnitEntity, { select: { id: true, code: true } })).map((u) => [u.code, u.id]));
      for (const row of rows) await m.update(UnitEntity, { code: row.cells.code }, { parentId: row.cells.parentCode ? ids.get(row.cells.parentCode)! : null });
    },
  },

  halls: {
    columns: { code: ['大厅编码', '编码'], name: ['大厅名称', '名称'], regionCode: ['区划编码', '地区编码'], address: ['地址'] },
    required: ['code', 'name', 'regionCode'],
    async check(rows, m) {
      const errors = collect(rows, this.required, (r) => r.cells.code, (row, error) => {
        if (row.cells.code && !CODE.test(row.cells.code)) error('code', '大厅编码只能包含字母、数字、点、下划线和连字符');
        if (row.cells.regionCode && !REGION.test(row.cells.regionCode)) error('regionCode', '区划编码须为 12 位数字');
        length(row, 'name', 100, error);
        length(row, 'address', 200, error);
      });
      const regions = new Set((await m.find(RegionEntity, { select: { code: true } })).map((r) => r.code));
      for (const row of rows) {
        if (REGION.test(row.cells.regionCode ?? '') && !regions.has(row.cells.regionCode)) errors.push({ line: row.line, field: 'regionCode', message: `区划 ${row.cells.regionCode} 不存在` });
      }
      const halls = new Set((await m.find(HallEntity, { select: { code: true } })).map((h) => h.code));
      const updates = rows.filter((r) => halls.has(r.cells.code)).length;
      return { errors, creates: rows.length - updates, updates };
    },
    async apply(rows, m) {
      for (const row of rows) {
        await m.upsert(HallEntity, { code: row.cells.code, name: row.cells.name, regionCode: row.cells.regionCode, address: row.cells.address ?? '' }, ['code']);
      }
    },
  },

  'service-items': {
    columns: { code: ['事项编码', '实施清单编码', '编码'], name: ['事项名称', '名称'], unitCode: ['单位编码', '实施单位编码'] },
    required: ['code', 'name', 'unitCode'],
    async check(rows, m) {
      const errors = collect(rows, this.required, (r) => r.cells.code, (row, error) => {
        if (row.cells.code && !CODE.test(row.cells.code)) error('code', '事项编码只能包含字母、数字、点、下划线和连字符（最长 64 位）');
        length(row, 'name', 200, error);
      });
      const units = new Set((await m.find(UnitEntity, { select: { code: true } })).map((u) => u.code));
      for (const row of rows) if (row.cells.unitCode && !units.has(row.cells.unitCode)) errors.push({ line: row.line, field: 'unitCode', message: `单位 ${row.cells.unitCode} 不存在` });
      const items = new Set((await m.find(ServiceItemEntity, { select: { code: true } })).map((s) => s.code));
      const updates = rows.filter((r) => items.has(r.cells.code)).length;
      return { errors, creates: rows.length - updates, updates };
    },
    async apply(rows, m) {
      const units = new Map((await m.find(UnitEntity, { select: { id: true, code: true } })).map((u) => [u.code, u.id]));
      for (const row of rows) await m.upsert(ServiceItemEntity, { code: row.cells.code, name: row.cells.name, unitId: units.get(row.cells.unitCode)! }, ['code']);
    },
  },

  windows: {
    columns: { hallCode: ['大厅编码'], number: ['窗口号', '窗口编号'], name: ['窗口名称', '名称'], unitCode: ['负责单位编码', '单位编码'], serviceItemCodes: ['事项编码', '办理事项编码'] },
    required: ['hallCode', 'number', 'name', 'unitCode'],
    async check(rows, m) {
      const errors = collect(rows, this.required, (r) => `${r.cells.hallCode}\u0000${r.cells.number}`, (row, error) => {
        if (row.cells.number && !/^[A-Za-z0-9-]{1,16}$/.test(row.cells.number)) error('number', '窗口号只能包含字母、数字和连字符（最长 16 位）');
        length(row, 'name', 100, error);
      });
      const halls = new Map((await m.find(HallEntity, { select: { id: true, code: true } })).map((h) => [h.code, h.id]));
      const units = new Set((await m.find(UnitEntity, { select: { code: true } })).map((u) => u.code));
      const items = new Set((await m.find(ServiceItemEntity, { select: { code: true } })).map((s) => s.code));
      for (const row of rows) {
        if (row.cells.hallCode && !halls.has(row.cells.hallCode)) errors.push({ line: row.line, field: 'hallCode', message: `大厅 ${row.cells.hallCode} 不存在` });
        if (row.cells.unitCode && !units.has(row.cells.unitCode)) errors.push({ line: row.line, field: 'unitCode', message: `单位 ${row.cells.unitCode} 不存在` });
        const missing = list(row.cells.serviceItemCodes).filter((c) => !items.has(c));
        if (missing.length) errors.push({ line: row.line, field: 'serviceItemCodes', message: `事项编码不存在：${missing.join('、')}` });
      }
      const existing = await m.find(WindowEntity, { select: { hallId: true, number: true } });
      const keys = new Set(existing.map((w) => `${w.hallId}\u0000${w.number}`));
      const updates = rows.filter((r) => keys.has(`${halls.get(r.cells.hallCode)}\u0000${r.cells.number}`)).length;
      return { errors, creates: rows.length - updates, updates };
    },
    async apply(rows, m) {
      const halls = new Map((await m.find(HallEntity, { select: { id: true, code: true } })).map((h) => [h.code, h.id]));
      const units = new Map((await m.find(UnitEntity, { select: { id: true, code: true } })).map((u) => [u.code, u.id]));
      for (const row of rows) {
        const hallId = halls.get(row.cells.hallCode)!;
        const window = (await m.findOne(WindowEntity, { where: { hallId, number: row.cells.number } })) ?? m.create(WindowEntity, { hallId, number: row.cells.number, scene: newScene() });
        window.name = row.cells.name;
        window.unitId = units.get(row.cells.unitCode)!;
        const codes = list(row.cells.serviceItemCodes);
        window.serviceItems = codes.length ? await m.find(ServiceItemEntity, { where: { code: In(codes) } }) : [];
        await m.save(window);
      }
    },
  },

  staff: {
    columns: {
      staffNumber: ['工号'],
      name: ['姓名'],
      unitCode: ['单位编码'],
      phone: ['手机号', '电话'],
      roles: ['角色'],
      scopeRegionCode: ['监督区划编码'],
      password: ['初始密码', '密码'],
    },
    required: ['staffNumber', 'name', 'roles'],
    async check(rows, m) {
      const roleNames = new Map<string, StaffRole>(STAFF_ROLES.flatMap((r) => [[r.role, r.role], [r.label, r.role]]));
      const errors = collect(rows, this.required, (r) => r.cells.staffNumber, (row, error) => {
        if (row.cells.staffNumber && !/^[A-Za-z0-9_-]{1,32}$/.test(row.cells.staffNumber)) error('staffNumber', '工号只能包含字母、数字、下划线和连字符（最长 32 位）');
        if (row.cells.phone && !MOBILE_NUMBER.test(row.cells.phone)) error('phone', '手机号须为 11 位大陆手机号码');
        if (row.cells.scopeRegionCode && !REGION.test(row.cells.scopeRegionCode)) error('scopeRegionCode', '监督区划编码须为 12 位数字');
        const unknown = list(row.cells.roles).filter((r) => !roleNames.has(r));
        if (unknown.length) error('roles', `未知角色：${unknown.join('、')}`);
        length(row, 'name', 50, error);
      });
      const units = new Set((await m.find(UnitEntity, { select: { code: true } })).map((u) => u.code));
      const regions = new Set((await m.find(RegionEntity, { select: { code: true } })).map((r) => r.code));
      const numbers = rows.map((r) => r.cells.staffNumber).filter(Boolean);
      const existing = new Set((numbers.length ? await m.find(StaffEntity, { where: { staffNumber: In(numbers) }, select: { staffNumber: true } }) : []).map((s) => s.staffNumber));
      for (const row of rows) {
        if (row.cells.unitCode && !units.has(row.cells.unitCode)) errors.push({ line: row.line, field: 'unitCode', message: `单位 ${row.cells.unitCode} 不存在` });
        if (REGION.test(row.cells.scopeRegionCode ?? '') && !regions.has(row.cells.scopeRegionCode)) errors.push({ line: row.line, field: 'scopeRegionCode', message: `区划 ${row.cells.scopeRegionCode} 不存在` });
        const isNew = !existing.has(row.cells.staffNumber);
        if (isNew && !row.cells.password) errors.push({ line: row.line, field: 'password', message: '新建账号须填写初始密码' });
        const problem = row.cells.password ? passwordProblem(row.cells.password) : null;
        if (problem) errors.push({ line: row.line, field: 'password', message: problem });
      }
      const updates = rows.filter((r) => existing.has(r.cells.staffNumber)).length;
      return { errors, creates: rows.length - updates, updates };
    },
    async prepare(rows, ctx) {
      const withPassword = rows.filter((row) => row.cells.password);
      const hashes = await hashPasswords(withPassword.map((row) => row.cells.password));
      ctx.passwordHashes = new Map(withPassword.map((row, i) => [row.line, hashes[i]]));
    },
    async apply(rows, m, ctx) {
      const roleNames = new Map<string, StaffRole>(STAFF_ROLES.flatMap((r) => [[r.role, r.role], [r.label, r.role]]));
      const units = new Map((await m.find(UnitEntity, { select: { id: true, code: true } })).map((u) => [u.code, u.id]));
      const changed = await ctx.staff.importIn(
        m,
        ctx.principal,
        rows.map((row) => ({
          staffNumber: row.cells.staffNumber,
          name: row.cells.name,
          unitId: row.cells.unitCode ? units.get(row.cells.unitCode)! : null,
          phone: row.cells.phone || null,
          roles: [...new Set(list(row.cells.roles).map((r) => roleNames.get(r)!))],
          scopeRegionCode: row.cells.scopeRegionCode || null,
          passwordHash: ctx.passwordHashes?.get(row.line) ?? null,
        })),
      );
      ctx.afterCommit.push(() => ctx.staff.forget(changed));
    },
  },
};
