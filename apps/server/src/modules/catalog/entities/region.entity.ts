import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CatalogRecord } from '../../../common/entities/catalog-record.js';

/** An administrative region (行政区划), keyed by its 12-digit national code, e.g. 370900000000. */
@Entity({ name: 'region' })
export class RegionEntity extends CatalogRecord {
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
}
