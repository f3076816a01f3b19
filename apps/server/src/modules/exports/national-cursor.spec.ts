import { decodeCursor, encodeCursor } from './national-cursor.js';

const LAST_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

describe('the national export cursor', () => {
  it('reads back what it wrote', () => {
    const c = { txid: 123456789012n, ratingId: LAST_UUID, from: '2026-03-01', to: null };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('refuses anything it did not write, with a stable code', () => {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const good = { v: 1, t: '5', r: LAST_UUID, f: null, u: null };
    for (const text of [
      '',
      'not base64!',
      'x'.repeat(301),
      enc('a string'),
      enc(null),
      enc({ ...good, v: 2 }),
      enc({ ...good, t: 5 }),
      enc({ ...good, t: '-5' }),
      enc({ ...good, t: '1e9' }),
      enc({ ...good, t: '9'.repeat(19) }),
      enc({ ...good, r: 'not-a-uuid' }),
      enc({ ...good, f: '2026-3-1' }),
      enc({ ...good, u: 20260301 }),
      Buffer.from('{"v":1,').toString('base64url'),
    ]) {
      expect(() => decodeCursor(text)).toThrow(expect.objectContaining({ code: 'EXPORT_CURSOR_INVALID' }));
    }
  });
});
