import type { Actor, EventEnvelope } from '@benefits/kernel';
import type { IntegrationEvent } from '@benefits/messaging';
import type { FactRecord } from '../households/facts';
import type { HouseholdMember, TefuEvent } from './decider';
import { caseFactsSnapshot, recordableAmounts, tefuCaseSummary, tefuWorkflow } from './tefu-workflow';

// What the case publishes for eligibility (fact snapshots) and for the case list (summary), given
// case streams; pure.

const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
const wifeRef = '0192f3a0-7c1e-7b5e-9a52-000000000001';
const husbandRef = '0192f3a0-7c1e-7b5e-9a52-000000000002';
const officer: Actor = { id: 'officer-li', role: 'case_officer', divisionCode: '330402' };
const approver: Actor = { id: 'approver-zhao', role: 'approver', divisionCode: '330402' };
const sealed = (personRef: string) => ({ personRef, keyVersion: 1, alg: 'A256GCM' as const, iv: 'aQ', tag: 'dA', ct: 'SECRET' });
const wife: HouseholdMember = { personRef: wifeRef, role: 'wife', birthDate: '1970-03-15', personalData: sealed(wifeRef) };
const husband: HouseholdMember = { personRef: husbandRef, role: 'husband', birthDate: '1964-11-02', personalData: sealed(husbandRef) };
const standardRef = { standardId: 's', versionId: 'v', itemNo: '52', contentHash: 'a'.repeat(64) };

function stream(events: TefuEvent[]): EventEnvelope[] {
  return events.map((e, i) => ({
    eventId: `e-${i}`,
    type: e.type,
    streamId: `case-${caseId}`,
    streamRevision: i,
    position: String(i + 1),
    recordedAt: `2024-08-0${Math.min(i + 1, 9)}T02:00:00.000Z`,
    data: e.data,
    metadata: { correlationId: 'c', causationId: null, actor: e.actor, schemaVersion: 1, prevHash: '', hash: '' },
  }));
}

const fact = (record: Partial<FactRecord> & Pick<FactRecord, 'fact'>): TefuEvent => ({
  type: 'tefu.FactRecorded.v1',
  data: { caseId, factId: 'f-1', subject: husbandRef, effectiveFrom: '2024-11-02', supersedes: null, evidence: [], ...record },
  actor: officer,
});

const created = (familyType: 'childDeceased' | 'childDisabled' = 'childDisabled'): TefuEvent => ({
  type: 'tefu.CaseCreated.v1',
  data: { caseId, benefit: 'tefu', divisionCode: '330402', members: [wife, husband], family: { familyType, childEventDate: '2023-05-10', evidenceRefs: ['e:1'] }, effectiveFrom: '2024-08-05' },
  actor: officer,
});
const submitted: TefuEvent = { type: 'tefu.ApplicationSubmitted.v1', data: { caseId, effectiveFrom: '2024-08-05' }, actor: officer };
const determined: TefuEvent = {
  type: 'tefu.DeterminationRecorded.v1',
  data: { caseId, determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 85_000, standardRef, effectiveFrom: '2024-08-05' },
  actor: { id: 'service:eligibility', role: 'admin', divisionCode: '330402' },
};
const approved: TefuEvent = {
  type: 'tefu.CaseApproved.v1',
  data: { caseId, determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 85_000, effectiveFrom: '2024-08-06', annualReviewDueOn: '2025-08-06' },
  actor: approver,
};
const active = [created(), submitted, determined, approved];

