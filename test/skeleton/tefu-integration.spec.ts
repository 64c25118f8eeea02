import type { EventEnvelope } from '@benefits/kernel';
import { decodeIntegrationEvent, IntegrationEventMapper, IntegrationEventTypes, type IntegrationEvent } from '@benefits/messaging';
import { decideImport, documentContentHash, foldStandard, parseStandardsDocument, readSeed, type StandardState } from '@benefits/standards';
import { caseFactsSnapshot, CASE_FACTS_SNAPSHOTTED, type CaseFactsSnapshottedData } from '../../services/applications/src/integration/case-facts';
import { recordableAmount } from '../../services/applications/src/integration/applications.consumer';
import {
  determinationData,
  ELIGIBILITY_DETERMINED,
  ENTITLEMENT_SCHEDULE_ISSUED,
  evaluateSnapshot,
  scheduleData,
  type SnapshotEnvelope,
} from '../../services/eligibility/src/determinations/tefu-determination';
import { scheduleFromIntegrationEvent } from '../../services/disbursement/src/integration/schedules.consumer';

const caseId = '0190f1a2-7b3c-7d4e-8f50-1a2b3c4d5e6f';
const wife = '0190f1a2-0000-4000-8000-000000000001';
const husband = '0190f1a2-0000-4000-8000-000000000002';
const officer = { id: 'officer-wang', role: 'intake_officer', divisionCode: '330402' };
const sealed = { personRef: wife, keyVersion: 1, alg: 'A256GCM', iv: 'iv', tag: 'tag', ct: 'SECRET-CIPHERTEXT' };

function envelope(type: string, streamId: string, streamRevision: number, data: unknown, actor: EventEnvelope['metadata']['actor'] = null): EventEnvelope {
  return {
    eventId: `0190f1a2-0000-4000-8000-${String(streamRevision + 100).padStart(12, '0')}`,
    type,
    streamId,
    streamRevision,
    position: String(streamRevision + 1),
    recordedAt: '2024-08-05T02:00:00.000Z',
    data,
    metadata: { correlationId: 'corr-1', causationId: null, actor, schemaVersion: 1, prevHash: '', hash: '' },
  };
}

const caseEvents = (): EventEnvelope[] => [
  envelope(
    'tefu.CaseCreated.v1',
    `case-${caseId}`,
    0,
    {
      caseId,
      benefit: 'tefu',
      divisionCode: '330402',
      members: [
        { personRef: wife, role: 'wife', birthDate: '1970-03-15', personalData: sealed },
        { personRef: husband, role: 'husband', birthDate: '1968-11-02', personalData: { ...sealed, personRef: husband } },
      ],
      family: { familyType: 'childDeceased', childEventDate: '2023-05-10', evidenceRefs: ['evidence:death-certificate-0510'] },
      effectiveFrom: '2024-08-05',
    },
    officer,
  ),
  envelope('tefu.ApplicationSubmitted.v1', `case-${caseId}`, 1, { caseId, effectiveFrom: '2024-08-05' }, officer),
];

/** The 嘉兴 standard as the catalog folds it after an import. */
function jiaxingStandard(): StandardState {
  const file = '001_40e26111df30cc0a.txt';
  const text = readSeed(file);
  const admin = { id: 'admin', role: 'admin', divisionCode: '330400' };
  const decision = decideImport(null, {
    parsed: parseStandardsDocument(text, { sourceName: file }),
    contentHash: documentContentHash(text),
    divisionCode: '330400',
    sourceName: file,
    actor: admin,
    correlationId: 'c',
  });
  if (decision.kind !== 'publish') throw new Error('seed did not import');
  const state = foldStandard([{ ...envelope(decision.event.type, `standard-${decision.standardId}`, 0, decision.event.data, admin) }]);
  if (!state) throw new Error('seed did not fold');
  return state;
}

const mapper = new IntegrationEventMapper();
function mapped<N extends keyof typeof IntegrationEventTypes>(event: EventEnvelope, name: N): IntegrationEvent<N> {
  const message = mapper.map(event);
  expect(message).not.toBeNull();
  expect(message!.key).toBe(caseId);
  expect(message!.headers.type).toBe(IntegrationEventTypes[name]);
  return decodeIntegrationEvent(message!.headers.type, message!.value) as IntegrationEvent<N>;
}

