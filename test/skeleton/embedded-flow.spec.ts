import type { EventStore } from '@benefits/event-store';
import { sampleResidentId, sampleTefuHousehold } from '../support/sample-household';
import { startEmbeddedHarness, waitFor, type EmbeddedHarness } from '../support/embedded-harness';
import { EventLogServer, IntegrationEventMapper } from '@benefits/messaging';
import { readSeed } from '@benefits/standards';
import { APPLICATIONS_CONSUMER, createApplicationsConsumer } from '../../services/applications/src/service';
import { CaseFactsPublisher } from '../../services/applications/src/integration/case-facts';
import { createEligibilityConsumer, ELIGIBILITY_CONSUMER } from '../../services/eligibility/src/service';
import { createDisbursementConsumer, DISBURSEMENT_CONSUMER } from '../../services/disbursement/src/service';
import type { SqlDatabase } from '@benefits/sql';

jest.setTimeout(120_000);

/** 《嘉兴市基本公共服务标准（2023年版）》 as shipped. */
const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';

describe('walking skeleton, embedded: one 计生特扶 case through the four services over the event-log transport', () => {
  let harness: EmbeddedHarness;
  let store: EventStore;
  let db: SqlDatabase;
  let consumers: EmbeddedHarness['consumers'];
  let errors: unknown[];
  const http: EmbeddedHarness['http'] = (service) => harness.http(service);
  const as: EmbeddedHarness['as'] = (who) => harness.as(who);

  beforeAll(async () => {
    // 2024-08-05 10:00 in Asia/Shanghai: after the 嘉兴 standard took effect (2024-07-22).
    harness = await startEmbeddedHarness({ now: new Date('2024-08-05T02:00:00Z'), prefix: 'benefits-skeleton-' });
    ({ store, db, consumers, errors } = harness);
    await harness.issue('admin-qian', 'admin', '330400');
    await harness.issue('officer-wang', 'intake_officer', '330402');
    await harness.issue('approver-zhao', 'approver', '330402');
    await harness.issue('clerk-sun', 'finance_clerk', '330402');
    await harness.issue('auditor-zhou', 'auditor', '330400');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('create → submit → determined 1,000 元/人/月 → approved by another officer → paid once per month → audited to item 52', async () => {
    // The catalog holds the 嘉兴 standard (the eligibility consumer resolves the one in force).
    await http('eligibility')
      .post(`/standards/import?division=330400&sourceName=${JIAXING_STANDARD}`)
      .set(as('admin-qian'))
      .set('Content-Type', 'text/plain')
      .send(readSeed(JIAXING_STANDARD))
      .expect(201);

    // 1. An officer registers a 嘉兴 household whose only child died, and submits the application.
    const created = await http('applications')
      .post('/cases/tefu')
      .set(as('officer-wang'))
      .send(sampleTefuHousehold())
      .expect(201);
    const caseId: string = created.body.caseId;
    await http('applications').post(`/cases/${caseId}/submit`).set(as('officer-wang')).set('If-Match', '"0"').send({}).expect(200);

    // 2. Eligibility determines from the published facts; applications records it on the case.
    const determined = await waitFor('the determination on the case', async () => {
      const res = await http('applications').get(`/cases/${caseId}`).set(as('approver-zhao')).expect(200);
      return res.body.determinations.length > 0 ? res : null;
    });
    const [determination] = determined.body.determinations;
    expect(determination).toMatchObject({
      basedOnCaseRevision: 1,
      amountPerPersonPerMonthFen: 100_000,
      effectiveFrom: '2024-08-05',
      standardRef: { standardId: 'bps-330400', itemNo: '52' },
    });
    expect(determined.headers.etag).toBe('"2"');
    const recorded = determined.body.timeline[2];
    expect(recorded).toMatchObject({ type: 'tefu.DeterminationRecorded.v1', actor: { id: 'service:eligibility' } });

    // 3. A different officer approves, citing the determination.
    await http('applications')
      .post(`/cases/${caseId}/approve`)
      .set(as('approver-zhao'))
      .set('If-Match', '"2"')
      .send({ determinationId: determination.determinationId })
      .expect(200);

    // 4. Eligibility issues the schedule after approval (payment from the month after 审核确认);
    //    disbursement records it; the finance clerk runs September 2024, twice.
    await waitFor('the entitlement schedule', () => store.streamExists(`entitlement-${caseId}`));
    const run = () => http('disbursement').post('/disbursement/runs').set(as('clerk-sun')).send({ benefit: 'tefu', divisionCode: '330402', period: '2024-09' }).expect(200);
    const august = await http('disbursement').post('/disbursement/runs').set(as('clerk-sun')).send({ benefit: 'tefu', divisionCode: '330402', period: '2024-08' }).expect(200);
    expect(august.body.counts.created).toBe(0);
    const first = await run();
    expect(first.body).toMatchObject({ runId: 'tefu-330402-2024-09-1', status: 'completed', counts: { created: 2, alreadyExisted: 0, createdFen: 200_000 } });
    const again = await run();
    expect(again.body).toMatchObject({ runId: 'tefu-330402-2024-09-2', counts: { created: 0, alreadyExisted: 2, createdFen: 0 } });

    // 5. The auditor sees the timeline and each payment's trace to 《嘉兴市基本公共服务标准（2023年版）》 item 52.
    const history = await http('audit').get(`/audit/cases/${caseId}/history`).set(as('auditor-zhou')).expect(200);
    expect(history.body.timeline.map((e: { type: string; actor: { id: string } | null }) => [e.type, e.actor?.id])).toEqual([
      ['tefu.CaseCreated.v1', 'officer-wang'],
      ['tefu.ApplicationSubmitted.v1', 'officer-wang'],
      ['tefu.DeterminationRecorded.v1', 'service:eligibility'],
      ['tefu.CaseApproved.v1', 'approver-zhao'],
    ]);
    expect(history.body.chain.intact).toBe(true);
    expect(history.body.payments).toHaveLength(2);
    for (const payment of history.body.payments) {
      expect(payment).toMatchObject({ periodKey: '2024-09', amount: { fen: 100_000 }, benefit: 'tefu' });
      expect(payment.trace).toMatchObject({
        determinationId: determination.determinationId,
        standardRef: { standardId: 'bps-330400', itemNo: '52', contentHash: determination.standardRef.contentHash },
        schedule: { determinationId: determination.determinationId },
        determination: { streamId: `determination-${caseId}`, basedOnCaseRevision: 1, rulesetVersion: 'tefu.v1' },
        consistent: true,
      });
    }

    // Nothing was parked, nothing failed.
    for (const { name, server } of consumers) expect({ name, parked: await server.parked.list() }).toEqual({ name, parked: [] });
    expect(errors).toEqual([]);
  });

  it('a determination based on a revision that is no longer the case\'s facts revision is ignored, not parked', async () => {
    const created = await http('applications')
      .post('/cases/tefu')
      .set(as('officer-wang'))
      .send({
        divisionCode: '330402',
        members: [{ role: 'wife', name: '周美华', residentId: sampleResidentId('1971-06-20', '004'), birthDate: '1971-06-20' }],
        family: { familyType: 'childDeceased', childEventDate: '2022-11-03', evidenceRefs: ['evidence:death-certificate-1103'] },
      })
      .expect(201);
    const caseId: string = created.body.caseId;
    await http('applications').post(`/cases/${caseId}/submit`).set(as('officer-wang')).set('If-Match', '"0"').send({}).expect(200);
    const current = await waitFor('the determination on the case', async () => {
      const res = await http('applications').get(`/cases/${caseId}`).set(as('approver-zhao')).expect(200);
      return res.body.determinations.length > 0 ? res.body.determinations[0] : null;
    });
    // A single parent (the wife) of a 嘉兴 death family: 1,000 元 for her alone.
    expect(current).toMatchObject({ basedOnCaseRevision: 1, amountPerPersonPerMonthFen: 100_000 });

    // A determination computed on the case as it was at revision 0 arrives late.
    const [recorded] = await store.readStream(`determination-${caseId}`);
    const stale = { ...(recorded.data as Record<string, unknown>), determinationId: 'a3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d', basedOnCaseRevision: 0 };
    const appended = await store.appendToStream(
      `determination-${caseId}`,
      [{ type: recorded.type, data: stale, metadata: { correlationId: `late-${caseId}` } }],
      { expectedRevision: recorded.streamRevision },
    );
    const applications = consumers.find((c) => c.name === APPLICATIONS_CONSUMER)!.server;
    // Nothing appends after it (the late determination is ignored), so the head is where it stands.
    expect(await store.headPosition()).toBe(appended.position);
    await waitFor('the applications consumer to pass the late determination', async () =>
      applications.unwrap<{ position: string } | null>()?.position === (await store.headPosition()),
    );
    const after = await http('applications').get(`/cases/${caseId}`).set(as('approver-zhao')).expect(200);
    expect(after.body.determinations.map((d: { determinationId: string }) => d.determinationId)).toEqual([current.determinationId]);
    expect(await applications.parked.list()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('delivering the whole log again to consumers with a fresh inbox writes nothing new (business keys, not only the inbox)', async () => {
    const head = await store.headPosition();
    const replays: EventLogServer[] = [];
    const mapper = new IntegrationEventMapper();
    const creators = [
      [APPLICATIONS_CONSUMER, (s: EventLogServer) => createApplicationsConsumer({ store, server: s, logger: false })],
      [ELIGIBILITY_CONSUMER, (s: EventLogServer) => createEligibilityConsumer({ store, server: s, logger: false })],
      [DISBURSEMENT_CONSUMER, (s: EventLogServer) => createDisbursementConsumer({ store, server: s, logger: false })],
    ] as const;
    for (const [name, create] of creators) {
      const server = new EventLogServer({ consumer: `${name}-replay`, db, store, mapper, pollIntervalMs: 50, retryDelayMs: () => 20, onError: (e) => errors.push(e) });
      const app = await create(server);
      await app.listen();
      consumers.push({ name: `${name}-replay`, app, server });
      replays.push(server);
    }
    // The fact-snapshot publisher, from the start of the log again.
    const publisher = new CaseFactsPublisher({ store, subscriptionId: 'applications.case-facts.replay', pollIntervalMs: 50, onError: (e) => errors.push(e) });
    await publisher.start();
    try {
      await waitFor('the replays to reach the head of the log', async () =>
        publisher.position === head && replays.every((server) => server.unwrap<{ position: string } | null>()?.position === head),
      );
    } finally {
      await publisher.stop();
    }
    expect(await store.headPosition()).toBe(head);
    for (const server of replays) expect(await server.parked.list()).toEqual([]);
    expect(errors).toEqual([]);
  });
});
