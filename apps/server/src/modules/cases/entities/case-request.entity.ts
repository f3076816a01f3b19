import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { ServiceItemEntity } from '../../catalog/entities/service-item.entity.js';
import { CaseEntity } from './case.entity.js';

/**
 * What a service request sent through Open311 GeoReport v2 says, kept beside its case (the case has no rating).
 * The reporter's name, e-mail and phone are personal data: kept encrypted (`common/privacy`), the phone also masked
 * for the handling unit's pages, and never part of an Open311 answer.
 */
@Entity({ name: 'case_request' })
@Index('IDX_case_request_client_created', ['clientId', 'createdAt'])
export class CaseRequestEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @OneToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @Column({ name: 'service_item_id', type: 'uuid' })
  serviceItemId: string;

  @ManyToOne(() => ServiceItemEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_item_id' })
  serviceItem?: ServiceItemEntity;

  @Column({ type: 'text' })
  description: string;

  /** `address_string` as sent. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  long: number | null;

  /** `attribute[code]` values, by code. */
  @Column({ type: 'jsonb' })
  attributes: Record<string, string>;

  /** `{firstName, lastName, email, phone}` as JSON, encrypted; null when none was sent. */
  @Column({ name: 'reporter_enc', type: 'text', nullable: true })
  reporterEnc: string | null;

  /** 138****8000 for the handling unit's pages; the whole number only through contact-reveal. */
  @Column({ name: 'phone_masked', type: 'varchar', length: 16, nullable: true })
  phoneMasked: string | null;

  /** The sending system: the API key it used. Rate limits count per key. */
  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
