import type { INestApplication } from '@nestjs/common';
import { canonicalJson, newId } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { READ_MODELS } from '@benefits/http';
import type { DeliveryContext, IntegrationEvent } from '@benefits/messaging';
import { readSeed } from '@benefits/standards';
import { sharedReadModels } from '../read-models';
import { startEligibilityApp, type EligibilityTestApp } from '../testing/eligibility-test-app';
import type { DeterminationsConsumer } from './determinations.consumer';
import type { EligibilityDeterminedData, EntitlementScheduleIssuedData } from './determination';
import { caseDeterminations } from './redetermination';

jest.setTimeout(90_000);

/** SAMPLE DATA for the tests: not an official 低保标准. */
const SAMPLE = { docNo: '示例数据（非官方）' };

describe('determinations from integration events, redetermination and horizons (eligibility service)', () => {
  let t: EligibilityTestApp;
  let store: EventStore;
  let app: INestApplication;
  let consumer: DeterminationsConsumer;
  const http = () => t.http();
  const as = (who: string) => t.as(who);

  beforeAll(async () => {
    t = await startEligibilityApp('eligibility-redetermination-', {
      tokens: {
        admin: { role: 'admin', division: '330400', sub: 'admin-jx' },
        officer: { role: 'case_officer', division: '330402', sub: 'officer-1' },
      },
    });
    ({ store, app, consumer } = t);
    await http().post('/standards/import?division=330400&sourceName=jiaxing.txt').set(as('admin')).set('Content-Type', 'text/plain').send(readSeed('001_40e26111df30cc0a.txt')).expect(201);
    await http()
      .post('/parameters/dibao.standard')
      .set(as('admin'))
      .send({ divisionCode: '330400', effectiveFrom: '2024-01-01', value: { fen: 100_000 }, source: SAMPLE, sampleData: true })
      .expect(201);
  });

  afterAll(() => t?.close());

  const ctx = (eventId = newId()) => ({ eventId }) as DeliveryContext;
  const header = (caseId: string) => ({ eventId: newId(), sourceType: 'x', streamId: `facts-${caseId}`, streamRevision: 0, recordedAt: '2024-08-20T00:00:00Z', correlationId: 'corr', causationId: '', schemaVersion: 1, caseId });
  const facts = (caseId: string, benefit: string, effectiveFrom: string, value: unknown, caseRevision = 1): IntegrationEvent<'CaseFactsSnapshotted'> => ({
    header: header(caseId),
    caseId,
    benefit,
    divisionCode: '330402',
    effectiveFrom,
    caseRevision,
    factsJson: canonicalJson(value),
  });
  const approved = (caseId: string, benefit: string, determinationId: string, effectiveFrom: string): IntegrationEvent<'CaseApproved'> => ({
    header: header(caseId),
    caseId,
    benefit,
    divisionCode: '330402',
    determinationId,
    effectiveFrom,
    overrideReasonCode: '',
    approvedAmounts: [],
  });
  const stream = async (caseId: string) => caseDeterminations(await store.readStream(`determination-${caseId}`));
  const byMonth = (s: EntitlementScheduleIssuedData) => Object.fromEntries(s.lines.map((l) => [`${l.beneficiaryRef}|${l.periodKey}`, l.amountFen]));

  const dibaoCase = newId();
  const tefuCase = newId();
  const [applicant, spouse, wife, husband] = [newId(), newId(), newId(), newId()];
  const household = {
    members: [
      { personRef: applicant, birthDate: '1980-01-01', monthlyIncomeFen: 50_000 },
      { personRef: spouse, birthDate: '1978-01-01', monthlyIncomeFen: 30_000 },
    ],
    assets: { kind: 'assessed', ruleId: 'assets.sample', source: { docNo: '示例规则（非官方）', title: null }, meets: true },
    aFieldFromANewerVersion: true,
  };
  const tefuFamily = {
    members: [
      { personRef: wife, role: 'wife', birthDate: '1972-01-10' },
      { personRef: husband, role: 'husband', birthDate: '1968-11-02' },
    ],
    family: { familyType: 'childDeceased', childEventDate: '2023-05-10' },
  };

  it("shares the HTTP app's read models with a consumer created over the same store in this process", () => {
    expect(sharedReadModels(store)).toBe(app.get(READ_MODELS));
  });

  it('given 低保 and 特扶 snapshots and approvals, each case gets a determination and a schedule on its stream; a redelivery writes nothing', async () => {
    const dibaoFacts = ctx();
    await consumer.onFacts(facts(dibaoCase, 'dibao', '2024-08-20', household), dibaoFacts);
    await consumer.onFacts(facts(dibaoCase, 'dibao', '2024-08-20', household), dibaoFacts);
    await consumer.onFacts(facts(tefuCase, 'tefu', '2024-08-20', tefuFamily), ctx());
    const [d] = (await stream(dibaoCase)).determinations;
    expect(d).toMatchObject({ benefit: 'dibao', amounts: [{ beneficiaryRef: applicant, periodKey: '2024-08', amountFen: 120_000 }] });
    await consumer.onApproved(approved(dibaoCase, 'dibao', d.determinationId, '2024-09-10'), ctx());
    const [t] = (await stream(tefuCase)).determinations;
    await consumer.onApproved(approved(tefuCase, 'tefu', t.determinationId, '2024-09-10'), ctx());
    const events = await store.readStream(`determination-${dibaoCase}`);
    expect(events.map((e) => e.type)).toEqual(['dibao.EligibilityDetermined.v1', 'dibao.EntitlementScheduleIssued.v1']);
    const [schedule] = (await stream(dibaoCase)).schedules;
    expect(schedule).toMatchObject({ paymentStart: { from: '2024-10' }, horizonEnd: '2025-09' });
    expect(new Set(schedule.lines.map((l) => l.amountFen))).toEqual(new Set([120_000]));
  });

  it('given B rising from 2025-01, publishing it redetermines the active 低保 case from 2025-01 — earlier months unchanged, 特扶 untouched', async () => {
    const before = (await stream(dibaoCase)).schedules[0];
    const tefuBefore = await store.readStream(`determination-${tefuCase}`);
    const res = await http()
      .post('/parameters/dibao.standard')
      .set(as('admin'))
      .send({ divisionCode: '330400', effectiveFrom: '2025-01-01', value: { fen: 110_000 }, source: SAMPLE, sampleData: true })
      .expect(201);
    expect(res.body).toMatchObject({ created: true, redetermination: { considered: 1, issued: [dibaoCase], failed: [] } });
    const { determinations, schedules } = await stream(dibaoCase);
    const [, redetermined] = determinations as [EligibilityDeterminedData, EligibilityDeterminedData];
    expect(redetermined).toMatchObject({
      effectiveFrom: '2025-01-01',
      amounts: [{ beneficiaryRef: applicant, periodKey: '2025-01', amountFen: 140_000 }],
      redetermination: { kind: 'parameter', ref: res.body.entryId, fromPeriod: '2025-01' },
      supersedesDeterminationId: determinations[0].determinationId,
    });
    const after = schedules[1];
    expect(after).toMatchObject({ determinationId: redetermined.determinationId, supersedesScheduleId: before.scheduleId, effectiveFrom: '2024-10-01', horizonEnd: '2025-09' });
    for (const [key, fen] of Object.entries(byMonth(after))) expect(fen).toBe(key.split('|')[1] < '2025-01' ? byMonth(before)[key] : 140_000);
    expect(await store.readStream(`determination-${tefuCase}`)).toHaveLength(tefuBefore.length);
  });

  it('given the same redetermination asked twice, the second appends nothing; bad input is refused with nothing written', async () => {
    const body = { divisionCode: '330400', benefit: 'dibao', effectiveFrom: '2025-03-01', reason: '复核（测试）' };
    const first = await http().post('/eligibility/redeterminations').set(as('admin')).send(body).expect(200);
    expect(first.body.issued).toEqual([dibaoCase]);
    const head = await store.headPosition();
    const second = await http().post('/eligibility/redeterminations').set(as('admin')).send(body).expect(200);
    expect(second.body).toMatchObject({ issued: [], alreadyDone: [dibaoCase] });
    await http().post('/eligibility/redeterminations').set(as('admin')).send({ ...body, effectiveFrom: '2025-13-01' }).expect(400);
    await http().post('/eligibility/redeterminations').set(as('officer')).send(body).expect(403);
    await http().post('/eligibility/schedules/extend').set(as('admin')).send({ divisionCode: '330400', asOf: '2025-8' }).expect(400);
    expect(await store.headPosition()).toBe(head);
  });

  it('given a fact snapshot for the active 特扶 case (the wife died on 2025-02-14), the schedule is superseded from 2025-03 without a new approval', async () => {
    const before = (await stream(tefuCase)).schedules.at(-1)!;
    const died = { ...tefuFamily, members: [{ ...tefuFamily.members[0], deathDate: '2025-02-14' }, tefuFamily.members[1]] };
    await consumer.onFacts(facts(tefuCase, 'tefu', '2025-02-14', died, 5), ctx());
    const { determinations, schedules } = await stream(tefuCase);
    expect(determinations.at(-1)).toMatchObject({ basedOnCaseRevision: 5, redetermination: { kind: 'facts', fromPeriod: '2025-03' } });
    const after = schedules.at(-1)!;
    expect(after.supersedesScheduleId).toBe(before.scheduleId);
    const hers = after.lines.filter((l) => l.beneficiaryRef === wife).map((l) => l.periodKey);
    expect(hers.at(-1)).toBe('2025-02');
    expect(after.lines.filter((l) => l.beneficiaryRef === husband)).toHaveLength(12);
  });

  it('given schedules ending within three months of 2025-07, the extension issues the next horizon once', async () => {
    const res = await http().post('/eligibility/schedules/extend').set(as('admin')).send({ divisionCode: '330400', asOf: '2025-07' }).expect(200);
    expect(res.body.issued.sort()).toEqual([dibaoCase, tefuCase].sort());
    const again = await http().post('/eligibility/schedules/extend').set(as('admin')).send({ divisionCode: '330400', asOf: '2025-07' }).expect(200);
    // The new horizon reaches far enough: nothing to extend.
    expect(again.body).toMatchObject({ issued: [], unchanged: expect.arrayContaining([dibaoCase, tefuCase]) });
    const view = await http().get(`/eligibility/cases/${dibaoCase}/determinations`).set(as('officer')).expect(200);
    expect(view.body.schedules.at(-1)).toMatchObject({ horizonEnd: '2026-09' });
    expect(view.body.schedules.at(-1).lines.find((l: { periodKey: string }) => l.periodKey === '2026-09')).toMatchObject({ amountFen: 140_000 });
  });
});
