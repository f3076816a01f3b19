import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CatalogRecord } from '../../../common/entities/catalog-record.js';
import { RegionEntity } from './region.entity.js';

/** A government service hall (政务服务大厅). */
@Entity({ name: 'hall' })
export class HallEntity extends CatalogRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

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

  @Column({ type: 'varchar', length: 200, default: '' })
  address: string;
}
