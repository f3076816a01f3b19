import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Failed staff sign-ins, counted per network address and per (staff number, address). Keys are keyed hashes: the
 * table holds neither addresses nor staff numbers. A row that blocks sign-in says until when.
 */
@Entity({ name: 'login_throttle' })
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'char', length: 64 })
  key: string;

  /** `address`: every sign-in from one address; `account_address`: one staff number from one address. */
  @Column({ type: 'varchar', length: 16 })
  kind: 'address' | 'account_address';

  /** Keyed hash of the staff number typed (account_address rows), so a lock can be shown and lifted per account. */
  @Index()
  @Column({ name: 'account_key', type: 'char', length: 64, nullable: true })
  accountKey: string | null;

  @Column({ type: 'int' })
  failures: number;

  /** The first failure of the current count. */
  @Column({ name: 'counting_since', type: 'timestamptz' })
  countingSince: Date;

  @Index()
  @Column({ name: 'last_failure_at', type: 'timestamptz' })
  lastFailureAt: Date;

  @Column({ name: 'blocked_until', type: 'timestamptz', nullable: true })
  blockedUntil: Date | null;
}
