import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, Not, type EntityManager, type Repository } from 'typeorm';
import type { StaffRole, TokenPair } from '@hcp/contracts';
import { RefreshTokenEntity } from './entities/refresh-token.entity.js';
import type { StaffEntity } from './entities/staff.entity.js';
import type { CitizenPrincipal, Principal, StaffPrincipal } from '../../common/authz/principal.js';
import { IdentityErrors } from './identity.errors.js';

/** Staff access tokens are short-lived; the refresh token (30 days, rotated on use) keeps a shift signed in. */
export const STAFF_ACCESS_TTL_SECONDS = 15 * 60;
export const REFRESH_TTL_SECONDS = 30 * 24 * 3600;
/**
 * How long after a refresh token was exchanged a second use of it is taken for the same client's second request in
 * flight (refused, nothing else) rather than for a copy (every session of the person ends).
 */
export const REFRESH_REPLAY_GRACE_MS = 30_000;
/** Citizens have no refresh token: signing in again is one silent wx.login (or the device id) away. */
export const CITIZEN_ACCESS_TTL_SECONDS = 30 * 24 * 3600;
/**
 * How long a staff member's account and session state is trusted without asking the database again. Changes made
 * through this server instance take effect at once (the entry is dropped); another instance sees them within this time.
 */
export const STAFF_STATE_CACHE_MS = 5_000;
const STAFF_STATE_CACHE_MAX = 10_000;

interface TokenClaims {
  sub: string;
  knd: 'staff' | 'citizen';
  /** The sign-in session (staff): its refresh tokens share this id. */
  sid?: string;
}

/** What a staff request is judged by: the account as it is now, not as it was when the token was signed. */
interface StaffState {
  staffId: string;
  active: boolean;
  sessionLive: boolean;
  roles: StaffRole[];
  unitId: string | null;
  scopeRegionCode: string | null;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

@Injectable()
export class TokensService {
  private readonly states = new Map<string, { at: number; state: StaffState | null }>();

  constructor(
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(RefreshTokenEntity) private readonly refreshTokens: Repository<RefreshTokenEntity>,
  ) {}

