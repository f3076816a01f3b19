import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, type Paged, type RoutingRule, type RoutingRuleKind } from '@hcp/contracts';
import { AccessErrors } from '../../../common/authz/access-errors.js';
import { AppException } from '../../../common/errors/app-exception.js';
import { page } from '../../../common/http/paging.js';
import { RoutingRuleEntity } from '../entities/routing-rule.entity.js';
import type { CreateRoutingRuleDto, RoutingRuleQueryDto } from './routing-rules.dto.js';
import { containingRegionCodes } from './region-codes.js';

/**
 * What a case's routing is decided on: the rated window's hall and unit, and the service item if one was named. A
 * request sent through Open311 has no window or hall: its service item's unit stands for the window's, and that
 * unit's region for the hall's.
 */
export interface RoutingInput {
  serviceItemCode?: string | null;
  hallId: string | null;
  /** The hall's 12-digit region code (the unit's for an Open311 request). */
  hallRegionCode: string;
  windowUnitId: string;
}

export interface RoutingDecision {
  unitId: string;
  /** The rule that chose the unit; null when the window's unit handles the case (谁办理谁负责). */
  ruleId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const invalid = (field: 'match' | 'unitId', message: string) =>
  new AppException(ErrorCode.RoutingRuleInvalid, HttpStatus.BAD_REQUEST, message, [{ field, rules: ['exists'], message }]);

const duplicate = () => {
  const message = '已有一条相同对象的有效分派规则，请先停用它';
  return new AppException(ErrorCode.RoutingRuleInvalid, HttpStatus.CONFLICT, message, [{ field: 'match', rules: ['unique'], message }]);
};

/**
 * Routing rules send the cases of a service item, a hall or a region to a unit other than the window's (the rule
 * without them is 谁办理谁负责). Managed by system administrators; rules are deactivated, never deleted, so a case
 * keeps pointing at the rule that routed it.
 */
@Injectable()
export class RoutingService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The unit that handles a new case, inside the caller's transaction: the service item's rule, else the hall's,
   * else the rule of the deepest region containing the hall's region, else the window's unit. A rule whose unit is
   * deactivated is passed over.
   */
  async unitFor(input: RoutingInput, manager: EntityManager): Promise<RoutingDecision> {
    const regions = containingRegionCodes(input.hallRegionCode);
    const [rule] = (await manager.query(
      `SELECT r.id, r.unit_id FROM routing_rule r JOIN unit u ON u.id = r.unit_id AND u.active
       WHERE r.active AND ((r.kind = 'service_item' AND r.match = $1) OR (r.kind = 'hall' AND r.match = $2) OR (r.kind = 'region' AND r.match = ANY($3::varchar[])))
       ORDER BY CASE r.kind WHEN 'service_item' THEN 0 WHEN 'hall' THEN 1 ELSE 2 END, array_position($3::varchar[], r.match) DESC
       LIMIT 1`,
      [input.serviceItemCode ?? null, input.hallId, regions],
    )) as { id: string; unit_id: string }[];
    return rule ? { unitId: rule.unit_id, ruleId: rule.id } : { unitId: input.windowUnitId, ruleId: null };
  }

  list(query: RoutingRuleQueryDto): Promise<Paged<RoutingRule>> {
    const qb = this.db.getRepository(RoutingRuleEntity).createQueryBuilder('r').leftJoinAndSelect('r.unit', 'u');
    if (query.kind) qb.andWhere('r.kind = :kind', { kind: query.kind });
    return page(qb, query, { searchColumns: ['r.match', 'r.note', 'u.name'], activeColumn: 'r.active', orderBy: 'r.createdAt', map: toRoutingRule });
  }

  async create(dto: CreateRoutingRuleDto): Promise<RoutingRule> {
    const match = await this.checkedMatch(dto.kind, dto.match.trim());
    const [unit] = (await this.db.query(`SELECT active FROM unit WHERE id = $1`, [dto.unitId])) as { active: boolean }[];
    if (!unit) throw invalid('unitId', '处理单位不存在');
    if (!unit.active) throw invalid('unitId', '处理单位已停用');
    const repo = this.db.getRepository(RoutingRuleEntity);
    if (await repo.exists({ where: { kind: dto.kind, match, active: true } })) throw duplicate();
    const saved = await repo.save(repo.create({ kind: dto.kind, match, unitId: dto.unitId, note: dto.note?.trim() ?? '' })).catch((error: unknown) => {
      // Two administrators adding the same rule at once: the partial unique index lets one in.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') throw duplicate();
      throw error;
    });
    return this.get(saved.id);
  }

  async deactivate(id: string): Promise<RoutingRule> {
    const result = await this.db.getRepository(RoutingRuleEntity).update({ id }, { active: false });
    if (!result.affected) throw AccessErrors.notFound('分派规则');
    return this.get(id);
  }

  private async get(id: string): Promise<RoutingRule> {
    const rule = await this.db.getRepository(RoutingRuleEntity).findOne({ where: { id }, relations: { unit: true } });
    if (!rule) throw AccessErrors.notFound('分派规则');
    return toRoutingRule(rule);
  }

  /** The match in its stored form, once it names an active service item (by code), hall (by id) or region (by code). */
  private async checkedMatch(kind: RoutingRuleKind, match: string): Promise<string> {
    switch (kind) {
      case 'service_item': {
        if (await this.activeRow(`SELECT 1 FROM service_item WHERE code = $1 AND active`, match)) return match;
        throw invalid('match', `事项编码 ${match} 不存在或已停用`);
      }
      case 'hall': {
        const id = match.toLowerCase();
        if (UUID.test(id) && (await this.activeRow(`SELECT 1 FROM hall WHERE id = $1 AND active`, id))) return id;
        throw invalid('match', '大厅不存在或已停用');
      }
      case 'region': {
        if (/^\d{12}$/.test(match) && (await this.activeRow(`SELECT 1 FROM region WHERE code = $1 AND active`, match))) return match;
        throw invalid('match', '地区代码应为已有的 12 位行政区划代码');
      }
    }
  }

  private async activeRow(sql: string, value: string): Promise<boolean> {
    return ((await this.db.query(sql, [value])) as unknown[]).length > 0;
  }
}

function toRoutingRule(rule: RoutingRuleEntity): RoutingRule {
  return { id: rule.id, kind: rule.kind, match: rule.match, unit: { id: rule.unitId, name: rule.unit?.name ?? '' }, note: rule.note, active: rule.active };
}
