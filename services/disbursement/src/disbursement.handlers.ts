import { Errors, Money, fold, type Actor, type EventEnvelope } from '@benefits/kernel';
import { START, WrongExpectedRevisionError, type EventStore, type LogPositionOrStart } from '@benefits/event-store';
import {
  ENTITLEMENT_SCHEDULE_RECEIVED,
  PAYMENT_CREATED,
  adjustmentsDue,
  entitlementDecider,
  runPeriodKey,
  entitlementStreamId,
  type EntitlementSchedule,
  type EntitlementState,
  type PaymentCreated,
  type PaymentCreatedData,
  type PaymentRun,
  type ScheduleReceived,
  type ScheduleReceivedData,
} from './entitlements/entitlement';

export interface CommandContext {
  /** The verified caller; null when the command comes from another service's event (no person acted). */
  actor: Actor | null;
  correlationId: string;
  now: Date;
}

export interface RecordScheduleResult {
  streamId: string;
  scheduleVersion: number;
  recorded: boolean;
}

export interface PaymentRunItem {
  paymentStreamId: string;
  caseId: string;
  personRef: string;
  periodKey: string;
  amount: { fen: number };
  outcome: 'created' | 'alreadyExisted';
  /** `regular`, or `arrears` (补发) / `recovery` (追缴) when a superseding schedule changed a period already paid. */
  kind: 'regular' | 'arrears' | 'recovery';
}

export interface PaymentRunResult {
  run: { benefit: string; divisionCode: string; period: string };
  created: number;
  alreadyExisted: number;
  /** createdAmount: regular payments created; arrears / recovery: adjustments created in this run. */
  totals: { createdAmount: { fen: number }; arrears: { fen: number }; recovery: { fen: number } };
  payments: PaymentRunItem[];
}

export interface PaymentView extends PaymentCreatedData {
  revision: number;
  createdAt: string;
  createdBy: Actor | null;
}

const READ_ALL_PAGE = 500;

/**
 * The I/O around the entitlement decider: read, decide, append. No rule lives here; the decisions
 * (what to record, what is due) are in entitlements/entitlement.ts.
 */
export class DisbursementHandlers {
  constructor(private readonly store: EventStore) {}

