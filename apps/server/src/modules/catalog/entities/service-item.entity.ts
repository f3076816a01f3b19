import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CatalogRecord } from '../../../common/entities/catalog-record.js';
import { UnitEntity } from './unit.entity.js';

/** A service item (事项), keyed by its national item code (事项编码 / 实施清单编码). */
@Entity({ name: 'service_item' })
export class ServiceItemEntity extends CatalogRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index()
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;
}
