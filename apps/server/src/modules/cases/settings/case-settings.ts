import { DEFAULT_CASE_SETTINGS, type CaseSettings } from '@hcp/contracts';

/** Bounds an administrator may set: wide enough for every province's rules, narrow enough to catch a typo. */
export const CASE_SETTINGS_BOUNDS: Record<keyof CaseSettings, { min: number; max: number }> = {
  callbackWorkingDays: { min: 0, max: 30 },
  replyWorkingDays: { min: 1, max: 90 },
  remindWorkingDaysBefore: { min: 0, max: 30 },
  defaultCloseDays: { min: 1, max: 60 },
};

/** One region of a chain from a region up to its root, with its own settings when it has them. */
export interface RegionSettingsLink {
  code: string;
  settings: CaseSettings | null;
}

/**
 * The settings that apply to the first region of `chain` (the region, its parent, … its root): the nearest region
 * with its own, else the national defaults (`inheritedFrom: null`).
 */
export function resolveCaseSettings(chain: readonly RegionSettingsLink[]): { settings: CaseSettings; inheritedFrom: string | null } {
  const own = chain.find((link) => link.settings !== null);
  return own?.settings ? { settings: own.settings, inheritedFrom: own.code } : { settings: { ...DEFAULT_CASE_SETTINGS }, inheritedFrom: null };
}
