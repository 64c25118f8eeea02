import { Body, Controller, Get, Inject, Post, Req, Res, type OnModuleInit } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newId, type Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';
import { WrongExpectedRevisionError } from '@benefits/event-store';
import { SERVICE_RUNTIME, correlationIdOf, parseOrThrow, type ServiceRuntime } from '@benefits/http';
import { CLOCK, type Clock } from '../tefu/tefu.controller';
import { businessDate, type CalendarBook } from './calendar-book';
import { CALENDAR_PUBLISHED, CALENDAR_STREAM_ID, CalendarPublishErrors, decidePublication, PublishCalendarSchema, type CalendarEntry } from './calendar-publication';

/** The service's calendar book (shipped years + the calendar stream), shared with the 低保 policy. */
export const CALENDAR_BOOK = Symbol('CALENDAR_BOOK');

const ATTEMPTS = 3;

/**
 * `/applications/working-day-calendars`: publish a year's working-day calendar, list the years.
 * Thin: parse, decide (calendar-publication.ts), append one event; the book in memory is updated at
 * once, so the next command counts with the new year without a restart.
 */
@Controller('applications/working-day-calendars')
export class WorkingDayCalendarController implements OnModuleInit {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CALENDAR_BOOK) private readonly book: CalendarBook,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.book.catchUp(this.runtime.store);
  }

  @Get()
  async list() {
    await this.book.catchUp(this.runtime.store);
    return this.view(businessDate(this.clock()));
  }

  @Post()
  async publish(@CurrentActor() actor: Actor, @Req() request: IncomingMessage, @Res({ passthrough: true }) response: ServerResponse, @Body() body: unknown) {
    const input = parseOrThrow(PublishCalendarSchema, body ?? {});
    for (let attempt = 1; ; attempt += 1) {
      await this.book.catchUp(this.runtime.store);
      const today = businessDate(this.clock());
      const decision = decidePublication(input, actor, today, this.book.latest(input.year));
      if (decision.unchanged) {
        response.statusCode = 200;
        return { unchanged: true, year: input.year, calendar: entryView(this.book.latest(input.year)!, today, this.book) };
      }
      try {
        const expectedRevision = this.book.streamRevision();
        await this.runtime.store.appendToStream(
          CALENDAR_STREAM_ID,
          [{ type: CALENDAR_PUBLISHED, data: decision.data, metadata: { correlationId: correlationIdOf(request), causationId: newId(), actor, schemaVersion: 1 } }],
          { expectedRevision },
        );
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) {
          if (attempt < ATTEMPTS) continue;
          throw CalendarPublishErrors.CALENDAR_PUBLICATION_CONFLICT();
        }
        throw error;
      }
      await this.book.catchUp(this.runtime.store);
      response.statusCode = 201;
      return { unchanged: false, year: input.year, calendar: entryView(this.book.latest(input.year)!, today, this.book) };
    }
  }

  private view(today: string) {
    const years = [...new Set(this.book.all().map((e) => e.year))].sort((a, b) => a - b);
    return {
      today,
      years: years.map((year) => {
        const inEffect = this.book.entryOn(year, today) ?? null;
        return {
          year,
          inEffect: inEffect ? entryView(inEffect, today, this.book) : null,
          versions: this.book
            .all()
            .filter((e) => e.year === year)
            .map((e) => entryView(e, today, this.book)),
        };
      }),
    };
  }
}

/** An entry as the API shows it; `status` says whether it is counted with today. */
function entryView(entry: CalendarEntry, today: string, book: CalendarBook) {
  const inEffect = book.entryOn(entry.year, today);
  const status = inEffect === entry ? 'inEffect' : entry.effectiveFrom !== null && entry.effectiveFrom > today ? 'scheduled' : 'superseded';
  return {
    year: entry.year,
    origin: entry.origin,
    revision: entry.revision,
    status,
    source: { docNo: entry.source.docNo, title: entry.source.title ?? null },
    sampleData: entry.sampleData,
    effectiveFrom: entry.effectiveFrom,
    publishedBy: entry.publishedBy,
    publishedAt: entry.publishedAt,
    holidays: [...entry.holidays],
    workdays: [...entry.workdays],
  };
}

