import { Controller, Inject, Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { monthPeriod, parsePeriodKey, yearPeriod, type Period } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import {
  IntegrationEventTypes,
  OnIntegrationEvent,
  type DeliveryContext,
  type IntegrationEvent,
  createConsumerApp,
  type ConsumerSetup,
  topicsHandledBy,
} from '@benefits/messaging';
import { DisbursementHandlers } from '../disbursement.handlers';
import { isDisbursedBenefit, type BenefitId, type EntitlementSchedule } from '../entitlements/entitlement';
import { PaymentStatusConsumer, PAYMENT_STATUS_STORE } from './payment-status.consumer';

/** Names this consumer's inbox, parked messages and event-log checkpoint. */
export const DISBURSEMENT_CONSUMER = 'disbursement';

/**
 * The schedule eligibility issued, as disbursement records it. Eligibility issues a schedule only
 * once the case is approved (审核确认), citing the approved determination, so recording it is what
 * makes the case's periods payable.
 */
export function scheduleFromIntegrationEvent(event: IntegrationEvent<'EntitlementScheduleIssued'>): EntitlementSchedule {
  if (!isDisbursedBenefit(event.benefit)) throw new Error(`schedule ${event.scheduleId} names unknown benefit ${event.benefit}`);
  if (!event.standardRef) throw new Error(`schedule ${event.scheduleId} has no standardRef`);
  const { standardId, versionId, itemNo, contentHash } = event.standardRef;
  const oneOffCount = event.lines.filter((l) => l.periodKey.startsWith('once:')).length;
  return {
    caseId: event.caseId,
    determinationId: event.determinationId,
    ...(event.scheduleId ? { scheduleId: event.scheduleId } : {}),
    benefit: event.benefit as BenefitId,
    divisionCode: event.divisionCode,
    effectiveFrom: event.effectiveFrom,
    standardRef: { standardId, versionId, itemNo, contentHash },
    lines: event.lines.map((line) => ({
      personRef: line.beneficiaryRef,
      period: periodOf(line.periodKey, event.caseId, line.dueDate || event.effectiveFrom, oneOffCount),
      amount: { fen: line.amountFen },
    })),
  };
}

/**
 * Integration period keys (proto/common.proto) → kernel periods: `yyyy-mm` a month, `yyyy` a year
 * (北京 特扶, paid by yearly runs), `once:<caseId>` a one-off grant, `once:<caseId>:<n>` instalment
 * n of the case's grant (series id = the case id, count = the one-off lines of the schedule). A
 * one-off or instalment is dated `dueOn`: the line's own `dueDate` when the line carries one (each
 * instalment of a staged grant, so the monthly run of its month pays it, not before), else the
 * schedule's effectiveFrom (the approval; events published before lines carried a date). Anything
 * else is refused, not guessed.
 */
export function periodOf(key: string, caseId: string, dueOn: string, oneOffCount = 1): Period {
  if (/^\d{4}$/.test(key)) return yearPeriod(Number(key));
  if (key.startsWith('once:')) {
    const [, ref, n] = key.split(':');
    if (ref !== caseId) throw new Error(`period ${key}: a one-off key names its own case`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dueOn)) throw new Error(`period ${key}: due date ${JSON.stringify(dueOn)} is not YYYY-MM-DD`);
    if (n === undefined) return { kind: 'oneOff', date: dueOn };
    const index = Number(n);
    if (!Number.isInteger(index) || index < 1) throw new Error(`period ${key}: instalment number`);
    return { kind: 'instalment', seriesId: caseId, index, count: Math.max(oneOffCount, index), date: dueOn };
  }
  const identity = parsePeriodKey(key);
  if (identity.kind !== 'month') throw new Error(`period ${key}: expected yyyy-mm, yyyy or once:<caseId>[:<n>]`);
  return monthPeriod(identity.month);
}

const SCHEDULE_STORE = Symbol('SCHEDULE_STORE');

@Controller()
export class SchedulesConsumer {
  private readonly handlers: DisbursementHandlers;

  constructor(@Inject(SCHEDULE_STORE) store: EventStore) {
    this.handlers = new DisbursementHandlers(store);
  }

  /** Idempotent by determinationId (recordSchedule): a redelivered schedule records nothing. */
  @OnIntegrationEvent(IntegrationEventTypes.EntitlementScheduleIssued)
  async onScheduleIssued(@Payload() event: IntegrationEvent<'EntitlementScheduleIssued'>, @Ctx() _ctx: DeliveryContext): Promise<void> {
    await this.handlers.recordSchedule(scheduleFromIntegrationEvent(event), {
      actor: null,
      correlationId: event.header?.correlationId || event.caseId,
      now: new Date(),
    });
  }
}

const CONSUMERS = [SchedulesConsumer, PaymentStatusConsumer] as const;

/** Kafka topics of what the consumer handles: schedules (eligibility) and 停发/恢复 (applications). */
export const disbursementConsumerTopics = (): string[] => topicsHandledBy(CONSUMERS);

@Module({})
export class DisbursementConsumerModule {
  static with(store: EventStore): DynamicModule {
    return {
      module: DisbursementConsumerModule,
      controllers: [...CONSUMERS],
      providers: [
        { provide: SCHEDULE_STORE, useValue: store },
        { provide: PAYMENT_STATUS_STORE, useValue: store },
      ],
    };
  }
}

export type DisbursementConsumerSetup = ConsumerSetup;

/** The disbursement consumer as a Nest microservice, not yet listening (`listen()` / `close()`). */
export function createDisbursementConsumer(setup: DisbursementConsumerSetup): Promise<INestMicroservice> {
  return createConsumerApp(DisbursementConsumerModule.with(setup.store), setup);
}
