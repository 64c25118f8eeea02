import published from './published-calendars.json';
import { CalendarBook } from './calendar-book';
import type { PublishedCalendarYear } from './working-day-calendar';
import type { EventStore } from '@benefits/event-store';

/** The years the product ships (`published-calendars.json`), each with the notice it was transcribed from. */
export function shippedCalendarYears(): PublishedCalendarYear[] {
  return (published as { calendars: PublishedCalendarYear[] }).calendars;
}

/** A calendar book of the shipped years and every publication in the calendar stream of `source`. */
export async function loadCalendarBook(source: Pick<EventStore, 'readStream'>, shipped: readonly PublishedCalendarYear[] = shippedCalendarYears()): Promise<CalendarBook> {
  const book = new CalendarBook(shipped);
  await book.catchUp(source);
  return book;
}
