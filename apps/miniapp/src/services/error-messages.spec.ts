import { ErrorCode } from '@hcp/contracts';
import { CONSOLE_ONLY_CODES, NETWORK_ERROR, userMessageFor } from './error-messages';

describe('userMessageFor()', () => {
  const general = userMessageFor('A_CODE_NO_SERVER_SENDS');

  const consoleOnly: readonly string[] = CONSOLE_ONLY_CODES;

  it.each(Object.values(ErrorCode).filter((code) => !consoleOnly.includes(code)))('has its own Chinese copy for %s', (code) => {
    const message = userMessageFor(code);
    expect(message).not.toBe(general);
    expect(message).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each(CONSOLE_ONLY_CODES)('leaves %s, which only the console’s routes send, to the general copy', (code) => {
    expect(userMessageFor(code)).toBe(general);
  });

  it('explains a network failure', () => {
    expect(userMessageFor(NETWORK_ERROR)).toBe('网络连接失败，请检查网络后重试');
  });

  it('does not treat inherited object keys as codes', () => {
    expect(userMessageFor('toString')).toBe(general);
  });
});
