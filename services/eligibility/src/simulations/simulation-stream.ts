import type { Actor, EventEnvelope } from '@benefits/kernel';
import type { CollectionSchema, DocumentSession, Projection } from '@benefits/read-store';
import type { ChangedCase, PageResult, SimulationRequest, SimulationStatus, SimulationTotals, SummaryRow } from './types';

/**
 * The record of a simulation: stream `simulation-<id>`. Requested (who, the request, the basis it
 * reads: standards and parameter streams at their revisions), the caseload read (case ids at their
 * determination-stream revisions, in chunks), the changed cases (in chunks, case-id order), Resumed
 * when a stopped process left the run unfinished and another went on with it, and Completed (summary
 * rows, totals, result hash) or Failed. Nothing else is written by a simulation.
 * Read model `eligibility.simulations` serves the views and the changed-case pages from these events.
 */
export const SimulationEventTypes = {
  Requested: 'eligibility.SimulationRequested.v1',
  CaseloadRecorded: 'eligibility.SimulationCaseloadRecorded.v1',
  ChangesRecorded: 'eligibility.SimulationChangesRecorded.v1',
  /** A run its process left unfinished goes on (runner.resumeInterrupted): what was recorded before stays. */
  Resumed: 'eligibility.SimulationResumed.v1',
  Completed: 'eligibility.SimulationCompleted.v1',
  Failed: 'eligibility.SimulationFailed.v1',
} as const;

export const simulationStreamId = (simulationId: string) => `simulation-${simulationId}`;
export const SIMULATION_STREAM_PREFIX = 'simulation-';

export interface SimulationBasisRecord {
  /** standardId → revision of its `standard-*` stream the catalog was read at. */
  standards: Record<string, number>;
  /** `dibao.standard` parameter stream id → revision read (−1: no stream). */
  parameterStreams: Record<string, number>;
}

export interface SimulationRequestedData {
  simulationId: string;
  request: SimulationRequest;
  requestedBy: Actor;
  requestedAt: string;
  /** A replay: the simulation whose recorded inputs and caseload it reads again. */
  replayOf: string | null;
  basis: SimulationBasisRecord;
}

export interface SimulationCaseloadRecordedData {
  simulationId: string;
  part: number;
  /** [caseId, revision of `determination-<caseId>` read] in case-id order. */
  cases: [string, number][];
}

export interface SimulationChangesRecordedData {
  simulationId: string;
  part: number;
  changed: ChangedCase[];
}

export interface SimulationCompletedData {
  simulationId: string;
  totals: SimulationTotals;
  rows: SummaryRow[];
  resultHash: string;
  /** The first schedule mismatches and failures (all are counted in the totals). */
  scheduleMismatches: PageResult['scheduleMismatches'];
  failures: PageResult['failures'];
  durationMs: number;
  threads: number;
  pages: number;
  /** For a replay: the original's hash and whether this one is the same. */
  originalHash: string | null;
  sameHashAsOriginal: boolean | null;
}

export interface SimulationResumedData {
  simulationId: string;
  resumedAt: string;
  /** When the last event before the interruption was recorded. */
  interruptedAfter: string;
  casesRecorded: number;
  changesRecorded: number;
}

export interface SimulationFailedData {
  simulationId: string;
  code: string;
  message: string;
}

/** Changed cases per event, case ids per caseload event: events stay well under a megabyte. */
export const CHANGES_PER_EVENT = 500;
export const CASES_PER_EVENT = 5000;
/** Mismatches and failures listed in the completion event (all are counted). */
export const LISTED_PROBLEMS = 1000;

export const SIMULATIONS: CollectionSchema = {
  name: 'eligibility-simulations',
  fields: { divisionCode: 'string', requestedAt: 'string', status: 'string' },
};

export const SIMULATION_CHANGES: CollectionSchema = {
  name: 'eligibility-simulation-changes',
  fields: { simulationId: 'string', benefit: 'string', divisionCode: 'string', change: 'string' },
};

export const SIMULATIONS_PROJECTION = 'eligibility.simulations';

export interface SimulationDocument {
  [key: string]: unknown;
  simulationId: string;
  status: SimulationStatus;
  /** The scope's division (who may read it). */
  divisionCode: string;
  request: SimulationRequest;
  requestedBy: Actor;
  requestedAt: string;
  replayOf: string | null;
  basis: SimulationBasisRecord;
  casesRecorded: number;
  changesRecorded: number;
  /** How often the run was resumed after its process stopped (absent: never). */
  resumes?: number;
  completedAt: string | null;
  completed: Omit<SimulationCompletedData, 'simulationId'> | null;
  error: { code: string; message: string } | null;
  /** Revision of the last event applied. */
  revision: number;
}

export type ChangedCaseDocument = ChangedCase & { [key: string]: unknown; simulationId: string };

export const changeDocumentId = (simulationId: string, caseId: string) => `${simulationId}:${caseId}`;

export function simulationsProjection(): Projection {
  return {
    name: SIMULATIONS_PROJECTION,
    collections: [SIMULATIONS, SIMULATION_CHANGES],
    handles: (event) => event.streamId.startsWith(SIMULATION_STREAM_PREFIX) && (Object.values(SimulationEventTypes) as string[]).includes(event.type),
    async apply(event: EventEnvelope, session: DocumentSession) {
      const simulations = session.collection<SimulationDocument>(SIMULATIONS);
      const data = event.data as { simulationId: string };
      const stored = await simulations.get(data.simulationId);
      if (stored && stored.revision >= event.streamRevision) return;
      if (event.type === SimulationEventTypes.Requested) {
        const d = event.data as SimulationRequestedData;
        await simulations.upsert(d.simulationId, {
          simulationId: d.simulationId,
          status: 'running',
          divisionCode: d.request.scope.divisionCode,
          request: d.request,
          requestedBy: d.requestedBy,
          requestedAt: d.requestedAt,
          replayOf: d.replayOf,
          basis: d.basis,
          casesRecorded: 0,
          changesRecorded: 0,
          completedAt: null,
          completed: null,
          error: null,
          revision: event.streamRevision,
        });
        return;
      }
      if (!stored) return;
      const next: SimulationDocument = { ...stored, revision: event.streamRevision };
      switch (event.type) {
        case SimulationEventTypes.CaseloadRecorded:
          next.casesRecorded += (event.data as SimulationCaseloadRecordedData).cases.length;
          break;
        case SimulationEventTypes.ChangesRecorded: {
          const { changed } = event.data as SimulationChangesRecordedData;
          const changes = session.collection<ChangedCaseDocument>(SIMULATION_CHANGES);
          const entries = changed.map((c) => ({ id: changeDocumentId(data.simulationId, c.caseId), document: { ...c, simulationId: data.simulationId } }));
          if (changes.upsertMany) await changes.upsertMany(entries);
          else for (const e of entries) await changes.upsert(e.id, e.document);
          next.changesRecorded += changed.length;
          break;
        }
        case SimulationEventTypes.Resumed:
          next.resumes = (stored.resumes ?? 0) + 1;
          break;
        case SimulationEventTypes.Completed: {
          const { simulationId: _id, ...completed } = event.data as SimulationCompletedData;
          next.status = 'completed';
          next.completed = completed;
          next.completedAt = event.recordedAt;
          break;
        }
        case SimulationEventTypes.Failed: {
          const d = event.data as SimulationFailedData;
          next.status = 'failed';
          next.error = { code: d.code, message: d.message };
          next.completedAt = event.recordedAt;
          break;
        }
      }
      await simulations.upsert(data.simulationId, next);
    },
  };
}
