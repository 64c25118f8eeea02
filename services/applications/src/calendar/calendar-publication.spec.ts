import type { Actor } from '@benefits/kernel';
import { CalendarBook } from './calendar-book';
import { CALENDAR_PUBLISHED, decidePublication, type CalendarPublishedData, type PublishCalendarInput } from './calendar-publication';
import { shippedCalendarYears } from './process-calendar';

const admin: Actor = { id: 'admin-1', role: 'admin', divisionCode: '330000' };
/** SAMPLE DATA: a made-up calendar for 2027, not the State Council's. */
const sample = (over: Partial<PublishCalendarInput> = {}): PublishCalendarInput => ({
  year: 2027,
  holidays: ['2027-01-01', '2027-10-02'],
  workdays: ['2027-01-09'],
  source: { docNo: 'sample-2027', title: '示例数据（非官方）2027年工作日历' },
  sampleData: true,
  ...over,
});
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'no error';
};

describe('working-day calendar publication: validation', () => {
  it('accepts a calendar, sorts its dates, defaults effectiveFrom to today and says what it supersedes', () => {
    const decision = decidePublication(sample({ holidays: ['2027-10-02', '2027-01-01'] }), admin, '2026-12-04', undefined);
    expect(decision).toEqual({
      unchanged: false,
      data: expect.objectContaining({ year: 2027, holidays: ['2027-01-01', '2027-10-02'], effectiveFrom: '2026-12-04', publishedBy: 'admin-1', sampleData: true, supersedes: null }),
    });
  });

  it.each([
    ['a date of another year', sample({ holidays: ['2028-01-01'] }), 'CALENDAR_DATE_NOT_IN_YEAR'],
    ['a date that does not exist', sample({ holidays: ['2027-02-30'] }), 'CALENDAR_DATE_NOT_IN_YEAR'],
    ['a date listed twice', sample({ holidays: ['2027-01-01', '2027-01-01'] }), 'CALENDAR_DATE_REPEATED'],
    ['a working day on a weekday', sample({ workdays: ['2027-01-04'] }), 'CALENDAR_WORKDAY_NOT_WEEKEND'],
    ['a date both off and on', sample({ holidays: ['2027-01-09'], workdays: ['2027-01-09'] }), 'CALENDAR_DATE_BOTH_HOLIDAY_AND_WORKDAY'],
    ['an effectiveFrom before today', sample({ effectiveFrom: '2026-12-03' }), 'CALENDAR_EFFECTIVE_FROM_PAST'],
  ])('refuses %s', (_, input, code) => {
    expect(codeOf(() => decidePublication(input, admin, '2026-12-04', undefined))).toBe(code);
  });

  it('accepts holidays on a weekend (notices list the whole break)', () => {
    expect(decidePublication(sample({ holidays: ['2027-10-02', '2027-10-03'] }), admin, '2026-12-04', undefined).unchanged).toBe(false);
  });

  it.each([
    [{ id: 'a', role: 'case_officer', divisionCode: '330000' }],
    [{ id: 'a', role: 'admin', divisionCode: '330400' }],
    [{ id: 'a', role: 'admin', divisionCode: '330402' }],
  ] as [Actor][])('refuses a publisher who is not an admin of a province-level division: %o', (actor) => {
    expect(codeOf(() => decidePublication(sample(), actor, '2026-12-04', undefined))).toBe('CALENDAR_PUBLISHER_NOT_ALLOWED');
  });
});

describe('working-day calendar book: shipped years, publications, supersede from a date', () => {
  const event = (revision: number, data: CalendarPublishedData) => ({ type: CALENDAR_PUBLISHED, data, streamRevision: revision, recordedAt: '2026-12-04T02:00:00Z' });
  const publish = (book: CalendarBook, revision: number, input: PublishCalendarInput, today: string) => {
    const decision = decidePublication(input, admin, today, book.latest(input.year));
    if (decision.unchanged) return false;
    book.apply([event(revision, decision.data)]);
    return true;
  };

  it('counts shipped years as before and a missing year not at all', () => {
    const book = new CalendarBook(shippedCalendarYears());
    const live = book.live(() => '2026-12-04');
    expect(live.years()).toEqual([2025, 2026]);
    expect(live.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(() => live.addWorkingDays('2026-12-04', 25)).toThrow(expect.objectContaining({ code: 'WORKING_DAY_CALENDAR_MISSING' }));
  });

  it('adds a published year at once, and a correction supersedes it only from its effectiveFrom', () => {
    const book = new CalendarBook(shippedCalendarYears());
    let today = '2026-12-04';
    const live = book.live(() => today);
    expect(publish(book, 0, sample(), today)).toBe(true);
    expect(live.years()).toEqual([2025, 2026, 2027]);
    // 2026-12-04 + 25 working days: 19 in December 2026, then January 2027 with 1 January off and Saturday 9 January on.
    const before = live.addWorkingDays('2026-12-04', 25);
    expect(before).toBe('2027-01-09');
    // The same calendar again: nothing to write.
    expect(publish(book, 1, sample(), today)).toBe(false);
    // A correction from 2026-12-10: 2027-01-04 also off.
    expect(publish(book, 1, sample({ holidays: ['2027-01-01', '2027-01-04', '2027-10-02'], effectiveFrom: '2026-12-10' }), today)).toBe(true);
    expect(live.addWorkingDays('2026-12-04', 25)).toBe(before);
    today = '2026-12-10';
    expect(live.addWorkingDays('2026-12-04', 25)).toBe('2027-01-11');
    expect(book.latest(2027)).toMatchObject({ origin: 'published', revision: 1 });
  });

  it('lets a publication supersede a shipped year, saying so', () => {
    const book = new CalendarBook(shippedCalendarYears());
    const decision = decidePublication(
      { year: 2026, holidays: ['2026-01-01'], workdays: [], source: { docNo: 'sample-2026', title: '示例数据（非官方）' }, sampleData: true },
      admin,
      '2026-12-04',
      book.latest(2026),
    );
    expect(decision).toMatchObject({ unchanged: false, data: { supersedes: { origin: 'shipped' } } });
  });

  it('skips events already applied and tells listeners of a change', () => {
    const book = new CalendarBook([]);
    const seen: number[] = [];
    book.onChange((b) => seen.push(b.all().length));
    const decision = decidePublication(sample(), admin, '2026-12-04', undefined);
    if (decision.unchanged) throw new Error('expected a publication');
    book.apply([event(0, decision.data)]);
    book.apply([event(0, decision.data)]);
    expect(book.all()).toHaveLength(1);
    expect(seen).toEqual([1]);
    expect(book.streamRevision()).toBe(0);
  });
});
