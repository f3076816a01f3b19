/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): Excel, WPS and LibreOffice run a cell whose text starts
 * with `=`, `+`, `-` or `@` as a formula, and a leading tab or carriage return can hide such a start from a
 * reviewer while some programs still evaluate it. Imports refuse such cells; every export that writes text people
 * typed into a CSV or XLSX cell passes it through `neutraliseFormula` (numbers go out as numbers, not as text).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** The text as a spreadsheet shows it without running it: a leading apostrophe makes the cell plain text. */
export function neutraliseFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}
