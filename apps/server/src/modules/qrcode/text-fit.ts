import type { FontWeight } from './fonts.js';

/** Advance width of `text` set in Noto Sans SC at `size` points, in points. */
export type MeasureText = (text: string, size: number, weight: FontWeight) => number;

/** How a piece of text may give way when it is too wide: first shrink, then wrap, then cut with "…". */
export interface FitRule {
  weight: FontWeight;
  /** Preferred size, in points. */
  size: number;
  /** A single line may shrink down to this size before the text wraps. */
  minSingleLineSize: number;
  /** Wrapped lines may shrink down to this size; below it, the last line is cut with "…". */
  minSize: number;
  maxLines: number;
  maxWidth: number;
}

export interface FittedText {
  lines: string[];
  size: number;
}

/** Characters that must not begin a line (Chinese line-breaking rules, 避头点). */
const NO_LINE_START = new Set('，。、；：！？）》」』】〕〉”’…·,.;:!?)]}%');
/** Characters that must not end a line (避尾点). */
const NO_LINE_END = new Set('（《「『【〔〈“‘([{');
/** Scripts set one character per cell, where a line may break between any two characters. */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
/** Control characters, lone surrogates, BOM and non-characters: not allowed in XML, never meant to be printed. */
const UNPRINTABLE = /[\p{Cc}\p{Cs}\ufeff\ufffe\uffff]/gu;

/**
 * One line of plain text: whitespace (line breaks included) collapsed to one space, unprintable characters
 * removed. An ideographic space (U+3000) is kept: in Chinese copy it is a deliberate gap.
 */
export function normalizeText(text: string | undefined): string {
  return (text ?? '').replace(/[^\S\u3000]+/g, ' ').replace(UNPRINTABLE, '').trim();
}

export function fitText(text: string, rule: FitRule, measure: MeasureText): FittedText {
  if (!text) return { lines: [], size: rule.size };
  const fits = (line: string, size: number) => measure(line, size, rule.weight) <= rule.maxWidth;

  for (let size = rule.size; size >= rule.minSingleLineSize; size--) {
    if (fits(text, size)) return { lines: [text], size };
  }
  for (let size = rule.size; size >= rule.minSize; size--) {
    const lines = wrap(text, size, rule, measure);
    if (lines.length <= rule.maxLines) return { lines: balance(text, size, lines, rule, measure), size };
  }
  const lines = wrap(text, rule.minSize, rule, measure).slice(0, rule.maxLines);
  lines[lines.length - 1] = withEllipsis(lines[lines.length - 1], (line) => fits(line, rule.minSize));
  return { lines, size: rule.minSize };
}

/** Greedy line breaking over break opportunities; a word wider than the line is broken between characters. */
export function wrap(text: string, size: number, rule: Pick<FitRule, 'weight' | 'maxWidth'>, measure: MeasureText): string[] {
  const fits = (line: string) => measure(line, size, rule.weight) <= rule.maxWidth;
  const lines: string[] = [];
  let line = '';
  for (const token of breakUnits(text)) {
    if (fits((line + token).trim())) {
      line += token;
      continue;
    }
    if (line.trim()) lines.push(line.trim());
    line = token.trimStart();
    while (line && !fits(line.trim())) {
      const chars = Array.from(line);
      let take = chars.length - 1;
      while (take > 1 && !fits(chars.slice(0, take).join(''))) take--;
      lines.push(chars.slice(0, take).join('').trim());
      line = chars.slice(take).join('').trimStart();
    }
  }
  if (line.trim()) lines.push(line.trim());
  return lines;
}

/**
 * The same number of lines, as even as they can be: the narrowest width that still wraps into as many lines
 * (a centred title of one full line and a two-character widow looks broken).
 */
function balance(text: string, size: number, lines: string[], rule: FitRule, measure: MeasureText): string[] {
  if (lines.length < 2) return lines;
  let best = lines;
  let [narrow, wide] = [0, rule.maxWidth];
  while (wide - narrow > 1) {
    const width = (narrow + wide) / 2;
    const attempt = wrap(text, size, { weight: rule.weight, maxWidth: width }, measure);
    if (attempt.length <= lines.length) {
      best = attempt;
      wide = width;
    } else {
      narrow = width;
    }
  }
  return best;
}

/**
 * Splits text into units a line may not break inside: one wide (CJK) character, a run of other characters
 * (a Latin word, a number, a URL), or a space. Closing punctuation sticks to the unit before it and opening
 * punctuation to the unit after it.
 */
export function breakUnits(text: string): string[] {
  const units: string[] = [];
  let word = '';
  const flush = () => {
    if (word) units.push(word);
    word = '';
  };
  for (const char of text) {
    if (char === ' ' || WIDE.test(char)) {
      flush();
      units.push(char);
    } else {
      word += char;
    }
  }
  flush();

  const merged: string[] = [];
  let pendingOpening = '';
  for (const unit of units) {
    if (NO_LINE_START.has(unit) && merged.length > 0 && !pendingOpening) {
      merged[merged.length - 1] += unit;
    } else if (NO_LINE_END.has(unit)) {
      pendingOpening += unit;
    } else {
      merged.push(pendingOpening + unit);
      pendingOpening = '';
    }
  }
  if (pendingOpening) merged.push(pendingOpening);
  return merged;
}

function withEllipsis(line: string, fits: (line: string) => boolean): string {
  const chars = Array.from(line);
  while (chars.length > 0 && !fits(`${chars.join('').trimEnd()}…`)) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}
