import { PUBLIC_MASK as M } from '@hcp/contracts';
import { redact } from './redact.js';

describe('redact', () => {
  it('masks phone, landline, ID and masked numbers, but keeps dates', () => {
    expect(redact('请致电13812345678或0538-8221234', [])).toBe(`请致电${M}或${M}`);
    expect(redact('联系 138 1234 5678', [])).toBe(`联系 ${M}`);
    expect(redact('身份证37090219900101123X已核验', [])).toBe(`身份证${M}已核验`);
    expect(redact('号码135****0000', [])).toBe(`号码${M}`);
    expect(redact('已于2026-11-30办结，共3项', [])).toBe('已于2026-11-30办结，共3项');
  });

  it('masks e-mail addresses and the names and staff numbers it is given', () => {
    expect(redact('发至 wang.li@example.cn', [])).toBe(`发至 ${M}`);
    expect(redact('窗口人员张小明（工号A001）已道歉', ['张小明', 'A001'])).toBe(`窗口人员${M}（工号${M}）已道歉`);
  });

  it('masks a surname, with the given name after it, before a form of address', () => {
    expect(redact('王先生您好', [])).toBe(`${M}先生您好`);
    expect(redact('欧阳女士反映的问题', [])).toBe(`${M}女士反映的问题`);
    expect(redact('李秀英女士反映的问题已核实', [])).toBe(`${M}女士反映的问题已核实`);
    expect(redact('诸葛明先生', [])).toBe(`${M}先生`);
    expect(redact('请张同志放心', [])).toBe(`请${M}同志放心`);
    expect(redact('您好王先生', [])).toBe(`您好${M}先生`);
    expect(redact('谢谢王女士的耐心', [])).toBe(`谢谢${M}女士的耐心`);
    expect(redact('谢女士您好', [])).toBe(`${M}女士您好`);
    expect(redact('已请刘师傅复核', [])).toBe(`已请${M}师傅复核`);
  });

  it('keeps a word before a form of address that is not a name', () => {
    for (const text of [
      '您好，这位先生',
      '那位女士反映的问题已解决',
      '各位女士、先生：窗口已调整',
      '感谢您的耐心，先生',
      '感谢先生的理解',
      '谢谢女士的建议',
      '老同志办事不便，已安排专人引导',
      '您好女士',
      '该女士已到窗口办理',
      '热心女士提出的建议已采纳',
      '关于女士反映的问题',
      '感谢您',
    ]) {
      expect(redact(text, [])).toBe(text);
    }
  });
});
