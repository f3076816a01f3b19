import { hashPassword, hashPasswords, passwordProblem, verifyPassword } from './password.js';

describe('staff passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('Window2026');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(hash).not.toContain('Window2026');
    await expect(verifyPassword('Window2026', hash)).resolves.toBe(true);
    await expect(verifyPassword('window2026', hash)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('Same1234')).not.toBe(await hashPassword('Same1234'));
  });

  it('hashes a batch in order, each with its own salt', async () => {
    const passwords = ['First2026a', 'Second2026b', 'First2026a'];
    const hashes = await hashPasswords(passwords);
    expect(hashes).toHaveLength(3);
    for (const [i, hash] of hashes.entries()) await expect(verifyPassword(passwords[i], hash)).resolves.toBe(true);
    await expect(verifyPassword('Second2026b', hashes[0])).resolves.toBe(false);
    expect(hashes[0]).not.toBe(hashes[2]);
    await expect(hashPasswords([])).resolves.toEqual([]);
  });

  it('asks for 8+ characters with letters and digits', () => {
    expect(passwordProblem('abc123')).toBe('密码至少 8 位');
    expect(passwordProblem('abcdefgh')).toBe('密码须同时包含字母和数字');
    expect(passwordProblem('abcd1234')).toBeNull();
  });
});
