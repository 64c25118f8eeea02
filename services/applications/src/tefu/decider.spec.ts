import { fold, givenWhenThen, type Actor } from '@benefits/kernel';
import type { SealedPersonalData } from '@benefits/identity';
import {
  mayActInDivision,
  tefuCaseDecider,
  type ApproveCase,
  type CaseCreated,
  type CreateCase,
  type DeterminationRecorded,
  type HouseholdMember,
  type RecordDetermination,
  type RejectCase,
  type StandardRef,
  type SubmitApplication,
  type TefuCommandMetadata,
  type TefuEvent,
} from './decider';

const spec = givenWhenThen(tefuCaseDecider);

// 04:00 on 5 August in Asia/Shanghai, still 4 August in UTC: business dates are Shanghai dates.
const now = new Date('2024-08-04T20:00:00Z');
const today = '2024-08-05';

// 嘉兴市南湖区 330402, under 嘉兴市 330400 and 浙江省 330000.
const intake: Actor = { id: 'officer-wang', role: 'intake_officer', divisionCode: '330402' };
const caseOfficer: Actor = { id: 'officer-li', role: 'case_officer', divisionCode: '330402' };
const approver: Actor = { id: 'approver-zhao', role: 'approver', divisionCode: '330402' };
const cityApprover: Actor = { id: 'approver-qian', role: 'approver', divisionCode: '330400' };
const provinceApprover: Actor = { id: 'approver-sun', role: 'approver', divisionCode: '330000' };
const neighbourApprover: Actor = { id: 'approver-zhou', role: 'approver', divisionCode: '330411' };
const otherCityApprover: Actor = { id: 'approver-wu', role: 'approver', divisionCode: '330100' };

const meta = (actor: Actor, at: Date = now): TefuCommandMetadata => ({ now: at, actor });
const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
const wifeRef = '0192f3a0-7c1e-7b5e-9a52-000000000001';
const husbandRef = '0192f3a0-7c1e-7b5e-9a52-000000000002';

const sealed = (personRef: string): SealedPersonalData => ({ personRef, keyVersion: 1, alg: 'A256GCM', iv: 'aXY', tag: 'dGFn', ct: 'Y3Q' });
const wife: HouseholdMember = { personRef: wifeRef, role: 'wife', birthDate: '1970-03-15', personalData: sealed(wifeRef) };
const husband: HouseholdMember = { personRef: husbandRef, role: 'husband', birthDate: '1968-11-02', personalData: sealed(husbandRef) };
const family = { familyType: 'childDeceased' as const, childEventDate: '2023-05-10', evidenceRefs: ['evidence:death-certificate-001'] };

// 《嘉兴市基本公共服务标准（2023年版）》 item (52); the hash is a placeholder of the right shape.
const standardRef: StandardRef = { standardId: 'jiaxing-basic-public-services', versionId: '2023', itemNo: '52', contentHash: 'a'.repeat(64) };

const create = (actor: Actor = intake, data: Partial<CreateCase['data']> = {}): CreateCase => ({
  type: 'CreateCase',
  data: { caseId, divisionCode: '330402', members: [wife, husband], family, ...data },
  metadata: meta(actor),
});
const submit = (actor: Actor = intake): SubmitApplication => ({ type: 'SubmitApplication', data: { caseId }, metadata: meta(actor) });
const determination = (data: Partial<RecordDetermination['data']> = {}, actor: Actor = caseOfficer): RecordDetermination => ({
  type: 'RecordDetermination',
  data: {
    caseId,
    determinationId: 'det-1',
    basedOnCaseRevision: 1,
    amountPerPersonPerMonthFen: 100_000,
    standardRef,
    effectiveFrom: '2024-09-01',
    ...data,
  },
  metadata: meta(actor),
});
const approve = (actor: Actor = approver, determinationId = 'det-1'): ApproveCase => ({
  type: 'ApproveCase',
  data: { caseId, determinationId },
  metadata: meta(actor),
});
const reject = (actor: Actor = approver, reasons = ['女方未满49周岁']): RejectCase => ({
  type: 'RejectCase',
  data: { caseId, reasons },
  metadata: meta(actor),
});

