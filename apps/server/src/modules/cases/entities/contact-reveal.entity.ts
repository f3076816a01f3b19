import { CreateDateColumn, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffEntity } from '../../identity/entities/staff.entity.js';
import { CaseEntity } from './case.entity.js';

/** Every time a staff member saw a rater's whole number (DOMAIN: "every read of it is audited"). */
@Entity({ name: 'contact_reveal' })
@Index('IDX_contact_reveal_at', ['at'])
export class ContactRevealEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'case_id', type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @Index()
  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @ManyToOne(() => StaffEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'staff_id' })
  staff?: StaffEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
