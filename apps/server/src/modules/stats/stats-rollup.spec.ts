import { widen } from '../../common/txid-watermark.js';

describe('transaction ids of sessions in flight', () => {
  const EPOCH = 1n << 32n;

  it('takes the 32-bit id as the 64-bit one of the current epoch', () => {
    expect(widen(1000n, 5n * EPOCH + 1200n)).toBe(5n * EPOCH + 1000n);
    // A session that took its id after the snapshot's xmax: a little above it, same epoch.
    expect(widen(1300n, 5n * EPOCH + 1200n)).toBe(5n * EPOCH + 1300n);
  });

  it('crosses an epoch boundary either way', () => {
    // xmax just past a wrap (epoch 6, low 10); a session still in flight from just before it (low 2^32 − 5).
    expect(widen(EPOCH - 5n, 6n * EPOCH + 10n)).toBe(6n * EPOCH - 5n);
    // xmax just before a wrap; a session that got its id just after it.
    expect(widen(3n, 6n * EPOCH - 2n)).toBe(6n * EPOCH + 3n);
  });
});
