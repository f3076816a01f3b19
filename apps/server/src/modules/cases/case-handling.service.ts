import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  APPEAL_KIND_LABELS,
  BEFORE_CALLBACK_STATES,
  BEFORE_REPLY_STATES,
  CASE_VERIFICATION_LABELS,
  type CaseAction,
  type CaseAssignee,
  type CaseDetail,
  type CaseList,
  CaseState,
  type ContactReveal,
  type ContactRevealEntry,
  type Paged,
} from '@hcp/contracts';
import { isSystemAdmin, type StaffPrincipal } from '../../common/authz/principal.js';
import { likePattern } from '../../common/http/paging.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { UnitEntity } from '../catalog/entities/unit.entity.js';
import { StaffEntity } from '../identity/entities/staff.entity.js';
import { chinaDate } from '../calendar/working-days.js';
import { caseRolesOf, caseScope, seesCase, supervisedScope, supervises, type CasePlace } from './case-access.js';
import { assignableStaff, mayHandle, nextHandler } from './case-assignment.js';
import { NoticeOutbox } from '../notices/notice-outbox.service.js';
import { noticesOfAction } from './case-notices.js';
import { CaseRatingsRegistry } from './case-ratings.js';
import { requestPhone, requestViews } from './case-requests.js';
import { CasesService } from './cases.service.js';
import { CalendarWarningsService } from './scheduler/calendar-warnings.service.js';
import { confirmDueAt } from './scheduler/deadline-times.js';
import { toCaseDetail, toCaseEvent, toCaseSummary, type LoadedCase } from './case-views.js';
import { CaseErrors, allowedActions, assertMayTake, isOpen, roleMayTake, type CaseRole } from './case-workflow.js';
import type {
  AppealDto,
  AppealRulingDto,
  AssignDto,
  CallbackDto,
  CaseListQueryDto,
  PlanDto,
  ReasonDto,
  ReplyDto,
  RevealListQueryDto,
  RouteDto,
  RuleDto,
} from './dto/case-actions.dto.js';
import { CaseEventEntity } from './entities/case-event.entity.js';
import { CaseEntity } from './entities/case.entity.js';
import { ContactRevealEntity } from './entities/contact-reveal.entity.js';

/** The bodies of the actions, by action. */
export interface ActionBodies {
  callback: CallbackDto;
  plan: PlanDto;
  reply: ReplyDto;
  appeal: AppealDto;
  transfer: ReasonDto;
  assign: AssignDto;
  rule: RuleDto;
  'appeal-ruling': AppealRulingDto;
  route: RouteDto;
  cancel: ReasonDto;
}

/** What an action changes: the new state, the case's columns, and the timeline note (and unit, for a route). */
interface Step {
  to: CaseState;
  patch: Partial<CaseEntity>;
  note: string | null;
  unitName?: string;
}

/** The contract's state groups, as parameters of the SQL below (`c` is rating_case). */
const STATE_PARAMS = { beforeCallback: [...BEFORE_CALLBACK_STATES], beforeReply: [...BEFORE_REPLY_STATES], replied: CaseState.Replied };
/** "The unit's next step is late at :now" (case-views.ts, overdueNow). */
const OVERDUE_SQL = `((c.state IN (:...beforeCallback) AND c.callback_due_at < :now) OR (c.state IN (:...beforeReply) AND c.reply_due_at < :now))`;
/** The deadline the case waits on next (case-views.ts, nextDeadlineOf). */
const NEXT_DUE_SQL = `CASE WHEN c.state IN (:...beforeCallback) THEN c.callback_due_at WHEN c.state IN (:...beforeReply) THEN c.reply_due_at
  WHEN c.state = :replied THEN c.confirm_due_at END`;

/**
 * Staff handling of 差评 cases: the lists, the case page, every action of the workflow (each one transaction with
 * its timeline entry, the case row locked so two people acting at once cannot both win), and the audited reveal of
 * the rater's number.
 */
