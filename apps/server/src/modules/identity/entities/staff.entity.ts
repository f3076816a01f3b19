import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CatalogRecord } from '../../../common/entities/catalog-record.js';
import { RegionEntity } from '../../catalog/entities/region.entity.js';
import { UnitEntity } from '../../catalog/entities/unit.entity.js';
import type { StaffRole } from '@hcp/contracts';

/** A staff member: window staff, case handler, unit admin, supervisor or system admin (one person may hold several). */
@Entity({ name: 'staff' })
export class StaffEntity extends CatalogRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** 工号: what the person types to sign in. */
  @Index({ unique: true })
  @Column({ name: 'staff_number', type: 'varchar', length: 32 })
  staffNumber: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Index()
  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity | null;

  /** The phone number, AES-256-GCM encrypted (DATA_ENCRYPTION_KEY); shown whole only to the person's administrators. */
  @Column({ name: 'phone_enc', type: 'text', nullable: true })
  phoneEnc: string | null;

  @Column({ name: 'phone_masked', type: 'varchar', length: 16, nullable: true })
  phoneMasked: string | null;

  /** Keyed hash of the number: a rater's call-back number is matched against it for the self-rating signal. */
  @Index()
  @Column({ name: 'phone_hash', type: 'char', length: 64, nullable: true })
  phoneHash: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: StaffRole[];

  /** For supervisors: the region whose subtree they oversee. */
  @Column({ name: 'scope_region_code', type: 'char', length: 12, nullable: true })
  scopeRegionCode: string | null;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'scope_region_code' })
  scopeRegion?: RegionEntity | null;

  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash: string;

  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;
}
