import { REPORT_MAX_ERRORS, REPORT_MESSAGE_CHARS, shortErrorList, shorten } from './report.js';

describe('import error report', () => {
  it('sends every problem back, sorted by line, while there are few', () => {
    const errors = [
      { line: 3, field: 'name', message: '缺少必填项 name' },
      { line: 1, field: 'colour', message: '无法识别的列：colour' },
    ];
    expect(shortErrorList(errors)).toEqual({ errors: [errors[1], errors[0]] });
  });

  it('cuts a long list to the first problems and counts them all', () => {
    const errors = Array.from({ length: 5000 }, (_, i) => ({ line: 5000 - i, field: 'regionCode', message: '区划编码须为 12 位数字' }));
    const short = shortErrorList(errors);
    expect(short.errorCount).toBe(5000);
    expect(short.errors).toHaveLength(REPORT_MAX_ERRORS);
    expect(short.errors[0].line).toBe(1);
  });

  it('counts the problems not passed in when told how many there were (cell problems beyond the first are only counted)', () => {
    const first = [{ line: 2, field: 'name', message: 'name 不能以 = + - @ 或制表符、回车开头' }];
    expect(shortErrorList(first, 76_000)).toEqual({ errors: first, errorCount: 76_000 });
  });

  it('shortens echoed text and keeps the whole list within a few KB', () => {
    const errors = Array.from({ length: 300 }, (_, i) => ({ line: i + 2, field: '长'.repeat(10_000), message: `上级单位 ${'单'.repeat(30_000)} 不存在` }));
    const short = shortErrorList(errors);
    expect(Buffer.byteLength(JSON.stringify(short))).toBeLessThan(12 * 1024);
    expect(short.errors[0].message).toHaveLength(REPORT_MESSAGE_CHARS);
    expect(short.errors[0].message.endsWith('…')).toBe(true);
  });

  it('never splits a character outside the basic plane', () => {
    expect(shorten('😀😀😀', 4)).toBe('😀…');
  });
});
