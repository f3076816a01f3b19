import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A citizen account: a WeChat user keyed by openid, or an anonymous browser device. A device account linked to
 * WeChat later points at the WeChat account (`mergedIntoId`), and its ratings move with it.
 */
@Entity({ name: 'citizen' })
// New device accounts are counted per address for the sign-up limit.
@Index('IDX_citizen_signup_ip_time', ['signupIpHash', 'createdAt'])
export class CitizenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  kind: 'wechat' | 'device';

  /** Never leaves the server except to WeChat itself. */
  @Index({ unique: true, where: 'openid IS NOT NULL' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  openid: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid: string | null;

  @Index({ unique: true, where: 'device_id IS NOT NULL' })
  @Column({ name: 'device_id', type: 'varchar', length: 64, nullable: true })
  deviceId: string | null;

  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  /** Keyed hash of the address a device account was created from (enough to count, not to recover it). */
  @Column({ name: 'signup_ip_hash', type: 'char', length: 64, nullable: true })
  signupIpHash: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;
}
