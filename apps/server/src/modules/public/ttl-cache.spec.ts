import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('serves a key from memory until it expires, then loads it again', async () => {
    let clock = 0;
    const cache = new TtlCache<number>(1000, 10, () => clock);
    let loads = 0;
    const load = () => cache.load('a', async () => ++loads);
    expect(await load()).toBe(1);
    clock = 999;
    expect(await load()).toBe(1);
    clock = 1000;
    expect(await load()).toBe(2);
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const cache = new TtlCache<string>(60_000, 2);
    for (const k of ['a', 'b', 'c']) await cache.load(k, async () => k);
    expect(cache.size).toBe(2);
    let reloaded = false;
    await cache.load('a', async () => ((reloaded = true), 'a'));
    expect(reloaded).toBe(true);
  });

  it('shares one load between concurrent askers and never keeps a failure', async () => {
    const cache = new TtlCache<number>(60_000, 10);
    let loads = 0;
    const slow = () => cache.load('k', () => new Promise((resolve) => setTimeout(() => resolve(++loads), 5)));
    expect(await Promise.all([slow(), slow()])).toEqual([1, 1]);
    await expect(cache.load('x', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.load('x', async () => 7)).toBe(7);
  });
});
