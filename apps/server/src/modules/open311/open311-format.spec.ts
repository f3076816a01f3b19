import { escapeXml, parseW3cDateTime, w3cDateTime, xmlList } from './open311-format.js';

describe('Open311 formats', () => {
  it('writes instants in China time with the offset', () => {
    expect(w3cDateTime(new Date('2026-11-30T16:05:09.123Z'))).toBe('2026-12-01T00:05:09+08:00');
    expect(w3cDateTime(null)).toBeNull();
  });

  it('reads W3C date-times with any offset, fractions, or a bare date (China time)', () => {
    expect(parseW3cDateTime('2026-11-30T08:00:00+08:00')?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(parseW3cDateTime('2026-11-30T00:00:00Z')?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(parseW3cDateTime('2026-11-30T00:00:00.25-05:00')?.toISOString()).toBe('2026-11-30T05:00:00.250Z');
    expect(parseW3cDateTime('2026-11-30T08:00+0800')?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(parseW3cDateTime('2026-11-30')?.toISOString()).toBe('2026-11-29T16:00:00.000Z');
    // Not dates, or dates that do not exist.
    for (const bad of ['yesterday', '2026-02-30T00:00:00Z', '2026-13-01', '2026-11-30T24:00:00Z', '2026-11-30 08:00:00', '2026-11-30T08:00:00+8']) {
      expect(parseW3cDateTime(bad)).toBeNull();
    }
  });

  it('escapes text for XML and drops characters XML 1.0 cannot hold', () => {
    expect(escapeXml(`<a href="x">&'\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    expect(xmlList('errors', 'error', [{ code: 400, description: 'a<b' }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>400</code><description>a&lt;b</description></error></errors>',
    );
  });
});
