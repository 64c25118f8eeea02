import type { EventEnvelope } from '@benefits/kernel';
import type { CollectionSchema, DocumentSession, Projection, ReadModelView } from '@benefits/read-store';
import { divisionCodeLevel, isWithinDivision, type BenefitId } from '@benefits/standards';
import { isScheduleIssuedType, type EntitlementScheduleIssuedData } from './determination';

/**
 * The cases with an issued entitlement schedule, for the caseload-wide runs (redetermination,
 * horizon extension): one document per case, from its latest `*.EntitlementScheduleIssued.v1`.
 * The document carries the stream revision of that event and an older event never replaces a
 * newer one, so a redelivery, or a rebuild that meets the events again, leaves it as it is.
 */
export const ACTIVE_CASES_PROJECTION = 'eligibility.active-cases';

export const ACTIVE_CASES: CollectionSchema = {
  name: 'eligibility-active-cases',
  fields: { benefit: 'string', divisionCode: 'string', horizonEnd: 'string' },
};

export interface ActiveCase {
  caseId: string;
  benefit: BenefitId;
  divisionCode: string;
  horizonEnd: string;
}

export interface ActiveCaseDocument extends ActiveCase {
  [key: string]: unknown;
  /** The schedule in force (the latest issued). */
  scheduleId: string;
  /** Revision of that schedule's event on `determination-<caseId>`. */
  streamRevision: number;
}

const STREAM_PREFIX = 'determination-';

export function activeCasesProjection(): Projection {
  return {
    name: ACTIVE_CASES_PROJECTION,
    collections: [ACTIVE_CASES],
    handles: (event) => event.streamId.startsWith(STREAM_PREFIX) && isScheduleIssuedType(event.type),
    async apply(event: EventEnvelope, session: DocumentSession) {
      const documents = session.collection<ActiveCaseDocument>(ACTIVE_CASES);
      const schedule = event.data as EntitlementScheduleIssuedData;
      const stored = await documents.get(schedule.caseId);
      if (stored && stored.streamRevision >= event.streamRevision) return;
      await documents.upsert(schedule.caseId, {
        caseId: schedule.caseId,
        benefit: schedule.benefit,
        divisionCode: schedule.divisionCode,
        horizonEnd: schedule.horizonEnd,
        scheduleId: schedule.scheduleId,
        streamRevision: event.streamRevision,
      });
    },
  };
}

/** The prefix every code of the division and of the divisions under it starts with (GB/T 2260: 2 digits province, 4 city). */
export function divisionPrefix(divisionCode: string): string {
  switch (divisionCodeLevel(divisionCode)) {
    case 'province':
      return divisionCode.slice(0, 2);
    case 'city':
      return divisionCode.slice(0, 4);
    case 'county':
      return divisionCode;
  }
}

/** Cases per page of a run: what one page holds in memory, whatever the size of the caseload. */
export const ACTIVE_CASES_PAGE = 200;

/**
 * The active cases of some benefits in a division and under it, page by page (keyset on the case
 * id). Pages are read one after the other as the caller asks for them, so a run holds one page at a
 * time; a schedule the run itself issues changes a document already passed, never the order.
 */
export async function* activeCasePages(
  view: ReadModelView,
  query: { divisionCode: string; benefits: readonly BenefitId[] },
  pageSize = ACTIVE_CASES_PAGE,
): AsyncGenerator<ActiveCase[]> {
  if (query.benefits.length === 0) return;
  const collection = view.collection<ActiveCaseDocument>(ACTIVE_CASES);
  const filter = {
    divisionCode: { startsWith: divisionPrefix(query.divisionCode) },
    benefit: query.benefits.length === 1 ? query.benefits[0] : { in: query.benefits },
  };
  let cursor: string | null = null;
  do {
    const page = await collection.find({ filter, limit: pageSize, cursor });
    yield page.items
      .filter((d) => isWithinDivision(d.divisionCode, query.divisionCode))
      .map(({ caseId, benefit, divisionCode, horizonEnd }) => ({ caseId, benefit, divisionCode, horizonEnd }));
    cursor = page.nextCursor;
  } while (cursor !== null);
}