  async recordSchedule(schedule: EntitlementSchedule, context: CommandContext): Promise<RecordScheduleResult> {
    const streamId = entitlementStreamId(schedule.caseId);
    const history = await this.store.readStream(streamId);
    const state = fold(entitlementDecider, history.map(asScheduleReceived));
    const events = entitlementDecider.decide({ type: 'RecordSchedule', data: schedule, metadata: { now: context.now } }, state);
    if (events.length === 0) {
      const earlier = state.schedules.find((s) => s.determinationId === schedule.determinationId);
      return { streamId, scheduleVersion: earlier?.scheduleVersion ?? state.schedules.length, recorded: false };
    }
    const expectedRevision = history.length === 0 ? 'no_stream' : history[history.length - 1].streamRevision;
    try {
      await this.store.appendToStream(
        streamId,
        events.map((event) => ({
          type: event.type,
          data: event.data,
          metadata: { correlationId: context.correlationId, causationId: null, actor: context.actor, schemaVersion: 1 },
        })),
        { expectedRevision },
      );
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) throw Errors.CONFLICT({ streamId, reason: 'the schedule changed meanwhile; send it again' });
      throw error;
    }
    const recorded = events[events.length - 1] as ScheduleReceived;
    return { streamId, scheduleVersion: recorded.data.scheduleVersion, recorded: true };
  }

  /**
   * Creates every payment due in the run. Each payment is its own stream created with `no_stream`,
   * so a payment that exists already (an earlier run, a concurrent one, a retry after a crash
   * half-way) is refused by the store and counted as already existing — asking twice never pays twice.
   */
  async runPayments(run: PaymentRun, context: CommandContext): Promise<PaymentRunResult> {
    const payments: PaymentRunItem[] = [];
    let createdAmount = Money.ZERO;
    let arrears = Money.ZERO;
    let recovery = Money.ZERO;
    for (const { state, lastScheduleEventId, payments: paid } of await this.loadEntitlements()) {
      const due = entitlementDecider
        .decide({ type: 'CreatePayments', data: run, metadata: { now: context.now } }, state)
        .filter((event): event is PaymentCreated => event.type === PAYMENT_CREATED);
      // Periods already paid whose amount a superseding schedule changed: 补发 / 追缴 in the same run.
      const adjustments = adjustmentsDue(state, paid, run);
      for (const payment of [...due, ...adjustments]) {
        const outcome = await this.createPayment(payment, lastScheduleEventId, context);
        const kind = payment.data.kind ?? 'regular';
        if (outcome === 'created') {
          const amount = Money.fen(payment.data.amount.fen);
          if (kind === 'arrears') arrears = arrears.add(amount);
          else if (kind === 'recovery') recovery = recovery.add(amount);
          else createdAmount = createdAmount.add(amount);
        }
        const { paymentStreamId, caseId, personRef, periodKey, amount } = payment.data;
        payments.push({ paymentStreamId, caseId, personRef, periodKey, amount, outcome, kind });
      }
    }
    const created = payments.filter((p) => p.outcome === 'created').length;
    return {
      run: { benefit: run.benefit, divisionCode: run.divisionCode, period: runPeriodKey(run.period) },
      created,
      alreadyExisted: payments.length - created,
      totals: { createdAmount: { fen: createdAmount.fen }, arrears: { fen: arrears.fen }, recovery: { fen: recovery.fen } },
      payments,
    };
  }

  async readPayment(paymentStreamId: string): Promise<PaymentView | null> {
    const events = await this.store.readStream(paymentStreamId);
    const created = events.find((e) => e.type === PAYMENT_CREATED);
    if (!created) return null;
    return {
      ...(created.data as PaymentCreatedData),
      revision: events[events.length - 1].streamRevision,
      createdAt: created.recordedAt,
      createdBy: created.metadata.actor,
    };
  }

  private async createPayment(payment: PaymentCreated, causationId: string, context: CommandContext): Promise<PaymentRunItem['outcome']> {
    try {
      await this.store.appendToStream(
        payment.data.paymentStreamId,
        [{ type: payment.type, data: payment.data, metadata: { correlationId: context.correlationId, causationId, actor: context.actor, schemaVersion: 1 } }],
        { expectedRevision: 'no_stream' },
      );
      return 'created';
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return 'alreadyExisted';
      throw error;
    }
  }

  /**
   * Every case's entitlement state, folded from one scan of the log. A scan rather than a read
   * model keeps the run correct without a projection to keep up to date (no checkpoint that could lag
   * behind a schedule just recorded); its cost grows with the log, and a projection of schedules per
   * (benefit, division) replaces it once the read-store library is in place.
   */
  private async loadEntitlements(): Promise<{ state: EntitlementState; lastScheduleEventId: string; payments: PaymentCreatedData[] }[]> {
    const byStream = new Map<string, { state: EntitlementState; lastScheduleEventId: string; payments: PaymentCreatedData[] }>();
    const paymentsByCase = new Map<string, PaymentCreatedData[]>();
    let after: LogPositionOrStart = START;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: READ_ALL_PAGE });
      for (const event of page.events) {
        if (event.type === PAYMENT_CREATED && event.streamId.startsWith('payment-')) {
          const payment = event.data as PaymentCreatedData;
          paymentsByCase.set(payment.caseId, [...(paymentsByCase.get(payment.caseId) ?? []), payment]);
          continue;
        }
        if (event.type !== ENTITLEMENT_SCHEDULE_RECEIVED || !event.streamId.startsWith('entitlement-')) continue;
        const entry = byStream.get(event.streamId) ?? { state: entitlementDecider.initialState(), lastScheduleEventId: event.eventId, payments: [] };
        byStream.set(event.streamId, {
          state: entitlementDecider.evolve(entry.state, asScheduleReceived(event)),
          lastScheduleEventId: event.eventId,
          payments: [],
        });
      }
      if (page.events.length < READ_ALL_PAGE) break;
      after = page.continueAfter;
    }
    return [...byStream.values()].map((entry) => {
      const caseId = entry.state.schedules[0]?.caseId;
      return { ...entry, payments: (caseId && paymentsByCase.get(caseId)) || [] };
    });
  }
}

function asScheduleReceived(event: EventEnvelope): ScheduleReceived {
  if (event.type !== ENTITLEMENT_SCHEDULE_RECEIVED) throw new Error(`unexpected event ${event.type} in ${event.streamId}`);
  return { type: ENTITLEMENT_SCHEDULE_RECEIVED, data: event.data as ScheduleReceivedData };
}
