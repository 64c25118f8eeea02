import { decodeIntegrationEvent, IntegrationEventMapper, type IntegrationEvent } from '@benefits/messaging';
import { newCaseId } from '@benefits/kernel';
import { BENEFIT_WORKFLOWS } from '../workflows';
import { linshiWorkflow } from '../linshi/linshi-workflow';
import { LinshiCases } from '../linshi/linshi-cases';
import { DEFAULT_LINSHI_POLICY } from '../linshi/policy';
import { application } from '../linshi/linshi-fixtures';
import { DibaoCases } from './dibao-cases';
import { applicantRef, childRef, steps, testPolicy } from './dibao-fixtures';
import { dibaoWorkflow, householdMonthlyFen } from './dibao-workflow';
import { inMemoryEventStore } from './in-memory-store';

const ctx = { correlationId: 'test' };

function determined(over: Partial<IntegrationEvent<'EligibilityDetermined'>>): IntegrationEvent<'EligibilityDetermined'> {
  return {
    determinationId: 'elig-1',
    caseId: '',
    basedOnCaseRevision: 2,
    benefit: 'dibao',
    divisionCode: '330402',
    effectiveFrom: '2026-04-01',
    eligible: true,
    rulesetVersion: 'sample',
    amounts: [],
    parametersJson: '{}',
    traceJson: '{}',
    capFen: 0,
    ...over,
  } as IntegrationEvent<'EligibilityDetermined'>;
}

describe('低保 and 临时救助 workflows (integration side)', () => {
  it('are registered with the other benefits', () => {
    expect(BENEFIT_WORKFLOWS.map((w) => w.benefit)).toEqual(expect.arrayContaining(['tefu', 'dibao', 'linshi']));
    expect(dibaoWorkflow.ownsEventType('dibao.CaseApproved.v1')).toBe(true);
    expect(linshiWorkflow.ownsEventType('dibao.CaseApproved.v1')).toBe(false);
  });

  it('records an eligibility determination on a 低保 case once, and ignores a stale one', async () => {
    const store = inMemoryEventStore();
    const cases = new DibaoCases(store, testPolicy);
    const caseId = newCaseId();
    await cases.create({ ...steps.create(), data: { ...steps.create().data, caseId } }, ctx);
    for (const [i, c] of [steps.accept(), steps.check()].entries()) await cases.update({ ...c, data: { ...c.data, caseId } } as never, i, ctx);
    const event = determined({
      caseId,
      amounts: [
        { beneficiaryRef: applicantRef, periodKey: '2026-04', amountFen: 30_000 },
        { beneficiaryRef: childRef, periodKey: '2026-04', amountFen: 50_000 },
        { beneficiaryRef: applicantRef, periodKey: '2026-05', amountFen: 30_000 },
      ],
    });
    await dibaoWorkflow.recordDetermination(store, event);
    await dibaoWorkflow.recordDetermination(store, event);
    await dibaoWorkflow.recordDetermination(store, determined({ caseId, determinationId: 'elig-0', basedOnCaseRevision: 1 }));
    const { state } = await cases.load(caseId);
    expect(state.determinations).toHaveLength(1);
    expect(state.determinations[0]).toMatchObject({ determinationId: 'elig-1', basedOnCaseRevision: 2, householdAmountFen: 80_000, eligible: true });
    expect(householdMonthlyFen([])).toBe(0);
  });

  it('records a 急难型 cap on a 临时救助 case', async () => {
    const store = inMemoryEventStore();
    const cases = new LinshiCases(store, DEFAULT_LINSHI_POLICY);
    const caseId = newCaseId();
    await cases.create({ ...application(), data: { ...application().data, caseId } }, ctx);
    await linshiWorkflow.recordDetermination(store, determined({ caseId, benefit: 'linshi', basedOnCaseRevision: 0, capFen: 300_000 }));
    const { state } = await cases.load(caseId);
    expect(state.determinations[0]).toMatchObject({ determinationId: 'elig-1', capFen: 300_000, amounts: [] });
  });

  it('maps the approvals to the integration CaseApproved field by field (approved amounts and period keys for 临时救助)', async () => {
    const store = inMemoryEventStore();
    const cases = new LinshiCases(store, DEFAULT_LINSHI_POLICY);
    const caseId = newCaseId();
    await cases.create({ ...application(), data: { ...application().data, caseId } }, ctx);
    await linshiWorkflow.recordDetermination(store, determined({ caseId, benefit: 'linshi', basedOnCaseRevision: 0, capFen: 300_000 }));
    const grant = { type: 'GrantAdvanceAid' as const, data: { caseId, determinationId: 'elig-1', amountFen: 120_000 }, metadata: { now: new Date('2026-03-02T02:00:00Z'), actor: { id: 'approver-zhao', role: 'approver', divisionCode: '330402' } } };
    await cases.update(grant, 1, ctx);
    const approved = store.all.find((e) => e.type === 'linshi.CaseApproved.v1')!;
    const message = new IntegrationEventMapper().map(approved)!;
    const decoded = decodeIntegrationEvent(message.headers.type, message.value) as IntegrationEvent<'CaseApproved'>;
    expect(decoded).toMatchObject({ caseId, benefit: 'linshi', divisionCode: '330402', determinationId: 'elig-1', effectiveFrom: '2026-03-02', overrideReasonCode: '' });
    expect(decoded.approvedAmounts).toHaveLength(1);
    expect(decoded.approvedAmounts[0]).toMatchObject({ periodKey: `once:${caseId}` });
    expect(Number(decoded.approvedAmounts[0].amountFen)).toBe(120_000);
    // The facts snapshot travels as canonical JSON.
    const snapshot = linshiWorkflow.snapshot(store.all.filter((e) => e.streamId === `case-${caseId}`), 0)!;
    await store.appendToStream(`facts-${caseId}`, [{ type: 'linshi.CaseFactsSnapshotted.v1', data: snapshot, metadata: { correlationId: 'x' } }], { expectedRevision: 'no_stream' });
    const facts = new IntegrationEventMapper().map(store.all.at(-1)!)!;
    const decodedFacts = decodeIntegrationEvent(facts.headers.type, facts.value) as IntegrationEvent<'CaseFactsSnapshotted'>;
    expect(JSON.parse(decodedFacts.factsJson)).toMatchObject({ type: 'jinan', householdMembers: 2, cause: 'fire' });
  });
});
