import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ErrorCode, type CaseSettings, type RegionCaseSettings } from '@hcp/contracts';
import { AccessErrors } from '../../../common/authz/access-errors.js';
import { hasRole, inRegionSubtree, isSystemAdmin, type Principal } from '../../../common/authz/principal.js';
import { AppException } from '../../../common/errors/app-exception.js';
import { CaseSettingsEntity } from '../entities/case-settings.entity.js';
import { resolveCaseSettings, type RegionSettingsLink } from './case-settings.js';

/** Parents followed at most: five levels of administrative division, with room; it also ends a cycle of parents. */
const MAX_REGION_DEPTH = 12;

/** A region of the chain; the four numbers are null unless `own`. */
interface ChainRow {
  code: string;
  own: boolean;
  callback_working_days: number;
  reply_working_days: number;
  remind_working_days_before: number;
  default_close_days: number;
}

/**
 * Per-region case deadlines (local rules differ: Zhejiang, Liaoning…). A region without its own uses its parent's
 * (following `region.parent_code`), then DEFAULT_CASE_SETTINGS. A case takes the settings of its unit's region when
 * it opens; changing them later does not move the deadlines of open cases.
 */
@Injectable()
export class CaseSettingsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The settings in force for a region; the defaults for a region that does not exist. */
  async effectiveFor(regionCode: string, manager?: EntityManager): Promise<CaseSettings> {
    return resolveCaseSettings(await this.chain(regionCode, manager ?? this.db.manager)).settings;
  }

  /** `GET /regions/{code}/case-settings`: staff whose unit or supervised region lies in or under the region. */
  async get(principal: Principal, code: string): Promise<RegionCaseSettings> {
    const chain = await this.existingChain(code);
    await this.assertSees(principal, code);
    return toRegionCaseSettings(code, chain);
  }

  /** `PUT`: the region's own settings (system administrators; the controller checks the role). */
  async put(code: string, settings: CaseSettings): Promise<RegionCaseSettings> {
    await this.existingChain(code);
    if (settings.callbackWorkingDays > settings.replyWorkingDays) {
      const message = '回访期限不能晚于答复期限';
      throw new AppException(ErrorCode.ValidationFailed, HttpStatus.BAD_REQUEST, message, [{ field: 'callbackWorkingDays', rules: ['notAfterReply'], message }]);
    }
    await this.db.getRepository(CaseSettingsEntity).upsert({ regionCode: code, ...pickSettings(settings) }, ['regionCode']);
    return toRegionCaseSettings(code, await this.existingChain(code));
  }

  /** `DELETE`: the region goes back to its parent's settings (or the defaults). */
  async remove(code: string): Promise<RegionCaseSettings> {
    await this.existingChain(code);
    await this.db.getRepository(CaseSettingsEntity).delete({ regionCode: code });
    return toRegionCaseSettings(code, await this.existingChain(code));
  }

  /**
   * A region is visible to system administrators; to a supervisor when it lies in their region subtree or above
   * it; to a unit's staff when their unit's region lies in it (the settings their cases run on come from there).
   */
  private async assertSees(principal: Principal, code: string): Promise<void> {
    if (principal.kind !== 'staff') throw outOfScope();
    if (isSystemAdmin(principal)) return;
    const scope = hasRole(principal, 'supervisor') ? principal.scopeRegionCode : null;
    if (scope && (inRegionSubtree(code, scope) || inRegionSubtree(scope, code))) return;
    if (principal.unitId) {
      const [unit] = (await this.db.query(`SELECT region_code FROM unit WHERE id = $1`, [principal.unitId])) as { region_code: string }[];
      if (unit && inRegionSubtree(unit.region_code, code)) return;
    }
    throw outOfScope();
  }

  private async existingChain(code: string): Promise<RegionSettingsLink[]> {
    const chain = /^\d{12}$/.test(code) ? await this.chain(code, this.db.manager) : [];
    if (chain.length === 0) throw AccessErrors.notFound('地区');
    return chain;
  }

  /** The region, its parent, … up to the root, each with its own settings if any; empty for an unknown region. */
  private async chain(code: string, manager: EntityManager): Promise<RegionSettingsLink[]> {
    const rows = (await manager.query(
      `WITH RECURSIVE chain(code, parent_code, depth) AS (
         SELECT code, parent_code, 0 FROM region WHERE code = $1
         UNION ALL
         SELECT r.code, r.parent_code, c.depth + 1 FROM region r JOIN chain c ON r.code = c.parent_code WHERE c.depth < $2
       )
       SELECT c.code, s.region_code IS NOT NULL AS own, s.callback_working_days, s.reply_working_days, s.remind_working_days_before, s.default_close_days
       FROM chain c LEFT JOIN region_case_settings s ON s.region_code = c.code
       ORDER BY c.depth`,
      [code, MAX_REGION_DEPTH],
    )) as ChainRow[];
    return rows.map((row) => ({
      code: row.code,
      settings: row.own
        ? {
            callbackWorkingDays: row.callback_working_days,
            replyWorkingDays: row.reply_working_days,
            remindWorkingDaysBefore: row.remind_working_days_before,
            defaultCloseDays: row.default_close_days,
          }
        : null,
    }));
  }
}

const outOfScope = () => new AppException(ErrorCode.Forbidden, HttpStatus.FORBIDDEN, '只能查看本单位所在地区（或本辖区）的办理期限设置');

function pickSettings(s: CaseSettings): CaseSettings {
  return { callbackWorkingDays: s.callbackWorkingDays, replyWorkingDays: s.replyWorkingDays, remindWorkingDaysBefore: s.remindWorkingDaysBefore, defaultCloseDays: s.defaultCloseDays };
}

function toRegionCaseSettings(code: string, chain: readonly RegionSettingsLink[]): RegionCaseSettings {
  const { settings, inheritedFrom } = resolveCaseSettings(chain);
  return { regionCode: code, ...settings, inheritedFrom };
}
