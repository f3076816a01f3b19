import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager, type Repository } from 'typeorm';
import type { Paged, Staff, StaffRole } from '@hcp/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { translateWriteError } from '../../common/database-errors.js';
import { definedOnly, isEmpty } from '../../common/objects.js';
import { decryptField } from '../../common/privacy/field-cipher.js';
import { page, type PageQueryDto } from '../../common/http/paging.js';
import { AccessErrors } from '../../common/authz/access-errors.js';
import { UNIT_ADMIN_GRANTABLE, assertManagesUnit, managesUnit } from '../../common/authz/permissions.js';
import { scopeClause } from '../../common/authz/scope.js';
import { UnitEntity } from '../catalog/entities/unit.entity.js';
import { StaffEntity } from './entities/staff.entity.js';
import { IdentityErrors } from './identity.errors.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { staffPhoneColumns } from './staff-phone.js';
import { hashPassword, passwordProblem } from './password.js';
import { isSystemAdmin, visibilityOf, type Principal } from '../../common/authz/principal.js';
import { TokensService } from './tokens.service.js';
import { StaffLifecycle } from '../../common/lifecycle/staff-lifecycle.js';
import type { CreateStaffDto, UpdateStaffDto } from './dto/staff.dto.js';

/** What an account is made of, as an administrator (or an import row) gives it. */
export interface StaffFields {
  name?: string;
  unitId?: string | null;
  phone?: string | null;
  roles?: StaffRole[];
  scopeRegionCode?: string | null;
}

/** One row of a staff import: the account to create or bring up to date. */
export interface ImportedStaff extends Required<Omit<StaffFields, 'phone'>> {
  staffNumber: string;
  phone: string | null;
  /**
   * The hash of the row's password, made before the import's transaction (hashing takes tens of milliseconds a row):
   * set for a new account; for an existing one, a new password (its sessions end, its sign-in blocks lift).
   */
  passwordHash: string | null;
}

/**
 * Staff accounts. The one rule for acting on an account: nobody may change, deactivate, activate or reset the password
 * of an account that holds a role they could not grant themselves (a unit administrator grants window_staff,
 * case_handler and unit_admin within the unit; only a system administrator grants the rest or a supervisor's region).
 * The HTTP routes and the staff import both go through the `…In` methods here, so the rule holds for both.
 */
