/** Staff roles. A citizen is not a role: citizens sign in through WeChat or as an anonymous device. */
export const StaffRole = {
  WindowStaff: 'window_staff', // 窗口工作人员
  CaseHandler: 'case_handler', // 差评处理人员
  UnitAdmin: 'unit_admin', // 单位管理员
  Supervisor: 'supervisor', // 监督人员 (scoped to a region subtree)
  SystemAdmin: 'system_admin', // 系统管理员
} as const;

export type StaffRole = (typeof StaffRole)[keyof typeof StaffRole];

export const STAFF_ROLES: readonly { role: StaffRole; label: string }[] = [
  { role: 'window_staff', label: '窗口工作人员' },
  { role: 'case_handler', label: '差评处理人员' },
  { role: 'unit_admin', label: '单位管理员' },
  { role: 'supervisor', label: '监督人员' },
  { role: 'system_admin', label: '系统管理员' },
];

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && STAFF_ROLES.some((r) => r.role === value);
}

export interface StaffLoginRequest {
  staffNumber: string;
  password: string;
  /** The browser's device id, when signing in from the mini-program's H5 pages (used to spot self-rating). */
  deviceId?: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export interface RefreshRequest {
  refreshToken: string;
}

export interface WechatLoginRequest {
  /** The code from wx.login (valid five minutes, single use). */
  code: string;
}

export interface DeviceLoginRequest {
  /** A random id the browser keeps (16–64 characters of [A-Za-z0-9_-]). */
  deviceId: string;
}

export interface CitizenToken {
  accessToken: string;
  expiresIn: number;
  citizen: CitizenProfile;
}

export interface LinkWechatRequest {
  code: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface CitizenProfile {
  id: string;
  kind: 'wechat' | 'device';
  /** True when the account can receive WeChat notices. */
  wechatLinked: boolean;
}

export interface StaffProfile {
  id: string;
  staffNumber: string;
  name: string;
  roles: StaffRole[];
  unit: { id: string; name: string } | null;
  scopeRegionCode: string | null;
}

export type Me = { kind: 'staff'; staff: StaffProfile } | { kind: 'citizen'; citizen: CitizenProfile };
