import { parseKnownAt } from './known-at';

describe('asKnownAt: a log position or an instant', () => {
  it('reads an ISO-8601 instant with offset (Z or ±hh:mm, with or without seconds and fractions)', () => {
    expect(parseKnownAt('2026-03-01T00:00:00+08:00')).toEqual({ kind: 'instant', instant: '2026-03-01T00:00:00+08:00', epochMs: Date.UTC(2026, 1, 28, 16) });
    expect(parseKnownAt('2026-03-01T00:00Z')).toMatchObject({ kind: 'instant', epochMs: Date.UTC(2026, 2, 1) });
    expect(parseKnownAt('2026-03-01T00:00:00.123456-05:00')).toMatchObject({ kind: 'instant', epochMs: Date.UTC(2026, 2, 1, 5, 0, 0, 123) });
  });

  it('takes an unencoded + (a space in a query string) as the offset sign', () => {
    expect(parseKnownAt('2026-03-01T00:00:00 08:00')).toMatchObject({ kind: 'instant', instant: '2026-03-01T00:00:00+08:00' });
  });

  it('refuses a date-time without offset, a bare date and impossible calendar values', () => {
    for (const raw of ['2026-03-01T00:00:00', '2026-03-01', '2026-02-30T00:00:00Z', '2026-03-01T24:00:00Z', '2026-03-01T00:00:00+25:00']) {
      expect(() => parseKnownAt(raw)).toThrow(expect.objectContaining({ code: 'INVALID_INSTANT' }));
    }
  });

  it('passes anything else on as a position; nothing is now', () => {
    expect(parseKnownAt('755:4')).toEqual({ kind: 'position', position: '755:4' });
    expect(parseKnownAt('yesterday')).toEqual({ kind: 'position', position: 'yesterday' });
    expect(parseKnownAt(undefined)).toEqual({ kind: 'now' });
  });
});