@Injectable()
export class StaffService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>,
    private readonly tokens: TokensService,
    private readonly throttle: LoginThrottleService,
    private readonly lifecycle: StaffLifecycle,
  ) {}

  private scoped(principal: Principal) {
    const qb = this.staff.createQueryBuilder('s').leftJoin(UnitEntity, 'u', 'u.id = s.unit_id');
    const scope = scopeClause(visibilityOf(principal), { unit: 's.unit_id = :scopeUnitId', regions: ['u.region_code'] });
    if (scope) qb.where(scope.sql, scope.params);
    return qb;
  }

  /** Staff phones are shown whole only to those who may manage the person (the rule of `assertMayManage`). */
  private toStaff(principal: Principal, e: StaffEntity, blocked: Set<string>): Staff {
    const administers = this.mayManage(principal, e);
    return {
      id: e.id,
      staffNumber: e.staffNumber,
      name: e.name,
      unitId: e.unitId,
      phone: administers && e.phoneEnc ? decryptField(e.phoneEnc, this.config.privacy.dataKey) : e.phoneMasked,
      roles: e.roles,
      scopeRegionCode: e.scopeRegionCode,
      active: e.active,
      locked: blocked.has(e.staffNumber),
    };
  }

  private async toStaffList(principal: Principal, entities: StaffEntity[]): Promise<Staff[]> {
    const blocked = await this.throttle.blockedAccounts(entities.map((e) => e.staffNumber));
    return entities.map((e) => this.toStaff(principal, e, blocked));
  }

  async list(principal: Principal, query: PageQueryDto): Promise<Paged<Staff>> {
    const found = await page(this.scoped(principal), query, { searchColumns: ['s.name', 's.staff_number'], activeColumn: 's.active', orderBy: 's.staff_number', map: (e) => e });
    return { total: found.total, items: await this.toStaffList(principal, found.items) };
  }

  async findVisible(principal: Principal, id: string): Promise<StaffEntity> {
    const staff = await this.scoped(principal).andWhere('s.id = :id', { id }).getOne();
    if (!staff) throw AccessErrors.notFound('工作人员');
    return staff;
  }

  async get(principal: Principal, id: string): Promise<Staff> {
    const [staff] = await this.toStaffList(principal, [await this.findVisible(principal, id)]);
    return staff;
  }

  async create(principal: Principal, dto: CreateStaffDto): Promise<Staff> {
    this.assertMayAssign(principal, dto.unitId ?? null, dto.roles, dto.scopeRegionCode ?? null);
    const passwordHash = await hashChecked(dto.password);
    const id = await this.db.transaction((m) => this.createIn(m, principal, dto.staffNumber, dto, passwordHash));
    return this.get(principal, id);
  }

  async update(principal: Principal, id: string, dto: UpdateStaffDto): Promise<Staff> {
    const current = await this.findVisible(principal, id);
    await this.db.transaction((m) => this.updateIn(m, principal, current, dto));
    this.tokens.forgetStaff(id);
    return this.get(principal, id);
  }

  async setActive(principal: Principal, id: string, active: boolean): Promise<Staff> {
    const current = await this.findVisible(principal, id);
    this.assertMayManage(principal, current);
    if (!active && principal.kind === 'staff' && principal.staffId === id) throw IdentityErrors.notOnYourself('不能停用自己的账号');
    await this.db.transaction(async (manager) => {
      await manager.update(StaffEntity, { id }, { active });
      if (active) return;
      await this.tokens.revokeAllFor(id, manager);
      // Off duty, and their open cases back in the unit's queue: nobody is credited or waited for in their name.
      await this.lifecycle.leftUnit(manager, id);
    });
    this.tokens.forgetStaff(id);
    return this.get(principal, id);
  }

  /** Sets a new password (the person changes it at next convenience), lifts sign-in blocks, ends their sessions. */
  async resetPassword(principal: Principal, id: string, newPassword: string): Promise<Staff> {
    const current = await this.findVisible(principal, id);
    this.refuseOwnPasswordReset(principal, id);
    this.assertMayManage(principal, current);
    const passwordHash = await hashChecked(newPassword);
    await this.db.transaction((m) => this.setPasswordIn(m, principal, current, passwordHash));
    this.tokens.forgetStaff(id);
    return this.get(principal, id);
  }

  /**
   * Writes the rows of a staff import inside the import's transaction, each through the same rules as the routes.
   * Returns the ids of the accounts that changed, to be forgotten by the token cache once the import committed.
   */
  async importIn(m: EntityManager, principal: Principal, rows: ImportedStaff[]): Promise<string[]> {
    const numbers = rows.map((r) => r.staffNumber);
    const loaded = numbers.length ? await m.find(StaffEntity, { where: { staffNumber: In(numbers) } }) : [];
    const byNumber = new Map(loaded.map((s) => [s.staffNumber, s]));
    const changed: string[] = [];
    for (const row of rows) {
      const existing = byNumber.get(row.staffNumber);
      if (!existing) {
        if (!row.passwordHash) throw IdentityErrors.passwordWeak(passwordProblem('') ?? '');
        changed.push(await this.createIn(m, principal, row.staffNumber, row, row.passwordHash));
        continue;
      }
      // The route's rule: one's own password is changed with the current one, not set by an administrator's file.
      if (row.passwordHash) this.refuseOwnPasswordReset(principal, existing.id);
      await this.updateIn(m, principal, existing, row);
      if (row.passwordHash) await this.setPasswordIn(m, principal, { ...existing, unitId: row.unitId, roles: row.roles, scopeRegionCode: row.scopeRegionCode }, row.passwordHash);
      changed.push(existing.id);
    }
    return changed;
  }

  /** Drops cached session state after a committed change (e.g. an import). */
  forget(ids: string[]): void {
    for (const id of ids) this.tokens.forgetStaff(id);
  }

  /** `passwordHash` is made before the transaction (`hashChecked`, or the import's own hashing): never inside one. */
  private async createIn(m: EntityManager, principal: Principal, staffNumber: string, fields: StaffFields & { roles: StaffRole[]; name: string }, passwordHash: string): Promise<string> {
    this.assertMayAssign(principal, fields.unitId ?? null, fields.roles, fields.scopeRegionCode ?? null);
    const { identifiers } = await m
      .insert(StaffEntity, {
        staffNumber,
        name: fields.name,
        unitId: fields.unitId ?? null,
        ...this.phoneColumns(fields.phone ?? null),
        roles: [...new Set(fields.roles)],
        scopeRegionCode: fields.scopeRegionCode ?? null,
        passwordHash,
      })
      .catch((e) => translateWriteError(e, '工号'));
    return identifiers[0].id as string;
  }

  private async updateIn(m: EntityManager, principal: Principal, current: StaffEntity, fields: StaffFields): Promise<void> {
    this.assertMayManage(principal, current);
    const unitId = fields.unitId === undefined ? current.unitId : fields.unitId;
    const roles = fields.roles ?? current.roles;
    const scopeRegionCode = fields.scopeRegionCode === undefined ? current.scopeRegionCode : fields.scopeRegionCode;
    this.assertMayAssign(principal, unitId, roles, scopeRegionCode);
    const changes: Partial<StaffEntity> = definedOnly({
      name: fields.name,
      unitId: fields.unitId,
      roles: fields.roles && [...new Set(fields.roles)],
      scopeRegionCode: fields.scopeRegionCode,
      ...(fields.phone === undefined ? {} : this.phoneColumns(fields.phone)),
    });
    if (!isEmpty(changes)) await m.update(StaffEntity, { id: current.id }, changes).catch((e) => translateWriteError(e, '工作人员'));
    if (unitId !== current.unitId) await this.lifecycle.leftUnit(m, current.id);
  }

  private async setPasswordIn(m: EntityManager, principal: Principal, current: StaffEntity, passwordHash: string): Promise<void> {
    this.assertMayManage(principal, current);
    await m.update(StaffEntity, { id: current.id }, { passwordHash, passwordChangedAt: null });
    await this.tokens.revokeAllFor(current.id, m);
    await this.throttle.clearAccount(current.staffNumber, m);
  }

  private refuseOwnPasswordReset(principal: Principal, id: string): void {
    if (principal.kind === 'staff' && principal.staffId === id) throw IdentityErrors.notOnYourself('请通过“修改密码”更改自己的密码');
  }

  private phoneColumns(phone: string | null): Pick<StaffEntity, 'phoneEnc' | 'phoneMasked' | 'phoneHash'> {
    return staffPhoneColumns(phone, this.config.privacy.dataKey);
  }

  /**
   * The caller may act on this account only if they could have given it everything it holds: a system administrator,
   * or an administrator of the account's unit when the account holds only roles such an administrator grants.
   */
  private mayManage(principal: Principal, target: Pick<StaffEntity, 'unitId' | 'roles' | 'scopeRegionCode'>): boolean {
    return isSystemAdmin(principal) || (managesUnit(principal, target.unitId) && this.grantable(target.roles, target.scopeRegionCode));
  }

  /** `mayManage`, answered with why not: another unit's account is out of scope, a higher one outranks the caller. */
  private assertMayManage(principal: Principal, target: Pick<StaffEntity, 'unitId' | 'roles' | 'scopeRegionCode'>): void {
    if (this.mayManage(principal, target)) return;
    assertManagesUnit(principal, target.unitId);
    throw IdentityErrors.outranked();
  }

  private assertMayAssign(principal: Principal, unitId: string | null, roles: StaffRole[], scopeRegionCode: string | null): void {
    if (isSystemAdmin(principal)) return;
    assertManagesUnit(principal, unitId);
    if (!this.grantable(roles, scopeRegionCode)) throw AccessErrors.outOfScope();
  }

  private grantable(roles: StaffRole[], scopeRegionCode: string | null): boolean {
    return roles.every((r) => UNIT_ADMIN_GRANTABLE.includes(r)) && scopeRegionCode === null;
  }
}

/**
 * The hash of an acceptable password, made outside any transaction: scrypt takes tens of milliseconds, and a
 * transaction held open meanwhile holds its row locks and a pooled connection.
 */
async function hashChecked(password: string): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw IdentityErrors.passwordWeak(problem);
  return hashPassword(password);
}
