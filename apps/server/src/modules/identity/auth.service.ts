import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import type { CitizenProfile, CitizenToken, Me, StaffProfile, TokenPair } from '@hcp/contracts';
import { UnitEntity } from '../catalog/entities/unit.entity.js';
import { WechatClient } from '../wechat/wechat.client.js';
import { WechatApiError } from '../wechat/wechat.errors.js';
import { CitizenEntity } from './entities/citizen.entity.js';
import { StaffDeviceEntity } from './entities/staff-device.entity.js';
import { StaffEntity } from './entities/staff.entity.js';
import type { AppException } from '../../common/errors/app-exception.js';
import { IdentityErrors } from './identity.errors.js';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './password.js';
import type { CitizenPrincipal, Principal, StaffPrincipal } from './principal.js';
import { TokensService } from './tokens.service.js';

/** Five wrong passwords in a row lock the account for fifteen minutes. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

/** WeChat codes that mean "this code is no good" rather than "WeChat is in trouble". */
const BAD_CODE_ERRCODES = new Set([40029, 40163, 40226]);

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>,
    @InjectRepository(CitizenEntity) private readonly citizens: Repository<CitizenEntity>,
    @InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>,
    private readonly tokens: TokensService,
    private readonly wechat: WechatClient,
  ) {}

  async login(staffNumber: string, password: string, deviceId?: string): Promise<TokenPair> {
    const staff = await this.staff.findOne({ where: { staffNumber } });
    if (!staff) {
      await verifyPassword(password, await dummyPasswordHash());
      throw IdentityErrors.invalidCredentials();
    }
    if (staff.lockedUntil && staff.lockedUntil.getTime() > Date.now()) throw IdentityErrors.locked(staff.lockedUntil);
    const ok = await verifyPassword(password, staff.passwordHash);
    // The outcome is decided inside the transaction but thrown after it, so a failed attempt's count is committed.
    const outcome = await this.db.transaction(async (manager): Promise<TokenPair | { refused: AppException }> => {
      const repo = manager.getRepository(StaffEntity);
      const current = await repo.findOneOrFail({ where: { id: staff.id }, lock: { mode: 'pessimistic_write' } });
      if (current.lockedUntil && current.lockedUntil.getTime() > Date.now()) return { refused: IdentityErrors.locked(current.lockedUntil) };
      if (!ok) {
        const failed = current.failedLogins + 1;
        const lockedUntil = failed >= MAX_FAILED_LOGINS ? new Date(Date.now() + LOCK_MINUTES * 60_000) : null;
        await repo.update({ id: current.id }, { failedLogins: lockedUntil ? 0 : failed, lockedUntil });
        return { refused: lockedUntil ? IdentityErrors.locked(lockedUntil) : IdentityErrors.invalidCredentials() };
      }
      if (!current.active) return { refused: IdentityErrors.inactive() };
      await repo.update({ id: current.id }, { failedLogins: 0, lockedUntil: null });
      if (deviceId) await manager.createQueryBuilder().insert().into(StaffDeviceEntity).values({ staffId: current.id, deviceId }).orIgnore().execute();
      return this.tokens.issueStaffTokens(current, manager);
    });
    if ('refused' in outcome) throw outcome.refused;
    return outcome;
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.db.transaction(async (manager): Promise<TokenPair | null> => {
      const staffId = await this.tokens.consumeRefreshToken(refreshToken, manager);
      if (!staffId) return null; // committed: a replayed token has revoked its family
      const staff = await manager.getRepository(StaffEntity).findOne({ where: { id: staffId } });
      if (!staff || !staff.active) return null;
      return this.tokens.issueStaffTokens(staff, manager);
    });
    if (!outcome) throw IdentityErrors.refreshInvalid();
    return outcome;
  }

  async logout(refreshToken: string): Promise<void> {
    await this.tokens.revokeRefreshToken(refreshToken);
  }

  async changePassword(principal: StaffPrincipal, currentPassword: string, newPassword: string): Promise<void> {
    const staff = await this.staff.findOneOrFail({ where: { id: principal.staffId } });
    if (!(await verifyPassword(currentPassword, staff.passwordHash))) throw IdentityErrors.passwordWrong();
    const problem = passwordProblem(newPassword);
    if (problem) throw IdentityErrors.passwordWeak(problem);
    const passwordHash = await hashPassword(newPassword);
    await this.db.transaction(async (manager) => {
      await manager.getRepository(StaffEntity).update({ id: staff.id }, { passwordHash, passwordChangedAt: new Date() });
      // Other sessions end: a changed password is often a suspected leak.
      await this.tokens.revokeAllFor(staff.id, manager);
    });
  }

  async loginWithWechat(code: string): Promise<CitizenToken> {
    const openid = await this.openidFor(code);
    const citizen = await this.upsertWechatCitizen(openid.openid, openid.unionid);
    return { ...(await this.tokens.issueCitizenToken(citizen.id)), citizen: toCitizenProfile(citizen) };
  }

  async loginWithDevice(deviceId: string): Promise<CitizenToken> {
    await this.citizens
      .createQueryBuilder()
      .insert()
      .values({ kind: 'device', deviceId })
      .orIgnore()
      .execute();
    const device = await this.citizens.findOneOrFail({ where: { deviceId } });
    // A device already linked to WeChat signs in as the WeChat account.
    const citizen = device.mergedIntoId ? await this.citizens.findOneOrFail({ where: { id: device.mergedIntoId } }) : device;
    await this.citizens.update({ id: citizen.id }, { lastSeenAt: new Date() });
    return { ...(await this.tokens.issueCitizenToken(citizen.id)), citizen: toCitizenProfile(citizen) };
  }

  /**
   * Links the calling device account to a WeChat account (created if new). The device then signs in as the WeChat
   * account; what the device owned (ratings, in later modules) is re-pointed by listeners of the merge.
   */
  async linkWechat(principal: CitizenPrincipal, code: string): Promise<CitizenToken> {
    const { openid, unionid } = await this.openidFor(code);
    const wechatCitizen = await this.upsertWechatCitizen(openid, unionid);
    const device = await this.citizens.findOneOrFail({ where: { id: principal.citizenId } });
    if (device.kind === 'device' && device.id !== wechatCitizen.id) {
      await this.citizens.update({ id: device.id }, { mergedIntoId: wechatCitizen.id });
    }
    return { ...(await this.tokens.issueCitizenToken(wechatCitizen.id)), citizen: toCitizenProfile(wechatCitizen) };
  }

  async me(principal: Principal): Promise<Me> {
    if (principal.kind === 'citizen') {
      const citizen = await this.citizens.findOneOrFail({ where: { id: principal.citizenId } });
      return { kind: 'citizen', citizen: toCitizenProfile(citizen) };
    }
    const staff = await this.staff.findOneOrFail({ where: { id: principal.staffId } });
    const unit = staff.unitId ? await this.units.findOne({ where: { id: staff.unitId } }) : null;
    return { kind: 'staff', staff: toStaffProfile(staff, unit) };
  }

  private async openidFor(code: string): Promise<{ openid: string; unionid?: string }> {
    if (!this.wechat.isConfigured) throw IdentityErrors.wechatNotConfigured();
    try {
      const session = await this.wechat.code2Session(code);
      return { openid: session.openid, unionid: session.unionid };
    } catch (error) {
      if (error instanceof WechatApiError && BAD_CODE_ERRCODES.has(error.errcode)) throw IdentityErrors.wechatCodeInvalid();
      throw IdentityErrors.wechatUnavailable();
    }
  }

  private async upsertWechatCitizen(openid: string, unionid: string | undefined): Promise<CitizenEntity> {
    await this.citizens
      .createQueryBuilder()
      .insert()
      .values({ kind: 'wechat', openid, unionid: unionid ?? null })
      .orIgnore()
      .execute();
    const citizen = await this.citizens.findOneOrFail({ where: { openid } });
    await this.citizens.update({ id: citizen.id }, { lastSeenAt: new Date(), ...(unionid ? { unionid } : {}) });
    return citizen;
  }
}

export function toCitizenProfile(citizen: CitizenEntity): CitizenProfile {
  return { id: citizen.id, kind: citizen.kind, wechatLinked: citizen.kind === 'wechat' };
}

export function toStaffProfile(staff: StaffEntity, unit: UnitEntity | null): StaffProfile {
  return {
    id: staff.id,
    staffNumber: staff.staffNumber,
    name: staff.name,
    roles: staff.roles,
    unit: unit ? { id: unit.id, name: unit.name } : null,
    scopeRegionCode: staff.scopeRegionCode,
  };
}