describe('计生特扶 fact snapshots for eligibility', () => {
  it('given an active case, when 养老服务补贴 changes, publishes the full facts effective from the change date', () => {
    const events = stream([...active, fact({ fact: { kind: 'elderlyCareSubsidy', receiving: true } })]);
    expect(tefuWorkflow.factEvents.has('tefu.FactRecorded.v1')).toBe(true);
    expect(caseFactsSnapshot(events, 4)).toEqual({
      caseId,
      benefit: 'tefu',
      divisionCode: '330402',
      effectiveFrom: '2024-11-02',
      caseRevision: 4,
      facts: {
        members: [
          { personRef: wifeRef, role: 'wife', birthDate: '1970-03-15' },
          { personRef: husbandRef, role: 'husband', birthDate: '1964-11-02', elderlyCareSubsidy: true },
        ],
        family: { familyType: 'childDisabled', childEventDate: '2023-05-10' },
      },
    });
    expect(JSON.stringify(caseFactsSnapshot(events, 4))).not.toContain('SECRET');
  });

  it('when 失能/失智 and the child grade change, both appear; a correction publishes from the earlier of the two dates', () => {
    const events = stream([
      ...active,
      fact({ fact: { kind: 'disabledOrDemented', value: true }, subject: wifeRef, effectiveFrom: '2024-09-01' }),
      fact({ factId: 'f-2', fact: { kind: 'childDisability', grade: 2 }, subject: 'household', effectiveFrom: '2024-09-10' }),
      fact({ factId: 'f-3', fact: { kind: 'disabledOrDemented', value: true }, subject: wifeRef, effectiveFrom: '2024-08-20', supersedes: 'f-1' }),
    ]);
    expect(caseFactsSnapshot(events, 5)?.facts.family).toEqual({ familyType: 'childDisabled', childEventDate: '2023-05-10', childDisabilityGrade: 2 });
    const corrected = caseFactsSnapshot(events, 6)!;
    expect(corrected.effectiveFrom).toBe('2024-08-20');
    expect(corrected.facts.members[0]).toEqual({ personRef: wifeRef, role: 'wife', birthDate: '1970-03-15', disabledOrDemented: true });
  });

  it("a member's death publishes the death date; the last member's death publishes the termination", () => {
    const events = stream([
      ...active,
      fact({ fact: { kind: 'death' }, effectiveFrom: '2025-01-10' }),
      fact({ factId: 'f-2', fact: { kind: 'death' }, subject: wifeRef, effectiveFrom: '2025-03-03' }),
      { type: 'tefu.CaseTerminated.v1', data: { caseId, reason: 'death', terminatedOn: '2025-03-03', evidence: [], effectiveFrom: '2025-03-03' }, actor: officer },
    ]);
    expect(caseFactsSnapshot(events, 4)).toMatchObject({ effectiveFrom: '2025-01-10', facts: { members: [{ personRef: wifeRef }, { personRef: husbandRef, deathDate: '2025-01-10' }] } });
    expect(caseFactsSnapshot(events, 4)?.facts.terminatedOn).toBeUndefined();
    expect(caseFactsSnapshot(events, 6)).toMatchObject({
      effectiveFrom: '2025-03-03',
      caseRevision: 6,
      facts: { terminatedOn: '2025-03-03', terminationReason: 'death', members: [{ deathDate: '2025-03-03' }, { deathDate: '2025-01-10' }] },
    });
  });

  it('a termination on a new birth publishes terminatedOn = the birth date', () => {
    const events = stream([
      ...active,
      { type: 'tefu.CaseTerminated.v1', data: { caseId, reason: 'newBirth', terminatedOn: '2025-02-01', evidence: [], effectiveFrom: '2025-02-01' }, actor: officer },
    ]);
    expect(caseFactsSnapshot(events, 4)).toMatchObject({ effectiveFrom: '2025-02-01', facts: { terminatedOn: '2025-02-01', terminationReason: 'newBirth' } });
  });

  it('publishes nothing for facts the rules do not read, for a draft case, or for other steps', () => {
    const income = fact({ fact: { kind: 'income', source: 'pension', month: '2024-07', amountFen: 1 }, effectiveFrom: '2024-07-01' });
    expect(caseFactsSnapshot(stream([...active, income]), 4)).toBeNull();
    expect(caseFactsSnapshot(stream([created(), fact({ fact: { kind: 'elderlyCareSubsidy', receiving: true }, effectiveFrom: '2024-08-01' })]), 1)).toBeNull();
    expect(caseFactsSnapshot(stream(active), 3)).toBeNull();
  });

  it('on a submitted case, a change dated before the submission is evaluated from the submission', () => {
    const events = stream([created(), submitted, fact({ fact: { kind: 'elderlyCareSubsidy', receiving: false }, effectiveFrom: '2024-07-01' })]);
    expect(caseFactsSnapshot(events, 2)).toMatchObject({ effectiveFrom: '2024-08-05', facts: { members: [{}, { elderlyCareSubsidy: false }] } });
  });
});

describe('计生特扶 case summary', () => {
  it('shows the status and, for an active case, the 年审 due item; a terminated case has none', () => {
    expect(tefuCaseSummary(stream([created(), submitted]))).toMatchObject({ status: 'submitted', due: [] });
    expect(tefuCaseSummary(stream(active))).toMatchObject({ status: 'active', revision: 3, due: [{ kind: 'tefu.annualReview', dueOn: '2025-08-06' }] });
    const reviewed = stream([
      ...active,
      { type: 'tefu.AnnualReviewConfirmed.v1', data: { caseId, dueOn: '2025-08-06', confirmedOn: '2025-07-01', evidence: [], effectiveFrom: '2025-07-01' }, actor: officer },
      { type: 'tefu.AnnualReviewScheduled.v1', data: { caseId, dueOn: '2026-08-06', effectiveFrom: '2025-07-01' }, actor: officer },
    ]);
    expect(tefuCaseSummary(reviewed)?.due).toEqual([{ kind: 'tefu.annualReview', dueOn: '2026-08-06' }]);
    const terminated = stream([...active, { type: 'tefu.CaseTerminated.v1', data: { caseId, reason: 'adoption', terminatedOn: '2025-02-01', evidence: [], effectiveFrom: '2025-02-01' }, actor: officer }]);
    expect(tefuCaseSummary(terminated)).toMatchObject({ status: 'terminated', due: [] });
  });
});

describe('recording eligibility determinations', () => {
  const base = {
    eligible: true,
    determinationId: 'd',
    effectiveFrom: '2024-11-02',
    standardRef: { standardId: 's', versionId: 'v', itemNo: '52', contentHash: 'h' },
  } as IntegrationEvent<'EligibilityDetermined'>;

  it('records per-beneficiary amounts of the month of effectiveFrom; one amount only when they agree', () => {
    const differing = recordableAmounts({
      ...base,
      amounts: [
        { beneficiaryRef: wifeRef, periodKey: '2024-10', amountFen: 80_000 },
        { beneficiaryRef: wifeRef, periodKey: '2024-11', amountFen: 80_000 },
        { beneficiaryRef: husbandRef, periodKey: '2024-10', amountFen: 80_000 },
        { beneficiaryRef: husbandRef, periodKey: '2024-11', amountFen: 100_000 },
      ],
    });
    expect(differing).toEqual({
      amountPerPersonPerMonthFen: null,
      amounts: [
        { beneficiaryRef: wifeRef, amountFen: 80_000 },
        { beneficiaryRef: husbandRef, amountFen: 100_000 },
      ],
    });
    expect(recordableAmounts({ ...base, amounts: [{ beneficiaryRef: wifeRef, periodKey: '2024-11', amountFen: 100_000 }] })).toEqual({
      amountPerPersonPerMonthFen: 100_000,
      amounts: [{ beneficiaryRef: wifeRef, amountFen: 100_000 }],
    });
    expect(recordableAmounts({ ...base, eligible: false, amounts: [] })).toBeNull();
  });
});
