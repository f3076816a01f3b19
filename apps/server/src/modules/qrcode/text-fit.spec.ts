import { breakUnits, fitText, normalizeText, wrap, type FitRule, type MeasureText } from './text-fit.js';

/** A monospaced stand-in for the font: CJK characters are 1 em, everything else half an em. */
const measure: MeasureText = (text, size) =>
  Array.from(text).reduce((width, char) => width + (/[\u3000-\u9fff\uff00-\uffef]/.test(char) ? 1 : 0.5), 0) * size;

const rule = (overrides: Partial<FitRule>): FitRule => ({
  weight: 'regular',
  size: 20,
  minSingleLineSize: 16,
  minSize: 12,
  maxLines: 2,
  maxWidth: 200,
  ...overrides,
});

describe('normalizeText', () => {
  it('makes one printable line: whitespace collapsed, control characters gone, ideographic space kept', () => {
    expect(normalizeText('  不动产\n\t登记\u0007 \u3000窗口 ')).toBe('不动产 登记 \u3000窗口');
    expect(normalizeText(undefined)).toBe('');
    expect(normalizeText('\ud800坏')).toBe('坏');
  });
});

describe('breakUnits', () => {
  it('breaks between CJK characters but not inside Latin words, and keeps punctuation with its neighbour', () => {
    expect(breakUnits('请扫码，为A03窗口（综合）评价')).toEqual(['请', '扫', '码，', '为', 'A03', '窗', '口', '（综', '合）', '评', '价']);
  });
});

describe('wrap', () => {
  it('never starts a line with closing punctuation', () => {
    // 10 characters per line at 20 pt in 200 pt: the comma would be the 11th.
    const lines = wrap('一二三四五六七八九十，十一', 20, { weight: 'regular', maxWidth: 200 }, measure);
    expect(lines).toEqual(['一二三四五六七八九', '十，十一']);
  });

  it('breaks a word wider than the line between its characters', () => {
    const lines = wrap('https://pj.example.gov.cn/r/Ab3dE9xYz', 10, { weight: 'regular', maxWidth: 100 }, measure);
    expect(lines.join('')).toBe('https://pj.example.gov.cn/r/Ab3dE9xYz');
    for (const line of lines) expect(measure(line, 10, 'regular')).toBeLessThanOrEqual(100);
  });
});

describe('fitText', () => {
  it('keeps a short text at its size', () => {
    expect(fitText('不动产登记', rule({}), measure)).toEqual({ lines: ['不动产登记'], size: 20 });
  });

  it('shrinks a slightly long text onto one line before wrapping it', () => {
    // 12 characters: 240 pt at 20 pt, 192 pt at 16 pt.
    expect(fitText('一二三四五六七八九十一二', rule({}), measure)).toEqual({ lines: ['一二三四五六七八九十一二'], size: 16 });
  });

  it('wraps a long text into even lines at the largest size that fits', () => {
    const fitted = fitText('一二三四五六七八九十一二三四五六七八', rule({}), measure);
    expect(fitted.size).toBe(20);
    expect(fitted.lines).toEqual(['一二三四五六七八九', '十一二三四五六七八']);
  });

  it('cuts what cannot fit even at the smallest size, with an ellipsis', () => {
    const fitted = fitText('一'.repeat(100), rule({}), measure);
    expect(fitted.size).toBe(12);
    expect(fitted.lines).toHaveLength(2);
    expect(fitted.lines[1].endsWith('…')).toBe(true);
    for (const line of fitted.lines) expect(measure(line, 12, 'regular')).toBeLessThanOrEqual(200);
  });

  it('gives no lines for no text', () => {
    expect(fitText('', rule({}), measure).lines).toEqual([]);
  });
});
