import { Controller, Inject, Module, type DynamicModule } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NewEvent } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { IntegrationEventTypes, type IntegrationEvent } from '../contracts/integration-events';
import { OnIntegrationEvent } from '../consumer/on-integration-event';
import type { DeliveryContext } from '../consumer/delivery-context';
import type { SqlDatabase } from '@benefits/sql';

/**
 * A consumer for tests: records every handled event in a ledger table through the inbox
 * transaction. A fact snapshot whose facts say `poison: true` throws until the test "deploys a fix"
 * (adds its case and revision to `fixed`).
 */
export class LedgerProbe {
  readonly attempts = new Map<string, number>();
  readonly fixed = new Set<string>();
}

export const LEDGER_PROBE = Symbol('LEDGER_PROBE');

export const LEDGER_SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger (
  seq bigserial PRIMARY KEY,
  case_id text NOT NULL,
  revision integer NOT NULL,
  type text NOT NULL,
  event_id text NOT NULL
)`;

@Controller()
export class LedgerHandlers {
  constructor(@Inject(LEDGER_PROBE) private readonly probe: LedgerProbe) {}

  @OnIntegrationEvent(IntegrationEventTypes.CaseFactsSnapshotted)
  async onFacts(@Payload() event: IntegrationEvent<'CaseFactsSnapshotted'>, @Ctx() context: DeliveryContext): Promise<void> {
    this.count(context.eventId);
    const facts = JSON.parse(event.factsJson) as { poison?: boolean };
    if (facts.poison && !this.probe.fixed.has(`${event.caseId}:${event.caseRevision}`)) {
      throw new Error(`poisoned fact snapshot ${event.caseId}@${event.caseRevision}`);
    }
    await record(context, event.caseId, event.caseRevision, 'facts');
  }

  @OnIntegrationEvent(IntegrationEventTypes.PaymentCreated)
  async onPayment(@Payload() event: IntegrationEvent<'PaymentCreated'>, @Ctx() context: DeliveryContext): Promise<void> {
    this.count(context.eventId);
    await record(context, event.caseId, event.amountFen, 'payment');
  }

  private count(eventId: string): void {
    this.probe.attempts.set(eventId, (this.probe.attempts.get(eventId) ?? 0) + 1);
  }
}

async function record(context: DeliveryContext, caseId: string, revision: number, type: string): Promise<void> {
  await context.session.query('INSERT INTO ledger (case_id, revision, type, event_id) VALUES ($1, $2, $3, $4)', [caseId, revision, type, context.eventId]);
}

@Module({})
export class LedgerModule {
  static with(probe: LedgerProbe): DynamicModule {
    return { module: LedgerModule, controllers: [LedgerHandlers], providers: [{ provide: LEDGER_PROBE, useValue: probe }] };
  }
}

export async function readLedger(db: SqlDatabase): Promise<Record<string, string[]>> {
  const rows = await db.query<{ case_id: string; revision: number; type: string }>('SELECT case_id, revision, type FROM ledger ORDER BY seq');
  const byCase: Record<string, string[]> = {};
  for (const row of rows) (byCase[row.case_id] ??= []).push(`${row.type}:${row.revision}`);
  return byCase;
}

export function factsEvent(caseId: string, revision: number, options: { poison?: boolean } = {}): NewEvent {
  return {
    type: 'dibao.CaseFactsSnapshotted.v1',
    data: {
      caseId,
      divisionCode: '330304',
      effectiveFrom: '2025-03-01',
      caseRevision: revision,
      facts: { householdSize: 3, ...(options.poison ? { poison: true } : {}) },
    },
    metadata: { correlationId: `corr-${caseId}` },
  };
}

export function paymentEvent(caseId: string, amountFen: number): NewEvent {
  return {
    type: 'dibao.PaymentCreated.v1',
    data: { caseId, paymentId: `pay-${caseId}-${amountFen}`, beneficiaryRef: 'p-1', periodKey: '2025-03', divisionCode: '330304', amountFen: { fen: amountFen }, scheduleId: 's-1', kind: 'regular' },
    metadata: { correlationId: `corr-${caseId}` },
  };
}

export async function appendTo(store: EventStore, caseId: string, events: NewEvent[]): Promise<void> {
  await store.appendToStream(`case-${caseId}`, events, { expectedRevision: 'any' });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
