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
import { createIfAbsentOnce, type AccountLookup, type PersonClaims } from './run-ports';
import { ENVELOPE_PREPARED, envelopeStreamId, type EnvelopePreparedData } from '../envelopes/envelope';
import { LEDGER_PAYMENTS, LEDGER_PROJECTION } from '../ledger/ledger.projection';
import type { LedgerPaymentDoc } from '../ledger/ledger.types';
import {
  bankAmountFen,
  decideCarry,
  decideFollowUp,
  foldPayment,
  followUpDue,
  PAYMENT_NETTED,
  planNetting,
  RECOVERY_NETTED,
  type CreatedPayment,
  type PaymentNettedData,
  type RecoveryNettedData,
} from '../payments/payment-lifecycle';
import { createEnvelopeAccumulator, pages } from '../envelopes/envelope-totals';
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

export interface PaymentRunOptions {
  pageSize?: number;
  afterPage?: AfterPageHook;
  /** Who already holds a (benefit, person, period): a payment for a person another case claims is held (重复享受待决). Default: no claims. */
  claims?: PersonClaims;
  /** Whether each beneficiary has a usable 一卡通 account: a payment without one is held (待补录账户). Default: every account usable. */
  accounts?: AccountLookup;
  /** A request that completed a run: how long it took and how many payments the run created (metrics). */
  onCompleted?: (run: { benefit: string; seconds: number; payments: number; pages: number; resumed: boolean }) => void;
}

/**
 * Runs a payment run page by page over the entitlements read model (see payment-run.ts for the
 * recorded progress). Memory holds one page of cases and their payments, whatever the caseload.
 */
