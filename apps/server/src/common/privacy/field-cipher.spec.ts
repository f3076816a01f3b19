import { randomBytes } from 'node:crypto';
import { decryptField, encryptField, keyedHash, maskPhone } from './field-cipher.js';

describe('personal data at rest', () => {
  const key = randomBytes(32);

  it('encrypts so that the number is not readable, and decrypts with the key', () => {
    const stored = encryptField('13912345678', key);
    expect(stored).not.toContain('13912345678');
    expect(stored).not.toBe(encryptField('13912345678', key)); // a fresh IV each time
    expect(decryptField(stored, key)).toBe('13912345678');
  });

  it('refuses a tampered value or the wrong key', () => {
    const stored = encryptField('13912345678', key);
    // Change one whole character of the ciphertext (never to itself).
    const at = stored.length - 2;
    const tampered = stored.slice(0, at) + (stored[at] === 'A' ? 'B' : 'A') + stored.slice(at + 1);
    expect(() => decryptField(tampered, key)).toThrow();
    expect(() => decryptField(stored, randomBytes(32))).toThrow();
  });

  it('masks and hashes', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(keyedHash('10.0.0.1', key)).toBe(keyedHash('10.0.0.1', key));
    expect(keyedHash('10.0.0.1', key)).not.toBe(keyedHash('10.0.0.1', randomBytes(32)));
  });
});