const created: CaseCreated = {
  type: 'tefu.CaseCreated.v1',
  data: { caseId, benefit: 'tefu', divisionCode: '330402', members: [wife, husband], family, effectiveFrom: today },
  actor: intake,
};
const submitted: TefuEvent = { type: 'tefu.ApplicationSubmitted.v1', data: { caseId, effectiveFrom: today }, actor: intake };
const determined = (data: Partial<DeterminationRecorded['data']> = {}): DeterminationRecorded => ({
  type: 'tefu.DeterminationRecorded.v1',
  data: {
    caseId,
    determinationId: 'det-1',
    basedOnCaseRevision: 1,
    amountPerPersonPerMonthFen: 100_000,
    standardRef,
    effectiveFrom: '2024-09-01',
    ...data,
  },
  actor: caseOfficer,
});
const approved: TefuEvent = {
  type: 'tefu.CaseApproved.v1',
  data: { caseId, determinationId: 'det-1', basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 100_000, effectiveFrom: today, annualReviewDueOn: '2025-08-05' },
  actor: approver,
};
const rejected: TefuEvent = { type: 'tefu.CaseRejected.v1', data: { caseId, reasons: ['女方未满49周岁'], effectiveFrom: today }, actor: approver };

describe('计生特扶 case: CreateCase', () => {
  it('registers the household and the child event, effective from today in Asia/Shanghai', () => {
    spec.given([]).when(create()).then([created]);
  });

  it('takes a single parent', () => {
    spec
      .given([])
      .when(create(caseOfficer, { members: [wife] }))
      .then([{ ...created, data: { ...created.data, members: [wife] }, actor: caseOfficer }]);
  });

  it('refuses a case that already exists', () => {
    spec.given([created]).when(create()).thenThrows('CASE_ALREADY_EXISTS');
  });

  it('refuses roles that do not take applications', () => {
    spec.given([]).when(create(approver)).thenThrows('ROLE_NOT_ALLOWED');
    spec.given([]).when(create({ ...intake, role: 'auditor' })).thenThrows('ROLE_NOT_ALLOWED');
  });

  it("refuses an officer outside the case's division", () => {
    spec.given([]).when(create({ ...intake, divisionCode: '330411' })).thenThrows('DIVISION_NOT_ALLOWED');
  });

  it('refuses two wives, the same person twice, or no member', () => {
    spec.given([]).when(create(intake, { members: [wife, { ...husband, role: 'wife' }] })).thenThrows('DUPLICATE_MEMBER_ROLE');
    spec.given([]).when(create(intake, { members: [wife, { ...husband, personRef: wifeRef }] })).thenThrows('DUPLICATE_MEMBER');
    spec.given([]).when(create(intake, { members: [] })).thenThrows('VALIDATION_FAILED');
  });

  it('refuses a birth or child event after today', () => {
    spec.given([]).when(create(intake, { members: [{ ...wife, birthDate: '2024-08-06' }] })).thenThrows('DATE_IN_FUTURE');
    spec.given([]).when(create(intake, { family: { ...family, childEventDate: '2024-08-06' } })).thenThrows('DATE_IN_FUTURE');
    // Today itself is fine.
    spec
      .given([])
      .when(create(intake, { family: { ...family, childEventDate: today } }))
      .then([{ ...created, data: { ...created.data, family: { ...family, childEventDate: today } } }]);
  });
});

describe('计生特扶 case: SubmitApplication', () => {
  it('submits a draft', () => {
    spec.given([created]).when(submit()).then([submitted]);
  });

  it('refuses a case that does not exist', () => {
    spec.given([]).when(submit()).thenThrows('CASE_NOT_FOUND');
  });

  it('refuses a second submission', () => {
    spec.given([created, submitted]).when(submit()).thenThrows('CASE_ALREADY_SUBMITTED');
  });

  it('refuses a decided case', () => {
    spec.given([created, submitted, determined(), approved]).when(submit()).thenThrows('CASE_ALREADY_DECIDED');
  });

  it('refuses the wrong role or division', () => {
    spec.given([created]).when(submit(approver)).thenThrows('ROLE_NOT_ALLOWED');
    spec.given([created]).when(submit({ ...intake, divisionCode: '330100' })).thenThrows('DIVISION_NOT_ALLOWED');
  });
});

