import type { RatingLevel } from './levels.js';

/**
 * National rating tag tables (评价标签). Tag sets are versioned: a rating stores the tag code with the version it
 * was made under, and old ratings are never rewritten when the table changes.
 */
export interface RatingTag {
  code: number;
  level: RatingLevel;
  label: string;
}

export interface RatingTagTable {
  version: string;
  retired: boolean;
  tags: readonly RatingTag[];
}

const tag = (level: RatingLevel, code: number, label: string): RatingTag => ({ code, level, label });

/** The current national table: 510–517, 406–413, 307–314, 207–214, 108–115. */
export const CURRENT_TAG_TABLE: RatingTagTable = {
  version: 'v2',
  retired: false,
  tags: [
    tag(5, 510, '一窗受理一次办结'),
    tag(5, 511, '可以先受理后补材料'),
    tag(5, 512, '不用提交证明'),
    tag(5, 513, '可以全程网上办理'),
    tag(5, 514, '可以使用手机办理'),
    tag(5, 515, '可以就近办理'),
    tag(5, 516, '无需材料直接办理'),
    tag(5, 517, '服务热情效率高'),
    tag(4, 406, '填写一张表单就可完成申报'),
    tag(4, 407, '在线提交材料窗口核验'),
    tag(4, 408, '一张清单告知全部申报材料'),
    tag(4, 409, '用告知承诺减免申报材料'),
    tag(4, 410, '可以在线预约办理'),
    tag(4, 411, '跑大厅一次办完'),
    tag(4, 412, '可以使用自助机办理'),
    tag(4, 413, '服务态度较好'),
    tag(3, 307, '一次性告知需要补正的材料'),
    tag(3, 308, '提供申报材料样本'),
    tag(3, 309, '在承诺的时间内办结'),
    tag(3, 310, '办事指南指引准确'),
    tag(3, 311, '按办事指南要求的材料即可办理'),
    tag(3, 312, '可以快递送达'),
    tag(3, 313, '跑动次数与承诺的一致'),
    tag(3, 314, '服务态度一般'),
    tag(2, 207, '没有提供材料样本'),
    tag(2, 208, '没有提供材料清单'),
    tag(2, 209, '未在承诺时间内办结'),
    tag(2, 210, '同样内容的证明材料被要求多次提交'),
    tag(2, 211, '承诺网办但无法在线办理'),
    tag(2, 212, '在线预约办理后到实体大厅重复取号排队'),
    tag(2, 213, '窗口人员业务不熟练'),
    tag(2, 214, '服务态度生硬'),
    tag(1, 108, '在办事指南之外增加新的审批条件'),
    tag(1, 109, '需提供办事指南之外的申报材料'),
    tag(1, 110, '无理由超过法定办理时间'),
    tag(1, 111, '办事指南提供样本有错'),
    tag(1, 112, '承诺在线收取申报材料实际无法收取'),
    tag(1, 113, '多头跑窗口和部门'),
    tag(1, 114, '跑动次数与承诺的不一致'),
    tag(1, 115, '服务态度差效率低'),
  ],
};

function retiredRange(level: RatingLevel, from: number, to: number): RatingTag[] {
  const tags: RatingTag[] = [];
  // The retired table's wording is not kept here; its codes are, so old ratings still resolve to a level.
  for (let code = from; code <= to; code += 1) tags.push(tag(level, code, `旧版标签${code}`));
  return tags;
}

/** The retired national table: 501–509, 401–405, 301–306, 201–206, 101–107. Kept to read old ratings only. */
export const RETIRED_TAG_TABLE_V1: RatingTagTable = {
  version: 'v1',
  retired: true,
  tags: [
    ...retiredRange(5, 501, 509),
    ...retiredRange(4, 401, 405),
    ...retiredRange(3, 301, 306),
    ...retiredRange(2, 201, 206),
    ...retiredRange(1, 101, 107),
  ],
};

export const TAG_TABLES: readonly RatingTagTable[] = [CURRENT_TAG_TABLE, RETIRED_TAG_TABLE_V1];

export function tagsForLevel(level: RatingLevel, table: RatingTagTable = CURRENT_TAG_TABLE): RatingTag[] {
  return table.tags.filter((t) => t.level === level);
}

export function findTag(code: number, version: string = CURRENT_TAG_TABLE.version): RatingTag | undefined {
  return TAG_TABLES.find((t) => t.version === version)?.tags.find((t) => t.code === code);
}