  /** A token pair for a new sign-in, or (with `sessionId`) the next pair of an existing session. */
  async issueStaffTokens(staff: StaffEntity, manager?: EntityManager, sessionId: string = randomUUID()): Promise<TokenPair> {
    const claims: TokenClaims = { sub: staff.id, knd: 'staff', sid: sessionId };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: STAFF_ACCESS_TTL_SECONDS });
    const refreshToken = randomBytes(32).toString('base64url');
    const repo = manager ? manager.getRepository(RefreshTokenEntity) : this.refreshTokens;
    await repo.insert({ staffId: staff.id, sessionId, tokenHash: sha256(refreshToken), expiresAt: new Date(Date.now() + REFRESH_TTL_SECONDS * 1000) });
    return { accessToken, refreshToken, expiresIn: STAFF_ACCESS_TTL_SECONDS };
  }

  async issueCitizenToken(citizenId: string): Promise<{ accessToken: string; expiresIn: number }> {
    const claims: TokenClaims = { sub: citizenId, knd: 'citizen' };
    return { accessToken: await this.jwt.signAsync(claims, { expiresIn: CITIZEN_ACCESS_TTL_SECONDS }), expiresIn: CITIZEN_ACCESS_TTL_SECONDS };
  }

  /**
   * The caller behind an access token. A staff token is honoured only while its account is active and its session
   * has not ended (logout, password change or reset, deactivation, a replayed refresh token); roles, unit and region
   * are the account's current ones, so a change takes effect without signing in again.
   */
  async verifyAccessToken(token: string): Promise<Principal> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims & object>(token);
    } catch {
      throw IdentityErrors.tokenInvalid();
    }
    if (claims.knd === 'citizen') return { kind: 'citizen', citizenId: claims.sub } satisfies CitizenPrincipal;
    if (claims.knd !== 'staff' || typeof claims.sid !== 'string') throw IdentityErrors.tokenInvalid();
    const state = await this.staffState(claims.sub, claims.sid);
    if (!state) throw IdentityErrors.tokenInvalid();
    if (!state.active) throw IdentityErrors.inactive();
    if (!state.sessionLive) throw IdentityErrors.tokenInvalid();
    return { kind: 'staff', staffId: state.staffId, sessionId: claims.sid, roles: state.roles, unitId: state.unitId, scopeRegionCode: state.scopeRegionCode } satisfies StaffPrincipal;
  }

  private async staffState(staffId: string, sessionId: string): Promise<StaffState | null> {
    const key = `${staffId}:${sessionId}`;
    const cached = this.states.get(key);
    if (cached && Date.now() - cached.at < STAFF_STATE_CACHE_MS) return cached.state;
    const rows: { active: boolean; roles: StaffRole[]; unit_id: string | null; scope_region_code: string | null; live: boolean }[] = await this.db.query(
      `SELECT s.active, s.roles, s.unit_id, s.scope_region_code,
              EXISTS (SELECT 1 FROM refresh_token r
                       WHERE r.session_id = $2 AND r.staff_id = s.id AND r.revoked_at IS NULL AND r.expires_at > now()) AS live
         FROM staff s WHERE s.id = $1`,
      [staffId, sessionId],
    );
    const row = rows[0];
    const state: StaffState | null = row
      ? { staffId, active: row.active, sessionLive: row.live, roles: row.roles, unitId: row.unit_id, scopeRegionCode: row.scope_region_code }
      : null;
    if (this.states.size >= STAFF_STATE_CACHE_MAX) this.states.delete(this.states.keys().next().value as string);
    this.states.delete(key);
    this.states.set(key, { at: Date.now(), state });
    return state;
  }

  /** Drops what this instance remembers of a staff member's sessions: call after committing a change to them. */
  forgetStaff(staffId: string): void {
    for (const key of this.states.keys()) if (key.startsWith(`${staffId}:`)) this.states.delete(key);
  }

  /**
   * Consumes a refresh token and returns whose session it continues, or null when it is no good. A token presented
   * again after it was exchanged means it leaked: every refresh token of that staff member is revoked (the caller
   * commits that). Within REFRESH_REPLAY_GRACE_MS of the exchange it is only refused: that is a client sending two
   * refreshes at once (two tabs, a retry after a lost answer), and the one that won must keep its new pair. A token that
   * merely ended (logout, another session's password change) is just refused.
   */
  async consumeRefreshToken(token: string, manager: EntityManager): Promise<{ staffId: string; sessionId: string } | null> {
    const repo = manager.getRepository(RefreshTokenEntity);
    const found = await repo.findOne({ where: { tokenHash: sha256(token) }, lock: { mode: 'pessimistic_write' } });
    if (!found || found.expiresAt.getTime() <= Date.now()) return null;
    if (found.revokedAt) {
      const replayedLate = Date.now() - found.revokedAt.getTime() > REFRESH_REPLAY_GRACE_MS;
      if (found.rotated && replayedLate) await repo.update({ staffId: found.staffId, revokedAt: IsNull() }, { revokedAt: new Date() });
      return null;
    }
    await repo.update({ id: found.id }, { revokedAt: new Date(), rotated: true });
    return { staffId: found.staffId, sessionId: found.sessionId };
  }

  /** Ends every session of a staff member, or every one but `keepSessionId` (the caller's own). */
  async revokeAllFor(staffId: string, manager?: EntityManager, keepSessionId?: string): Promise<void> {
    const repo = manager ? manager.getRepository(RefreshTokenEntity) : this.refreshTokens;
    await repo.update({ staffId, revokedAt: IsNull(), ...(keepSessionId ? { sessionId: Not(keepSessionId) } : {}) }, { revokedAt: new Date() });
  }

  /** Ends the session this refresh token belongs to (logout): its access tokens stop working too. */
  async revokeRefreshToken(token: string): Promise<void> {
    const found = await this.refreshTokens.findOne({ where: { tokenHash: sha256(token) } });
    if (!found) return;
    await this.refreshTokens.update({ sessionId: found.sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
    this.forgetStaff(found.staffId);
  }
}
