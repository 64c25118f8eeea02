import type { StandardState } from '@benefits/standards';
import {
  determinationData,
  determine,
  scheduleForApproval,
  type EligibilityDeterminedData,
  type EntitlementScheduleIssuedData,
  type SnapshotEnvelope,
} from '../../services/eligibility/src/determinations/determination';
import { parseFacts } from '../../services/eligibility/src/determinations/benefits';
import { redetermine } from '../../services/eligibility/src/determinations/redetermination';
import { BEIJING_ACTIVATED, contextOf, JIAXING, sampleB } from '../../services/eligibility/src/determinations/determination.fixtures';
import { scheduleFromIntegrationEvent } from '../../services/disbursement/src/integration/schedules.consumer';
import { recomputeDetermination, type RecordedEvent } from '../../services/audit/src/recompute/recompute-determination';
import { recomputePayment } from '../../services/audit/src/recompute/recompute-payment';
import { PinnedPacks } from '../../services/audit/src/recompute/pinned-packs';

/**
 * The recompute core against eligibility's own functions: determinations and schedules made by
 * eligibility (sample data) recompute identically in audit — which is what keeps audit's copy of the
 * request mapping honest — and a changed fact or amount is reported with both amounts and the first
 * differing trace step.
 */

const caseId = '0190f1a2-7b3c-7d4e-8f50-1a2b3c4d5e6f';
const wife = '0190f1a2-0000-4000-8000-000000000001';
const husband = '0190f1a2-0000-4000-8000-000000000002';
const child = '0190f1a2-0000-4000-8000-000000000003';

const jiaxing = JIAXING();
const beijing = BEIJING_ACTIVATED();
const packs = (...standards: StandardState[]) => new PinnedPacks((id) => standards.find((s) => s.standardId === id) ?? null);

let revision = 0;
const recorded = (type: string, data: unknown, streamId = `determination-${caseId}`): RecordedEvent => ({
  streamId,
  streamRevision: revision++,
  eventId: `evt-${revision}`,
  type,
  data: JSON.parse(JSON.stringify(data)),
});
const determined = (d: EligibilityDeterminedData) => recorded(`${d.benefit}.EligibilityDetermined.v1`, d);
const issued = (s: EntitlementScheduleIssuedData) => recorded(`${s.benefit}.EntitlementScheduleIssued.v1`, s);

function snapshotOf(benefit: 'tefu' | 'dibao' | 'linshi', facts: unknown, divisionCode = '330402', effectiveFrom = '2024-08-20'): SnapshotEnvelope {
  return { caseId, divisionCode, effectiveFrom, caseRevision: 1, facts: parseFacts(benefit, facts) };
}

const tefuFamily = {
  members: [
    { personRef: wife, role: 'wife', birthDate: '1972-01-10', elderlyCareSubsidy: false, disabledOrDemented: false },
    { personRef: husband, role: 'husband', birthDate: '1965-03-15', elderlyCareSubsidy: false, disabledOrDemented: false },
  ],
  family: { familyType: 'childDisabled', childEventDate: '2023-05-10', childDisabilityGrade: 2 },
};

/** What disbursement records for an issued schedule, and a regular payment of one of its lines. */
function received(schedule: EntitlementScheduleIssuedData, version = 1) {
  const data = scheduleFromIntegrationEvent({ ...schedule, lines: schedule.lines, header: undefined } as never);
  return recorded('disbursement.EntitlementScheduleReceived.v1', { ...data, scheduleVersion: version, supersedesDeterminationId: null }, `entitlement-${caseId}`);
}
function payment(month: string, personRef: string, fen: number, version = 1, extra: Record<string, unknown> = {}) {
  return recorded(
    'disbursement.PaymentCreated.v1',
    {
      paymentStreamId: `payment-${caseId}-${month}`,
      kind: 'regular',
      caseId,
      personRef,
      benefit: 'tefu',
      divisionCode: '330402',
      period: { kind: 'month', month },
      periodKey: month,
      amount: { fen },
      runPeriod: month,
      determinationId: 'det-1',
      standardRef: {},
      schedule: { streamId: `entitlement-${caseId}`, version },
      ...extra,
    },
    `payment-${caseId}-${personRef}-${month}`,
  );
}

