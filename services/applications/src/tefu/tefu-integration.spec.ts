import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newCaseId, type Actor } from '@benefits/kernel';
import { createEventStore, type EventStore } from '@benefits/event-store';
import type { IntegrationEvent } from '@benefits/messaging';
import { CaseFactsPublisher } from '../integration/case-facts';
import type { HouseholdMember, RecordFact, TefuCommand } from './decider';
import { caseStreamId, TefuCases } from './tefu-cases';
import { tefuWorkflow, type CaseFactsSnapshottedData } from './tefu-workflow';
import type { ReadModels } from '@benefits/read-store';
import { testReadModels } from '../shared/test-support';
import { tickAnnualReviews } from './annual-review-tick';
import { DEFAULT_TEFU_POLICY } from './decider';

// The 特扶 case against a real store: the fact-snapshot publisher emits what eligibility needs after
// each change, eligibility's determinations come back onto the active case, and the 年审 tick.

jest.setTimeout(90_000);

const intake: Actor = { id: 'officer-wang', role: 'intake_officer', divisionCode: '330402' };
const approver: Actor = { id: 'approver-zhao', role: 'approver', divisionCode: '330402' };
const admin: Actor = { id: 'admin-1', role: 'admin', divisionCode: '330402' };
const wifeRef = '0192f3a0-7c1e-7b5e-9a52-000000000011';
const husbandRef = '0192f3a0-7c1e-7b5e-9a52-000000000012';
const sealed = (personRef: string) => ({ personRef, keyVersion: 1, alg: 'A256GCM' as const, iv: 'aQ', tag: 'dA', ct: 'Yw' });
const members: HouseholdMember[] = [
  { personRef: wifeRef, role: 'wife', birthDate: '1970-03-15', personalData: sealed(wifeRef) },
  { personRef: husbandRef, role: 'husband', birthDate: '1964-11-02', personalData: sealed(husbandRef) },
];
const standardRef = { standardId: 'bps-330400', versionId: '2023', itemNo: '52', contentHash: 'd'.repeat(64) };
const at = (iso: string) => new Date(`${iso}T02:00:00Z`);

