import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { RATING_LEVELS, type MyCase, type RatingLevel } from '@hcp/contracts';
import type { CitizenPrincipal } from '../../common/authz/principal.js';
import { CitizenEntity } from '../identity/entities/citizen.entity.js';
import { NoticeOutbox } from '../notices/notice-outbox.service.js';
import { noticesOfUnresolved } from './case-notices.js';
import { CaseRatingsRegistry } from './case-ratings.js';
import { toMyCase, type LoadedCase } from './case-views.js';
import { CasesService } from './cases.service.js';
import { CaseErrors, afterCitizenAnswer } from './case-workflow.js';
import type { ConfirmDto, FollowUpDto } from './dto/case-actions.dto.js';
import { CaseEventEntity } from './entities/case-event.entity.js';
import { CaseEntity } from './entities/case.entity.js';

/**
 * The rater's side of a case: its progress, the answer to the unit's reply (已解决 / 未解决), and one follow-up rating
 * (追评) once it is closed. A citizen reaches only their own cases (those of a browser device later linked to WeChat
 * included); anyone else's answers 404.
 */
@Injectable()
export class MyCasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ratings: CaseRatingsRegistry,
    private readonly cases: CasesService,
    private readonly notices: NoticeOutbox,
  ) {}

  async get(principal: CitizenPrincipal, id: string): Promise<MyCase> {
    return this.view(this.db.manager, await this.own(this.db.manager, principal, id));
  }

  async confirm(principal: CitizenPrincipal, id: string, dto: ConfirmDto): Promise<MyCase> {
    await this.db.transaction(async (m) => {
      const c = await this.own(m, principal, id, true);
      if (c.state !== 'replied' && c.citizenAnsweredAt !== null) throw CaseErrors.answerDone('您已经对这次答复作出了回复');
      const next = afterCitizenAnswer(c.state, dto.resolved, c.reopenCount);
      const now = new Date();
      const round = next.to === 'reopened' ? await this.cases.newReplyRound(m, c, c.unit.regionCode, now) : {};
      // Trimmed and not blank (the DTO); required when not resolved.
      const comment = dto.comment ?? null;
      await m.update(CaseEntity, { id: c.id }, {
        state: next.to,
        reopenCount: next.reopenCount,
        citizenResolved: dto.resolved,
        citizenComment: comment,
        citizenAnsweredAt: now,
        ...(next.closed ? { closeKind: 'resolved' as const, closedAt: now } : {}),
        ...round,
      });
      const event = await m.insert(CaseEventEntity, {
        caseId: c.id,
        actorKind: 'citizen',
        actorId: principal.citizenId,
        action: 'confirm',
        fromState: c.state,
        toState: next.to,
        note: dto.resolved ? `群众确认已解决${comment ? `：${comment}` : ''}` : `群众表示未解决：${comment}`,
      });
      if (!dto.resolved) await noticesOfUnresolved(this.notices, m, { caseId: c.id, eventId: event.identifiers[0].id as string, to: next.to, comment: comment ?? '' });
    });
    return this.get(principal, id);
  }

  async followUp(principal: CitizenPrincipal, id: string, dto: FollowUpDto): Promise<MyCase> {
    await this.db.transaction(async (m) => {
      const c = await this.own(m, principal, id, true);
      if (c.followUpLevel !== null) throw CaseErrors.answerDone('您已经追评过了');
      if (c.state !== 'closed') throw CaseErrors.stateConflict(c.state);
      const comment = dto.comment?.trim() || null;
      await m.update(CaseEntity, { id: c.id }, { followUpLevel: dto.level, followUpComment: comment, followUpAt: new Date() });
      const label = RATING_LEVELS.find((l) => l.level === dto.level)?.label ?? String(dto.level);
      await m.insert(CaseEventEntity, {
        caseId: c.id,
        actorKind: 'citizen',
        actorId: principal.citizenId,
        action: 'follow_up',
        fromState: null,
        toState: null,
        note: `追评：${label}${comment ? `，${comment}` : ''}`,
      });
    });
    return this.get(principal, id);
  }

  private async own(m: EntityManager, principal: CitizenPrincipal, id: string, lock = false): Promise<LoadedCase> {
    const ids = [principal.citizenId, ...(await m.find(CitizenEntity, { where: { mergedIntoId: principal.citizenId }, select: { id: true } })).map((c) => c.id)];
    if (lock) {
      const locked = await m.findOne(CaseEntity, { where: { id, citizenId: In(ids) }, lock: { mode: 'pessimistic_write' } });
      if (!locked) throw CaseErrors.notFound();
    }
    const c = await m.findOne(CaseEntity, { where: { id, citizenId: In(ids) }, relations: { unit: true, window: { hall: true } } });
    if (!c) throw CaseErrors.notFound();
    return c as LoadedCase;
  }

  private async view(m: EntityManager, c: LoadedCase): Promise<MyCase> {
    const [views, events] = await Promise.all([
      // A citizen's own cases are those of their ratings: an Open311 request belongs to no citizen account.
      this.ratings.get().views(m, c.ratingId ? [c.ratingId] : []),
      m.find(CaseEventEntity, { where: { caseId: c.id }, order: { at: 'ASC' } }),
    ]);
    return toMyCase(c, ((c.ratingId && views.get(c.ratingId)?.level) || 1) as RatingLevel, events);
  }
}
