import type { EventEnvelope, NewEvent } from '@benefits/kernel';
import { WrongExpectedRevisionError, type EventStore } from '@benefits/event-store';
import type { DocumentCollection, Filter, ReadModels, ReadModelView } from '@benefits/read-store';
import {
  adjustmentsDue,
  entitlementDecider,
  PAYMENT_CREATED,
  type PaymentCreated,
  type PaymentCreatedData,
  type PaymentRun,
} from '../entitlements/entitlement';
import { DisbursementErrors } from '../disbursement.errors';
import {
  CASE_ENTITLEMENTS,
  ENTITLEMENTS_PROJECTION,
  PAYMENTS,
  runScope,
  type CaseEntitlementDoc,
  type PaymentDoc,
} from '../read-models/entitlements.projection';
import {
  addCounts,
  foldRuns,
  parseRunId,
  RUN_COMPLETED,
  RUN_PAGE_RECORDED,
  RUN_STARTED,
  runIdOf,
  runStreamId,
  runToResume,
  ZERO_COUNTS,
  type RunCounts,
  type RunPhase,
  type RunSummary,
} from './payment-run';
import { runPeriodKey } from '../entitlements/entitlement';
import type { CommandContext } from '../disbursement.handlers';

/** Cases per page: one create-if-absent transaction and one progress event each. */
export const RUN_PAGE_SIZE = 500;

export interface PaymentRunOutcome extends RunSummary {
  /** True when this request continued a run an earlier request had left unfinished. */
  resumed: boolean;
}

/** Test hook: called after a page's payments were created, before its progress is recorded. */
export type AfterPageHook = (page: { runId: string; phase: RunPhase; page: number }) => Promise<void> | void;

/**
 * Runs a payment run page by page over the entitlements read model (see payment-run.ts for the
 * recorded progress). Memory holds one page of cases and their payments, whatever the caseload.
 */
