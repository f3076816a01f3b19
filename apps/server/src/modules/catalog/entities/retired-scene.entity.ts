import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WindowEntity } from './window.entity.js';

/** A scene token a window used before its QR code was rotated; a scan of an old poster is told it is retired. */
@Entity({ name: 'retired_scene' })
export class RetiredSceneEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  scene: string;

  @Column({ name: 'window_id', type: 'uuid' })
  windowId: string;

  @ManyToOne(() => WindowEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'window_id' })
  window?: WindowEntity;

  @CreateDateColumn({ name: 'retired_at', type: 'timestamptz' })
  retiredAt: Date;
}
