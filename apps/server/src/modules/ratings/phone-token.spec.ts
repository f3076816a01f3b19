import { randomBytes } from 'node:crypto';
import { PHONE_TOKEN_TTL_MS, openPhoneToken, sealPhoneToken } from './phone-token.js';

describe('phone tokens', () => {
  const key = randomBytes(32);
  const now = Date.parse('2026-11-30T08:00:00Z');

  it('give the number back to the citizen who exchanged it, until they expire', () => {
    const { token, expiresAt } = sealPhoneToken('13800138000', 'citizen-1', key, now);
    expect(token).not.toContain('13800138000');
    expect(expiresAt.getTime()).toBe(now + PHONE_TOKEN_TTL_MS);
    expect(openPhoneToken(token, ['citizen-1'], key, now + 1000)).toBe('13800138000');
    expect(openPhoneToken(token, ['device-0', 'citizen-1'], key, now)).toBe('13800138000');
    expect(openPhoneToken(token, ['citizen-1'], key, now + PHONE_TOKEN_TTL_MS)).toBeNull();
  });

  it('are worthless to another citizen, under another key, or altered', () => {
    const { token } = sealPhoneToken('13800138000', 'citizen-1', key, now);
    expect(openPhoneToken(token, ['citizen-2'], key, now)).toBeNull();
    expect(openPhoneToken(token, ['citizen-1'], randomBytes(32), now)).toBeNull();
    expect(openPhoneToken(`${token.slice(0, -2)}AA`, ['citizen-1'], key, now)).toBeNull();
    expect(openPhoneToken('garbage', ['citizen-1'], key, now)).toBeNull();
    expect(openPhoneToken('pt1.v1.a.b.c', ['citizen-1'], key, now)).toBeNull();
  });
});
