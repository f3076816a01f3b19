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

  it('masks a surname before a form of address, not a pronoun', () => {
    expect(redact('王先生您好', [])).toBe(`${M}先生您好`);
    expect(redact('欧阳女士反映的问题', [])).toBe(`${M}女士反映的问题`);
    expect(redact('您好，这位先生', [])).toBe('您好，这位先生');
    expect(redact('感谢您', [])).toBe('感谢您');
  });
});
