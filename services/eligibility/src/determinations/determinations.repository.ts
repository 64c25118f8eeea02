import { uuidV5, type EventEnvelope, type NewEvent } from '@benefits/kernel';
import { START, WrongExpectedRevisionError, type EventStore, type LogPositionOrStart } from '@benefits/event-store';
import { divisionChain, foldSeries, isWithinDivision, parameterStreamId, type BenefitId, type ParameterEntry } from '@benefits/standards';
import { StandardsRepository } from '../standards/standards.repository';
import type { DeterminationContext } from './context';
import {
  determinationStreamId,
  determinedType,
  isScheduleIssuedType,
  scheduleIssuedType,
  type EntitlementScheduleIssuedData,
  type RedeterminationCause,
} from './determination';
import { caseDeterminations, extendHorizon, fromPeriodFor, redetermine } from './redetermination';

/** Namespace of the ids derived for redeterminations and extensions (uuidV5(namespace, name)). */
export const REDETERMINATION_NAMESPACE = '3b0c5a52-6f1e-5d1a-9a57-2f1f0c6de002';

const PAGE = 500;

export interface ActiveCase {
  caseId: string;
  benefit: BenefitId;
  divisionCode: string;
  horizonEnd: string;
}

export interface RunSummary {
  /** Cases with an issued schedule that the change concerns. */
  considered: number;
  /** Cases that got a new determination and schedule (or a longer schedule). */
  issued: string[];
  /** Cases where this change had already been applied (a repeated request). */
  alreadyDone: string[];
  /** Cases with nothing to recompute (e.g. the change starts after their horizon). */
  unchanged: string[];
  /** Cases that could not be recomputed; the run can be repeated once the cause is fixed. */
  failed: { caseId: string; code: string; message: string }[];
}

/**
 * Reads and appends determination streams and the context they are computed against. The index of
 * active cases is a scan of the log for issued schedules (like the catalog, no projection yet):
 * exact, never behind, and proportional to the log; a read model replaces `activeCases` when the
 * read-store library is adopted.
 */
export class DeterminationsRepository {
  private readonly standards: StandardsRepository;

  constructor(private readonly store: EventStore) {
    this.standards = new StandardsRepository(store);
  }

  /** The catalog and the 低保标准 series of a division chain, as known now. */
  async context(divisionCode: string): Promise<DeterminationContext> {
    const series = new Map<string, ParameterEntry[]>();
    for (const level of divisionChain(divisionCode)) series.set(level, foldSeries(await this.store.readStream(parameterStreamId('dibao.standard', level))));
    return { standards: await this.standards.listStandards(), dibaoSeriesOf: (code) => series.get(code) ?? [] };
  }

  readCase(caseId: string): Promise<EventEnvelope[]> {
    return this.store.readStream(determinationStreamId(caseId));
  }

  /** Appends after what was read: a concurrent writer makes this attempt fail (and a pipeline retry it). */
  async append(caseId: string, history: readonly EventEnvelope[], events: NewEvent[]): Promise<void> {
    const expectedRevision = history.length === 0 ? 'no_stream' : history[history.length - 1].streamRevision;
    await this.store.appendToStream(determinationStreamId(caseId), events, { expectedRevision });
  }

