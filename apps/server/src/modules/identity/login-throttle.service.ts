import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/config.js';
import { keyedHash } from '../../common/privacy/field-cipher.js';
import { LoginThrottleEntity } from './entities/login-throttle.entity.js';

/**
 * Staff sign-in throttling. Wrong passwords are counted per (staff number, address) and per address, never per
 * account alone: a stranger guessing from elsewhere cannot lock the real person out of their own desk.
 * - One staff number from one address: after 5 failures in a row, that address must wait 1 minute before trying that
 *   staff number again, then 2, 4, 8 … up to 60 minutes after each further failure. A success from that address, an
 *   administrator's password reset, or 24 hours without a failure start the count again.
 * - One address, whatever the staff numbers: 30 failures within 15 minutes block the address for 15 minutes.
 * Unknown staff numbers are counted exactly like real ones, so a block says nothing about whether an account exists.
 */
export const ACCOUNT_FREE_FAILURES = 5;
export const ACCOUNT_MAX_DELAY_MINUTES = 60;
export const ACCOUNT_FORGET_MINUTES = 24 * 60;
export const ADDRESS_MAX_FAILURES = 30;
export const ADDRESS_WINDOW_MINUTES = 15;

type ThrottleKind = LoginThrottleEntity['kind'];

/** Which counts an attempt is judged by: always its staff number's from its address; the address's unless told not. */
export interface ThrottleScope {
  address: boolean;
}

export interface ThrottleKeys {
  address: string;
  accountAddress: string;
  account: string;
}

