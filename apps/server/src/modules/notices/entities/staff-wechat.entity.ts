import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The WeChat user (openid) a member of staff accepted notices as, learnt from a wx.login code sent with their first
 * accept in the mini-program. Staff sign in with a password, so this is the only place their openid is known.
 */
@Entity({ name: 'notice_staff_wechat' })
export class StaffWechatEntity {
  @PrimaryColumn({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  /** Never leaves the server except to WeChat itself. */
  @Column({ type: 'varchar', length: 64 })
  openid: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
