import fc from 'fast-check';
import { formatDate, formatFen, isIsoDate, parseAmount, parseDate } from './bank-file.format';

describe('amounts from integer fen, without floats', () => {
  it.each([
    [0, '0.00', '0'],
    [1, '0.01', '1'],
    [9, '0.09', '9'],
    [10, '0.10', '10'],
    [99, '0.99', '99'],
    [100, '1.00', '100'],
    [101, '1.01', '101'],
    [123456, '1234.56', '123456'],
    [100000000, '1000000.00', '100000000'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91', '9007199254740991'],
  ])('%i fen → %s yuan / %s fen', (fen, yuan, fenText) => {
    expect(formatFen(fen, 'yuan-2dp')).toBe(yuan);
    expect(formatFen(fen, 'fen')).toBe(fenText);
    expect(parseAmount(yuan, 'yuan-2dp')).toBe(fen);
    expect(parseAmount(fenText, 'fen')).toBe(fen);
  });

  it('refuses what is not a non-negative safe integer of fen', () => {
    for (const bad of [-1, 0.5, 1.1, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => formatFen(bad, 'yuan-2dp')).toThrow(RangeError);
      expect(() => formatFen(bad, 'fen')).toThrow(RangeError);
    }
  });

  it('reads only the exact form of the layout', () => {
    for (const bad of ['', '1', '1.0', '1.000', '.50', '01.00', '-1.00', '+1.00', '1,234.56', '1e3', ' 1.00', '1.00 ', '１.00', '90071992547409.92']) {
      expect(parseAmount(bad, 'yuan-2dp')).toBeNull();
    }
    for (const bad of ['', '1.00', '01', '-1', '+1', '1e3', '1 ', '9007199254740992']) {
      expect(parseAmount(bad, 'fen')).toBeNull();
    }
    expect(parseAmount('0.00', 'yuan-2dp')).toBe(0);
    expect(parseAmount('0', 'fen')).toBe(0);
  });

  it('formats and reads back every amount (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        expect(parseAmount(formatFen(fen, 'yuan-2dp'), 'yuan-2dp')).toBe(fen);
        expect(parseAmount(formatFen(fen, 'fen'), 'fen')).toBe(fen);
      }),
    );
  });
});

describe('dates', () => {
  it('writes and reads both date formats and refuses non-dates', () => {
    expect(formatDate('2025-01-31', 'yyyymmdd')).toBe('20250131');
    expect(formatDate('2025-01-31', 'yyyy-mm-dd')).toBe('2025-01-31');
    expect(parseDate('20240229', 'yyyymmdd')).toBe('2024-02-29');
    expect(parseDate('20250229', 'yyyymmdd')).toBeNull();
    expect(parseDate('2025-13-01', 'yyyy-mm-dd')).toBeNull();
    expect(parseDate('2025-01-31', 'yyyymmdd')).toBeNull();
    expect(parseDate('20250131', 'yyyy-mm-dd')).toBeNull();
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(() => formatDate('2025-02-30', 'yyyymmdd')).toThrow(RangeError);
  });
});
