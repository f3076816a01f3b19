import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { CaseState } from '@hcp/contracts';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { WorkCalendarService } from '../calendar/work-calendar.service.js';
import { chinaDate } from '../calendar/working-days.js';
import { UnitEntity } from '../catalog/entities/unit.entity.js';
import { NoticeOutbox } from '../notices/notice-outbox.service.js';
import { nextHandler } from './case-assignment.js';
import { noticesOfOpening } from './case-notices.js';
import { storeRequest, type IncomingRequest } from './case-requests.js';
import { citizenState } from './case-views.js';
import { CaseEventEntity } from './entities/case-event.entity.js';
import { CaseEntity } from './entities/case.entity.js';
import { RoutingService, type RoutingInput } from './routing/routing.service.js';
import { caseDeadlines, type CaseDeadlineTimes } from './scheduler/deadline-times.js';
import { CaseSettingsService } from './settings/case-settings.service.js';

/** What the rater's own lists and receipts show of a case. */
export interface CaseBrief {
  id: string;
  caseNo: string;
  /** As the rater sees it: a case on hold with a supervisor shows the step it will return to. */
  state: CaseState;
  callbackDueAt: Date;
  replyDueAt: Date;
  /** A number was kept with the rating, so the unit calls back. */
  hasContact: boolean;
}

@Injectable()
export class CasesService {
  constructor(
    private readonly calendar: WorkCalendarService,
    private readonly routing: RoutingService,
    private readonly settings: CaseSettingsService,
    private readonly notices: NoticeOutbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Opens the case of a 差评, inside the caller's transaction (the rating's), so that neither exists without the
   * other: routed to the window's unit unless a routing rule says otherwise, with the deadlines of that unit's region
   * counted from the moment the rating was received, and assigned within the unit.
   */
  async openForRating(
    manager: EntityManager,
    rating: {
      id: string;
      windowUnitId: string;
      windowId: string;
      hallId: string;
      /** The hall's region, as the rating's window was read with its hall. */
      hallRegionCode: string;
      serviceItemCode: string | null;
      citizenId: string;
      receivedAt: Date;
      hasContact: boolean;
    },
  ): Promise<CaseEntity> {
    return this.open(manager, {
      routing: { serviceItemCode: rating.serviceItemCode, hallId: rating.hallId, hallRegionCode: rating.hallRegionCode, windowUnitId: rating.windowUnitId },
      fields: { source: 'rating', ratingId: rating.id, citizenId: rating.citizenId, windowId: rating.windowId },
      receivedAt: rating.receivedAt,
      hasContact: rating.hasContact,
      opener: { actorKind: 'citizen', actorId: rating.citizenId, note: null },
    });
  }

  /**
   * Opens the case of a service request sent through Open311, inside the caller's transaction, like a 差评's: routed
   * to the service item's unit unless a routing rule (of the item, or of the unit's region) says otherwise, with
   * that unit's region's working-day deadlines, and assigned within the unit. The request's content and the
   * reporter's contact (encrypted) are kept beside the case; a phone number means a call-back is due.
   */
  async openForRequest(manager: EntityManager, request: IncomingRequest): Promise<CaseEntity> {
    const unit = await manager.findOneByOrFail(UnitEntity, { id: request.serviceItemUnitId });
    const hasContact = request.reporter.phone !== null;
    const saved = await this.open(manager, {
      routing: { serviceItemCode: request.serviceItemCode, hallId: null, hallRegionCode: unit.regionCode, windowUnitId: unit.id },
      fields: { source: 'open311', ratingId: null, citizenId: null, windowId: null },
      receivedAt: request.receivedAt,
      hasContact,
      opener: { actorKind: 'system', actorId: null, note: '通过 Open311 接口提交的诉求' },
    });
    await storeRequest(manager, saved.id, request, this.config.privacy.dataKey);
    return saved;
  }

