import published from './published-calendars.json';
import { CalendarBook } from './calendar-book';
import type { PublishedCalendarYear } from './working-day-calendar';
import type { EventStore } from '@benefits/event-store';

/** The years the product ships (`published-calendars.json`), each with the notice it was transcribed from. */
export function shippedCalendarYears(): PublishedCalendarYear[] {
  return (published as { calendars: PublishedCalendarYear[] }).calendars;
}

/**
 * The calendar book of the applications service running in this process, if any. In the embedded
 * runtime (`npm start`) audit runs in the same process and counts with it, so a year published a
 * moment ago is seen without a restart. A process without the applications service (audit on its
 * own) reads the stream instead: `loadCalendarBook`.
 */
let inProcess: CalendarBook | null = null;

export function setProcessCalendarBook(book: CalendarBook | null): void {
  inProcess = book;
}

export function processCalendarBook(): CalendarBook | null {
  return inProcess;
}

/** A calendar book of the shipped years and every publication in the calendar stream of `source`. */
export async function loadCalendarBook(source: Pick<EventStore, 'readStream'>, shipped: readonly PublishedCalendarYear[] = shippedCalendarYears()): Promise<CalendarBook> {
  const book = new CalendarBook(shipped);
  await book.catchUp(source);
  return book;
}
