import { Global, Injectable, Module } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * What another module does when a staff member leaves their unit (deactivated, or moved to another unit), given the
 * transaction that makes the change, so the person's own account and what hangs on it change together.
 */
export type LeavingUnitHandler = (manager: EntityManager, staffId: string) => Promise<void>;

/**
 * Events of a staff account that other modules act on. The identity module owns accounts but not shifts or cases:
 * the modules that own those register here at start (duty ends the person's shift, cases return their open cases to
 * the unit's queue), so identity needs to know neither, and no module imports another in a cycle.
 */
@Injectable()
export class StaffLifecycle {
  private readonly leavingUnit: LeavingUnitHandler[] = [];

  onLeavingUnit(handler: LeavingUnitHandler): void {
    this.leavingUnit.push(handler);
  }

  /** Runs every handler, in the caller's transaction: a handler that fails undoes the change. */
  async leftUnit(manager: EntityManager, staffId: string): Promise<void> {
    for (const handler of this.leavingUnit) await handler(manager, staffId);
  }
}

@Global()
@Module({ providers: [StaffLifecycle], exports: [StaffLifecycle] })
export class StaffLifecycleModule {}