describe('计生特扶 case: RecordDetermination', () => {
  it('records a determination based on the current case revision', () => {
    spec.given([created, submitted]).when(determination()).then([determined()]);
  });

  it('does nothing when the same determination arrives again', () => {
    spec.given([created, submitted, determined()]).when(determination()).thenNothingHappens();
  });

  it('refuses another content under an id already recorded', () => {
    spec.given([created, submitted, determined()]).when(determination({ amountPerPersonPerMonthFen: 85_000 })).thenThrows('DETERMINATION_ID_REUSED');
  });

  it('refuses a determination based on another revision (DETERMINATION_STALE)', () => {
    spec.given([created, submitted]).when(determination({ basedOnCaseRevision: 0 })).thenThrows('DETERMINATION_STALE');
    spec.given([created, submitted]).when(determination({ basedOnCaseRevision: 2 })).thenThrows('DETERMINATION_STALE');
  });

  it('takes a newer determination on the same facts: determinations do not change the facts revision', () => {
    spec
      .given([created, submitted, determined()])
      .when(determination({ determinationId: 'det-2', amountPerPersonPerMonthFen: 85_000 }))
      .then([determined({ determinationId: 'det-2', amountPerPersonPerMonthFen: 85_000 })]);
  });

  it('refuses before submission and after the decision', () => {
    spec.given([created]).when(determination()).thenThrows('CASE_NOT_SUBMITTED');
    spec.given([created, submitted, determined(), rejected]).when(determination({ determinationId: 'det-2' })).thenThrows('CASE_ALREADY_DECIDED');
    spec.given([]).when(determination()).thenThrows('CASE_NOT_FOUND');
  });

  it('refuses a negative or fractional amount', () => {
    spec.given([created, submitted]).when(determination({ amountPerPersonPerMonthFen: -1 })).thenThrows('INVALID_AMOUNT');
    spec.given([created, submitted]).when(determination({ amountPerPersonPerMonthFen: 0.5 })).thenThrows('INVALID_AMOUNT');
  });

  it('refuses the wrong role or division', () => {
    spec.given([created, submitted]).when(determination({}, intake)).thenThrows('ROLE_NOT_ALLOWED');
    spec.given([created, submitted]).when(determination({}, { ...caseOfficer, divisionCode: '330411' })).thenThrows('DIVISION_NOT_ALLOWED');
  });
});