@Injectable()
export class CaseHandlingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ratings: CaseRatingsRegistry,
    private readonly calendarWarnings: CalendarWarningsService,
    private readonly cases: CasesService,
    private readonly notices: NoticeOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(principal: StaffPrincipal, query: CaseListQueryDto): Promise<CaseList> {
    const now = new Date();
    const filtered = () => {
      const qb = this.db.getRepository(CaseEntity).createQueryBuilder('c').innerJoin('c.unit', 'u').setParameters({ ...STATE_PARAMS, now });
      const scope = caseScope(principal);
      if (scope) qb.andWhere(scope.sql, scope.params);
      if (query.mine) qb.andWhere('c.assignee_id = :me', { me: principal.staffId });
      if (query.overdue) qb.andWhere(OVERDUE_SQL);
      if (query.unitId) qb.andWhere('c.unit_id = :unitId', { unitId: query.unitId });
      if (query.windowId) qb.andWhere('c.window_id = :windowId', { windowId: query.windowId });
      if (query.q) qb.andWhere('c.case_no ILIKE :q', { q: likePattern(query.q.trim()) });
      return qb;
    };

    // Counts per state for the same filter, the state left out: the tabs above the list.
    const countRows = await filtered().select('c.state', 'state').addSelect('count(*)::int', 'n').groupBy('c.state').getRawMany<{ state: CaseState; n: number }>();
    const counts = Object.fromEntries(countRows.map((r) => [r.state, r.n])) as CaseList['counts'];

    const page = filtered();
    if (query.state) page.andWhere('c.state = :state', { state: query.state });
    const size = query.pageSize ?? 20;
    // Every join is many-to-one (one row per case), so LIMIT/OFFSET pages cases; overdue first, then the deadline the
    // case waits on next, the newest last.
    const [cases, total] = await page
      .addSelect('u')
      .leftJoinAndSelect('c.window', 'w')
      .leftJoinAndSelect('w.hall', 'h')
      .leftJoin('c.assignee', 'a')
      .addSelect(['a.id', 'a.name'])
      .addSelect(`CASE WHEN ${OVERDUE_SQL} THEN 0 ELSE 1 END`, 'overdue_rank')
      .addSelect(NEXT_DUE_SQL, 'next_due')
      .orderBy('overdue_rank', 'ASC')
      .addOrderBy('next_due', 'ASC', 'NULLS LAST')
      .addOrderBy('c.created_at', 'DESC')
      .offset(((query.page ?? 1) - 1) * size)
      .limit(size)
      .getManyAndCount();
    const views = await this.ratings.get().views(this.db.manager, ratingIdsOf(cases));
    return {
      items: (cases as LoadedCase[]).map((c) => toCaseSummary(c, c.ratingId ? views.get(c.ratingId) : undefined, now)),
      total,
      counts,
      warnings: await this.calendarWarnings.calendarWarnings(principal),
    };
  }

  async get(principal: StaffPrincipal, id: string): Promise<CaseDetail> {
    return this.detail(this.db.manager, principal, await this.visible(this.db.manager, principal, id));
  }

  /** Who the case may be assigned to: for those who may assign it (404 outside the scope, 403 for another role). */
  async assignees(principal: StaffPrincipal, id: string): Promise<CaseAssignee[]> {
    const c = await this.visible(this.db.manager, principal, id);
    if (!roleMayTake('assign', caseRolesOf(principal, { unitId: c.unitId, unitRegionCode: c.unit.regionCode }))) throw CaseErrors.forbidden();
    return assignableStaff(this.db.manager, c.unitId);
  }

  /** One action of the workflow: refused with 403/404/409 as the workflow and the scope say, else done atomically. */
  async act<A extends CaseAction>(principal: StaffPrincipal, id: string, action: A, body: ActionBodies[A]): Promise<CaseDetail> {
    await this.db.transaction(async (m) => {
      const locked = await m.findOne(CaseEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!locked) throw CaseErrors.notFound();
      const place = await this.placeOf(m, locked);
      if (!seesCase(principal, place)) throw CaseErrors.notFound();
      const roles = caseRolesOf(principal, place);
      assertMayTake(action, locked.state, roles);
      const step = await this.step(m, principal, locked, place, action, body as never);
      await m.update(CaseEntity, { id }, { ...step.patch, state: step.to });
      const event = await m.insert(CaseEventEntity, {
        caseId: id,
        actorKind: 'staff',
        actorId: principal.staffId,
        action,
        fromState: locked.state,
        toState: step.to,
        note: step.note,
        unitName: step.unitName ?? null,
      });
      await noticesOfAction(this.notices, m, { caseId: id, eventId: event.identifiers[0].id as string, action, body, to: step.to });
    });
    return this.get(principal, id);
  }

  /**
   * The rater's whole number, for the handling unit's handlers only, while the case is open; each reveal is audited
   * and on the timeline.
   */
  async revealContact(principal: StaffPrincipal, id: string): Promise<ContactReveal> {
    return this.db.transaction(async (m) => {
      const c = await this.visible(m, principal, id);
      if (!caseRolesOf(principal, await this.placeOf(m, c)).includes('handler')) throw CaseErrors.forbidden();
      // The number is for calling the rater while the case is handled; once it is over nobody needs it.
      if (!isOpen(c.state)) throw CaseErrors.stateConflict(c.state);
      const phone = c.ratingId ? await this.ratings.get().contactPhone(m, c.ratingId) : await requestPhone(m, c.id, this.config.privacy.dataKey);
      if (!phone) throw CaseErrors.noContact();
      await m.insert(ContactRevealEntity, { caseId: c.id, staffId: principal.staffId });
      await m.insert(CaseEventEntity, { caseId: c.id, actorKind: 'staff', actorId: principal.staffId, action: 'contact_reveal', fromState: null, toState: null, note: '查看了群众的联系电话' });
      return { phone };
    });
  }

  /** The audit of reveals, for supervisors (their region) and system administrators. */
  async reveals(principal: StaffPrincipal, query: RevealListQueryDto): Promise<Paged<ContactRevealEntry>> {
    // Only what the entry shows: no staff row (password hash, phone) nor case row is loaded whole.
    const qb = this.db
      .getRepository(ContactRevealEntity)
      .createQueryBuilder('r')
      .select(['r.id', 'r.at', 'r.caseId'])
      .innerJoin('r.case', 'c')
      .addSelect(['c.id', 'c.caseNo'])
      .innerJoin(UnitEntity, 'u', 'u.id = c.unit_id')
      .innerJoin('r.staff', 's')
      .addSelect(['s.id', 's.name', 's.staffNumber']);
    if (!isSystemAdmin(principal)) {
      if (!principal.roles.includes('supervisor') || !principal.scopeRegionCode) throw CaseErrors.forbidden();
      const scope = supervisedScope(principal);
      if (scope) qb.andWhere(scope.sql, scope.params);
    }
    if (query.caseId) qb.andWhere('r.case_id = :caseId', { caseId: query.caseId });
    const size = query.pageSize ?? 20;
    const [rows, total] = await qb
      .orderBy('r.at', 'DESC')
      .skip(((query.page ?? 1) - 1) * size)
      .take(size)
      .getManyAndCount();
    return {
      total,
      items: rows.map((r) => ({
        at: r.at.toISOString(),
        caseId: r.caseId,
        caseNo: r.case!.caseNo,
        staff: { id: r.staff!.id, name: r.staff!.name, staffNumber: r.staff!.staffNumber },
      })),
    };
  }

  // ---- the steps ----

  private async step(m: EntityManager, principal: StaffPrincipal, c: CaseEntity, place: CasePlace, action: CaseAction, body: ActionBodies[CaseAction]): Promise<Step> {
    const now = new Date();
    switch (action) {
      case 'callback': {
        const b = body as CallbackDto;
        const verification = b.verification ?? null;
        const said = `${b.contact === 'reached' ? '已联系群众' : '无法联系群众'}${verification ? `，${CASE_VERIFICATION_LABELS[verification]}` : ''}`;
        return { to: 'verified', patch: { callbackContact: b.contact, verification, callbackNote: b.note, calledBackAt: now }, note: `${said}：${b.note}` };
      }
      case 'plan': {
        const b = body as PlanDto;
        // A real day (the DTO), from today up to the same day next year: a rectification further off is no plan.
        const today = chinaDate(now);
        if (b.dueDate < today) throw CaseErrors.invalid('dueDate', '整改完成日期不能早于今天');
        if (b.dueDate > `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`) throw CaseErrors.invalid('dueDate', '整改完成日期应在一年之内');
        return { to: 'in_progress', patch: { plan: b.plan, planDueDate: b.dueDate }, note: `整改措施（${b.dueDate} 前完成）：${b.plan}` };
      }
      case 'reply': {
        const b = body as ReplyDto;
        return {
          to: 'replied',
          patch: {
            replyText: b.reply,
            rectificationResult: b.result,
            repliedAt: now,
            confirmDueAt: confirmDueAt(now, c.defaultCloseDays),
            citizenResolved: null,
            citizenComment: null,
            citizenAnsweredAt: null,
          },
          note: `答复群众：${b.reply}\n整改结果：${b.result}`,
        };
      }
      case 'appeal': {
        const b = body as AppealDto;
        if (c.appealState !== null) throw CaseErrors.answerDone('该工单已申诉过，不能再次申诉');
        return {
          to: 'appealing',
          patch: { appealKind: b.kind, appealEvidence: b.evidence, appealState: 'pending', appealRuling: null, stateBeforeHold: c.state },
          note: `申诉为${APPEAL_KIND_LABELS[b.kind]}：${b.evidence}`,
        };
      }
      case 'transfer':
        return { to: 'rerouting', patch: { stateBeforeHold: c.state }, note: `认为责任单位有误，申请改派：${(body as ReasonDto).reason}` };
      case 'assign': {
        const { staffId } = body as AssignDto;
        if (staffId === null) return { to: c.state, patch: { assigneeId: null, assignedAt: now }, note: '退回单位待领取' };
        if (!(await mayHandle(m, staffId, c.unitId))) throw CaseErrors.assigneeInvalid();
        const staff = await m.findOneByOrFail(StaffEntity, { id: staffId });
        return { to: c.state, patch: { assigneeId: staffId, assignedAt: now }, note: `指派给 ${staff.name}` };
      }
      case 'rule': {
        const b = body as RuleDto;
        return b.decision === 'close'
          ? { to: 'closed', patch: { closeKind: 'ruling', closedAt: now, stateBeforeHold: null }, note: `裁定办结：${b.ruling}` }
          : {
              to: 'reopened',
              patch: { stateBeforeHold: null, ...(await this.cases.newReplyRound(m, c, place.unitRegionCode, now)) },
              note: `退回单位重新处理：${b.ruling}`,
            };
      }
      case 'appeal-ruling': {
        const b = body as AppealRulingDto;
        if (b.decision === 'uphold') {
          // An Open311 request has no rating to invalidate: the ruling only closes the case.
          if (c.ratingId) await this.ratings.get().invalidate(m, c.ratingId, `申诉成立（${c.appealKind ? APPEAL_KIND_LABELS[c.appealKind] : '申诉'}）：${b.ruling}`);
          return {
            to: 'closed',
            patch: { appealState: 'upheld', appealRuling: b.ruling, closeKind: 'appeal_upheld', closedAt: now, stateBeforeHold: null },
            note: `申诉成立，评价不计入统计：${b.ruling}`,
          };
        }
        return { to: c.stateBeforeHold ?? 'verified', patch: { appealState: 'rejected', appealRuling: b.ruling, stateBeforeHold: null }, note: `申诉不成立，继续办理：${b.ruling}` };
      }
      case 'route': {
        const b = body as RouteDto;
        const unit = await m.findOne(UnitEntity, { where: { id: b.unitId } });
        if (!unit || !unit.active || unit.id === c.unitId || !supervises(principal, { unitId: unit.id, unitRegionCode: unit.regionCode })) {
          throw CaseErrors.invalid('unitId', '请选择您辖区内另一个在用的单位');
        }
        const assigneeId = await nextHandler(m, unit);
        return {
          to: c.state === 'rerouting' ? (c.stateBeforeHold ?? 'awaiting_callback') : c.state,
          patch: { unitId: unit.id, assigneeId, assignedAt: assigneeId ? now : null, stateBeforeHold: null, ...(await this.cases.newUnitRound(m, c, unit.regionCode, now)) },
          note: `改派至${unit.name}：${b.reason}`,
          unitName: unit.name,
        };
      }
      case 'cancel':
        // An appeal still waiting for its ruling is not ruled by a cancellation: it is no longer pending, and the
        // case shows no appeal (the timeline keeps the entry).
        return {
          to: 'cancelled',
          patch: { closedAt: now, stateBeforeHold: null, ...(c.appealState === 'pending' ? { appealState: null } : {}) },
          note: `撤销：${(body as ReasonDto).reason}`,
        };
    }
  }

  // ---- loading ----

  private async load(m: EntityManager, ids: readonly string[]): Promise<LoadedCase[]> {
    if (ids.length === 0) return [];
    return (await m.find(CaseEntity, { where: { id: In([...ids]) }, relations: { unit: true, window: { hall: true }, assignee: true } })) as LoadedCase[];
  }

  private async placeOf(m: EntityManager, c: CaseEntity): Promise<CasePlace> {
    const unit = await m.findOneByOrFail(UnitEntity, { id: c.unitId });
    return { unitId: unit.id, unitRegionCode: unit.regionCode };
  }

  private async visible(m: EntityManager, principal: StaffPrincipal, id: string): Promise<LoadedCase> {
    const [c] = await this.load(m, [id]);
    if (!c || !seesCase(principal, { unitId: c.unitId, unitRegionCode: c.unit.regionCode })) throw CaseErrors.notFound();
    return c;
  }

  private async detail(m: EntityManager, principal: StaffPrincipal, c: LoadedCase): Promise<CaseDetail> {
    const roles: CaseRole[] = caseRolesOf(principal, { unitId: c.unitId, unitRegionCode: c.unit.regionCode });
    const [views, requests, events] = await Promise.all([
      this.ratings.get().views(m, ratingIdsOf([c])),
      c.source === 'open311' ? requestViews(m, [c.id], this.config.privacy.dataKey) : new Map<string, never>(),
      m.find(CaseEventEntity, { where: { caseId: c.id }, order: { at: 'ASC' } }),
    ]);
    const staffIds = [...new Set(events.filter((e) => e.actorKind === 'staff' && e.actorId).map((e) => e.actorId!))];
    const staff = staffIds.length ? await m.find(StaffEntity, { where: { id: In(staffIds) }, select: { id: true, name: true } }) : [];
    const names = new Map(staff.map((s) => [s.id, s.name]));
    const origin = { rating: (c.ratingId && views.get(c.ratingId)) || null, request: requests.get(c.id) ?? null };
    return toCaseDetail(c, origin, events.map((e) => toCaseEvent(e, names)), allowedActions(c.state, roles), {
      seesHiddenComment: roles.includes('supervisor'),
      canRevealContact: roles.includes('handler') && isOpen(c.state),
      now: new Date(),
    });
  }
}

/** The ratings behind these cases (a request sent through Open311 has none). */
function ratingIdsOf(cases: readonly Pick<CaseEntity, 'ratingId'>[]): string[] {
  return cases.flatMap((c) => (c.ratingId ? [c.ratingId] : []));
}
