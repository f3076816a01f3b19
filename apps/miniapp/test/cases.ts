import type { CaseDetail, CaseList, CaseSummary, MyCase, StaffProfile, TokenPair } from '@hcp/contracts';
import Taro from '@tarojs/taro';

/** 2026-06-03 10:00 in Beijing, a Wednesday: the pages' "now" in these tests. */
export const NOW = Date.parse('2026-06-03T02:00:00.000Z');

export const handler: StaffProfile = {
  id: 'staff-9',
  staffNumber: 'A0009',
  name: '陈静',
  roles: ['case_handler', 'unit_admin'],
  unit: { id: 'unit-a', name: '泰山区行政审批服务局' },
  scopeRegionCode: null,
};

export const supervisor: StaffProfile = {
  id: 'staff-s',
  staffNumber: 'S0001',
  name: '李监督',
  roles: ['supervisor'],
  unit: null,
  scopeRegionCode: '370900000000',
};

export const tokens: TokenPair = { accessToken: 'staff-access-1', refreshToken: 'staff-refresh-1', expiresIn: 900 };

/** Signs `staff` in on this phone, as the login page leaves it (Taro storage). */
export function signInAs(staff: StaffProfile, pair: Pick<TokenPair, 'accessToken' | 'refreshToken'> = tokens): void {
  Taro.setStorageSync('hcp.staff.session', { accessToken: pair.accessToken, refreshToken: pair.refreshToken, staff });
}

export const summary: CaseSummary = {
  id: 'case-1',
  caseNo: 'CP202606020001',
  source: 'rating',
  state: 'awaiting_callback',
  level: 1,
  unit: { id: 'unit-a', name: '泰山区行政审批服务局' },
  window: { id: 'w-1', number: '1', name: '企业开办', hallName: '泰山区政务服务中心' },
  assignee: { id: 'staff-9', name: '陈静' },
  deadlines: {
    // End of Wednesday 3 June and of 24 June, Beijing time.
    callbackDueAt: '2026-06-03T15:59:59.999Z',
    replyDueAt: '2026-06-24T15:59:59.999Z',
    confirmDueAt: null,
    callbackOverdue: false,
    replyOverdue: false,
  },
  createdAt: '2026-06-02T09:10:00.000Z',
  overdue: false,
  nextDeadline: { kind: 'callback', at: '2026-06-03T15:59:59.999Z', overdue: false },
};

export const detail: CaseDetail = {
  ...summary,
  rating: {
    id: 'r-1',
    level: 1,
    tagCodes: [113, 115],
    tagVersion: 'v2',
    comment: '材料要求前后不一致，来回跑了三次',
    ratedAt: '2026-06-02T09:10:00.000Z',
    serviceItem: { code: '11370902MB2845001A-000201002000', name: '企业设立登记' },
    staffOnDuty: { name: '王晓燕', staffNumber: 'A0001' },
    invalid: false,
  },
  request: null,
  contactMasked: '139****5678',
  callback: null,
  plan: null,
  reply: null,
  citizenAnswer: null,
  reopenCount: 0,
  appeal: null,
  closeKind: null,
  followUp: null,
  timeline: [
    {
      at: '2026-06-02T09:10:00.000Z',
      actor: { kind: 'system', name: null },
      action: 'opened',
      fromState: null,
      toState: 'awaiting_callback',
      note: '分派给 陈静',
    },
  ],
  allowedActions: ['callback', 'appeal', 'transfer', 'assign'],
  canRevealContact: true,
};

export function caseList(items: CaseSummary[], extra: Partial<CaseList> = {}): CaseList {
  return { items, total: items.length, counts: { awaiting_callback: items.length }, warnings: [], ...extra };
}

export const myCase: MyCase = {
  id: 'case-1',
  caseNo: 'CP202606020001',
  state: 'awaiting_callback',
  closeKind: null,
  unit: { name: '泰山区行政审批服务局' },
  window: { number: '1', name: '企业开办', hallName: '泰山区政务服务中心' },
  level: 1,
  deadlines: { callbackDueAt: '2026-06-03T15:59:59.999Z', replyDueAt: '2026-06-24T15:59:59.999Z', confirmDueAt: null },
  callbackExpected: true,
  reply: null,
  canConfirm: false,
  canFollowUp: false,
  followUp: null,
  timeline: [{ at: '2026-06-02T09:10:00.000Z', text: '您的评价已转交泰山区行政审批服务局处理' }],
};