describe('计生特扶 case with the store: snapshots out, determinations in, 年审 tick', () => {
  let dataDir: string;
  let store: EventStore;
  let cases: TefuCases;
  let readModels: ReadModels;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'applications-tefu-integration-'));
    store = await createEventStore({ kind: 'pglite', dataDir });
    cases = new TefuCases(store);
    readModels = testReadModels(store);
    await readModels.start();
  });
  afterAll(async () => {
    await readModels?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function run(command: Exclude<TefuCommand, { type: 'CreateCase' }>): Promise<number> {
    const { revision } = await cases.load(command.data.caseId);
    return (await cases.update(command, revision, { correlationId: `c-${command.type}` })).revision;
  }

  const determined = (caseId: string, determinationId: string, basedOnCaseRevision: number, amounts: [number, number], effectiveFrom: string) =>
    ({
      determinationId,
      caseId,
      basedOnCaseRevision,
      benefit: 'tefu',
      divisionCode: '330402',
      effectiveFrom,
      eligible: true,
      standardRef,
      rulesetVersion: 'tefu.v1',
      amounts: [
        { beneficiaryRef: wifeRef, periodKey: effectiveFrom.slice(0, 7), amountFen: amounts[0] },
        { beneficiaryRef: husbandRef, periodKey: effectiveFrom.slice(0, 7), amountFen: amounts[1] },
      ],
      parametersJson: '[]',
      traceJson: '[]',
      capFen: 0,
    }) as unknown as IntegrationEvent<'EligibilityDetermined'>;

  /** Created, submitted, determined by "eligibility", approved on 2024-08-05. */
  async function activeCase(): Promise<string> {
    const caseId = newCaseId();
    await cases.create(
      { type: 'CreateCase', data: { caseId, divisionCode: '330402', members, family: { familyType: 'childDisabled', childEventDate: '2023-05-10', evidenceRefs: ['e:1'] } }, metadata: { now: at('2024-08-05'), actor: intake } },
      { correlationId: 'c-create' },
    );
    await run({ type: 'SubmitApplication', data: { caseId }, metadata: { now: at('2024-08-05'), actor: intake } });
    await tefuWorkflow.recordDetermination(store, determined(caseId, `det-${caseId}-1`, 1, [85_000, 85_000], '2024-08-05'));
    await run({ type: 'ApproveCase', data: { caseId, determinationId: `det-${caseId}-1` }, metadata: { now: at('2024-08-05'), actor: approver } });
    return caseId;
  }

  it('publishes a snapshot after the submission, each change the rules read, and the termination — each effective from its own date', async () => {
    const caseId = await activeCase();
    const fact = (factId: string, subject: string, fact: object, effectiveFrom: string, now: string): RecordFact =>
      ({ type: 'RecordFact', data: { caseId, factId, subject, fact, effectiveFrom, supersedes: null, evidence: [] }, metadata: { now: at(now), actor: intake } }) as RecordFact;
    await run(fact('f-1', husbandRef, { kind: 'elderlyCareSubsidy', receiving: false }, '2024-11-02', '2024-11-05'));
    await run(fact('f-2', wifeRef, { kind: 'income', source: 'pension', month: '2024-10', amountFen: 1 }, '2024-10-01', '2024-11-05'));
    await run(fact('f-3', wifeRef, { kind: 'disabledOrDemented', value: true }, '2025-01-01', '2025-01-10'));
    await run(fact('f-4', husbandRef, { kind: 'death' }, '2025-02-01', '2025-02-03'));
    await run(fact('f-5', wifeRef, { kind: 'death' }, '2025-03-03', '2025-03-05'));

    const publisher = new CaseFactsPublisher({ store, subscriptionId: `facts-test-${caseId}`, pollIntervalMs: 20 });
    await publisher.start();
    try {
      // Positions are opaque: wait for the publisher to reach the case's last event.
      const last = (await store.readStream(caseStreamId(caseId))).at(-1)!;
      for (let i = 0; i < 400; i += 1) {
        const published = await store.readStream(`facts-${caseId}`);
        if (published.some((e) => e.metadata.causationId === last.eventId)) break;
        await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      await publisher.stop();
    }
    const published = (await store.readStream(`facts-${caseId}`)).map((e) => e.data as CaseFactsSnapshottedData);
    expect(published.map((s) => [s.caseRevision, s.effectiveFrom])).toEqual([
      [1, '2024-08-05'], // the submission
      [4, '2024-11-02'], // 养老服务补贴 (the income at revision 5 publishes nothing)
      [6, '2025-01-01'], // 失能
      [7, '2025-02-01'], // the husband's death
      [8, '2025-03-03'], // the wife's death…
      [9, '2025-03-03'], // …which ends the case
    ]);
    expect(published[1].facts.members[1]).toEqual({ personRef: husbandRef, role: 'husband', birthDate: '1964-11-02', elderlyCareSubsidy: false });
    expect(published[5].facts).toMatchObject({ terminatedOn: '2025-03-03', terminationReason: 'death' });
  });

  it('records a current determination on the active case with per-beneficiary amounts; ignores stale ones and ones after termination', async () => {
    const caseId = await activeCase();
    const revision = await run({
      type: 'RecordFact',
      data: { caseId, factId: 'f-1', subject: husbandRef, fact: { kind: 'elderlyCareSubsidy', receiving: false }, effectiveFrom: '2024-11-02', supersedes: null, evidence: [] },
      metadata: { now: at('2024-11-05'), actor: intake },
    });
    // A late determination on the facts before the change: ignored.
    await tefuWorkflow.recordDetermination(store, determined(caseId, 'stale', 3, [85_000, 85_000], '2024-08-05'));
    await tefuWorkflow.recordDetermination(store, determined(caseId, 'det-2', revision, [85_000, 100_000], '2024-11-02'));
    const { state } = await cases.load(caseId);
    expect(state.status).toBe('active');
    expect(state.determinations.map((d) => d.determinationId)).toEqual([`det-${caseId}-1`, 'det-2']);
    expect(state.determinations[1]).toMatchObject({
      amountPerPersonPerMonthFen: null,
      amounts: [
        { beneficiaryRef: wifeRef, amountFen: 85_000 },
        { beneficiaryRef: husbandRef, amountFen: 100_000 },
      ],
    });
    // Redelivered: nothing new.
    const before = await store.headPosition();
    await tefuWorkflow.recordDetermination(store, determined(caseId, 'det-2', revision, [85_000, 100_000], '2024-11-02'));
    expect(await store.headPosition()).toBe(before);

    const terminatedAt = await run({ type: 'TerminateCase', data: { caseId, reason: 'childRecovered', eventDate: '2024-12-01', evidence: [{ kind: 'recoveryAssessment', reference: 'e:r' }] }, metadata: { now: at('2024-12-05'), actor: intake } });
    await tefuWorkflow.recordDetermination(store, determined(caseId, 'det-3', terminatedAt, [0, 0], '2024-12-01'));
    expect((await cases.load(caseId)).state.determinations).toHaveLength(2);
  });

  it('the tick finds a case approved just before it in the case index and records each passed due date once', async () => {
    const caseId = await activeCase();
    const tick = (today: string) =>
      tickAnnualReviews({ store, readModels }, { actor: admin, now: at(today), today, policy: DEFAULT_TEFU_POLICY }, { correlationId: `tick-${today}` });
    expect((await tick('2025-08-05')).markedOverdue.filter((m) => m.caseId === caseId)).toEqual([]);
    const first = await tick('2025-08-06');
    expect(first.markedOverdue.filter((m) => m.caseId === caseId)).toEqual([{ caseId, dueOn: '2025-08-05', revision: 4 }]);
    const head = await store.headPosition();
    const second = await tick('2025-08-06');
    expect(second.markedOverdue).toEqual([]);
    expect(await store.headPosition()).toBe(head);
    // Terminated cases are passed over.
    expect(second.examined).toBeGreaterThanOrEqual(1);
  });
});