  /**
   * How many requests one sending system sent within the last hour, counted up to `cap` only. Inside the caller's
   * transaction, after it took the system's lock, so requests counted together cannot pass the cap together.
   */
  async requestsInLastHour(manager: EntityManager, clientId: string, cap: number): Promise<number> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('open311:' || $1))`, [clientId]);
    const [{ n }] = (await manager.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM case_request WHERE client_id = $1 AND created_at >= now() - interval '1 hour' LIMIT $2) x`,
      [clientId, cap],
    )) as { n: number }[];
    return n;
  }

  private async open(
    manager: EntityManager,
    o: {
      routing: RoutingInput;
      fields: Pick<CaseEntity, 'source' | 'ratingId' | 'citizenId' | 'windowId'>;
      receivedAt: Date;
      hasContact: boolean;
      opener: { actorKind: 'citizen' | 'system'; actorId: string | null; note: string | null };
    },
  ): Promise<CaseEntity> {
    const [{ serial }] = (await manager.query(`SELECT nextval('case_no_seq') AS serial`)) as { serial: string }[];
    const caseNo = `CP${chinaDate(o.receivedAt).replace(/-/g, '')}${String(serial).padStart(6, '0')}`;
    const route = await this.routing.unitFor(o.routing, manager);
    const unit = await manager.findOneByOrFail(UnitEntity, { id: route.unitId });
    const deadlines = await this.deadlinesFrom(manager, unit.regionCode, o.receivedAt);
    const assigneeId = await nextHandler(manager, unit);
    const now = new Date();
    const entity = manager.create(CaseEntity, {
      caseNo,
      ...o.fields,
      hasContact: o.hasContact,
      unitId: unit.id,
      routingRuleId: route.ruleId,
      // Without a number no call can be made: the case records 无法联系 at once and is still due for a reply.
      state: o.hasContact ? CaseState.AwaitingCallback : CaseState.Verified,
      callbackContact: o.hasContact ? null : 'unreachable',
      calledBackAt: o.hasContact ? null : now,
      callbackNote: o.hasContact ? null : '群众未留联系电话，无法回访',
      assigneeId,
      assignedAt: assigneeId ? now : null,
      ...deadlines,
    });
    const saved = await manager.save(entity);
    // The timeline's first entries in one statement: opened, and without a number the call-back recorded 无法联系.
    const events: Partial<CaseEventEntity>[] = [
      {
        caseId: saved.id,
        actorKind: o.opener.actorKind,
        actorId: o.opener.actorId,
        action: 'opened',
        fromState: null,
        toState: CaseState.AwaitingCallback,
        note: o.opener.note,
        unitName: unit.name,
      },
    ];
    if (!o.hasContact) {
      events.push({
        caseId: saved.id,
        actorKind: 'system',
        actorId: null,
        action: 'callback',
        fromState: CaseState.AwaitingCallback,
        toState: CaseState.Verified,
        note: '群众未留联系电话，记为无法联系；仍须在期限内答复',
      });
    }
    await manager.insert(CaseEventEntity, events);
    await noticesOfOpening(this.notices, manager, saved);
    return saved;
  }

  /**
   * A new round of the reply deadline, counted from `now` with the settings of the unit's region: a case reopened by
   * the rater's 未解决 or sent back by a supervisor is the unit's to answer again, in the time a new case gets. The
   * reply's reminder and overdue mark start over (the round's once-keys are new).
   */
  async newReplyRound(manager: EntityManager, c: Pick<CaseEntity, 'deadlineRound'>, unitRegionCode: string, now: Date): Promise<Partial<CaseEntity>> {
    const times = await this.deadlinesFrom(manager, unitRegionCode, now);
    return { replyDueAt: times.replyDueAt, replyRemindAt: times.replyRemindAt, replyOverdueAt: null, deadlineRound: c.deadlineRound + 1 };
  }

  /**
   * A routed case starts over in its new unit: every deadline counted from the route with the settings of the new
   * unit's region, the overdue marks (the old unit's) cleared, reminders and 默认办结 days recomputed.
   */
  async newUnitRound(manager: EntityManager, c: Pick<CaseEntity, 'deadlineRound'>, unitRegionCode: string, now: Date): Promise<Partial<CaseEntity>> {
    return { ...(await this.deadlinesFrom(manager, unitRegionCode, now)), callbackOverdueAt: null, replyOverdueAt: null, deadlineRound: c.deadlineRound + 1 };
  }

  private async deadlinesFrom(manager: EntityManager, unitRegionCode: string, from: Date): Promise<CaseDeadlineTimes> {
    return caseDeadlines(from, await this.settings.effectiveFor(unitRegionCode, manager), this.calendar);
  }

  /** The cases of these ratings, by rating id, as the rater sees them. */
  async briefsForRatings(manager: EntityManager, ratingIds: readonly string[]): Promise<Map<string, CaseBrief>> {
    if (ratingIds.length === 0) return new Map();
    const cases = await manager.find(CaseEntity, { where: { ratingId: In([...ratingIds]) } });
    return new Map(cases.map((c) => [c.ratingId ?? c.id, brief(c)]));
  }
}

function brief(c: CaseEntity): CaseBrief {
  return {
    id: c.id,
    caseNo: c.caseNo,
    state: citizenState(c),
    callbackDueAt: c.callbackDueAt,
    replyDueAt: c.replyDueAt,
    hasContact: c.hasContact,
  };
}
