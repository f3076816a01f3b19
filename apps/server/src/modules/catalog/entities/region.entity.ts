import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An administrative region (行政区划), keyed by its 12-digit national code, e.g. 370900000000. */
@Entity({ name: 'region' })
export class RegionEntity {
  @PrimaryColumn({ type: 'char', length: 12 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index()
  @Column({ name: 'parent_code', type: 'char', length: 12, nullable: true })
  parentCode: string | null;

  @ManyToOne(() => RegionEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_code' })
  parent?: RegionEntity | null;

  /** Deactivated regions stay: ratings and cases keep pointing at what they named. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
