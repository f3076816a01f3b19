/**
 * Rating levels (national code = satisfaction, 5 best). Levels 2 and 1 are 差评 and open a case.
 */
export const RatingLevel = {
  VerySatisfied: 5, // 非常满意
  Satisfied: 4, // 满意
  FairlySatisfied: 3, // 基本满意
  Dissatisfied: 2, // 不满意
  VeryDissatisfied: 1, // 非常不满意
} as const;

export type RatingLevel = (typeof RatingLevel)[keyof typeof RatingLevel];

export interface RatingLevelInfo {
  level: RatingLevel;
  label: string;
  /** 差评: the two lowest levels; each becomes a case. */
  isBad: boolean;
}

export const RATING_LEVELS: readonly RatingLevelInfo[] = [
  { level: 5, label: '非常满意', isBad: false },
  { level: 4, label: '满意', isBad: false },
  { level: 3, label: '基本满意', isBad: false },
  { level: 2, label: '不满意', isBad: true },
  { level: 1, label: '非常不满意', isBad: true },
];

export function isRatingLevel(value: unknown): value is RatingLevel {
  return typeof value === 'number' && RATING_LEVELS.some((l) => l.level === value);
}

export function isBadRating(level: RatingLevel): boolean {
  return level <= RatingLevel.Dissatisfied;
}

export function ratingLevelLabel(level: RatingLevel): string {
  const info = RATING_LEVELS.find((l) => l.level === level);
  if (!info) throw new RangeError(`unknown rating level ${String(level)}`);
  return info.label;
}
