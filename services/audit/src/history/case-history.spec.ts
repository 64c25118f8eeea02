import { eventHash, GENESIS_HASH, type EventEnvelope } from '@benefits/kernel';
import { ENTITLEMENT_SCHEDULE_RECEIVED, PAYMENT_CREATED, paymentHistoryOf, timelineOf } from './case-history';

const approver = { id: 'approver-2', role: 'approver', divisionCode: '330402' };
const standardRef = { standardId: 'bps-330400', versionId: '2c8fa3c496992144', itemNo: '52', contentHash: 'cd'.repeat(32) };

/** Envelopes as the store would return them, hash-chained from revision 0. */
function stream(streamId: string, events: { type: string; data: unknown }[]): EventEnvelope[] {
  let prevHash = GENESIS_HASH;
  return events.map(({ type, data }, revision) => {
    const metadata = { correlationId: 'corr-1', causationId: null, actor: approver, schemaVersion: 1, prevHash };
    const hash = eventHash({ streamId, streamRevision: revision, type, data, metadata });
    prevHash = hash;
    return {
      eventId: `${streamId}-e${revision}`,
      type,
      streamId,
      streamRevision: revision,
      position: `1:${revision + 1}`,
      recordedAt: `2024-08-0${revision + 1}T01:00:00.000Z`,
      data,
      metadata: { ...metadata, hash },
    };
  });
}

describe('a case timeline', () => {
  const caseEvents = stream('case-c1', [
    { type: 'tefu.CaseCreated.v1', data: { effectiveFrom: '2024-07-22' } },
    { type: 'tefu.CaseApproved.v1', data: { determinationId: 'det-1', effectiveFrom: '2024-08-01', effectiveTo: '2025-07-31' } },
    { type: 'tefu.NoteAdded.v1', data: { text: 'no business date' } },
  ]);

  it('lists every event with its actor, recorded time and effective dates, and an intact chain', () => {
    const { chain, timeline } = timelineOf(caseEvents);
    expect(chain).toMatchObject({ intact: true, length: 3 });
    expect(timeline.map((e) => [e.revision, e.type, e.effectiveFrom, e.effectiveTo, e.chainIntact])).toEqual([
      [0, 'tefu.CaseCreated.v1', '2024-07-22', null, true],
      [1, 'tefu.CaseApproved.v1', '2024-08-01', '2025-07-31', true],
      [2, 'tefu.NoteAdded.v1', null, null, true],
    ]);
    expect(timeline[1]).toMatchObject({ actor: approver, recordedAt: '2024-08-02T01:00:00.000Z', correlationId: 'corr-1' });
  });

  it('marks an event whose data was changed after the fact, and every later one, as not intact', () => {
    const tampered = caseEvents.map((e) => (e.streamRevision === 1 ? { ...e, data: { determinationId: 'det-1', effectiveFrom: '2024-01-01' } } : e));
    const { chain, timeline } = timelineOf(tampered);
    expect(chain).toEqual({ intact: false, length: 3, brokenAt: 1, reason: 'hash' });
    expect(timeline.map((e) => e.chainIntact)).toEqual([true, false, false]);
  });
});

describe("a payment's trace to the clause", () => {
  const paymentStreamId = 'payment-c1-p1-2024-08';
  const payment = stream(paymentStreamId, [
    {
      type: PAYMENT_CREATED,
      data: {
        paymentStreamId,
        personRef: 'p1',
        benefit: 'tefu',
        period: { kind: 'month', month: '2024-08' },
        periodKey: '2024-08',
        amount: { fen: 100_000 },
        determinationId: 'det-1',
        standardRef,
        schedule: { streamId: 'entitlement-c1', version: 1 },
      },
    },
  ]);
  const schedule = stream('entitlement-c1', [
    { type: ENTITLEMENT_SCHEDULE_RECEIVED, data: { determinationId: 'det-1', scheduleVersion: 1, effectiveFrom: '2024-08-01', standardRef } },
  ]);
  const determination = stream('determination-c1', [
    { type: 'eligibility.EligibilityDetermined.v1', data: { determinationId: 'det-0', standardRef } },
    {
      type: 'eligibility.EligibilityDetermined.v1',
      data: { determinationId: 'det-1', basedOnCaseRevision: 4, standardRef, rulesetVersion: 'tefu-zj-2024.1', trace: { formula: '1000 元/人/月' } },
    },
  ]);

  it('follows payment → schedule version → determination → standardRef', () => {
    const history = paymentHistoryOf(payment, schedule, [[], determination]);
    expect(history).toMatchObject({
      paymentStreamId,
      amount: { fen: 100_000 },
      periodKey: '2024-08',
      chain: { intact: true, length: 1 },
      trace: {
        determinationId: 'det-1',
        standardRef,
        schedule: { streamId: 'entitlement-c1', version: 1, revision: 0, determinationId: 'det-1', effectiveFrom: '2024-08-01', chainIntact: true },
        determination: { streamId: 'determination-c1', revision: 1, basedOnCaseRevision: 4, rulesetVersion: 'tefu-zj-2024.1', trace: { formula: '1000 元/人/月' } },
        consistent: true,
      },
    });
  });

  it('says so when the determination cites another clause, and leaves the verdict open when nothing can be compared', () => {
    const otherClause = stream('determination-c1', [{ type: 'eligibility.EligibilityDetermined.v1', data: { determinationId: 'det-1', standardRef: { ...standardRef, itemNo: '53' } } }]);
    expect(paymentHistoryOf(payment, schedule, [otherClause])?.trace.consistent).toBe(false);
    expect(paymentHistoryOf(payment, [], [])?.trace).toMatchObject({ schedule: null, determination: null, consistent: null });
  });

  it('is nothing for a stream without a PaymentCreated event', () => {
    expect(paymentHistoryOf([], [], [])).toBeNull();
  });
});
