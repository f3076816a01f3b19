import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StaffEntity } from './staff.entity.js';

/**
 * A browser device a staff member signed in from. A citizen rating from the same device at that person's window
 * is flagged: staff rating their own service (刷好评) is a known abuse.
 */
@Entity({ name: 'staff_device' })
export class StaffDeviceEntity {
  @PrimaryColumn({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @PrimaryColumn({ name: 'device_id', type: 'varchar', length: 64 })
  deviceId: string;

  @CreateDateColumn({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt: Date;
}