export class PaymentRunHandler {
  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly options: { pageSize?: number; afterPage?: AfterPageHook } = {},
  ) {}

  async run(run: PaymentRun, context: CommandContext): Promise<PaymentRunOutcome> {
    // Read-your-writes: a schedule recorded (or a payment made) before this request is in the model.
    const view = await this.readModels.fresh(ENTITLEMENTS_PROJECTION);
    const streamId = runStreamId(run);
    let events = await this.store.readStream(streamId);
    let state = foldRuns(events.map(asRunEvent));
    let current = runToResume(state);
    const resumed = current !== null;
    if (!current) {
      const seq = state.runs.length + 1;
      const runId = runIdOf(run, seq);
      await this.append(streamId, events, [
        this.event(RUN_STARTED, { runId, seq, benefit: run.benefit, divisionCode: run.divisionCode, period: runPeriodKey(run.period), startedAt: context.now.toISOString() }, context, null),
      ]);
      events = await this.store.readStream(streamId);
      state = foldRuns(events.map(asRunEvent));
      current = runToResume(state)!;
    }
    const runId = current.runId;
    let page = current.pages;
    while (current.progress) {
      const { phase, cursor } = current.progress;
      const cases = await this.casesPage(view, run, phase, cursor);
      const counts = await this.processPage(view, run, runId, phase, cases.items, context);
      page += 1;
      await this.options.afterPage?.({ runId, phase, page });
      await this.append(streamId, events, [
        this.event(RUN_PAGE_RECORDED, { runId, phase, page, nextCursor: cases.nextCursor, cases: cases.items.length, counts }, context, null),
      ]);
      events = await this.store.readStream(streamId);
      current = foldRuns(events.map(asRunEvent)).runs.find((r) => r.runId === runId)!;
    }
    await this.append(streamId, events, [
      this.event(RUN_COMPLETED, { runId, pages: current.pages, counts: current.counts, completedAt: context.now.toISOString() }, context, null),
    ]);
    const done = foldRuns((await this.store.readStream(streamId)).map(asRunEvent)).runs.find((r) => r.runId === runId)!;
    return { ...done, resumed };
  }

  /** A run as recorded, or null when there is none of that id. */
  async read(runId: string): Promise<RunSummary | null> {
    const parsed = parseRunId(runId);
    if (!parsed) throw DisbursementErrors.INVALID_RUN_ID({ runId });
    const events = await this.store.readStream(parsed.streamId);
    return foldRuns(events.map(asRunEvent)).runs.find((r) => r.runId === runId) ?? null;
  }

  /** The payments a run created, a page at a time (in payment id order). */
  async payments(runId: string, page: { limit: number; cursor: string | null }): Promise<{ items: PaymentDoc[]; nextCursor: string | null }> {
    const view = await this.readModels.fresh(ENTITLEMENTS_PROJECTION);
    return view.collection<PaymentDoc>(PAYMENTS).find({ filter: { runId }, limit: page.limit, cursor: page.cursor });
  }

  private casesPage(view: ReadModelView, run: PaymentRun, phase: RunPhase, cursor: string | null) {
    const scope = runScope(run.benefit, run.divisionCode);
    const filter: Filter = phase === 'adjustments' ? { pendingScope: scope } : { scope, runKeys: runPeriodKey(run.period) };
    return view.collection<CaseEntitlementDoc>(CASE_ENTITLEMENTS).find({ filter, limit: this.options.pageSize ?? RUN_PAGE_SIZE, cursor });
  }

  private async processPage(view: ReadModelView, run: PaymentRun, runId: string, phase: RunPhase, cases: CaseEntitlementDoc[], context: CommandContext): Promise<RunCounts> {
    const due: { payment: PaymentCreated; causationId: string | null }[] = [];
    const paymentsByCase = phase === 'adjustments' ? await this.paymentsOf(view.collection<PaymentDoc>(PAYMENTS), cases.map((c) => c.caseId)) : new Map<string, PaymentCreatedData[]>();
    for (const doc of cases) {
      if (!doc.schedule) continue;
      const state = { schedules: [doc.schedule] };
      const made =
        phase === 'adjustments'
          ? adjustmentsDue(state, paymentsByCase.get(doc.caseId) ?? [], run)
          : entitlementDecider.decide({ type: 'CreatePayments', data: run, metadata: { now: context.now } }, state).filter((e): e is PaymentCreated => e.type === PAYMENT_CREATED);
      for (const payment of made) due.push({ payment, causationId: doc.lastScheduleEventId });
    }
    if (due.length === 0) return ZERO_COUNTS;
    const outcomes = await this.store.createIfAbsent(
      due.map(({ payment, causationId }) => ({
        streamId: payment.data.paymentStreamId,
        events: [this.event(payment.type, { ...payment.data, runId }, context, causationId)],
      })),
    );
    // A page done again after a crash finds the payments it made the first time: still this run's.
    const existed = outcomes.filter((o) => o.outcome === 'existed').map((o) => o.streamId);
    const ours = new Set<string>();
    if (existed.length > 0) {
      const payments = (await this.readModels.fresh(ENTITLEMENTS_PROJECTION)).collection<PaymentDoc>(PAYMENTS);
      for (let i = 0; i < existed.length; i += 100) {
        const found = await Promise.all(existed.slice(i, i + 100).map((id) => payments.get(id)));
        for (const doc of found) if (doc?.runId === runId) ours.add(doc.paymentStreamId);
      }
    }
    let counts: RunCounts = ZERO_COUNTS;
    due.forEach(({ payment }, i) => {
      const created = outcomes[i].outcome === 'created' || ours.has(payment.data.paymentStreamId);
      const fen = payment.data.amount.fen;
      const kind = payment.data.kind ?? 'regular';
      counts = addCounts(counts, {
        created: created ? 1 : 0,
        alreadyExisted: created ? 0 : 1,
        createdFen: created && kind === 'regular' ? fen : 0,
        arrearsFen: created && kind === 'arrears' ? fen : 0,
        recoveryFen: created && kind === 'recovery' ? fen : 0,
      });
    });
    return counts;
  }

  /** Every payment of the given cases, from the payments read model, in pages. */
  private async paymentsOf(payments: DocumentCollection<PaymentDoc>, caseIds: string[]): Promise<Map<string, PaymentCreatedData[]>> {
    const byCase = new Map<string, PaymentCreatedData[]>();
    if (caseIds.length === 0) return byCase;
    let cursor: string | null = null;
    do {
      const page = await payments.find({ filter: { caseId: { in: caseIds } }, limit: 1000, cursor });
      for (const p of page.items) byCase.set(p.caseId, [...(byCase.get(p.caseId) ?? []), p]);
      cursor = page.nextCursor;
    } while (cursor);
    return byCase;
  }

  private event(type: string, data: unknown, context: CommandContext, causationId: string | null): NewEvent {
    return { type, data: data as NewEvent['data'], metadata: { correlationId: context.correlationId, causationId, actor: context.actor, schemaVersion: 1 } };
  }

  private async append(streamId: string, history: readonly EventEnvelope[], events: NewEvent[]): Promise<void> {
    const expectedRevision = history.length === 0 ? 'no_stream' : history[history.length - 1].streamRevision;
    try {
      await this.store.appendToStream(streamId, events, { expectedRevision });
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw DisbursementErrors.RUN_IN_PROGRESS({ streamId });
      throw error;
    }
  }
}

function asRunEvent(event: EventEnvelope): { type: string; data: unknown; actor: EventEnvelope['metadata']['actor'] } {
  return { type: event.type, data: event.data, actor: event.metadata.actor ?? null };
}

