import { CURRENT_TAG_TABLE, RETIRED_TAG_TABLE_V1, findTag, tagsForLevel } from './tags.js';
import { RATING_LEVELS, isBadRating, ratingLevelLabel } from './levels.js';

describe('national tag tables', () => {
  it('offers eight current tags for each level, in the national code ranges', () => {
    const ranges: Record<number, [number, number]> = { 5: [510, 517], 4: [406, 413], 3: [307, 314], 2: [207, 214], 1: [108, 115] };
    for (const { level } of RATING_LEVELS) {
      const codes = tagsForLevel(level).map((t) => t.code);
      const [from, to] = ranges[level];
      expect(codes).toEqual(Array.from({ length: to - from + 1 }, (_, i) => from + i));
    }
  });

  it('keeps codes unique within a version and marks the old table retired', () => {
    for (const table of [CURRENT_TAG_TABLE, RETIRED_TAG_TABLE_V1]) {
      const codes = table.tags.map((t) => t.code);
      expect(new Set(codes).size).toBe(codes.length);
    }
    expect(CURRENT_TAG_TABLE.retired).toBe(false);
    expect(RETIRED_TAG_TABLE_V1.retired).toBe(true);
    expect(RETIRED_TAG_TABLE_V1.tags).toHaveLength(9 + 5 + 6 + 6 + 7);
  });

  it('resolves a tag by code within its version only', () => {
    expect(findTag(517)?.label).toBe('服务热情效率高');
    expect(findTag(501)).toBeUndefined();
    expect(findTag(501, 'v1')?.level).toBe(5);
  });

  it('counts only the two lowest levels as 差评', () => {
    expect(RATING_LEVELS.filter((l) => isBadRating(l.level)).map((l) => ratingLevelLabel(l.level))).toEqual(['不满意', '非常不满意']);
  });
});
