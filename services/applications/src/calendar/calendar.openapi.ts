import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { authenticatedErrors, ProblemSchema, z } from '@benefits/http';
import { PublishCalendarSchema } from './calendar-publication';

const problem = (description: string) => ({ description, content: { 'application/json': { schema: ProblemSchema } } });
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

export const CalendarEntryViewSchema = z
  .object({
    year: z.number().int(),
    origin: z.enum(['shipped', 'published']).openapi({ description: 'shipped with the product (published-calendars.json) or published through this API' }),
    revision: z.number().int().nullable().openapi({ description: 'revision of the publication in the working-day-calendar stream; null when shipped' }),
    status: z.enum(['inEffect', 'scheduled', 'superseded']).openapi({ description: 'whether deadlines computed today count with this version' }),
    source: z.object({ docNo: z.string(), title: z.string().nullable() }),
    sampleData: z.boolean().openapi({ description: 'true: a test or demonstration calendar (示例数据，非官方)' }),
    effectiveFrom: z.string().nullable().openapi({ format: 'date' }),
    publishedBy: z.string().nullable(),
    publishedAt: z.string().nullable(),
    holidays: z.array(z.string()),
    workdays: z.array(z.string()),
  })
  .openapi('WorkingDayCalendarEntry');

export const CalendarListSchema = z
  .object({
    today: z.string().openapi({ format: 'date' }),
    years: z.array(z.object({ year: z.number().int(), inEffect: CalendarEntryViewSchema.nullable(), versions: z.array(CalendarEntryViewSchema) })),
  })
  .openapi('WorkingDayCalendars');

export const CalendarPublishResultSchema = z
  .object({ unchanged: z.boolean(), year: z.number().int(), calendar: CalendarEntryViewSchema })
  .openapi('WorkingDayCalendarPublished');

/** The working-day calendar routes of the applications service's OpenAPI document. */
export function describeCalendarRoutes(registry: OpenAPIRegistry): void {
  const tags = ['working-day calendar 工作日历'];
  registry.registerPath({
    method: 'post',
    path: '/applications/working-day-calendars',
    summary: "Publish a year's working-day calendar (法定节假日 and 调休上班) from the State Council's notice, or a correction",
    description:
      'Role admin of a province-level division (xx0000): the calendar is national. holidays: the days off (weekend days of a break may be listed, they ' +
      'change no count); workdays: weekend days that are working days. source: the notice’s 文号 and title; a test or demonstration calendar says ' +
      'sampleData: true. Recorded as applications.WorkingDayCalendarPublished.v1 on the stream working-day-calendar and counted with at once (no restart). ' +
      'A year published again supersedes the earlier version (shipped or published) from effectiveFrom (default today, Asia/Shanghai; not earlier); ' +
      'due dates already recorded on cases are not recomputed. The same calendar sent again writes nothing (200, unchanged). Refused: nothing written.',
    tags,
    request: { body: { content: { 'application/json': { schema: PublishCalendarSchema } } } },
    responses: {
      201: json(CalendarPublishResultSchema, 'published'),
      200: json(CalendarPublishResultSchema, 'the same calendar is already the latest version of the year: nothing written'),
      ...authenticatedErrors,
      400: problem(
        'VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON, CALENDAR_DATE_NOT_IN_YEAR, CALENDAR_DATE_REPEATED, CALENDAR_DATE_BOTH_HOLIDAY_AND_WORKDAY, ' +
          'CALENDAR_WORKDAY_NOT_WEEKEND, CALENDAR_EFFECTIVE_FROM_PAST',
      ),
      403: problem('CALENDAR_PUBLISHER_NOT_ALLOWED'),
      409: problem('CALENDAR_PUBLICATION_CONFLICT'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/applications/working-day-calendars',
    summary: 'The working-day calendar: every year with the version counted with today, its source, and all its versions',
    description: 'Any authenticated role. Years not listed cannot be counted in (WORKING_DAY_CALENDAR_MISSING).',
    tags,
    responses: { 200: json(CalendarListSchema, 'the years'), ...authenticatedErrors },
  });
}
