import type { NoticeKind } from '@hcp/contracts';

/** Who a kind of notice goes to: the rater, or the staff handling the case. */
export type NoticeAudience = 'citizen' | 'staff';

interface KindText {
  audience: NoticeAudience;
  /** The inbox headline (≤ 20 characters, also a subscribe message's `thing` when a template asks for the title). */
  title: string;
  /** The word a subscribe message's `phrase` field shows: ≤ 5 Chinese characters, nothing else (WeChat's rule). */
  phrase: string;
}

/**
 * The headline and status word of each kind. The phrases avoid words WeChat has been seen to refuse although they
 * keep the rule (成功, 通过, 正常结束).
 */
export const NOTICE_TEXT: Readonly<Record<NoticeKind, KindText>> = {
  citizen_case_accepted: { audience: 'citizen', title: '您反映的问题已受理', phrase: '已受理' },
  citizen_called_back: { audience: 'citizen', title: '工作人员已回访核实', phrase: '已回访' },
  citizen_replied: { audience: 'citizen', title: '您反映的问题已答复', phrase: '已答复' },
  citizen_closed: { audience: 'citizen', title: '您反映的问题已办结', phrase: '已办结' },
  citizen_escalated: { audience: 'citizen', title: '监督部门已处理您的反馈', phrase: '已处理' },
  citizen_appeal_ruled: { audience: 'citizen', title: '您反映的问题已办结', phrase: '已办结' },
  staff_case_new: { audience: 'staff', title: '您有新的差评工单', phrase: '待处理' },
  staff_deadline_near: { audience: 'staff', title: '工单即将到期', phrase: '即将到期' },
  staff_overdue: { audience: 'staff', title: '工单已超期', phrase: '已超期' },
  staff_reopened: { audience: 'staff', title: '群众表示问题未解决', phrase: '未解决' },
  staff_appeal_ruled: { audience: 'staff', title: '申诉已裁定', phrase: '已裁定' },
};

export const audienceOf = (kind: NoticeKind): NoticeAudience => NOTICE_TEXT[kind].audience;

/** The longest body an inbox notice keeps (a reply is shortened to it, with an ellipsis). */
export const NOTICE_BODY_MAX = 300;
