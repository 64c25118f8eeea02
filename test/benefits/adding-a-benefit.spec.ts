import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, newId, type Actor } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
// Before @benefits/benefits: zod schemas built before @benefits/http extends zod lack .openapi(), which the app's route documents need.
import '@benefits/http';
import type { DeliveryContext, IntegrationEvent } from '@benefits/messaging';
import { isBenefitId, registerBenefit, type RulePack } from '@benefits/standards';
import { registerBenefitEngine } from '@benefits/benefits';
import { registerCaseBenefit } from '../../services/applications/src/shared/workflow/case-benefit';
import { caseDeterminations } from '../../services/eligibility/src/determinations/redetermination';
import { startEligibilityApp, type EligibilityTestApp } from '../../services/eligibility/src/testing/eligibility-test-app';
import { EXAMPLE_CASE_MODULE, EXAMPLE_ENGINE, exampleDecider, registerExampleBenefit } from '../fixtures/example-benefit';
import type { ExampleCommand } from '../fixtures/example-benefit/workflow/commands';
import type { ExampleEvent } from '../fixtures/example-benefit/workflow/events';
import { PLACEHOLDER_SEALED } from '../../services/applications/src/shared/person-intake';

jest.setTimeout(120_000);

/**
 * Adding a benefit without changing shared code: the example benefit (示例补贴 — SAMPLE DATA, not a
 * real scheme) is one folder (test/fixtures/example-benefit: its case workflow and route table, its
 * engine and determination rules, its pack and the sample document the pack quotes). Registered at
 * start, it is published, evaluated, determined, scheduled and its case run through the workflow
 * engine — through the same API, catalog and consumer as the shipped benefits.
 */
const MODULE = join(__dirname, '..', 'fixtures', 'example-benefit', 'pack');
const DOCUMENT = readFileSync(join(MODULE, 'sample-standard.txt'), 'utf8');
const PACK: RulePack = JSON.parse(readFileSync(join(MODULE, 'example-339900-2026.json'), 'utf8'));