  /** Every case with an issued schedule (its latest one), from one pass over the log. */
  async activeCases(): Promise<ActiveCase[]> {
    const byCase = new Map<string, ActiveCase>();
    let after: LogPositionOrStart = START;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: PAGE });
      for (const event of page.events) {
        if (!event.streamId.startsWith('determination-') || !isScheduleIssuedType(event.type)) continue;
        const s = event.data as EntitlementScheduleIssuedData;
        byCase.set(s.caseId, { caseId: s.caseId, benefit: s.benefit, divisionCode: s.divisionCode, horizonEnd: s.horizonEnd });
      }
      if (page.events.length < PAGE) break;
      after = page.continueAfter;
    }
    return [...byCase.values()];
  }

  /**
   * Redetermines every active case of a benefit (all periodic benefits when null) in a division or
   * under it, from the month of `effectiveFrom`. Ids derive from the cause and the case, so running
   * the same change again appends nothing.
   */
  async redetermineAll(input: {
    divisionCode: string;
    benefit: BenefitId | null;
    effectiveFrom: string;
    cause: Omit<RedeterminationCause, 'fromPeriod'>;
    correlationId: string;
    actor: NewEvent['metadata']['actor'];
  }): Promise<RunSummary> {
    const summary: RunSummary = { considered: 0, issued: [], alreadyDone: [], unchanged: [], failed: [] };
    const cases = (await this.activeCases()).filter(
      (c) => c.benefit !== 'linshi' && (input.benefit === null || c.benefit === input.benefit) && isWithinDivision(c.divisionCode, input.divisionCode),
    );
    const contexts = new Map<string, DeterminationContext>();
    for (const active of cases) {
      summary.considered += 1;
      const determinationId = uuidV5(REDETERMINATION_NAMESPACE, `${input.cause.kind}:${input.cause.ref}:${active.caseId}:determination`);
      const scheduleId = uuidV5(REDETERMINATION_NAMESPACE, `${input.cause.kind}:${input.cause.ref}:${active.caseId}:schedule`);
      try {
        const history = await this.readCase(active.caseId);
        if (history.some((e) => (e.data as { scheduleId?: string; determinationId?: string }).scheduleId === scheduleId)) {
          summary.alreadyDone.push(active.caseId);
          continue;
        }
        const context = contexts.get(active.divisionCode) ?? (await this.context(active.divisionCode));
        contexts.set(active.divisionCode, context);
        const folded = caseDeterminations(history);
        const schedule = folded.schedules[folded.schedules.length - 1];
        const fromPeriod = fromPeriodFor(schedule, input.effectiveFrom);
        const result = redetermine(context, folded, { determinationId, scheduleId, cause: { ...input.cause, fromPeriod } });
        if (!result) {
          summary.unchanged.push(active.caseId);
          continue;
        }
        const metadata = { correlationId: input.correlationId, causationId: null, actor: input.actor, schemaVersion: 1 };
        await this.append(active.caseId, history, [
          { type: determinedType(result.determination.benefit), data: result.determination, metadata },
          { type: scheduleIssuedType(result.schedule.benefit), data: result.schedule, metadata },
        ]);
        summary.issued.push(active.caseId);
      } catch (error) {
        const e = error as { code?: string; message?: string };
        summary.failed.push({ caseId: active.caseId, code: error instanceof WrongExpectedRevisionError ? 'CONFLICT' : (e.code ?? 'ERROR'), message: e.message ?? String(error) });
      }
    }
    return summary;
  }

  /**
   * Issues the next horizon of every periodic schedule in a division (or under it) that ends within
   * `leadMonths` of `asOfMonth`. The schedule id derives from the case and the old horizon, so a
   * repeated request appends nothing.
   */
  async extendAll(input: { divisionCode: string; asOfMonth: string; leadMonths: number; correlationId: string; actor: NewEvent['metadata']['actor'] }): Promise<RunSummary> {
    const summary: RunSummary = { considered: 0, issued: [], alreadyDone: [], unchanged: [], failed: [] };
    const cases = (await this.activeCases()).filter((c) => c.benefit !== 'linshi' && isWithinDivision(c.divisionCode, input.divisionCode));
    const contexts = new Map<string, DeterminationContext>();
    for (const active of cases) {
      summary.considered += 1;
      const scheduleId = uuidV5(REDETERMINATION_NAMESPACE, `horizon:${active.caseId}:${active.horizonEnd}`);
      try {
        const history = await this.readCase(active.caseId);
        if (history.some((e) => (e.data as { scheduleId?: string }).scheduleId === scheduleId)) {
          summary.alreadyDone.push(active.caseId);
          continue;
        }
        const context = contexts.get(active.divisionCode) ?? (await this.context(active.divisionCode));
        contexts.set(active.divisionCode, context);
        const extended = extendHorizon(context, caseDeterminations(history), { scheduleId, asOfMonth: input.asOfMonth, leadMonths: input.leadMonths });
        if (!extended) {
          summary.unchanged.push(active.caseId);
          continue;
        }
        await this.append(active.caseId, history, [
          { type: scheduleIssuedType(extended.benefit), data: extended, metadata: { correlationId: input.correlationId, causationId: null, actor: input.actor, schemaVersion: 1 } },
        ]);
        summary.issued.push(active.caseId);
      } catch (error) {
        const e = error as { code?: string; message?: string };
        summary.failed.push({ caseId: active.caseId, code: error instanceof WrongExpectedRevisionError ? 'CONFLICT' : (e.code ?? 'ERROR'), message: e.message ?? String(error) });
      }
    }
    return summary;
  }
}