describe('计生特扶 over integration events: the pure steps', () => {
  const standards = [jiaxingStandard()];
  const snapshotData = caseFactsSnapshot(caseEvents(), 1)!;
  const snapshot: SnapshotEnvelope = snapshotData;

  it('given a submitted case, the fact snapshot is as of the submission, with personRefs and dates but no personal data', () => {
    expect(snapshotData).toEqual({
      caseId,
      benefit: 'tefu',
      divisionCode: '330402',
      effectiveFrom: '2024-08-05',
      caseRevision: 1,
      facts: {
        members: [
          { personRef: wife, role: 'wife', birthDate: '1970-03-15' },
          { personRef: husband, role: 'husband', birthDate: '1968-11-02' },
        ],
        family: { familyType: 'childDeceased', childEventDate: '2023-05-10' },
      },
    });
    expect(JSON.stringify(snapshotData)).not.toContain('SECRET');
    // The creation alone publishes nothing: eligibility decides on submitted applications.
    expect(caseFactsSnapshot(caseEvents(), 0)).toBeNull();
  });

  it('given the snapshot event, the mapper publishes CaseFactsSnapshotted keyed by the case, facts as canonical JSON', () => {
    const event = mapped(envelope(CASE_FACTS_SNAPSHOTTED, `facts-${caseId}`, 0, snapshotData), 'CaseFactsSnapshotted');
    expect(event).toMatchObject({ caseId, benefit: 'tefu', divisionCode: '330402', effectiveFrom: '2024-08-05', caseRevision: 1 });
    expect(JSON.parse(event.factsJson) as CaseFactsSnapshottedData['facts']).toEqual(snapshotData.facts);
  });

  it('given a 嘉兴 death family in August 2024, the determination is 1,000 元 per person per month under item 52, based on revision 1', () => {
    const result = evaluateSnapshot(standards, snapshot);
    const data = determinationData('det-1', snapshot, result);
    expect(data).toMatchObject({
      basedOnCaseRevision: 1,
      eligible: true,
      rulePackId: 'tefu-330400-2023',
      rulesetVersion: 'tefu.v1',
      standardRef: { standardId: 'bps-330400', itemNo: '52' },
      amounts: [
        { beneficiaryRef: wife, periodKey: '2024-08', amountFen: 100_000 },
        { beneficiaryRef: husband, periodKey: '2024-08', amountFen: 100_000 },
      ],
    });
    expect(data.parameters).toContainEqual({ key: 'tefu.death.amount', value: { kind: 'money', fen: 100_000, per: 'person-month' } });

    const event = mapped(envelope(ELIGIBILITY_DETERMINED, `determination-${caseId}`, 0, data), 'EligibilityDetermined');
    expect(event).toMatchObject({ determinationId: 'det-1', caseId, basedOnCaseRevision: 1, eligible: true, standardRef: data.standardRef, rulesetVersion: 'tefu.v1' });
    expect(event.amounts).toEqual(data.amounts);
    expect(JSON.parse(event.traceJson)).toEqual(JSON.parse(JSON.stringify(result.trace)));
    expect(recordableAmount(event)).toBe(100_000);
  });

  it('given facts dated before the 嘉兴 standard took effect (2024-07-22), there is no standard in force and nothing is determined', () => {
    expect(() => evaluateSnapshot(standards, { ...snapshot, effectiveFrom: '2024-07-01' })).toThrow(expect.objectContaining({ code: 'NO_STANDARD_IN_FORCE' }));
  });

  it('given an approval on 2024-08-05, the schedule starts the month after 审核确认 and covers twelve months per beneficiary', () => {
    const determination = determinationData('det-1', snapshot, evaluateSnapshot(standards, snapshot));
    // Each month is evaluated on its own against the catalog (the 嘉兴 death-family amount is flat, so every month is 1,000).
    const schedule = scheduleData('sched-1', determination, '2024-08-05', standards)!;
    expect(schedule).toMatchObject({ effectiveFrom: '2024-09-01', effectiveTo: '2025-08-31', paymentStart: { from: '2024-09', policy: 'tefu.paymentStart' } });
    expect(schedule.lines).toHaveLength(24);
    expect(schedule.lines[0]).toEqual({ beneficiaryRef: wife, periodKey: '2024-09', amountFen: 100_000 });
    expect(schedule.standardRef).toEqual(determination.standardRef);

    const event = mapped(envelope(ENTITLEMENT_SCHEDULE_ISSUED, `determination-${caseId}`, 1, schedule), 'EntitlementScheduleIssued');
    const recorded = scheduleFromIntegrationEvent(event);
    expect(recorded).toMatchObject({ caseId, determinationId: 'det-1', benefit: 'tefu', divisionCode: '330402', effectiveFrom: '2024-09-01' });
    expect(recorded.lines[0]).toEqual({ personRef: wife, period: { kind: 'month', month: '2024-09' }, amount: { fen: 100_000 } });
  });

  it('given the approval event, the mapper publishes CaseApproved with the cited determination', () => {
    const approved = envelope('tefu.CaseApproved.v1', `case-${caseId}`, 3, { caseId, determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 100_000, effectiveFrom: '2024-08-05' });
    expect(mapped(approved, 'CaseApproved')).toMatchObject({ caseId, benefit: 'tefu', determinationId: 'det-1', effectiveFrom: '2024-08-05' });
  });

  it('given per-person amounts that differ, the case cannot record them as one amount and says so; an ineligible result records nothing', () => {
    const base = { eligible: true, determinationId: 'd', standardRef: { standardId: 's', versionId: 'v', itemNo: '52', contentHash: 'h' } } as IntegrationEvent<'EligibilityDetermined'>;
    expect(() => recordableAmount({ ...base, amounts: [{ beneficiaryRef: wife, periodKey: '2024-08', amountFen: 85_000 }, { beneficiaryRef: husband, periodKey: '2024-08', amountFen: 100_000 }] })).toThrow(/different amounts/);
    expect(recordableAmount({ ...base, eligible: false, amounts: [] })).toBeNull();
  });
});
