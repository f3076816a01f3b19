import { ErrorCode } from '@hcp/contracts';
import { NETWORK_ERROR, userMessageFor } from './error-messages';

describe('userMessageFor()', () => {
  const general = userMessageFor('A_CODE_NO_SERVER_SENDS');

  it.each(Object.values(ErrorCode))('has its own Chinese copy for %s', (code) => {
    const message = userMessageFor(code);
    expect(message).not.toBe(general);
    expect(message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('explains a network failure', () => {
    expect(userMessageFor(NETWORK_ERROR)).toBe('网络连接失败，请检查网络后重试');
  });

  it('does not treat inherited object keys as codes', () => {
    expect(userMessageFor('toString')).toBe(general);
  });
});
