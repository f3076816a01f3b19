import { FIELD_RULES } from '@hcp/wechat-sandbox';
import { NOTICE_KINDS } from '@hcp/contracts';
import { chinaTime, parseNoticeTemplates, subscribeData, templateIdsFor, truncate } from './notice-templates.js';
import { NOTICE_TEXT } from './notice-kinds.js';

const codePoints = (s: string) => [...s].length;
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('truncate', () => {
  it('keeps text that fits as it is', () => {
    expect(truncate('您反映的问题已答复', 20)).toBe('您反映的问题已答复');
    expect(truncate('一二三四五六七八九十一二三四五六七八九十', 20)).toBe('一二三四五六七八九十一二三四五六七八九十');
  });

  it('cuts to the limit in code points, with an ellipsis, never inside a character', () => {
    const cut = truncate('一二三四五六七八九十一二三四五六七八九十一', 20);
    expect(cut).toBe('一二三四五六七八九十一二三四五六七八九…');
    // An emoji of two UTF-16 units where a cut by units would split it; a family emoji (several code points) is
    // dropped whole rather than broken into its parts.
    for (const text of ['一二三四五六七八九十一二三四五六七八👍九十一', '一二三四五六七八九十一二三四五六七👨‍👩‍👧八九十一']) {
      const out = truncate(text, 20);
      expect(codePoints(out)).toBeLessThanOrEqual(20);
      expect(wellFormed(out)).toBe(true);
      expect(text.startsWith(out.slice(0, -1))).toBe(true);
    }
    expect(truncate('一二三四五六七八九十一二三四五六七👨‍👩‍👧八九十一', 20)).toBe('一二三四五六七八九十一二三四五六七…');
  });
});

describe('WECHAT_NOTICE_TEMPLATES', () => {
  it('reads kinds to templates and names every mistake', () => {
    const ok = parseNoticeTemplates(JSON.stringify({ citizen_replied: { templateId: 'tpl-1', fields: { thing1: 'title', phrase2: 'status', character_string3: 'caseNo' } } }));
    expect(ok.problems).toEqual([]);
    expect(ok.templates.citizen_replied?.templateId).toBe('tpl-1');
    expect(parseNoticeTemplates(undefined)).toEqual({ templates: {}, problems: [] });

    const bad = parseNoticeTemplates(
      JSON.stringify({
        nobody_kind: { templateId: 'x', fields: { thing1: 'title' } },
        citizen_closed: { templateId: 'has space', fields: {} },
        staff_overdue: { templateId: 'ok', fields: { phrase1: 'body', amount2: 'caseNo', thing3: 'nothing' } },
      }),
    );
    expect(bad.problems).toEqual([
      expect.stringContaining('WECHAT_NOTICE_TEMPLATES.nobody_kind: unknown notice kind'),
      expect.stringContaining('WECHAT_NOTICE_TEMPLATES.citizen_closed must be'),
      'WECHAT_NOTICE_TEMPLATES.staff_overdue.fields.phrase1: a phrase field takes status',
      expect.stringContaining('WECHAT_NOTICE_TEMPLATES.staff_overdue.fields.amount2: the key must be'),
      expect.stringContaining('WECHAT_NOTICE_TEMPLATES.staff_overdue.fields.thing3: the source is one of'),
    ]);
    expect(parseNoticeTemplates('{not json').problems).toHaveLength(1);
  });

  it('lists each audience’s templates once', () => {
    const t = { templateId: 'a', fields: { thing1: 'title' as const } };
    const templates = { citizen_replied: t, citizen_closed: { ...t, templateId: 'b' }, citizen_called_back: t, staff_overdue: { ...t, templateId: 'c' } };
    expect(templateIdsFor(templates, 'citizen')).toEqual(['a', 'b']);
    expect(templateIdsFor(templates, 'staff')).toEqual(['c']);
  });
});

describe('subscribe message data', () => {
  it('fills every field within WeChat’s rule for its kind, for every kind of notice', () => {
    const template = { templateId: 't', fields: { character_string1: 'caseNo', phrase2: 'status', thing3: 'title', thing4: 'body', time5: 'time', date6: 'date', thing7: 'unit' } as const };
    const longBody = '单位答复：'.repeat(30) + '\n换行\t和 空格';
    for (const kind of NOTICE_KINDS) {
      const data = subscribeData(template, { kind, title: NOTICE_TEXT[kind].title, body: longBody, caseNo: 'CP20261130000123', unitName: '泰山区行政审批服务局（政务服务大厅综合受理窗口）', createdAt: new Date('2026-11-30T16:05:00Z') });
      for (const [key, value] of Object.entries(data)) {
        const type = /^[a-z_]+/.exec(key)![0] as keyof typeof FIELD_RULES;
        expect([kind, key, FIELD_RULES[type](value)]).toEqual([kind, key, true]);
      }
      expect(data.thing4).not.toMatch(/\s{2}|\n/);
      expect(data.time5).toBe('2026年12月1日 00:05');
      expect(data.date6).toBe('2026年12月1日');
    }
  });

  it('writes times in China time', () => {
    expect(chinaTime(new Date('2026-01-05T01:02:00Z'))).toBe('2026年1月5日 09:02');
  });
});
