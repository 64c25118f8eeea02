import { LocalDate } from '@benefits/kernel';
import type { EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { CALENDAR_PUBLISHED, CALENDAR_STREAM_ID, type CalendarEntry, type CalendarPublishedData } from './calendar-publication';
import { WorkingDayCalendar, type CalendarYearDays, type PublishedCalendarYear } from './working-day-calendar';

/**
 * The working-day calendar as the service knows it: the shipped years underneath, every publication
 * of the `working-day-calendar` stream on top, in stream order. Kept in memory; loaded from the one
 * stream at start-up and brought up to date when this process appends (or on `catchUp`).
 */
export class CalendarBook {
  private readonly entries: CalendarEntry[] = [];
  /** The stream revision last applied; -1 when none. */
  private revision = -1;
  private readonly days = new WeakMap<CalendarEntry, CalendarYearDays>();
  private readonly listeners = new Set<(book: CalendarBook) => void>();

  constructor(shipped: readonly PublishedCalendarYear[]) {
    for (const year of shipped) {
      this.entries.push({ ...year, origin: 'shipped', revision: null, effectiveFrom: null, publishedBy: null, publishedAt: null, sampleData: Boolean(year.sampleData) });
    }
  }

  /** The last revision of the calendar stream applied, or 'no_stream'. */
  streamRevision(): number | 'no_stream' {
    return this.revision < 0 ? 'no_stream' : this.revision;
  }

  /** Applies events of the calendar stream in order; events already applied are skipped. */
  apply(events: readonly Pick<EventEnvelope, 'type' | 'data' | 'streamRevision' | 'recordedAt'>[]): void {
    let changed = false;
    for (const event of events) {
      if (event.streamRevision <= this.revision) continue;
      this.revision = event.streamRevision;
      if (event.type !== CALENDAR_PUBLISHED) continue;
      const data = event.data as CalendarPublishedData;
      // Checked as the shipped years are: a stored event that does not hold stops the load loudly.
      new WorkingDayCalendar([{ year: data.year, holidays: data.holidays, workdays: data.workdays, source: data.source }]);
      this.entries.push({
        year: data.year,
        holidays: [...data.holidays],
        workdays: [...data.workdays],
        source: { ...data.source },
        sampleData: data.sampleData,
        origin: 'published',
        revision: event.streamRevision,
        effectiveFrom: data.effectiveFrom,
        publishedBy: data.publishedBy,
        publishedAt: typeof event.recordedAt === 'string' ? event.recordedAt : null,
      });
      changed = true;
    }
    if (changed) for (const listener of this.listeners) listener(this);
  }

  /** Reads the calendar stream from after the last applied revision (one stream by id). */
  async catchUp(store: Pick<EventStore, 'readStream'>): Promise<void> {
    this.apply(await store.readStream(CALENDAR_STREAM_ID, { fromRevision: this.revision + 1 }));
  }

  /** Called after every change (in-process readers such as audit's procedure calendar). */
  onChange(listener: (book: CalendarBook) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every entry, shipped first, then publications in order. */
  all(): readonly CalendarEntry[] {
    return this.entries;
  }

  /** The entry of `year` counted with on `date`: the last one effective on or before it. */
  entryOn(year: number, date: string): CalendarEntry | undefined {
    let found: CalendarEntry | undefined;
    for (const entry of this.entries) {
      if (entry.year === year && (entry.effectiveFrom === null || entry.effectiveFrom <= date)) found = entry;
    }
    return found;
  }

  /** The year's last entry whatever its effectiveFrom (what a new publication supersedes). */
  latest(year: number): CalendarEntry | undefined {
    return this.entries.filter((e) => e.year === year).at(-1);
  }

  /** Years with a calendar counted with on `date`. */
  yearsOn(date: string): number[] {
    return [...new Set(this.entries.map((e) => e.year))].filter((y) => this.entryOn(y, date)).sort((a, b) => a - b);
  }

  daysOf(entry: CalendarEntry): CalendarYearDays {
    let days = this.days.get(entry);
    if (!days) {
      days = { holidays: new Set(entry.holidays), workdays: new Set(entry.workdays) };
      this.days.set(entry, days);
    }
    return days;
  }

  /** A fixed calendar: the years as counted on `date`. */
  calendarOn(date: string): WorkingDayCalendar {
    return new WorkingDayCalendar(
      this.yearsOn(date).map((year) => {
        const e = this.entryOn(year, date)!;
        return { year, holidays: e.holidays, workdays: e.workdays, source: e.source, sampleData: e.sampleData };
      }),
    );
  }

  /** A calendar that always counts with the entries in effect on `today()` (the business date of the command). */
  live(today: () => string): WorkingDayCalendar {
    return new LiveWorkingDayCalendar(this, today);
  }
}

class LiveWorkingDayCalendar extends WorkingDayCalendar {
  constructor(
    private readonly book: CalendarBook,
    private readonly today: () => string,
  ) {
    super([]);
  }

  protected override yearDays(year: number): CalendarYearDays | undefined {
    const entry = this.book.entryOn(year, this.today());
    return entry ? this.book.daysOf(entry) : undefined;
  }

  override years(): number[] {
    return this.book.yearsOn(this.today());
  }
}

/** The business date (Asia/Shanghai) of an instant. */
export const businessDate = (now: Date) => LocalDate.ofInstant(now).toString();
