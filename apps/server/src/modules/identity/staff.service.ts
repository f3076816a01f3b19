import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import type { Paged, Staff, StaffRole } from '@hcp/contracts';
import { translateWriteError } from '../../common/database-errors.js';
import { maskPhone } from '../../common/privacy/field-cipher.js';
import { page, type PageQueryDto } from '../../common/http/paging.js';
import { definedOnly, isEmpty } from '../../common/objects.js';
import { CatalogErrors } from '../catalog/catalog.errors.js';
import { UNIT_ADMIN_GRANTABLE, assertManagesUnit } from '../catalog/catalog.permissions.js';
import { scopeClause } from '../catalog/catalog.scope.js';
import { UnitEntity } from '../catalog/entities/unit.entity.js';
import { StaffEntity } from './entities/staff.entity.js';
import { IdentityErrors } from './identity.errors.js';
import { hashPassword, passwordProblem } from './password.js';
import { isSystemAdmin, visibilityOf, type Principal } from './principal.js';
import { TokensService } from './tokens.service.js';
import type { CreateStaffDto, UpdateStaffDto } from './dto/staff.dto.js';

@Injectable()
export class StaffService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>,
    private readonly tokens: TokensService,
  ) {}

  private scoped(principal: Principal) {
    const qb = this.staff.createQueryBuilder('s').leftJoin(UnitEntity, 'u', 'u.id = s.unit_id');
    const scope = scopeClause(visibilityOf(principal), { unit: 's.unit_id = :scopeUnitId', regions: ['u.region_code'] });
    if (scope) qb.where(scope.sql, scope.params);
    return qb;
  }

  /** Staff phones are shown whole only to those who administer the person. */
  private toStaff(principal: Principal, e: StaffEntity): Staff {
    const administers = isSystemAdmin(principal) || (principal.kind === 'staff' && principal.roles.includes('unit_admin') && principal.unitId === e.unitId);
    return {
      id: e.id,
      staffNumber: e.staffNumber,
      name: e.name,
      unitId: e.unitId,
      phone: administers ? e.phone : maskPhone(e.phone),
      roles: e.roles,
      scopeRegionCode: e.scopeRegionCode,
      active: e.active,
      locked: e.lockedUntil !== null && e.lockedUntil.getTime() > Date.now(),
    };
  }

  list(principal: Principal, query: PageQueryDto): Promise<Paged<Staff>> {
    return page(this.scoped(principal), query, { searchColumns: ['s.name', 's.staff_number'], activeColumn: 's.active', orderBy: 's.staff_number', map: (e) => this.toStaff(principal, e) });
  }

  async findVisible(principal: Principal, id: string): Promise<StaffEntity> {
    const staff = await this.scoped(principal).andWhere('s.id = :id', { id }).getOne();
    if (!staff) throw CatalogErrors.notFound('工作人员');
    return staff;
  }

  async get(principal: Principal, id: string): Promise<Staff> {
    return this.toStaff(principal, await this.findVisible(principal, id));
  }

  async create(principal: Principal, dto: CreateStaffDto): Promise<Staff> {
    this.assertMayAssign(principal, dto.unitId ?? null, dto.roles, dto.scopeRegionCode ?? null);
    const problem = passwordProblem(dto.password);
    if (problem) throw IdentityErrors.passwordWeak(problem);
    const { identifiers } = await this.staff
      .insert({
        staffNumber: dto.staffNumber,
        name: dto.name,
        unitId: dto.unitId ?? null,
        phone: dto.phone ?? null,
        roles: [...new Set(dto.roles)],
        scopeRegionCode: dto.scopeRegionCode ?? null,
        passwordHash: await hashPassword(dto.password),
      })
      .catch((e) => translateWriteError(e, '工号'));
    return this.get(principal, identifiers[0].id as string);
  }

  async update(principal: Principal, id: string, dto: UpdateStaffDto): Promise<Staff> {
    const current = await this.findVisible(principal, id);
    assertManagesUnit(principal, current.unitId);
    const unitId = dto.unitId === undefined ? current.unitId : dto.unitId;
    this.assertMayAssign(principal, unitId, dto.roles ?? current.roles, dto.scopeRegionCode === undefined ? current.scopeRegionCode : dto.scopeRegionCode);
    const changes = definedOnly({ name: dto.name, unitId: dto.unitId, phone: dto.phone, roles: dto.roles && [...new Set(dto.roles)], scopeRegionCode: dto.scopeRegionCode });
    if (!isEmpty(changes)) await this.staff.update({ id }, changes).catch((e) => translateWriteError(e, '工作人员'));
    return this.get(principal, id);
  }

  async setActive(principal: Principal, id: string, active: boolean): Promise<Staff> {
    const current = await this.findVisible(principal, id);
    assertManagesUnit(principal, current.unitId);
    await this.db.transaction(async (manager) => {
      await manager.update(StaffEntity, { id }, { active });
      if (!active) await this.tokens.revokeAllFor(id, manager);
    });
    return this.get(principal, id);
  }

  /** Sets a new password (the person changes it at next convenience), lifts a lockout, ends their sessions. */
  async resetPassword(principal: Principal, id: string, newPassword: string): Promise<Staff> {
    const current = await this.findVisible(principal, id);
    assertManagesUnit(principal, current.unitId);
    const problem = passwordProblem(newPassword);
    if (problem) throw IdentityErrors.passwordWeak(problem);
    const passwordHash = await hashPassword(newPassword);
    await this.db.transaction(async (manager) => {
      await manager.update(StaffEntity, { id }, { passwordHash, failedLogins: 0, lockedUntil: null, passwordChangedAt: null });
      await this.tokens.revokeAllFor(id, manager);
    });
    return this.get(principal, id);
  }

  private assertMayAssign(principal: Principal, unitId: string | null, roles: StaffRole[], scopeRegionCode: string | null): void {
    if (isSystemAdmin(principal)) return;
    assertManagesUnit(principal, unitId);
    if (roles.some((r) => !UNIT_ADMIN_GRANTABLE.includes(r)) || scopeRegionCode !== null) throw CatalogErrors.outOfScope();
  }
}