describe('recompute: 特扶 determinations, schedules and payments made by eligibility', () => {
  const context = contextOf([jiaxing]);
  const snapshot = snapshotOf('tefu', tefuFamily);
  const d1 = determinationData('det-1', snapshot, determine(context, 'tefu', snapshot));
  const s1 = scheduleForApproval(context, 'sched-1', d1, { approvedOn: '2024-09-10', approvedAmounts: [] }, '')!;

  it('given the recorded determination, it recomputes to the same amounts and trace', () => {
    expect(recomputeDetermination({ event: determined(d1), approvedOn: null }, packs(jiaxing))).toEqual({ status: 'match', recordedFen: 170_000, recomputedFen: 170_000 });
  });

  it('given a birth date changed in the recorded facts, the amounts and the first differing trace step are reported', () => {
    const tampered = JSON.parse(JSON.stringify(d1)) as EligibilityDeterminedData;
    (tampered.facts as { members: { birthDate: string }[] }).members[1].birthDate = '1960-03-15';
    const verdict = recomputeDetermination({ event: determined(tampered), approvedOn: null }, packs(jiaxing));
    expect(verdict).toMatchObject({ status: 'mismatch', recordedFen: 170_000, recomputedFen: 185_000, differences: expect.arrayContaining(['amounts', 'trace']) });
    if (verdict.status !== 'mismatch') throw new Error('expected a mismatch');
    expect(verdict.firstDifferingStep).toMatchObject({ index: expect.any(Number), stepId: expect.stringMatching(/^tefu\./) });
    expect(verdict.firstDifferingStep!.index).toBeGreaterThan(0);
  });

  it('given a redetermination (new facts for the active case), it recomputes with the approval date of the schedule issued with it', () => {
    const facts = parseFacts('tefu', { ...tefuFamily, members: [tefuFamily.members[0], { ...tefuFamily.members[1], elderlyCareSubsidy: true }] });
    const r = redetermine(context, { determinations: [d1], schedules: [s1] }, { determinationId: 'det-2', scheduleId: 'sched-2', cause: { kind: 'facts', ref: 'e', fromPeriod: '2025-06' }, facts, caseRevision: 7 })!;
    expect(recomputeDetermination({ event: determined(r.determination), approvedOn: '2024-09-10' }, packs(jiaxing))).toMatchObject({ status: 'match' });
    expect(recomputeDetermination({ event: determined(r.determination), approvedOn: null }, packs(jiaxing))).toMatchObject({
      status: 'not_recomputable',
      reason: { code: 'APPROVAL_DATE_MISSING' },
    });
    // A payment of a period carried over from the first schedule is recomputed from the first determination.
    const streams = [determined(d1), issued(s1), determined(r.determination), issued(r.schedule)];
    const entitlement = [received(s1, 1), received(r.schedule, 2)];
    const may = payment('2025-05', husband, 100_000, 2);
    expect(recomputePayment({ payment: [may], entitlement, determinations: streams }, packs(jiaxing))).toMatchObject({ status: 'match', recomputedFen: 100_000 });
    const june = payment('2025-06', husband, 85_000, 2);
    expect(recomputePayment({ payment: [june], entitlement, determinations: streams }, packs(jiaxing))).toMatchObject({ status: 'match', recomputedFen: 85_000 });

    // June paid 1,000 元 under the first schedule; the second says 850 元, so 150 元 is recovered.
    const paidJune = payment('2025-06', husband, 100_000, 1);
    const recovery = (fen: number, paidFen: number) =>
      recorded(
        'disbursement.PaymentCreated.v1',
        { ...(paidJune.data as object), paymentStreamId: `payment-${caseId}-2025-06-adj2`, kind: 'recovery', amount: { fen }, schedule: { streamId: `entitlement-${caseId}`, version: 2 }, adjusts: { paidFen, dueFen: 85_000 } },
        `payment-${caseId}-2025-06-adj2`,
      );
    const others = (adj: RecordedEvent) => [paidJune.data, adj.data];
    const good = recovery(15_000, 100_000);
    expect(recomputePayment({ payment: [good], entitlement, determinations: streams, otherPayments: others(good) }, packs(jiaxing))).toMatchObject({ status: 'match', recomputedFen: 15_000 });
    // A recovery claiming more had been paid than the payments show.
    const inflated = recovery(25_000, 110_000);
    expect(recomputePayment({ payment: [inflated], entitlement, determinations: streams, otherPayments: others(inflated) }, packs(jiaxing))).toMatchObject({
      status: 'mismatch',
      stage: 'schedule',
      recordedFen: 25_000,
      recomputedFen: 15_000,
    });
  });

  it('given a payment whose amount differs from its schedule line, it is a mismatch at the schedule with both amounts', () => {
    const streams = [determined(d1), issued(s1)];
    const verdict = recomputePayment({ payment: [payment('2024-10', wife, 95_000)], entitlement: [received(s1)], determinations: streams }, packs(jiaxing));
    expect(verdict).toMatchObject({ status: 'mismatch', stage: 'schedule', recordedFen: 95_000, recomputedFen: 85_000 });
  });

  it('given a schedule line that differs from what the engine gives for the period, it is a mismatch at the engine', () => {
    const changed = JSON.parse(JSON.stringify(s1)) as EntitlementScheduleIssuedData;
    changed.lines = changed.lines.map((l) => (l.periodKey === '2024-10' && l.beneficiaryRef === wife ? { ...l, amountFen: 95_000 } : l));
    const verdict = recomputePayment({ payment: [payment('2024-10', wife, 95_000)], entitlement: [received(changed)], determinations: [determined(d1), issued(changed)] }, packs(jiaxing));
    expect(verdict).toMatchObject({ status: 'mismatch', stage: 'engine', recordedFen: 95_000, recomputedFen: 85_000, chain: { scheduleFen: 95_000, issuedFen: 95_000, engineFen: 85_000 } });
  });

  it('given no issued schedule or no standard stream, the payment is not recomputable, with the reason', () => {
    expect(recomputePayment({ payment: [payment('2024-10', wife, 85_000)], entitlement: [received(s1)], determinations: [] }, packs(jiaxing))).toMatchObject({
      status: 'not_recomputable',
      reason: { code: 'ISSUED_SCHEDULE_NOT_FOUND' },
    });
    expect(recomputePayment({ payment: [payment('2024-10', wife, 85_000)], entitlement: [received(s1)], determinations: [determined(d1), issued(s1)] }, packs())).toMatchObject({
      status: 'not_recomputable',
      reason: { code: 'STANDARD_NOT_FOUND' },
    });
    expect(recomputePayment({ payment: [payment('2024-10', wife, 85_000, 3)], entitlement: [received(s1)], determinations: [] }, packs(jiaxing))).toMatchObject({
      status: 'not_recomputable',
      reason: { code: 'SCHEDULE_NOT_FOUND' },
    });
  });

  it('given a determination without facts (recorded by hand), it is not recomputable, never skipped', () => {
    const { facts: _facts, ...withoutFacts } = d1;
    expect(recomputeDetermination({ event: recorded('tefu.EligibilityDetermined.v1', withoutFacts), approvedOn: null }, packs(jiaxing))).toMatchObject({
      status: 'not_recomputable',
      reason: { code: 'FACTS_MISSING' },
    });
  });
});