export class PaymentRunHandler {
  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly options: PaymentRunOptions = {},
  ) {}

  async run(run: PaymentRun, context: CommandContext): Promise<PaymentRunOutcome> {
    const started = performance.now();
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
    // Read-your-writes once per run and once per phase, not per page: the ledger (held payments,
    // recoveries) and the accounts as committed before; a page's own writes are read from the streams.
    await this.readModels.fresh(LEDGER_PROJECTION);
    await this.options.accounts?.sync?.();
    while (current.progress) {
      const { phase, cursor } = current.progress;
      if (cursor === null) await this.readModels.fresh(LEDGER_PROJECTION);
      let nextCursor: string | null;
      let result: { counts: RunCounts };
      let size: number;
      if (phase === 'carry') {
        const candidates = await this.carryPage(run, cursor);
        result = await this.processCarry(run, runId, candidates.items, context);
        nextCursor = candidates.nextCursor;
        size = candidates.items.length;
      } else {
        const cases = await this.casesPage(view, run, phase, cursor);
        result = await this.processPage(view, run, runId, phase, cases.items, context);
        nextCursor = cases.nextCursor;
        size = cases.items.length;
      }
      page += 1;
      await this.options.afterPage?.({ runId, phase, page });
      await this.append(streamId, events, [
        this.event(RUN_PAGE_RECORDED, { runId, phase, page, nextCursor, cases: size, counts: result.counts }, context, null),
      ]);
      events = await this.store.readStream(streamId);
      current = foldRuns(events.map(asRunEvent)).runs.find((r) => r.runId === runId)!;
    }
    // The envelope first: a crash before the completion leaves a run that the next request finishes.
    await this.prepareEnvelope(run, current, context);
    await this.append(streamId, events, [
      this.event(RUN_COMPLETED, { runId, pages: current.pages, counts: current.counts, completedAt: context.now.toISOString() }, context, null),
    ]);
    const done = foldRuns((await this.store.readStream(streamId)).map(asRunEvent)).runs.find((r) => r.runId === runId)!;
    this.options.onCompleted?.({ benefit: run.benefit, seconds: (performance.now() - started) / 1000, payments: done.counts.created, pages: done.pages, resumed });
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

  private async processPage(
    view: ReadModelView,
    run: PaymentRun,
    runId: string,
    phase: RunPhase,
    cases: CaseEntitlementDoc[],
    context: CommandContext,
  ): Promise<{ counts: RunCounts }> {
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
    if (due.length === 0) return { counts: ZERO_COUNTS };

    // Holds, decided before the payments are written: another case's claim on the person and period
    // (regular payments claim; adjustments belong to the period's regular payment), then the account.
    const claimable = due.filter(({ payment }) => (payment.data.kind ?? 'regular') === 'regular').map(({ payment }) => payment.data);
    const claims = this.options.claims && claimable.length > 0 ? await this.options.claims(claimable, { correlationId: context.correlationId, actor: context.actor }) : new Map();
    const payees = [...new Set(due.filter(({ payment }) => bankAmountFen(payment.data) > 0).map(({ payment }) => payment.data.personRef))];
    const accounts = this.options.accounts ? await this.options.accounts(payees) : null;
    const made: CreatedPayment[] = due.map(({ payment }) => {
      const claim = claims.get(payment.data.paymentStreamId);
      const account = accounts?.get(payment.data.personRef);
      const hold: CreatedPayment['hold'] =
        claim && claim.held
          ? { reason: 'DUPLICATE_PERSON', claimedBy: claim.claimedBy, claimedByCase: claim.claimedByCase }
          : accounts && bankAmountFen(payment.data) > 0 && !account?.usable
            ? { reason: 'ACCOUNT_MISSING' }
            : null;
      return { ...payment.data, runId, envelopeId: hold ? null : runId, hold };
    });
    const outcomes = await this.store.createIfAbsent(
      made.map((payment, i) => ({
        streamId: payment.paymentStreamId,
        events: [this.event(PAYMENT_CREATED, payment, context, due[i].causationId)],
      })),
    );
    // A page done again after a crash finds the payments it made the first time: still this run's.
    const existed = outcomes.filter((o) => o.outcome === 'existed').map((o) => o.streamId);
    const ours = new Set<string>();
    if (existed.length > 0) {
      const ledger = (await this.readModels.fresh(LEDGER_PROJECTION)).collection<LedgerPaymentDoc>(LEDGER_PAYMENTS);
      for (let i = 0; i < existed.length; i += 100) {
        const found = await Promise.all(existed.slice(i, i + 100).map((id) => ledger.get(id)));
        for (const doc of found) if (doc?.runId === runId) ours.add(doc.paymentStreamId);
      }
    }
    let counts: RunCounts = ZERO_COUNTS;
    const mine = made.filter((payment, i) => outcomes[i].outcome === 'created' || ours.has(payment.paymentStreamId));
    await this.netRecoveries(mine, context);
    made.forEach((payment, i) => {
      const created = outcomes[i].outcome === 'created' || ours.has(payment.paymentStreamId);
      const fen = payment.amount.fen;
      const kind = payment.kind ?? 'regular';
      counts = addCounts(counts, {
        created: created ? 1 : 0,
        alreadyExisted: created ? 0 : 1,
        createdFen: created && kind === 'regular' ? fen : 0,
        arrearsFen: created && kind === 'arrears' ? fen : 0,
        recoveryFen: created && kind === 'recovery' ? fen : 0,
      });
    });
    return { counts };
  }

  /**
   * 追缴 netted against this page's payments of the same cases: every open recovery of a case is
   * offset against the case's new payments (in id order, each at most down to zero); the mark on
   * the payment and on the recovery are appended together (one transaction on the SQL stores), with
   * expected revisions read just before, so nothing is netted twice — a page done again after a crash
   * finds the marks and nets only what is still open. What a recovery has left stays a receivable.
   */
  private async netRecoveries(payments: readonly CreatedPayment[], context: CommandContext): Promise<void> {
    const payable = payments.filter((p) => (p.kind ?? 'regular') !== 'recovery' && p.amount.fen > 0);
    if (payable.length === 0) return;
    const caseIds = [...new Set(payable.map((p) => p.caseId))];
    // The ledger as it is: it was caught up when the phase began (recoveries of earlier phases and runs
    // are in it); what this run netted since is read from the streams below, not from the ledger.
    const ledger = (await this.readModels.view(LEDGER_PROJECTION)).collection<LedgerPaymentDoc>(LEDGER_PAYMENTS);
    const open: LedgerPaymentDoc[] = [];
    for await (const doc of pages(ledger, { caseId: { in: caseIds }, kind: 'recovery' })) if (doc.fen > doc.nettedFen && doc.status !== 'cancelled' && doc.status !== 'held') open.push(doc);
    if (open.length === 0) return;
    const withRecovery = new Set(open.map((r) => r.caseId));
    const streams = new Map<string, { revision: number; state: ReturnType<typeof foldPayment> }>();
    const ids = [...open.map((r) => r.paymentStreamId), ...payable.filter((p) => withRecovery.has(p.caseId)).map((p) => p.paymentStreamId)];
    for (let i = 0; i < ids.length; i += 50) {
      await Promise.all(
        ids.slice(i, i + 50).map(async (id) => {
          const history = await this.store.readStream(id);
          if (history.length > 0) streams.set(id, { revision: history[history.length - 1].streamRevision, state: foldPayment(history) });
        }),
      );
    }
    const plan: { recoveryId: string; paymentId: string; fen: number }[] = [];
    for (const caseId of withRecovery) {
      const recoveries = open
        .filter((r) => r.caseId === caseId)
        .map((r) => ({ paymentStreamId: r.paymentStreamId, openFen: r.fen - (streams.get(r.paymentStreamId)?.state.nettedFen ?? r.nettedFen) }))
        .filter((r) => r.openFen > 0);
      const targets = payable
        .filter((p) => p.caseId === caseId)
        .map((p) => ({ p, s: streams.get(p.paymentStreamId)?.state }))
        .filter(({ s }) => s && s.status === 'enveloped')
        .map(({ p, s }) => ({ paymentStreamId: p.paymentStreamId, bankFen: p.amount.fen - s!.nettedFen }));
      plan.push(...planNetting(recoveries, targets));
    }
    if (plan.length === 0) return;
    const appends = new Map<string, { streamId: string; events: NewEvent[]; expectedRevision: number }>();
    const add = (streamId: string, event: NewEvent) => {
      const entry = appends.get(streamId) ?? { streamId, events: [], expectedRevision: streams.get(streamId)!.revision };
      entry.events.push(event);
      appends.set(streamId, entry);
    };
    for (const step of plan) {
      add(step.paymentId, this.event(PAYMENT_NETTED, { paymentStreamId: step.paymentId, recoveryId: step.recoveryId, fen: step.fen } satisfies PaymentNettedData, context, null));
      add(step.recoveryId, this.event(RECOVERY_NETTED, { paymentStreamId: step.recoveryId, againstPaymentId: step.paymentId, fen: step.fen } satisfies RecoveryNettedData, context, null));
    }
    await this.appendManyOrConflict([...appends.values()]);
  }

  /** The payments of the run's scope a later run may have to take up (held, or failed/reversed without a reissue), a page at a time. */
  private async carryPage(run: PaymentRun, cursor: string | null) {
    // Caught up when the phase began; each candidate's state is read from its stream anyway.
    const ledger = (await this.readModels.view(LEDGER_PROJECTION)).collection<LedgerPaymentDoc>(LEDGER_PAYMENTS);
    return ledger.find({ filter: { carryScope: runScope(run.benefit, run.divisionCode) }, limit: this.options.pageSize ?? RUN_PAGE_SIZE, cursor });
  }

  /**
   * Carries into this run's envelope the held payments that can go now, and reissues failed or
   * reversed payments whose account changed since. Each change is appended to the payment's own
   * stream with its expected revision, so two runs cannot both take the same payment; a page done
   * again after a crash finds what it did the first time (the payment names this envelope).
   */
  private async processCarry(run: PaymentRun, runId: string, candidates: LedgerPaymentDoc[], context: CommandContext): Promise<{ counts: RunCounts }> {
    if (candidates.length === 0) return { counts: ZERO_COUNTS };
    const accounts = this.options.accounts ? await this.options.accounts([...new Set(candidates.map((c) => c.personRef))]) : null;
    let counts: RunCounts = ZERO_COUNTS;
    for (const candidate of candidates) {
      const history = await this.store.readStream(candidate.paymentStreamId);
      const state = foldPayment(history);
      if (!state.payment || history.length === 0) continue;
      const account = accounts ? (accounts.get(candidate.personRef) ?? null) : { usable: true, accountVersion: null };
      const expectedRevision = history[history.length - 1].streamRevision;
      if (state.status === 'held') {
        const carry = decideCarry(state, runId, !!account?.usable);
        if (carry.length === 0) continue;
        await this.appendOrConflict(candidate.paymentStreamId, carry.map((e) => this.event(e.type, e.data, context, history[0].eventId)), expectedRevision);
        counts = addCounts(counts, { ...ZERO_COUNTS, created: 1 });
        continue;
      }
      if (!followUpDue(state, account?.usable ? account.accountVersion : null)) continue;
      const { original, followUp } = decideFollowUp(state, runId, runId);
      const cause = history[history.length - 1].eventId;
      // One transaction on the SQL stores: the mark on the original and the reissue exist together.
      await this.appendManyOrConflict([
        { streamId: candidate.paymentStreamId, events: [this.event(original.type, original.data, context, cause)], expectedRevision },
        { streamId: followUp.paymentStreamId, events: [this.event(PAYMENT_CREATED, followUp, context, cause)], expectedRevision: 'no_stream' },
      ]);
      counts = addCounts(counts, { ...ZERO_COUNTS, created: 1 });
    }
    return { counts };
  }

  /**
   * The envelope of a run, from the ledger (fresh): every payment it lists (`envelopeId` = the run:
   * made by the run, carried into it, reissued by it) and every payment the run made but holds.
   * Summed from the payments themselves, in id order and in pages, so its control totals are the sum
   * of its payments by construction, and a crash anywhere before changes nothing. Created once.
   */
  private async prepareEnvelope(run: PaymentRun, summary: RunSummary, context: CommandContext): Promise<void> {
    const streamId = envelopeStreamId(summary.runId);
    if ((await this.store.readStream(streamId, { maxCount: 1 })).length > 0) return;
    const ledger = (await this.readModels.fresh(LEDGER_PROJECTION)).collection<LedgerPaymentDoc>(LEDGER_PAYMENTS);
    const listed = createEnvelopeAccumulator();
    for await (const doc of pages(ledger, { envelopeId: summary.runId })) listed.add(doc, summary.runId);
    for await (const doc of pages(ledger, { runId: summary.runId })) if (doc.envelopeId === null && doc.hold) listed.add(doc, summary.runId);
    const envelope = listed.result();
    const data: EnvelopePreparedData = {
      envelopeId: summary.runId,
      runId: summary.runId,
      benefit: run.benefit,
      divisionCode: run.divisionCode,
      runPeriod: runPeriodKey(run.period),
      totals: envelope.totals,
      held: envelope.held,
      digest: envelope.digest,
      preparers: [...new Set([...summary.actors, ...(context.actor ? [context.actor.id] : [])])].sort(),
      references: envelope.references,
      preparedAt: context.now.toISOString(),
    };
    await createIfAbsentOnce(this.store, streamId, [this.event(ENVELOPE_PREPARED, data, context, null)]);
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

  private async appendOrConflict(streamId: string, events: NewEvent[], expectedRevision: number): Promise<void> {
    try {
      await this.store.appendToStream(streamId, events, { expectedRevision });
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw DisbursementErrors.RUN_IN_PROGRESS({ streamId });
      throw error;
    }
  }

  private async appendManyOrConflict(appends: { streamId: string; events: NewEvent[]; expectedRevision: number | 'no_stream' }[]): Promise<void> {
    try {
      await this.store.appendMany(appends);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw DisbursementErrors.RUN_IN_PROGRESS({ streamId: appends[0].streamId });
      throw error;
    }
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

