import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import type { CitizenProfile, CitizenToken, Me, StaffProfile, TokenPair } from '@hcp/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { keyedHash } from '../../common/privacy/field-cipher.js';
import { UnitEntity } from '../catalog/entities/unit.entity.js';
import { WechatClient } from '../wechat/wechat.client.js';
import { WechatApiError } from '../wechat/wechat.errors.js';
import { CitizenEntity } from './entities/citizen.entity.js';
import { StaffDeviceEntity } from './entities/staff-device.entity.js';
import { StaffEntity } from './entities/staff.entity.js';
import { IdentityErrors } from './identity.errors.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './password.js';
import type { CitizenPrincipal, Principal, StaffPrincipal } from '../../common/authz/principal.js';
import { TokensService } from './tokens.service.js';

/** WeChat codes that mean "this code is no good" rather than "WeChat is in trouble". */
const BAD_CODE_ERRCODES = new Set([40029, 40163, 40226]);

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>,
    @InjectRepository(CitizenEntity) private readonly citizens: Repository<CitizenEntity>,
    @InjectRepository(UnitEntity) private readonly units: Repository<UnitEntity>,
    private readonly tokens: TokensService,
    private readonly throttle: LoginThrottleService,
    private readonly wechat: WechatClient,
  ) {}

  /**
   * Staff sign-in. Every attempt is counted as a failure before the password is checked (so parallel guesses cannot
   * pass the throttle together), and a throttled one is refused before any of that, for unknown and real staff
   * numbers alike (see LoginThrottleService). An unknown staff number and a wrong password take the same path (a
   * password check against a dummy hash) and get the same answer.
   */
  async login(staffNumber: string, password: string, deviceId: string | undefined, address: string | undefined): Promise<TokenPair> {
    const keys = this.throttle.keys(staffNumber, address);
    // A device this person has signed in from before is not one of the strangers an address block is for: the others
    // at a shared address (a hall's Wi-Fi) must not shut the staff out of their own desks.
    const scope = { address: !(deviceId && (await this.knownDevice(staffNumber, deviceId))) };
    const blockedUntil = await this.throttle.reserve(keys, scope);
    if (blockedUntil) throw IdentityErrors.loginThrottled(blockedUntil);
    const staff = await this.staff.findOne({ where: { staffNumber } });
    const ok = await verifyPassword(password, staff?.passwordHash ?? (await dummyPasswordHash()));
    if (!staff || !ok) throw IdentityErrors.invalidCredentials();
    await this.throttle.recordSuccess(keys, scope);
    if (!staff.active) throw IdentityErrors.inactive();
    return this.db.transaction(async (manager) => {
      if (deviceId) await manager.createQueryBuilder().insert().into(StaffDeviceEntity).values({ staffId: staff.id, deviceId }).orIgnore().execute();
      return this.tokens.issueStaffTokens(staff, manager);
    });
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.db.transaction(async (manager): Promise<TokenPair | null> => {
      const session = await this.tokens.consumeRefreshToken(refreshToken, manager);
      if (!session) return null; // committed: a replayed token has revoked its family
      const staff = await manager.getRepository(StaffEntity).findOne({ where: { id: session.staffId } });
      if (!staff || !staff.active) return null;
      return this.tokens.issueStaffTokens(staff, manager, session.sessionId);
    });
    if (!outcome) throw IdentityErrors.refreshInvalid();
    return outcome;
  }

  async logout(refreshToken: string): Promise<void> {
    await this.tokens.revokeRefreshToken(refreshToken);
  }

  /** Guesses at the current password are throttled like sign-ins: a stolen access token must not become a password. */
  async changePassword(principal: StaffPrincipal, currentPassword: string, newPassword: string, address: string | undefined): Promise<void> {
    const staff = await this.staff.findOneOrFail({ where: { id: principal.staffId } });
    const keys = this.throttle.keys(staff.staffNumber, address);
    const blockedUntil = await this.throttle.reserve(keys);
    if (blockedUntil) throw IdentityErrors.loginThrottled(blockedUntil);
    if (!(await verifyPassword(currentPassword, staff.passwordHash))) throw IdentityErrors.passwordWrong();
    await this.throttle.recordSuccess(keys);
    const problem = passwordProblem(newPassword);
    if (problem) throw IdentityErrors.passwordWeak(problem);
    const passwordHash = await hashPassword(newPassword);
    await this.db.transaction(async (manager) => {
      await manager.getRepository(StaffEntity).update({ id: staff.id }, { passwordHash, passwordChangedAt: new Date() });
      // Other sessions end (a changed password is often a suspected leak); this one goes on.
      await this.tokens.revokeAllFor(staff.id, manager, principal.sessionId);
    });
    this.tokens.forgetStaff(staff.id);
  }

  async loginWithWechat(code: string): Promise<CitizenToken> {
    const openid = await this.openidFor(code);
    const citizen = await this.upsertWechatCitizen(openid.openid, openid.unionid);
    return { ...(await this.tokens.issueCitizenToken(citizen.id)), citizen: toCitizenProfile(citizen) };
  }

  /**
   * A browser's anonymous account: the same one each time for the same device id. Creating new ones is limited per
   * network address (DEVICE_SIGNUPS_PER_IP_HOUR), or one script could mint accounts, each with a fresh rating allowance.
   */
  async loginWithDevice(deviceId: string, address: string | undefined): Promise<CitizenToken> {
    if (!(await this.citizens.exists({ where: { deviceId } }))) await this.createDevice(deviceId, address);
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

  /** True when the staff member with this number has signed in from this device before (an unknown number: false). */
  private async knownDevice(staffNumber: string, deviceId: string): Promise<boolean> {
    return this.db
      .getRepository(StaffDeviceEntity)
      .createQueryBuilder('d')
      .innerJoin(StaffEntity, 's', 's.id = d.staff_id')
      .where('s.staff_number = :staffNumber AND d.device_id = :deviceId', { staffNumber, deviceId })
      .getExists();
  }

  private async createDevice(deviceId: string, address: string | undefined): Promise<void> {
    const signupIpHash = address ? keyedHash(address, this.config.privacy.dataKey) : null;
    await this.db.transaction(async (m) => {
      if (signupIpHash) {
        // Serialised per address, so parallel sign-ups cannot all pass the count.
        await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`device-signup:${signupIpHash}`]);
        const recent = await m
          .createQueryBuilder(CitizenEntity, 'c')
          .where("c.signup_ip_hash = :signupIpHash AND c.created_at > now() - interval '1 hour'", { signupIpHash })
          .getCount();
        if (recent >= this.config.identity.deviceSignupsPerIpHour) throw IdentityErrors.signupThrottled();
      }
      await m.createQueryBuilder().insert().into(CitizenEntity).values({ kind: 'device', deviceId, signupIpHash }).orIgnore().execute();
    });
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
