import { createDocumentStore, type DocumentStore } from '@benefits/read-store';
import type { EventEnvelope } from '@benefits/kernel';
import type { AnomalyCandidate, RuleScanContext } from '../rule';
import { CASE_STREAMS, CASE_STREAMS_PROJECTION, type CaseStreamDoc } from '../../read-models/case-streams.projection';
import { paidDiffersFromRecomputedRule, type PaidDiffersConfig } from './paid-differs-from-recomputed.rule';

/**
 * A5 on a hand-built scan context: the case-streams documents in an in-memory read store and the
 * streams in a map. Sample data: invented case ids and refs.
 */
const caseA = '0190f1a2-7b3c-7d4e-8f50-00000000000a';
const caseB = '0190f1a2-7b3c-7d4e-8f50-00000000000b';
const caseOther = '0190f1a2-7b3c-7d4e-8f50-00000000000c';
const person = 'person-ref-1';

function envelope(streamId: string, streamRevision: number, type: string, data: unknown): EventEnvelope {
  return {
    eventId: `${streamId}-${streamRevision}`,
    type,
    streamId,
    streamRevision,
    position: String(streamRevision),
    recordedAt: '2024-09-01T00:00:00.000Z',
    data,
    metadata: { correlationId: 'c', causationId: null, actor: null, schemaVersion: 1, prevHash: '', hash: '' },
  };
}

function schedule(caseId: string, fen: number) {
  return envelope(`entitlement-${caseId}`, 0, 'disbursement.EntitlementScheduleReceived.v1', {
    caseId,
    determinationId: 'det-1',
    scheduleId: 'sched-1',
    benefit: 'tefu',
    divisionCode: '330402',
    effectiveFrom: '2024-09-01',
    standardRef: {},
    lines: [{ personRef: person, period: { kind: 'month', month: '2024-09' }, amount: { fen } }],
    scheduleVersion: 1,
    supersedesDeterminationId: null,
  });
}

function payment(caseId: string, fen: number) {
  const streamId = `payment-${caseId}-${person}-2024-09`;
  return envelope(streamId, 0, 'disbursement.PaymentCreated.v1', {
    paymentStreamId: streamId,
    kind: 'regular',
    caseId,
    personRef: person,
    benefit: 'tefu',
    divisionCode: '330402',
    period: { kind: 'month', month: '2024-09' },
    periodKey: '2024-09',
    amount: { fen },
    runPeriod: '2024-09',
    determinationId: 'det-1',
    standardRef: {},
    schedule: { streamId: `entitlement-${caseId}`, version: 1 },
  });
}

describe('A5-paid-differs-from-recomputed', () => {
  let docs: DocumentStore;
  const streams = new Map<string, EventEnvelope[]>();

  beforeAll(async () => {
    docs = await createDocumentStore({ kind: 'pglite' });
    const put = (events: EventEnvelope[]) => streams.set(events[0].streamId, events);
    const collection = docs.collection<CaseStreamDoc>(CASE_STREAMS);
    const doc = (caseId: string, kind: CaseStreamDoc['kind'], streamId: string, divisionCode?: string): CaseStreamDoc => ({
      caseId,
      streamId,
      kind,
      firstPosition: '1',
      firstRecordedAt: '2024-09-01T00:00:00.000Z',
      firstEventType: 't',
      ...(kind === 'case' ? { divisionCode, benefit: 'tefu' } : {}),
    });
    // Case A: paid 950 元 where its schedule says 850 元. Case B: paid as scheduled (no issued schedule to go further: not a 疑点).
    // The third case is in another county.
    for (const [caseId, division, paid] of [
      [caseA, '330402', 95_000],
      [caseB, '330402', 85_000],
      [caseOther, '330411', 10_000],
    ] as const) {
      const p = payment(caseId, paid);
      put([envelope(`case-${caseId}`, 0, 'tefu.CaseCreated.v1', { caseId, divisionCode: division, benefit: 'tefu' })]);
      put([schedule(caseId, 85_000)]);
      put([p]);
      await collection.upsert(`case-${caseId}`, doc(caseId, 'case', `case-${caseId}`, division));
      await collection.upsert(`entitlement-${caseId}`, doc(caseId, 'entitlement', `entitlement-${caseId}`));
      await collection.upsert(p.streamId, doc(caseId, 'payment', p.streamId));
    }
  });

  afterAll(async () => {
    await docs.close();
  });

  async function scan(config: Partial<PaidDiffersConfig> = {}): Promise<{ candidates: AnomalyCandidate[]; examined: number[] }> {
    const examined: number[] = [];
    const context: RuleScanContext<PaidDiffersConfig> = {
      config: paidDiffersFromRecomputedRule.configSchema.parse({ ...paidDiffersFromRecomputedRule.defaults, ...config }),
      divisionCode: '330402',
      asOf: '2024-09-30',
      view: async (name) => {
        expect(name).toBe(CASE_STREAMS_PROJECTION);
        return { collection: (schema) => docs.collection(schema), position: 'start', caughtUp: true, version: 0 };
      },
      vault: async () => {
        throw new Error('A5 never opens the vault');
      },
      source: { readStream: async (id) => streams.get(id) ?? [] },
      progress: (n) => examined.push(n),
    };
    const candidates: AnomalyCandidate[] = [];
    for await (const c of paidDiffersFromRecomputedRule.scan(context)) candidates.push(c);
    return { candidates, examined };
  }

  it('is documented in both languages and configurable', () => {
    expect(paidDiffersFromRecomputedRule.id).toBe('A5-paid-differs-from-recomputed');
    expect(paidDiffersFromRecomputedRule.title.zh).toMatch(/重算/);
    expect(paidDiffersFromRecomputedRule.configSchema.safeParse({ toleranceFen: -1, pageSize: 10 }).success).toBe(false);
    expect(paidDiffersFromRecomputedRule.configSchema.safeParse({ toleranceFen: 0, pageSize: 10, other: 1 }).success).toBe(false);
  });

  it('given a payment above its schedule line, yields one candidate with both amounts and the evidence; nothing outside the division', async () => {
    const { candidates, examined } = await scan({ pageSize: 1 });
    expect(candidates).toEqual([
      {
        subjectKey: `payment-${caseA}-${person}-2024-09`,
        cases: [{ caseId: caseA, divisionCode: '330402', benefit: 'tefu' }],
        summary: { zh: expect.stringContaining('950.00'), en: expect.stringContaining('recomputed 850.00') },
        amountFen: 10_000,
        evidence: [
          { streamId: `payment-${caseA}-${person}-2024-09`, revision: 0, note: 'payment' },
          { streamId: `entitlement-${caseA}`, revision: 0, note: 'schedule' },
        ],
        details: expect.objectContaining({ recordedFen: 95_000, recomputedFen: 85_000, differenceFen: 10_000, stage: 'schedule' }),
      },
    ]);
    expect(examined.at(-1)).toBe(2);
  });

  it('given a tolerance of 100 元, the 100 元 difference is not reported', async () => {
    expect((await scan({ toleranceFen: 10_000 })).candidates).toEqual([]);
  });
});
