import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { RoutingRuleKind } from '@hcp/contracts';
import { UnitEntity } from '../../catalog/entities/unit.entity.js';

/**
 * Sends the cases of a service item, a hall or a region to a unit other than the window's (谁办理谁负责 is the rule
 * without one). The most specific active rule wins: service item, then hall, then the deepest region.
 */
@Entity({ name: 'routing_rule' })
@Index('UQ_routing_rule_match', ['kind', 'match'], { unique: true, where: 'active' })
export class RoutingRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: RoutingRuleKind;

  /** A service item code, a hall id, or a 12-digit region code. */
  @Column({ type: 'varchar', length: 64 })
  match: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  @Column({ type: 'varchar', length: 200, default: '' })
  note: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
