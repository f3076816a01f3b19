import { preferredCoding } from './h5-static.js';

describe('choosing the coding of a built file from Accept-Encoding', () => {
  const both = ['br', 'gzip'] as const;

  it('prefers brotli when the browser accepts both equally, in whatever order it names them', () => {
    expect(preferredCoding('gzip, deflate, br, zstd', both)).toBe('br');
    expect(preferredCoding('br, gzip', both)).toBe('br');
  });

  it('follows the weights the browser gives, and takes q=0 as a refusal', () => {
    expect(preferredCoding('br;q=0.5, gzip', both)).toBe('gzip');
    expect(preferredCoding('br;q=0, gzip;q=0.1', both)).toBe('gzip');
    expect(preferredCoding('br;q=0, gzip;q=0', both)).toBeNull();
    expect(preferredCoding('BR ; Q=0.9', both)).toBe('br');
  });

  it('reads * as every coding not named, and x-gzip as gzip', () => {
    expect(preferredCoding('*', both)).toBe('br');
    expect(preferredCoding('br;q=0, *', both)).toBe('gzip');
    expect(preferredCoding('x-gzip', both)).toBe('gzip');
  });

  it('sends the file as it is when nothing acceptable exists', () => {
    expect(preferredCoding(undefined, both)).toBeNull();
    expect(preferredCoding('', both)).toBeNull();
    expect(preferredCoding('identity', both)).toBeNull();
    expect(preferredCoding('deflate, zstd', both)).toBeNull();
    expect(preferredCoding('br', ['gzip'])).toBeNull();
    expect(preferredCoding('br, gzip', [])).toBeNull();
  });
});
