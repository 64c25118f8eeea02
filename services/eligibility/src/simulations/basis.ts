import type { EventEnvelope } from '@benefits/kernel';
import type { CollectionSchema, DocumentSession, Projection, ReadModelView } from '@benefits/read-store';
import { divisionCodeLevel, isWithinDivision } from '@benefits/standards';
import { isDeterminedType, isScheduleIssuedType, type EligibilityDeterminedData, type EntitlementScheduleIssuedData } from '../determinations/determination';
import { scheduleSummary } from './simulate';
import { SIMULATION_BENEFITS, type SimulationBasis, type SimulationBenefit } from './types';

/**
 * The caseload a simulation reads: read model `eligibility.simulation-basis`, one document per case
 * of a periodic benefit (低保, 特扶) with a determination, folded from its `determination-<caseId>`
 * stream — the facts of the latest determination and, once approved, the schedule in force. A
 * document carries the revision of the last event folded; an older event never replaces a newer one,
 * so a redelivery or a rebuild writes the same document. A replay folds the same events read from
 * the stream up to a recorded revision (`basisFromHistory`), so both give the same basis.
 */
export const SIMULATION_BASIS_PROJECTION = 'eligibility.simulation-basis';

export const SIMULATION_BASIS: CollectionSchema = {
  name: 'eligibility-simulation-basis',
  fields: { benefit: 'string', divisionCode: 'string' },
};

const STREAM_PREFIX = 'determination-';

export type BasisDocument = SimulationBasis & { [key: string]: unknown };

const isPeriodic = (benefit: string): benefit is SimulationBenefit => (SIMULATION_BENEFITS as readonly string[]).includes(benefit);

/** The basis after one more event of the case's determination stream (null: nothing to simulate yet). */
export function foldBasis(basis: SimulationBasis | null, event: EventEnvelope): SimulationBasis | null {
  if (isDeterminedType(event.type)) {
    const d = event.data as EligibilityDeterminedData;
    if (!isPeriodic(d.benefit)) return basis;
    const schedule = basis && basis.approvedOn !== null ? basis : null;
    return {
      caseId: d.caseId,
      benefit: d.benefit,
      divisionCode: d.divisionCode,
      facts: d.facts,
      rulesetVersion: d.rulesetVersion,
      eligibleNow: d.eligible,
      approvedOn: schedule?.approvedOn ?? null,
      paymentStartFrom: schedule?.paymentStartFrom ?? null,
      horizonEnd: schedule?.horizonEnd ?? null,
      scheduleTotals: schedule?.scheduleTotals ?? {},
      scheduleLineCounts: schedule?.scheduleLineCounts ?? {},
      streamRevision: event.streamRevision,
    };
  }
  if (isScheduleIssuedType(event.type) && basis) {
    const s = event.data as EntitlementScheduleIssuedData;
    if (!isPeriodic(s.benefit)) return basis;
    return {
      ...basis,
      approvedOn: s.approvedOn,
      paymentStartFrom: s.paymentStart.from,
      horizonEnd: s.horizonEnd,
      ...scheduleSummary(s.lines),
      streamRevision: event.streamRevision,
    };
  }
  return basis;
}

/** The basis of a case from its determination stream (up to the revision a simulation recorded). */
export function basisFromHistory(events: readonly EventEnvelope[], upToRevision = Number.MAX_SAFE_INTEGER): SimulationBasis | null {
  let basis: SimulationBasis | null = null;
  for (const event of events) if (event.streamRevision <= upToRevision) basis = foldBasis(basis, event);
  return basis;
}

export function simulationBasisProjection(): Projection {
  return {
    name: SIMULATION_BASIS_PROJECTION,
    collections: [SIMULATION_BASIS],
    handles: (event) => event.streamId.startsWith(STREAM_PREFIX) && (isDeterminedType(event.type) || isScheduleIssuedType(event.type)),
    async apply(event: EventEnvelope, session: DocumentSession) {
      const documents = session.collection<BasisDocument>(SIMULATION_BASIS);
      const caseId = event.streamId.slice(STREAM_PREFIX.length);
      const stored = await documents.get(caseId);
      if (stored && stored.streamRevision >= event.streamRevision) return;
      const next = foldBasis(stored, event);
      if (next) await documents.upsert(caseId, next as BasisDocument);
    },
  };
}

/** Cases of a simulation's scope, page by page (keyset on the case id): one page in memory at a time. */
export async function* basisPages(
  view: ReadModelView,
  scope: { divisionCode: string; benefits: readonly SimulationBenefit[] },
  pageSize: number,
): AsyncGenerator<SimulationBasis[]> {
  const collection = view.collection<BasisDocument>(SIMULATION_BASIS);
  // Equality or nothing on the benefit: a set (`in`) makes the store select every match and sort it
  // for each page (quadratic over a county-sized caseload); the collection holds only the periodic
  // benefits, so both is no condition at all.
  // The same for a prefix (a city or province scope): the store cannot walk the division index in
  // case-id order, so a prefix costs the whole match per page. A county is an equality (index order);
  // a wider scope reads the collection in case-id order and keeps its divisions here.
  const both = SIMULATION_BENEFITS.every((b) => scope.benefits.includes(b));
  const filter = {
    ...(divisionCodeLevel(scope.divisionCode) === 'county' ? { divisionCode: scope.divisionCode } : {}),
    ...(both ? {} : { benefit: scope.benefits[0] }),
  };
  let cursor: string | null = null;
  do {
    const page = await collection.find({ filter, limit: pageSize, cursor });
    yield page.items.filter((d) => scope.benefits.includes(d.benefit) && isWithinDivision(d.divisionCode, scope.divisionCode)).map(({ id: _id, ...rest }) => rest as SimulationBasis);
    cursor = page.nextCursor;
  } while (cursor !== null);
}
