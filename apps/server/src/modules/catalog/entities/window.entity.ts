import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CatalogRecord } from '../../../common/entities/catalog-record.js';
import { HallEntity } from './hall.entity.js';
import { UnitEntity } from './unit.entity.js';
import { ServiceItemEntity } from './service-item.entity.js';

/** A service window (窗口) in a hall. Its QR code carries `scene`; the window's unit answers for its 差评. */
@Entity({ name: 'service_window' })
@Unique('UQ_window_hall_number', ['hallId', 'number'])
export class WindowEntity extends CatalogRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'hall_id', type: 'uuid' })
  hallId: string;

  @ManyToOne(() => HallEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'hall_id' })
  hall?: HallEntity;

  /** The number shown above the window, e.g. "3" or "A12". */
  @Column({ type: 'varchar', length: 16 })
  number: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index()
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  /** Random, ≤ 32 characters of WeChat's allowed scene alphabet; never derived from ids. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  scene: string;

  @Column({ name: 'scene_rotated_at', type: 'timestamptz', nullable: true })
  sceneRotatedAt: Date | null;

  @ManyToMany(() => ServiceItemEntity)
  @JoinTable({ name: 'window_service_item', joinColumn: { name: 'window_id' }, inverseJoinColumn: { name: 'service_item_id' } })
  serviceItems?: ServiceItemEntity[];
}
