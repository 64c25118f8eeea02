import { CALENDAR_PUBLISHED, CALENDAR_STREAM_ID } from '../../../../../applications/src/calendar/calendar-publication';
import { dueAfter, forgetPublishedCalendars, refreshPublishedCalendars } from './procedure-calendar';

describe('procedure calendar: published years', () => {
  afterEach(() => forgetPublishedCalendars());

  // SAMPLE DATA: a made-up 2027 calendar (weekends only), not the State Council's.
  const source = {
    readStream: async (streamId: string) =>
      streamId !== CALENDAR_STREAM_ID
        ? []
        : [
            {
              type: CALENDAR_PUBLISHED,
              streamRevision: 0,
              recordedAt: '2026-11-20T02:00:00Z',
              data: {
                year: 2027,
                holidays: [],
                workdays: [],
                source: { docNo: 'sample-2027', title: '示例数据（非官方）' },
                publishedBy: 'admin-zj',
                effectiveFrom: '2026-11-20',
                sampleData: true,
                supersedes: null,
              },
            },
          ],
  } as never;

  it('counts into a year published on the working-day-calendar stream once read from the source', async () => {
    expect(dueAfter('2026-12-04', 25, 'working')).toMatchObject({ basis: 'calendar-days-fallback', note: { missingYear: 2027 } });
    await refreshPublishedCalendars(source);
    // 19 working days left in December 2026 (shipped calendar), then 6 weekdays of the sample January 2027.
    expect(dueAfter('2026-12-04', 25, 'working')).toEqual({ dueOn: '2027-01-08', basis: 'working-days' });
  });
});