describe('adding a benefit: the example benefit module, registered at start', () => {
  let t: EligibilityTestApp;
  let store: EventStore;
  const http = () => t.http();
  const as = (who: string) => t.as(who);
  const standardEvents = async () => (await store.readStream('standard-bps-339900')).map((e) => e.type);

  beforeAll(async () => {
    expect(isBenefitId('example')).toBe(false);
    registerExampleBenefit();
    registerExampleBenefit(); // a second start registers nothing new
    t = await startEligibilityApp('adding-a-benefit-', {
      tokens: {
        admin: { role: 'admin', division: '339900', sub: 'admin-yl' },
        officer: { role: 'case_officer', division: '339902', sub: 'officer-yl' },
      },
    });
    ({ store } = t);
  });

  afterAll(() => t?.close());

  it('imports the sample document; the catalog finds the example benefit in force by its item', async () => {
    expect(isBenefitId('example')).toBe(true);
    const res = await http().post('/standards/import?division=339900&sourceName=sample-standard.txt').set(as('admin')).set('Content-Type', 'text/plain').send(DOCUMENT).expect(201);
    expect(res.body).toMatchObject({ standardId: 'bps-339900', versionId: PACK.standard.versionId, created: true, itemCount: 1, warnings: [] });
    const inForce = await http().get('/standards/in-force?division=339902&benefit=example&date=2026-03-01').set(as('officer')).expect(200);
    expect(inForce.body).toMatchObject({ standardId: 'bps-339900', versionId: PACK.standard.versionId });
    expect((await http().get('/standards/in-force?division=339902&benefit=nosuch&date=2026-03-01').set(as('officer')).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a wrong pack of the new benefit with the same typed errors, writes nothing, then publishes the pack', async () => {
    const before = await standardEvents();
    const post = (body: unknown) => http().post('/rule-packs').set(as('admin')).send(body as object);
    const badQuote = { ...PACK, parameters: PACK.parameters.map((p, i) => (i === 1 ? { ...p, citation: { ...p.citation, quote: '年满80周岁的，每人每月150元' } } : p)) };
    expect((await post(badQuote).expect(422)).body).toMatchObject({ code: 'RULE_PACK_INVALID', details: { problems: [{ parameter: 'example.amount', problem: 'quote-not-found' }] } });
    const misspelt = { ...PACK, parameters: PACK.parameters.map((p, i) => (i === 1 ? { ...p, key: 'example.amountt' } : p)) };
    const shape = (await post(misspelt).expect(422)).body;
    expect(shape.code).toBe('RULE_PACK_SHAPE_INVALID');
    expect(shape.details.problems).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'example.amountt', problem: 'unknown-parameter' }), expect.objectContaining({ key: 'example.amount', problem: 'missing-parameter' })]));
    expect((await post({ ...PACK, benefit: 'nosuch', id: 'nosuch-339900-2026' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await post({ ...PACK, id: 'tefu-339900-2026' }).expect(422)).body.code).toBe('RULE_PACK_ID_INVALID');
    expect(await standardEvents()).toEqual(before);
    const published = await post(PACK).expect(201);
    expect(published.body).toMatchObject({ id: 'example-339900-2026', created: true, parameterCount: 4 });
    const loaded = await http().get('/rule-packs/example-339900-2026?division=339902&date=2026-03-01').set(as('officer')).expect(200);
    expect(loaded.body).toMatchObject({ benefit: 'example', source: 'published', usage: { basis: 'document' } });
  });

  it('a what-if request of the new benefit is checked against its own request schema', async () => {
    const body = {
      benefit: 'example',
      rulePackId: 'example-339900-2026',
      facts: { evaluationDate: '2026-03-01', persons: [{ personId: 'p1', birthDate: '1946-03-01' }] },
    };
    const bad = await http().post('/eligibility/evaluate').set(as('officer')).send({ ...body, facts: { ...body.facts, persons: [] } }).expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(bad.body.details)).toContain('persons');
    // The what-if route runs the shipped packs only (as for every benefit): a published pack is named as unknown there.
    expect((await http().post('/eligibility/evaluate').set(as('officer')).send(body).expect(404)).body.code).toBe('UNKNOWN_RULE_PACK');
  });

  const ctx = () => ({ eventId: newId() }) as DeliveryContext;
  const header = (caseId: string) => ({ eventId: newId(), sourceType: 'x', streamId: `facts-${caseId}`, streamRevision: 0, recordedAt: '2026-03-02T00:00:00Z', correlationId: 'corr', causationId: '', schemaVersion: 1, caseId });

  it('determines a case of the new benefit from its fact snapshot, schedules it on approval, and its workflow takes the determination', async () => {
    const caseId = newId();
    const [elder, oldest, young] = [newId(), newId(), newId()];
    const facts: IntegrationEvent<'CaseFactsSnapshotted'> = {
      header: header(caseId),
      caseId,
      benefit: 'example',
      divisionCode: '339902',
      effectiveFrom: '2026-03-02',
      caseRevision: 1,
      factsJson: canonicalJson({
        members: [
          { personRef: elder, birthDate: '1945-06-01' },
          { personRef: oldest, birthDate: '1935-01-01', deathDate: '2026-06-15' },
          { personRef: young, birthDate: '1960-01-01' },
        ],
      }),
    };
    await t.consumer.onFacts(facts, ctx());
    const [determination] = caseDeterminations(await store.readStream(`determination-${caseId}`)).determinations;
    expect(determination).toMatchObject({ benefit: 'example', eligible: true, rulePackId: 'example-339900-2026', standardRef: { standardId: 'bps-339900', itemNo: '1' } });
    expect(determination.amounts).toEqual([
      { beneficiaryRef: elder, periodKey: '2026-03', amountFen: 10_000 },
      { beneficiaryRef: oldest, periodKey: '2026-03', amountFen: 20_000 },
    ]);
    expect(determination.trace.some((s) => s.clause?.quote === '年满90周岁的，每人每月200元')).toBe(true);

    // The example's own workflow, on the case-workflow engine: 申请 → the determination recorded → 审核确认.
    const now = new Date('2026-03-10T02:00:00Z');
    const officer: Actor = { id: 'officer-yl', role: 'case_officer', divisionCode: '339902' };
    const approver: Actor = { id: 'approver-yl', role: 'approver', divisionCode: '339902' };
    const run = (commands: ExampleCommand[]) =>
      commands.reduce<{ state: ReturnType<typeof exampleDecider.initialState>; events: ExampleEvent[] }>(
        ({ state, events }, command) => {
          const made = exampleDecider.decide(command, state);
          return { state: made.reduce(exampleDecider.evolve, state), events: [...events, ...made] };
        },
        { state: exampleDecider.initialState(), events: [] },
      );
    const metadata = (actor: Actor): ExampleCommand['metadata'] => ({ actor, now });
    const { state, events } = run([
      { type: 'Apply', data: { caseId, divisionCode: '339902', applicantRef: elder, members: [{ personRef: elder, birthDate: '1945-06-01', personalData: PLACEHOLDER_SEALED(elder) }] }, metadata: metadata(officer) },
      { type: 'RecordDetermination', data: { caseId, determinationId: determination.determinationId, eligible: true, monthlyAmountFen: 30_000 }, metadata: metadata(officer) },
      { type: 'Approve', data: { caseId, determinationId: determination.determinationId }, metadata: metadata(approver) },
    ]);
    expect(events.map((e) => e.type)).toEqual(['example.Applied.v1', 'example.DeterminationRecorded.v1', 'example.CaseApproved.v1']);
    expect(state).toMatchObject({ status: 'active', approvedOn: '2026-03-10' });

    // The approval, as applications publishes it: eligibility issues the monthly schedule.
    const approved: IntegrationEvent<'CaseApproved'> = { header: header(caseId), caseId, benefit: 'example', divisionCode: '339902', determinationId: determination.determinationId, effectiveFrom: '2026-03-10', overrideReasonCode: '', approvedAmounts: [] };
    await t.consumer.onApproved(approved, ctx());
    const events2 = await store.readStream(`determination-${caseId}`);
    expect(events2.map((e) => e.type)).toEqual(['example.EligibilityDetermined.v1', 'example.EntitlementScheduleIssued.v1']);
    const [schedule] = caseDeterminations(events2).schedules;
    const byMonth = (month: string) => schedule.lines.filter((l) => l.periodKey === month).map((l) => [l.beneficiaryRef, l.amountFen]);
    expect(byMonth('2026-04')).toEqual([[elder, 10_000], [oldest, 20_000]]);
    // The oldest resident died in June: June is paid, nothing from July (schedule.stopAfterPeriod).
    expect(byMonth('2026-06')).toEqual([[elder, 10_000], [oldest, 20_000]]);
    expect(byMonth('2026-07')).toEqual([[elder, 10_000]]);

    // A periodic benefit: its schedule is extended before it runs out, like 低保's and 特扶's.
    expect((await http().post('/eligibility/redeterminations').set(as('admin')).send({ divisionCode: '339900', benefit: 'linshi', effectiveFrom: '2026-05-01', reason: '样例' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await http().post('/eligibility/schedules/extend').set(as('admin')).send({ divisionCode: '339900', asOf: '2027-01', leadMonths: 3 }).expect(200);
    const schedules = caseDeterminations(await store.readStream(`determination-${caseId}`)).schedules;
    expect(schedules.map((s) => s.horizonEnd)).toEqual(['2027-03', '2028-03']);
  });

  it('refuses a benefit id of another shape and an item pattern with state', () => {
    const engine = { ...EXAMPLE_ENGINE, definition: { ...EXAMPLE_ENGINE.definition, id: 'specialCare' } };
    expect(() => registerBenefitEngine(engine)).toThrow(/must match/);
    expect(() => registerBenefit({ id: 'sample', nameZh: '样例', itemName: /样例/g })).toThrow(/global or sticky/);
    expect(() => registerCaseBenefit({ ...EXAMPLE_CASE_MODULE, benefit: 'example2' })).toThrow(/must match/);
    expect(isBenefitId('specialCare')).toBe(false);
  });
});