describe('计生特扶 case: ApproveCase (审核确认)', () => {
  const ready = [created, submitted, determined()];

  it('approves citing the current determination', () => {
    spec.given(ready).when(approve()).then([approved]);
  });

  it('lets the city or the province approve a county case', () => {
    spec.given(ready).when(approve(cityApprover)).then([{ ...approved, actor: cityApprover }]);
    spec.given(ready).when(approve(provinceApprover)).then([{ ...approved, actor: provinceApprover }]);
  });

  it('refuses an approver of a sibling county or another city (DIVISION_NOT_ALLOWED)', () => {
    spec.given(ready).when(approve(neighbourApprover)).thenThrows('DIVISION_NOT_ALLOWED');
    spec.given(ready).when(approve(otherCityApprover)).thenThrows('DIVISION_NOT_ALLOWED');
  });

  it('refuses anyone without the approver role', () => {
    spec.given(ready).when(approve(caseOfficer)).thenThrows('APPROVER_ROLE_REQUIRED');
    spec.given(ready).when(approve({ ...approver, role: 'admin' })).thenThrows('APPROVER_ROLE_REQUIRED');
  });

  it('refuses an approver who recorded any step of the case (maker-checker)', () => {
    const approverAsIntake: Actor = { ...approver, role: 'intake_officer' };
    spec.given([{ ...created, actor: approverAsIntake }, submitted, determined()]).when(approve()).thenThrows('MAKER_CHECKER_VIOLATION');
    spec.given([created, { ...submitted, actor: approverAsIntake }, determined()]).when(approve()).thenThrows('MAKER_CHECKER_VIOLATION');
    spec.given([created, submitted, { ...determined(), actor: { ...approver, role: 'case_officer' } }]).when(approve()).thenThrows('MAKER_CHECKER_VIOLATION');
  });

  it('refuses a case not yet submitted, or already decided', () => {
    spec.given([created]).when(approve()).thenThrows('CASE_NOT_SUBMITTED');
    spec.given([...ready, approved]).when(approve(cityApprover)).thenThrows('CASE_ALREADY_DECIDED');
    spec.given([...ready, rejected]).when(approve(cityApprover)).thenThrows('CASE_ALREADY_DECIDED');
    spec.given([]).when(approve()).thenThrows('CASE_NOT_FOUND');
  });

  it('refuses to approve without the cited determination, or citing a superseded one', () => {
    spec.given([created, submitted]).when(approve()).thenThrows('DETERMINATION_NOT_FOUND');
    spec.given(ready).when(approve(approver, 'det-x')).thenThrows('DETERMINATION_NOT_FOUND');
    spec.given([...ready, determined({ determinationId: 'det-2' })]).when(approve(approver, 'det-1')).thenThrows('DETERMINATION_NOT_CURRENT');
  });

  it('refuses a determination whose basis is no longer the case revision (DETERMINATION_STALE)', () => {
    // A history in which the facts moved after the determination (a later workflow step will do this).
    const resubmitted: TefuEvent = { ...submitted, data: { caseId, effectiveFrom: today } };
    spec.given([created, submitted, determined(), resubmitted]).when(approve()).thenThrows('DETERMINATION_STALE');
  });
});

describe('计生特扶 case: RejectCase (审核确认, 不予批准)', () => {
  it('rejects with reasons, trimmed', () => {
    spec.given([created, submitted]).when(reject(approver, ['  女方未满49周岁 ', ''])).then([rejected]);
  });

  it('needs at least one reason', () => {
    spec.given([created, submitted]).when(reject(approver, [])).thenThrows('REJECTION_REASON_REQUIRED');
    spec.given([created, submitted]).when(reject(approver, ['  '])).thenThrows('REJECTION_REASON_REQUIRED');
  });

  it('follows the same rules as an approval: role, division, state, maker-checker', () => {
    spec.given([created, submitted]).when(reject(caseOfficer)).thenThrows('APPROVER_ROLE_REQUIRED');
    spec.given([created, submitted]).when(reject(neighbourApprover)).thenThrows('DIVISION_NOT_ALLOWED');
    spec.given([created]).when(reject()).thenThrows('CASE_NOT_SUBMITTED');
    spec.given([created, submitted, rejected]).when(reject(cityApprover)).thenThrows('CASE_ALREADY_DECIDED');
    spec.given([{ ...created, actor: { ...approver, role: 'intake_officer' } }, submitted]).when(reject()).thenThrows('MAKER_CHECKER_VIOLATION');
    spec.given([]).when(reject()).thenThrows('CASE_NOT_FOUND');
  });
});

describe('计生特扶 case: state', () => {
  it('tracks revision, facts revision, determinations and who recorded steps', () => {
    const state = fold(tefuCaseDecider, [created, submitted, determined(), approved]);
    expect(state).toMatchObject({
      status: 'active',
      revision: 3,
      factsRevision: 3,
      recordedBy: ['officer-wang', 'officer-li', 'approver-zhao'],
      decision: approved.data,
    });
    expect(fold(tefuCaseDecider, [created, submitted, determined()])).toMatchObject({ revision: 2, factsRevision: 1 });
  });

  it('reads GB/T 2260 parents from the code', () => {
    expect(mayActInDivision('330402', '330402')).toBe(true);
    expect(mayActInDivision('330400', '330402')).toBe(true);
    expect(mayActInDivision('330000', '330402')).toBe(true);
    expect(mayActInDivision('330402', '330400')).toBe(false);
    expect(mayActInDivision('330411', '330402')).toBe(false);
    expect(mayActInDivision('320000', '330402')).toBe(false);
  });
});
