import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { ApiKey, ApiKeyScope, CreateApiKeyRequest, CreatedApiKey } from '@hcp/contracts';
import type { StaffPrincipal } from '../../common/authz/principal.js';
import { ApiKeyEntity } from './entities/api-key.entity.js';
import { ApiKeyErrors } from './api-keys.errors.js';

/**
 * A key reads `hcp_<id>_<secret>`: `id` is 8 random base64url characters (6 bytes, stored in clear as the lookup
 * prefix), `secret` 43 (32 random bytes). The database holds only SHA-256 of the whole key: the secret is
 * 256 random bits, so a plain hash is enough (no salt or slow hash is needed against guessing).
 */
const KEY_PATTERN = /^hcp_([A-Za-z0-9_-]{8})_[A-Za-z0-9_-]{43}$/;

/** How often a key's last use is written at most; a busy client does not cost a write per call. */
const LAST_USED_EVERY_MS = 60_000;

/** The most keys a list answers with (keys are few: one per connected system). */
export const API_KEY_LIST_LIMIT = 500;

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/** The key record a verified caller acts as (never the hash). */
export interface VerifiedApiKey {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
}

@Injectable()
export class ApiKeyService {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  async create(by: StaffPrincipal, request: CreateApiKeyRequest): Promise<CreatedApiKey> {
    const id = randomBytes(6).toString('base64url');
    const key = `hcp_${id}_${randomBytes(32).toString('base64url')}`;
    const saved = await this.keys.save(
      this.keys.create({ name: request.name.trim(), prefix: `hcp_${id}`, keyHash: sha256(key).toString('hex'), scopes: [...new Set(request.scopes)], createdBy: by.staffId }),
    );
    const [listed] = await this.listRows(saved.id);
    return { ...listed, key };
  }

  list(): Promise<ApiKey[]> {
    return this.listRows();
  }

  /** Revoking is final and idempotent: a revoked key stays listed (with when and who) and is refused at once. */
  async revoke(by: StaffPrincipal, id: string): Promise<ApiKey> {
    await this.keys
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()', revokedBy: by.staffId })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    const [row] = await this.listRows(id);
    if (!row) throw ApiKeyErrors.notFound();
    return row;
  }

  /**
   * The live key behind `rawKey`, or null (malformed, unknown, revoked). The stored hash is compared in constant
   * time. Records the use (at most once a minute).
   */
  async authenticate(rawKey: unknown): Promise<VerifiedApiKey | null> {
    if (typeof rawKey !== 'string') return null;
    const match = KEY_PATTERN.exec(rawKey);
    if (!match) return null;
    const row = await this.keys.findOne({ where: { prefix: `hcp_${match[1]}` } });
    if (!row || row.revokedAt) return null;
    if (!timingSafeEqual(sha256(rawKey), Buffer.from(row.keyHash, 'hex'))) return null;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_EVERY_MS) {
      await this.keys
        .createQueryBuilder()
        .update()
        .set({ lastUsedAt: () => 'now()' })
        .where(`id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, { id: row.id })
        .execute();
    }
    return { id: row.id, name: row.name, scopes: row.scopes };
  }

  /** The live key behind `rawKey` when it carries `scope`, else null: what another module asks before acting. */
  async verify(rawKey: unknown, scope: ApiKeyScope): Promise<VerifiedApiKey | null> {
    const key = await this.authenticate(rawKey);
    return key && key.scopes.includes(scope) ? key : null;
  }

  private async listRows(id?: string): Promise<ApiKey[]> {
    const rows: { id: string; name: string; prefix: string; scopes: ApiKeyScope[]; created_at: Date; created_by: string | null; last_used_at: Date | null; revoked_at: Date | null }[] =
      await this.keys.query(
        `SELECT k.id, k.name, k.prefix, k.scopes, k.created_at, s.staff_number AS created_by, k.last_used_at, k.revoked_at
           FROM api_key k LEFT JOIN staff s ON s.id = k.created_by
          WHERE $1::uuid IS NULL OR k.id = $1::uuid
          ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC, k.id
          LIMIT ${API_KEY_LIST_LIMIT}`,
        [id ?? null],
      );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      scopes: r.scopes,
      createdAt: r.created_at.toISOString(),
      createdBy: r.created_by,
      lastUsedAt: r.last_used_at?.toISOString() ?? null,
      revokedAt: r.revoked_at?.toISOString() ?? null,
    }));
  }
}
