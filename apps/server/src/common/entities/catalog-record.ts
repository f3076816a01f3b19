import { Column, CreateDateColumn, UpdateDateColumn } from 'typeorm';

/**
 * Columns every catalog record has. Records are deactivated, never deleted: ratings and cases keep pointing at
 * what they named.
 */
export abstract class CatalogRecord {
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
