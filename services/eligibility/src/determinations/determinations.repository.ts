import { uuidV5, type EventEnvelope, type NewEvent } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore } from '@benefits/event-store';
import type { ReadModels } from '@benefits/read-store';
import { divisionChain, foldSeries, parameterStreamId, type BenefitId, type ParameterEntry, type StandardState } from '@benefits/standards';
import { standardsCatalog, type StandardsCatalog } from '../standards/standards-catalog';
import { ACTIVE_CASES_PROJECTION, activeCasePages, type ActiveCase } from './active-cases';
import type { DeterminationContext } from './context';
import { determinationStreamId, determinedType, scheduleIssuedType, type RedeterminationCause } from './determination';
import { caseDeterminations, extendHorizon, fromPeriodFor, redetermine } from './redetermination';
import { periodicBenefits } from './benefits';

export type { ActiveCase } from './active-cases';

/** Namespace of the ids derived for redeterminations and extensions (uuidV5(namespace, name)). */
export const REDETERMINATION_NAMESPACE = '3b0c5a52-6f1e-5d1a-9a57-2f1f0c6de002';

/** The periodic benefits: 临时救助 is one-off and never redetermined or extended. */

/**
 * How long a caseload-wide run waits for its read models to apply what was committed before it
 * (longer than a list request: the run usually follows a write — an activation, a new B — that
 * must not be missed, and answering 503 after that write is worse than waiting).
 */
const RUN_CATCH_UP_MS = 30_000;

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
 * Reads and appends determination streams and the context they are computed against. Nothing here
 * reads the global log: the catalog comes from the `eligibility.standards-catalog` read model (via
 * this process's copy, see `StandardsCatalog`), the 低保标准 series from its streams by id, and the
 * caseload of a run from the `eligibility.active-cases` read model, page by page.
 */
export class DeterminationsRepository {
  private readonly catalog: StandardsCatalog;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
  ) {
    this.catalog = standardsCatalog(readModels);
  }

  /**
   * The catalog and the 低保标准 series of a division chain, as known now. For one message: the
   * catalog is this process's copy (never waits on the read store, see `StandardsCatalog.recent`);
   * a run passes the catalog it read fresh once for all its cases.
   */
  async context(divisionCode: string, standards?: readonly StandardState[]): Promise<DeterminationContext> {
    const catalog = standards ?? (await this.catalog.recent());
    const series = new Map<string, ParameterEntry[]>();
    const bandTables = new Map<string, ParameterEntry[]>();
    for (const level of divisionChain(divisionCode)) {
      series.set(level, foldSeries(await this.store.readStream(parameterStreamId('dibao.standard', level))));
      bandTables.set(level, foldSeries(await this.store.readStream(parameterStreamId('linshi.band-table', level))));
    }
    return { standards: catalog, dibaoSeriesOf: (code) => series.get(code) ?? [], bandTableSeriesOf: (code) => bandTables.get(code) ?? [] };
  }

  readCase(caseId: string): Promise<EventEnvelope[]> {
    return this.store.readStream(determinationStreamId(caseId));
  }

  /** Appends after what was read: a concurrent writer makes this attempt fail (and a pipeline retry it). */
  async append(caseId: string, history: readonly EventEnvelope[], events: NewEvent[]): Promise<void> {
    const expectedRevision = history.length === 0 ? 'no_stream' : history[history.length - 1].streamRevision;
    await this.store.appendToStream(determinationStreamId(caseId), events, { expectedRevision });
  }

  /**
   * The active cases a run concerns, page by page, after the read model has applied everything
   * committed before the call (a schedule issued a moment ago is included).
   */
  private async *activeCases(divisionCode: string, benefits: readonly BenefitId[]): AsyncGenerator<ActiveCase> {
    const view = await this.readModels.fresh(ACTIVE_CASES_PROJECTION, RUN_CATCH_UP_MS);
    for await (const page of activeCasePages(view, { divisionCode, benefits })) yield* page;
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
    const standards = await this.catalog.fresh(RUN_CATCH_UP_MS);
    const contexts = new Map<string, DeterminationContext>();
    for await (const active of this.activeCases(input.divisionCode, input.benefit === null ? periodicBenefits() : periodicBenefits().filter((b) => b === input.benefit))) {
      summary.considered += 1;
      const determinationId = uuidV5(REDETERMINATION_NAMESPACE, `${input.cause.kind}:${input.cause.ref}:${active.caseId}:determination`);
      const scheduleId = uuidV5(REDETERMINATION_NAMESPACE, `${input.cause.kind}:${input.cause.ref}:${active.caseId}:schedule`);
      try {
        const history = await this.readCase(active.caseId);
        if (history.some((e) => (e.data as { scheduleId?: string; determinationId?: string }).scheduleId === scheduleId)) {
          summary.alreadyDone.push(active.caseId);
          continue;
        }
        const context = contexts.get(active.divisionCode) ?? (await this.context(active.divisionCode, standards));
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
    const standards = await this.catalog.fresh(RUN_CATCH_UP_MS);
    const contexts = new Map<string, DeterminationContext>();
    for await (const active of this.activeCases(input.divisionCode, periodicBenefits())) {
      summary.considered += 1;
      const scheduleId = uuidV5(REDETERMINATION_NAMESPACE, `horizon:${active.caseId}:${active.horizonEnd}`);
      try {
        const history = await this.readCase(active.caseId);
        if (history.some((e) => (e.data as { scheduleId?: string }).scheduleId === scheduleId)) {
          summary.alreadyDone.push(active.caseId);
          continue;
        }
        const context = contexts.get(active.divisionCode) ?? (await this.context(active.divisionCode, standards));
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
