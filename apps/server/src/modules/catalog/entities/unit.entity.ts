import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CatalogRecord } from '../../../common/entities/catalog-record.js';
import type { CaseAssignmentMode } from '@hcp/contracts';
import { RegionEntity } from './region.entity.js';

/** A unit (部门/单位): the body responsible for the windows and service items it runs, and for their 差评 cases. */
@Entity({ name: 'unit' })
export class UnitEntity extends CatalogRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The unit's own code (e.g. 统一社会信用代码); unique. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index()
  @Column({ name: 'region_code', type: 'char', length: 12 })
  regionCode: string;

  @ManyToOne(() => RegionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'region_code' })
  region?: RegionEntity;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: UnitEntity | null;

  /** How new 差评 cases find a handler: round-robin among the unit's active case handlers, or the unit's queue. */
  @Column({ name: 'case_assignment', type: 'varchar', length: 12, default: 'round_robin' })
  caseAssignment: CaseAssignmentMode;
}
