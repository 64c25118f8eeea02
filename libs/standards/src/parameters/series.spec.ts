import { ADMIN, InMemoryStreams, lastRecordedAt } from '../catalog/testing';
import { addWorkingDays, isWorkingDay } from './calendar';
import type { CalendarValue } from './definitions';
import { decidePublish, foldSeries, lookupParameter, parameterStreamId, valueAsOf, type PublishCommand } from './series';

/**
 * Every value below is SAMPLE DATA made up for the tests (source 「示例数据」, sampleData: true);
 * none is an official 低保标准 or minimum wage.
 */
const SAMPLE = { docNo: '示例数据（非官方）', title: null };
const B = 'dibao.standard';
const JX = '330400';

let ids = 0;
function publish(streams: InMemoryStreams, command: Partial<PublishCommand> & Pick<PublishCommand, 'effectiveFrom' | 'value'>) {
  const name = command.name ?? B;
  const divisionCode = command.divisionCode ?? JX;
  const stream = parameterStreamId(name, divisionCode);
  ids += 1;
  const decision = decidePublish(foldSeries(streams.read(stream)), {
    entryId: `10000000-0000-7000-8000-${String(ids).padStart(12, '0')}`,
    name,
    divisionCode,
    source: SAMPLE,
    sampleData: true,
    actor: ADMIN,
    correlationId: 'test',
    ...command,
  });
  if (decision.kind === 'publish') streams.append(stream, decision.event);
  return decision;
}

const series = (streams: InMemoryStreams, divisionCode = JX, name = B) => foldSeries(streams.read(parameterStreamId(name, divisionCode)));
const fen = (yuan: number) => ({ fen: yuan * 100 });

describe('parameter series: as effective on a date', () => {
  it('answers the latest value effective on or before the date, nothing before the first', () => {
    const streams = new InMemoryStreams();
    publish(streams, { effectiveFrom: '2024-01-01', value: fen(1000) });
    publish(streams, { effectiveFrom: '2024-07-01', value: fen(1100) });
    const on = (date: string) => valueAsOf(series(streams), { date })?.value;
    expect(on('2023-12-31')).toBeUndefined();
    expect(on('2024-01-01')).toEqual(fen(1000));
    expect(on('2024-06-30')).toEqual(fen(1000));
    expect(on('2024-07-01')).toEqual(fen(1100));
    expect(on('2026-01-01')).toEqual(fen(1100));
  });

  it('records the source 文号, the publishing user and the sample-data label', () => {
    const streams = new InMemoryStreams();
    publish(streams, { effectiveFrom: '2024-01-01', value: fen(1000) });
    expect(valueAsOf(series(streams), { date: '2024-02-01' })).toMatchObject({
      source: SAMPLE,
      publishedBy: ADMIN,
      sampleData: true,
    });
  });

  it('falls back to the city series for a county without its own, and prefers the county once it has one', () => {
    const streams = new InMemoryStreams();
    publish(streams, { effectiveFrom: '2024-01-01', value: fen(1000) });
    const lookup = (date: string) => lookupParameter((code) => series(streams, code), '330402', { date });
    expect(lookup('2024-03-01')).toMatchObject({ resolvedAt: JX, inherited: true, entry: { value: fen(1000) } });
    publish(streams, { divisionCode: '330402', effectiveFrom: '2024-03-01', value: fen(1050) });
    expect(lookup('2024-03-01')).toMatchObject({ resolvedAt: '330402', inherited: false, entry: { value: fen(1050) } });
    expect(lookup('2024-02-01')).toMatchObject({ resolvedAt: JX });
  });
});

