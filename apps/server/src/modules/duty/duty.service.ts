import { HttpStatus, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { ErrorCode, type DutyShift } from '@hcp/contracts';
import { AppException } from '../../common/errors/app-exception.js';
import { StaffLifecycle } from '../../common/lifecycle/staff-lifecycle.js';
import { HallEntity } from '../catalog/entities/hall.entity.js';
import { WindowEntity } from '../catalog/entities/window.entity.js';
import { StaffEntity } from '../identity/entities/staff.entity.js';
import { isSystemAdmin, type StaffPrincipal } from '../../common/authz/principal.js';
import { DutyShiftEntity } from './entities/duty-shift.entity.js';

export interface OnDuty {
  staffId: string;
  name: string;
  staffNumber: string;
  /** Keyed hash of the person's phone, for the self-rating signal; never shown. */
  phoneHash: string | null;
}

/**
 * Who serves at which window, shift by shift. A rating made at a window is credited to whoever was on duty there
 * at that moment. Signing in to a window ends the person's shift elsewhere and hands the window over from
 * whoever had not signed out.
 */
@Injectable()
export class DutyService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: StaffLifecycle,
  ) {}

  onModuleInit(): void {
    // Someone who left the unit serves at none of its windows: ratings there must not be credited to them.
    this.lifecycle.onLeavingUnit((manager, staffId) => this.endShiftsOf(staffId, manager));
  }

  async start(principal: StaffPrincipal, windowId: string): Promise<DutyShift> {
    const shiftId = await this.db.transaction(async (manager) => {
      // Lock the window row: two people signing in to one window at once are served one after the other.
      const window = await manager.findOne(WindowEntity, { where: { id: windowId }, lock: { mode: 'pessimistic_write' } });
      if (!window || !window.active) throw new AppException(ErrorCode.NotFound, HttpStatus.NOT_FOUND, '窗口不存在或已停用');
      if (!isSystemAdmin(principal) && window.unitId !== principal.unitId) {
        throw new AppException(ErrorCode.DutyNotAllowed, HttpStatus.FORBIDDEN, '只能在本单位负责的窗口上岗');
      }
      const now = new Date();
      await manager.update(DutyShiftEntity, { staffId: principal.staffId, endedAt: IsNull() }, { endedAt: now });
      await manager.update(DutyShiftEntity, { windowId, endedAt: IsNull() }, { endedAt: now });
      const { identifiers } = await manager.insert(DutyShiftEntity, { windowId, staffId: principal.staffId, startedAt: now });
      return identifiers[0].id as string;
    });
    return (await this.describe(shiftId))!;
  }

  async end(principal: StaffPrincipal): Promise<DutyShift | null> {
    const open = await this.db.getRepository(DutyShiftEntity).findOne({ where: { staffId: principal.staffId, endedAt: IsNull() } });
    if (!open) return null;
    await this.db.getRepository(DutyShiftEntity).update({ id: open.id, endedAt: IsNull() }, { endedAt: new Date() });
    return this.describe(open.id);
  }

  async current(principal: StaffPrincipal): Promise<DutyShift | null> {
    const open = await this.db.getRepository(DutyShiftEntity).findOne({ where: { staffId: principal.staffId, endedAt: IsNull() } });
    return open ? this.describe(open.id) : null;
  }

  /** Ends the person's open shift, if any (they left the unit). */
  async endShiftsOf(staffId: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.update(DutyShiftEntity, { staffId, endedAt: IsNull() }, { endedAt: new Date() });
  }

  /**
   * The staff member on duty at `windowId` at `at` (default now), if anyone signed in. A deactivated account is on
   * duty nowhere, even in a shift that was left open.
   */
  async onDutyAt(windowId: string, at: Date = new Date(), manager: EntityManager = this.db.manager): Promise<OnDuty | null> {
    const row = await manager
      .createQueryBuilder(DutyShiftEntity, 'd')
      .innerJoin(StaffEntity, 's', 's.id = d.staff_id')
      .select(['s.id AS "staffId"', 's.name AS "name"', 's.staff_number AS "staffNumber"', 's.phone_hash AS "phoneHash"'])
      .where('d.window_id = :windowId AND s.active', { windowId })
      .andWhere('d.started_at <= :at', { at })
      .andWhere('(d.ended_at IS NULL OR d.ended_at > :at)', { at })
      .orderBy('d.started_at', 'DESC')
      .limit(1)
      .getRawOne<OnDuty>();
    return row ?? null;
  }

  private async describe(shiftId: string): Promise<DutyShift | null> {
    const row = await this.db
      .getRepository(DutyShiftEntity)
      .createQueryBuilder('d')
      .innerJoin(WindowEntity, 'w', 'w.id = d.window_id')
      .innerJoin(HallEntity, 'h', 'h.id = w.hall_id')
      .select(['d.id AS id', 'd.started_at AS "startedAt"', 'd.ended_at AS "endedAt"', 'w.id AS "windowId"', 'w.number AS number', 'w.name AS name', 'h.name AS "hallName"'])
      .where('d.id = :shiftId', { shiftId })
      .getRawOne<{ id: string; startedAt: Date; endedAt: Date | null; windowId: string; number: string; name: string; hallName: string }>();
    if (!row) return null;
    return {
      id: row.id,
      window: { id: row.windowId, number: row.number, name: row.name, hallName: row.hallName },
      startedAt: row.startedAt.toISOString(),
      endedAt: row.endedAt ? row.endedAt.toISOString() : null,
    };
  }
}
