import type { EventEnvelope } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { foldSeries, foldStandard, type ParameterEntry, type StandardState } from '@benefits/standards';
import { SimulationEventTypes, type SimulationBasisRecord, type SimulationCaseloadRecordedData } from './simulation-stream';
import type { SimulationBasis } from './types';

/**
 * What a simulation's stream recorded, read again: its inputs at their recorded revisions and its
 * caseload (for replays and for resuming an interrupted run), and the page sources they make.
 */

/** The standards and 低保标准 entries a simulation recorded, read again at their recorded revisions (per-stream reads). */
export async function recordedInputs(store: EventStore, basis: SimulationBasisRecord): Promise<{ standards: StandardState[]; entries: ParameterEntry[] }> {
  const standards: StandardState[] = [];
  for (const [standardId, revision] of Object.entries(basis.standards)) {
    const state = foldStandard((await store.readStream(`standard-${standardId}`)).filter((e) => e.streamRevision <= revision));
    if (state) standards.push(state);
  }
  const entries: ParameterEntry[] = [];
  for (const [streamId, revision] of Object.entries(basis.parameterStreams)) {
    if (revision < 0) continue;
    entries.push(...foldSeries((await store.readStream(streamId)).filter((e) => e.streamRevision <= revision)));
  }
  return { standards, entries };
}

/** The caseload a simulation's stream recorded, chunk by chunk, in case-id order. */
export function caseloadOf(history: readonly EventEnvelope[]): [string, number][][] {
  return history.filter((e) => e.type === SimulationEventTypes.CaseloadRecorded).map((e) => (e.data as SimulationCaseloadRecordedData).cases);
}

export async function* concatPages(...sources: AsyncIterable<SimulationBasis[]>[]): AsyncGenerator<SimulationBasis[]> {
  for (const source of sources) yield* source;
}

/** The pages of a case-id-ordered source from the case after `caseId` on (all of them when null). */
export async function* afterCase(source: AsyncIterable<SimulationBasis[]>, caseId: string | null): AsyncGenerator<SimulationBasis[]> {
  for await (const page of source) yield caseId === null ? page : page.filter((c) => c.caseId > caseId);
}