describe('parameter series: corrections', () => {
  it('a retroactive correction changes the value as known after it, never as known before it', () => {
    const streams = new InMemoryStreams();
    const stream = parameterStreamId(B, JX);
    const original = publish(streams, { effectiveFrom: '2024-01-01', value: fen(1000) });
    if (original.kind !== 'publish') throw new Error('expected a publication');
    publish(streams, { effectiveFrom: '2024-07-01', value: fen(1100) });
    const beforeCorrection = lastRecordedAt(streams, stream);

    // Recorded later, effective in the past: January's value was wrong.
    const correction = publish(streams, {
      effectiveFrom: '2024-01-01',
      value: fen(1020),
      supersedes: original.event.data.entryId,
      correctionReason: '录入错误',
    });
    expect(correction.kind).toBe('publish');
    const afterCorrection = lastRecordedAt(streams, stream);

    const entries = series(streams);
    expect(valueAsOf(entries, { date: '2024-03-01', knownAt: { time: beforeCorrection } })?.value).toEqual(fen(1000));
    expect(valueAsOf(entries, { date: '2024-03-01', knownAt: { revision: 1 } })?.value).toEqual(fen(1000));
    expect(valueAsOf(entries, { date: '2024-03-01', knownAt: { time: afterCorrection } })?.value).toEqual(fen(1020));
    expect(valueAsOf(entries, { date: '2024-03-01' })).toMatchObject({ value: fen(1020), supersedes: original.event.data.entryId, correctionReason: '录入错误' });
    // Dates governed by another entry are untouched.
    expect(valueAsOf(entries, { date: '2024-08-01' })?.value).toEqual(fen(1100));
    // Nothing was edited: all three events are still in the stream.
    expect(streams.read(stream)).toHaveLength(3);
  });

  it('a correction may move the effective date', () => {
    const streams = new InMemoryStreams();
    const original = publish(streams, { effectiveFrom: '2024-07-01', value: fen(1100) });
    if (original.kind !== 'publish') throw new Error('expected a publication');
    publish(streams, { effectiveFrom: '2024-05-01', value: fen(1100), supersedes: original.event.data.entryId });
    expect(valueAsOf(series(streams), { date: '2024-05-15' })?.value).toEqual(fen(1100));
  });

  it('refuses a correction that would leave two entries effective from the same date', () => {
    const streams = new InMemoryStreams();
    const january = publish(streams, { effectiveFrom: '2024-01-01', value: fen(1000) });
    publish(streams, { effectiveFrom: '2024-07-01', value: fen(1100) });
    if (january.kind !== 'publish') throw new Error('expected a publication');
    expect(() => publish(streams, { effectiveFrom: '2024-07-01', value: fen(1050), supersedes: january.event.data.entryId })).toThrow(
      expect.objectContaining({ code: 'PARAMETER_ALREADY_PUBLISHED' }),
    );
  });

  it('refuses to correct an unknown entry or one already corrected', () => {
    const streams = new InMemoryStreams();
    const original = publish(streams, { effectiveFrom: '2024-01-01', value: fen(1000) });
    if (original.kind !== 'publish') throw new Error('expected a publication');
    expect(() => publish(streams, { effectiveFrom: '2024-01-01', value: fen(1), supersedes: '10000000-0000-7000-8000-999999999999' })).toThrow(
      expect.objectContaining({ code: 'SUPERSEDED_ENTRY_NOT_FOUND' }),
    );
    publish(streams, { effectiveFrom: '2024-01-01', value: fen(1020), supersedes: original.event.data.entryId });
    expect(() => publish(streams, { effectiveFrom: '2024-01-01', value: fen(1030), supersedes: original.event.data.entryId })).toThrow(
      expect.objectContaining({ code: 'ENTRY_ALREADY_SUPERSEDED' }),
    );
  });

  it('publishing the same value twice is a no-op; a different value for the same date must be a correction', () => {
    const streams = new InMemoryStreams();
    const first = publish(streams, { effectiveFrom: '2024-01-01', value: fen(1000) });
    if (first.kind !== 'publish') throw new Error('expected a publication');
    expect(publish(streams, { effectiveFrom: '2024-01-01', value: fen(1000) })).toEqual({ kind: 'unchanged', entryId: first.event.data.entryId });
    expect(() => publish(streams, { effectiveFrom: '2024-01-01', value: fen(1001) })).toThrow(expect.objectContaining({ code: 'PARAMETER_ALREADY_PUBLISHED', status: 409 }));
    expect(series(streams)).toHaveLength(1);
  });
});

describe('parameter series: validation', () => {
  const streams = new InMemoryStreams();
  it.each([
    ['an unknown name', { name: 'dibao.standrad', effectiveFrom: '2024-01-01', value: fen(1) }, 'UNKNOWN_PARAMETER'],
    ['yuan with decimals instead of fen', { effectiveFrom: '2024-01-01', value: { fen: 1000.5 } }, 'PARAMETER_VALUE_INVALID'],
    ['a negative amount', { effectiveFrom: '2024-01-01', value: { fen: -1 } }, 'PARAMETER_VALUE_INVALID'],
    ['a monthly 低保标准 not from the 1st', { effectiveFrom: '2024-01-15', value: fen(1000) }, 'PARAMETER_DATE_INVALID'],
    ['an impossible date', { effectiveFrom: '2024-02-30', value: fen(1000) }, 'PARAMETER_DATE_INVALID'],
    ['a calendar not covering its year', { name: 'calendar.working-days', effectiveFrom: '2025-02-01', value: { year: 2025, holidays: [], workdays: [] } }, 'PARAMETER_DATE_INVALID'],
    ['a 调休 working day on a weekday', { name: 'calendar.working-days', effectiveFrom: '2025-01-01', value: { year: 2025, holidays: [], workdays: ['2025-01-02'] } }, 'PARAMETER_VALUE_INVALID'],
  ] as const)('refuses %s', (_label, command, code) => {
    expect(() => publish(streams, command as Parameters<typeof publish>[1])).toThrow(expect.objectContaining({ code }));
  });
});

describe('working-day calendar', () => {
  // SAMPLE DATA: a made-up year, not an official holiday arrangement.
  const sample: CalendarValue = { year: 2030, holidays: ['2030-10-01', '2030-10-02', '2030-10-03'], workdays: ['2030-09-29'] };

  it('counts weekdays, skips holidays and counts adjusted weekend working days', () => {
    expect(isWorkingDay(sample, '2030-09-27')).toBe(true); // Friday
    expect(isWorkingDay(sample, '2030-09-28')).toBe(false); // Saturday
    expect(isWorkingDay(sample, '2030-09-29')).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay(sample, '2030-10-01')).toBe(false); // Tuesday, holiday
    expect(addWorkingDays(() => sample, '2030-09-27', 3)).toBe('2030-10-04');
  });

  it('publishes a calendar as a parameter valid for its year only', () => {
    const streams = new InMemoryStreams();
    publish(streams, { name: 'calendar.working-days', divisionCode: '330000', effectiveFrom: '2030-01-01', value: sample });
    const entries = series(streams, '330000', 'calendar.working-days');
    expect(valueAsOf(entries, { date: '2030-06-01' })).toMatchObject({ effectiveTo: '2030-12-31', value: sample });
    expect(valueAsOf(entries, { date: '2031-01-01' })).toBeNull();
  });

  it('refuses a date outside the calendar year', () => {
    expect(() => isWorkingDay(sample, '2031-01-02')).toThrow(RangeError);
  });
});