describe('recompute: 北京 特扶 (activated standard, yearly)', () => {
  it('given a determination on an activated standard, the activation label is taken as pinned and the trace matches', () => {
    const context = contextOf([beijing]);
    const family = { members: [{ personRef: wife, role: 'wife', birthDate: '1970-03-15' }, { personRef: husband, role: 'husband', birthDate: '1968-11-02' }], family: { familyType: 'childDeceased', childEventDate: '2024-06-01' } };
    const snapshot = snapshotOf('tefu', family, '110105', '2025-02-10');
    const d = determinationData('det-bj', snapshot, determine(context, 'tefu', snapshot));
    expect(recomputeDetermination({ event: determined(d), approvedOn: null }, packs(beijing))).toMatchObject({ status: 'match', recomputedFen: 2_160_000 });
  });
});

describe('recompute: 低保 with B as pinned, and a redetermination on a new B', () => {
  const household = {
    members: [
      { personRef: wife, birthDate: '1980-01-01', monthlyIncomeFen: 50_000 },
      { personRef: husband, birthDate: '1978-01-01', monthlyIncomeFen: 30_000, extraNeed: 'elderly' },
      { personRef: child, birthDate: '2015-01-01', monthlyIncomeFen: 0 },
    ],
    assets: { kind: 'assessed', ruleId: 'assets.sample', source: { docNo: '示例规则（非官方）', title: null }, meets: true },
  };
  const b2024 = sampleB('330400', '2024-01-01', 100_000);
  const b2025 = sampleB('330400', '2025-01-01', 120_000, 1);
  const before = contextOf([jiaxing], [b2024]);
  const snapshot = snapshotOf('dibao', household);
  const d1 = determinationData('det-1', snapshot, determine(before, 'dibao', snapshot));
  const s1 = scheduleForApproval(before, 'sched-1', d1, { approvedOn: '2024-09-10', approvedAmounts: [] }, '')!;

  it('given the recorded determination and its redetermination, both recompute identically', () => {
    expect(recomputeDetermination({ event: determined(d1), approvedOn: null }, packs(jiaxing))).toEqual({ status: 'match', recordedFen: 220_000, recomputedFen: 220_000 });
    const after = contextOf([jiaxing], [b2024, b2025]);
    const r = redetermine(after, { determinations: [d1], schedules: [s1] }, { determinationId: 'det-2', scheduleId: 'sched-2', cause: { kind: 'parameter', ref: b2025.entryId, fromPeriod: '2025-01' } })!;
    expect(recomputeDetermination({ event: determined(r.determination), approvedOn: '2024-09-10' }, packs(jiaxing))).toMatchObject({ status: 'match', recomputedFen: 280_000 });
  });

  it('given the published 低保标准 series, the pinned B is checked against its entry', () => {
    const published = (fen: number | null) => ({
      dibaoStandard: (divisionCode: string, entryId: string) =>
        divisionCode === '330400' ? (fen === null || entryId !== b2024.entryId ? null : { fen, effectiveFrom: '2024-01-01', sampleData: true }) : undefined,
    });
    expect(recomputeDetermination({ event: determined(d1), approvedOn: null, published: published(100_000) }, packs(jiaxing))).toMatchObject({ status: 'match' });
    expect(recomputeDetermination({ event: determined(d1), approvedOn: null, published: published(90_000) }, packs(jiaxing))).toMatchObject({
      status: 'mismatch',
      recordedFen: 220_000,
      recomputedFen: 220_000,
      differences: ['parameters'],
      parameterDifference: { key: 'dibao.standard', recorded: { fen: 100_000, entryId: b2024.entryId }, published: { fen: 90_000 } },
    });
    expect(recomputeDetermination({ event: determined(d1), approvedOn: null, published: published(null) }, packs(jiaxing))).toMatchObject({
      status: 'mismatch',
      parameterDifference: { published: null },
    });
    // A 低保 payment: its period's B is checked too.
    const entitlement = [received(s1)];
    const october = recorded('disbursement.PaymentCreated.v1', {
      caseId,
      personRef: wife,
      kind: 'regular',
      period: { kind: 'month', month: '2024-10' },
      periodKey: '2024-10',
      amount: { fen: 220_000 },
      schedule: { streamId: `entitlement-${caseId}`, version: 1 },
    });
    const streams = [determined(d1), issued(s1)];
    expect(recomputePayment({ payment: [october], entitlement, determinations: streams, published: published(100_000) }, packs(jiaxing))).toMatchObject({ status: 'match', recomputedFen: 220_000 });
    expect(recomputePayment({ payment: [october], entitlement, determinations: streams, published: published(90_000) }, packs(jiaxing))).toMatchObject({
      status: 'mismatch',
      stage: 'engine',
      parameterDifference: { published: { fen: 90_000 } },
    });
  });

  it('given an income changed in the recorded facts, the amount and the first differing step are reported', () => {
    const tampered = JSON.parse(JSON.stringify(d1)) as EligibilityDeterminedData;
    (tampered.facts as { members: { monthlyIncomeFen: number }[] }).members[0].monthlyIncomeFen = 10_000;
    const verdict = recomputeDetermination({ event: determined(tampered), approvedOn: null }, packs(jiaxing));
    expect(verdict).toMatchObject({ status: 'mismatch', recordedFen: 220_000, recomputedFen: 260_000, firstDifferingStep: { stepId: expect.stringMatching(/^dibao\./) } });
  });
});

describe('recompute: 临时救助', () => {
  it('given an emergency grant, the cap recomputes; a 支出型 amount too', () => {
    const b = sampleB('110000', '2025-01-01', 100_000);
    const context = contextOf([beijing], [b]);
    const jinan = { type: 'jinan', householdMembers: 3, memberRefs: [wife, husband, child], cause: 'fire' };
    const zhichu = { type: 'zhichu', householdMembers: 3, memberRefs: [wife, husband, child], group: 'g1', necessaryExpenditureFen: 4_000_000, cause: 'illness' };
    for (const facts of [jinan, zhichu]) {
      const snapshot = snapshotOf('linshi', facts, '110105', '2025-03-10');
      const d = determinationData('det-l', snapshot, determine(context, 'linshi', snapshot));
      expect(recomputeDetermination({ event: determined(d), approvedOn: null }, packs(beijing))).toMatchObject({ status: 'match' });
    }
  });
});