@Injectable()
export class LoginThrottleService implements OnModuleInit, OnModuleDestroy {
  private cleanup?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    // Old rows only cost space; an hourly sweep keeps the table to about a day of failures.
    this.cleanup = setInterval(() => void this.sweep().catch(() => undefined), 3600_000);
    this.cleanup.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.cleanup);
  }

  keys(staffNumber: string, address: string | undefined): ThrottleKeys {
    const key = this.config.privacy.dataKey;
    const from = address ?? 'unknown';
    return {
      address: keyedHash(JSON.stringify(['login-address', from]), key),
      accountAddress: keyedHash(JSON.stringify(['login-account-address', staffNumber, from]), key),
      account: this.accountKey(staffNumber),
    };
  }

  /**
   * Counts a sign-in attempt as a failure before its password is checked, or refuses it. Counting first is what makes
   * the limits hold under parallel guesses: each attempt takes its place in the count under the row lock of one
   * statement, so of 40 guesses sent at once exactly as many go ahead as the limits allow, and the rest are refused
   * without a password check. Returns null when the attempt may go ahead, else until when it is refused; a refused
   * attempt counts nothing (its transaction is rolled back). A right password is settled with `recordSuccess`.
   *
   * `scope.address` false leaves the address's count out, neither checked nor counted: the attempt comes from a
   * device this staff member has signed in from before (see AuthService.login), which a block of the shared address
   * must not shut out. The count for the staff number from the address still applies.
   */
  async reserve(keys: ThrottleKeys, scope: ThrottleScope = { address: true }): Promise<Date | null> {
    // An address's count covers a fixed window from its first failure; a staff number's runs until a success or a
    // quiet day.
    const restart = `CASE login_throttle.kind
        WHEN 'address' THEN login_throttle.counting_since < now() - make_interval(mins => ${ADDRESS_WINDOW_MINUTES})
        ELSE login_throttle.last_failure_at < now() - make_interval(mins => ${ACCOUNT_FORGET_MINUTES}) END`;
    const failures = `(CASE WHEN ${restart} THEN 1 ELSE login_throttle.failures + 1 END)`;
    // Rows are locked in the order given (address first), the same in every attempt, so attempts cannot deadlock.
    const rows: [key: string, kind: ThrottleKind, accountKey: string | null][] = [[keys.accountAddress, 'account_address', keys.account]];
    if (scope.address) rows.unshift([keys.address, 'address', null]);
    const values = rows.map((_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3}, 1, now(), now(), NULL)`).join(', ');
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const counted: { key: string }[] = await runner.query(
        `INSERT INTO login_throttle (key, kind, account_key, failures, counting_since, last_failure_at, blocked_until)
         VALUES ${values}
         ON CONFLICT (key) DO UPDATE SET
           failures = ${failures},
           counting_since = CASE WHEN ${restart} THEN now() ELSE login_throttle.counting_since END,
           last_failure_at = now(),
           blocked_until = CASE login_throttle.kind
             WHEN 'address' THEN CASE WHEN ${failures} >= ${ADDRESS_MAX_FAILURES} THEN now() + make_interval(mins => ${ADDRESS_WINDOW_MINUTES}) ELSE NULL END
             ELSE CASE WHEN ${failures} >= ${ACCOUNT_FREE_FAILURES}
                       THEN now() + make_interval(mins => least(${ACCOUNT_MAX_DELAY_MINUTES}, power(2, least(${failures} - ${ACCOUNT_FREE_FAILURES}, 10))::int))
                       ELSE NULL END
           END
         WHERE login_throttle.blocked_until IS NULL OR login_throttle.blocked_until <= now()
         RETURNING key`,
        rows.flat(),
      );
      if (counted.length === rows.length) {
        await runner.commitTransaction();
        return null;
      }
      await runner.rollbackTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
    const blocked: { until: Date | null }[] = await this.db.query(
      `SELECT max(blocked_until) AS until FROM login_throttle WHERE key = ANY($1) AND blocked_until > now()`,
      [rows.map(([key]) => key)],
    );
    // The block ran out between the two statements: the caller is told to wait a moment, not to go ahead uncounted.
    return blocked[0]?.until ?? new Date(Date.now() + 1000);
  }

  /**
   * A right password from this address: its count for this staff number starts again, and the address gets back the
   * attempt `reserve` counted against it (a success is not a failure of the address).
   */
  async recordSuccess(keys: ThrottleKeys, scope: ThrottleScope = { address: true }): Promise<void> {
    await this.db.getRepository(LoginThrottleEntity).delete({ key: keys.accountAddress });
    if (!scope.address) return;
    await this.db.query(
      `UPDATE login_throttle SET failures = failures - 1,
         blocked_until = CASE WHEN failures - 1 >= ${ADDRESS_MAX_FAILURES} THEN blocked_until ELSE NULL END
       WHERE key = $1 AND failures > 0`,
      [keys.address],
    );
  }

  /** The staff numbers, of those given, that some address is currently blocked from signing in as. */
  async blockedAccounts(staffNumbers: string[]): Promise<Set<string>> {
    if (staffNumbers.length === 0) return new Set();
    const byKey = new Map(staffNumbers.map((n) => [this.accountKey(n), n]));
    const rows: { account_key: string }[] = await this.db.query(
      `SELECT DISTINCT account_key FROM login_throttle WHERE account_key = ANY($1) AND blocked_until > now()`,
      [[...byKey.keys()]],
    );
    return new Set(rows.map((r) => byKey.get(r.account_key)!));
  }

  /** Lifts every block on a staff number, from every address (an administrator reset the password). */
  async clearAccount(staffNumber: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.getRepository(LoginThrottleEntity).delete({ accountKey: In([this.accountKey(staffNumber)]) });
  }

  private accountKey(staffNumber: string): string {
    return keyedHash(JSON.stringify(['login-account', staffNumber]), this.config.privacy.dataKey);
  }

  private async sweep(): Promise<void> {
    await this.db.query(
      `DELETE FROM login_throttle WHERE last_failure_at < now() - make_interval(mins => ${ACCOUNT_FORGET_MINUTES + 60}) AND (blocked_until IS NULL OR blocked_until < now())`,
    );
  }
}
