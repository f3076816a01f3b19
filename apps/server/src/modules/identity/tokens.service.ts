import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import type { TokenPair } from '@hcp/contracts';
import { RefreshTokenEntity } from './entities/refresh-token.entity.js';
import type { StaffEntity } from './entities/staff.entity.js';
import type { CitizenPrincipal, Principal, StaffPrincipal } from './principal.js';
import { IdentityErrors } from './identity.errors.js';

/** Staff access tokens are short-lived; the refresh token (30 days, rotated on use) keeps a shift signed in. */
export const STAFF_ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_SECONDS = 30 * 24 * 3600;
/** Citizens have no refresh token: signing in again is one silent wx.login (or the device id) away. */
export const CITIZEN_ACCESS_TTL_SECONDS = 30 * 24 * 3600;

interface TokenClaims {
  sub: string;
  knd: 'staff' | 'citizen';
  rol?: StaffPrincipal['roles'];
  uni?: string | null;
  reg?: string | null;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    @InjectRepository(RefreshTokenEntity) private readonly refreshTokens: Repository<RefreshTokenEntity>,
  ) {}

  async issueStaffTokens(staff: StaffEntity, manager?: EntityManager): Promise<TokenPair> {
    const claims: TokenClaims = { sub: staff.id, knd: 'staff', rol: staff.roles, uni: staff.unitId, reg: staff.scopeRegionCode };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: STAFF_ACCESS_TTL_SECONDS });
    const refreshToken = randomBytes(32).toString('base64url');
    const repo = manager ? manager.getRepository(RefreshTokenEntity) : this.refreshTokens;
    await repo.insert({ staffId: staff.id, tokenHash: sha256(refreshToken), expiresAt: new Date(Date.now() + REFRESH_TTL_SECONDS * 1000) });
    return { accessToken, refreshToken, expiresIn: STAFF_ACCESS_TTL_SECONDS };
  }

  async issueCitizenToken(citizenId: string): Promise<{ accessToken: string; expiresIn: number }> {
    const claims: TokenClaims = { sub: citizenId, knd: 'citizen' };
    return { accessToken: await this.jwt.signAsync(claims, { expiresIn: CITIZEN_ACCESS_TTL_SECONDS }), expiresIn: CITIZEN_ACCESS_TTL_SECONDS };
  }

  async verifyAccessToken(token: string): Promise<Principal> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims & object>(token);
    } catch {
      throw IdentityErrors.tokenInvalid();
    }
    if (claims.knd === 'citizen') return { kind: 'citizen', citizenId: claims.sub } satisfies CitizenPrincipal;
    if (claims.knd === 'staff') {
      return { kind: 'staff', staffId: claims.sub, roles: claims.rol ?? [], unitId: claims.uni ?? null, scopeRegionCode: claims.reg ?? null };
    }
    throw IdentityErrors.tokenInvalid();
  }

  /**
   * Consumes a refresh token and returns the staff id it belonged to, or null when it is no good. A token used
   * twice means it leaked: every refresh token of that staff member is revoked (the caller commits that).
   */
  async consumeRefreshToken(token: string, manager: EntityManager): Promise<string | null> {
    const repo = manager.getRepository(RefreshTokenEntity);
    const found = await repo.findOne({ where: { tokenHash: sha256(token) }, lock: { mode: 'pessimistic_write' } });
    if (!found || found.expiresAt.getTime() <= Date.now()) return null;
    if (found.revokedAt) {
      await repo.update({ staffId: found.staffId, revokedAt: IsNull() }, { revokedAt: new Date() });
      return null;
    }
    await repo.update({ id: found.id }, { revokedAt: new Date() });
    return found.staffId;
  }

  async revokeAllFor(staffId: string, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(RefreshTokenEntity) : this.refreshTokens;
    await repo.update({ staffId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeRefreshToken(token: string): Promise<void> {
    await this.refreshTokens.update({ tokenHash: sha256(token), revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
