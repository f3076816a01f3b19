import { neutraliseFormula, startsLikeFormula } from './spreadsheet-formula.js';

describe('spreadsheet formula cells', () => {
  it.each(['=1+1', '+8613800000000', '-2+3', '@SUM(A1)', '\t=cmd', '\r=1+1'])('treats %j as a formula and neutralises it', (text) => {
    expect(startsLikeFormula(text)).toBe(true);
    expect(neutraliseFormula(text)).toBe(`'${text}`);
    expect(startsLikeFormula(neutraliseFormula(text))).toBe(false);
  });

  it.each(['', '泰山区政务服务中心', 'ITEM-A-001', ' leading space', '1+1', "'=already text", '＝全角等号'])('leaves %j as it is', (text) => {
    expect(startsLikeFormula(text)).toBe(false);
    expect(neutraliseFormula(text)).toBe(text);
  });
});
