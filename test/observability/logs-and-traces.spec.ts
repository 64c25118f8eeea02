import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, INestMicroservice } from '@nestjs/common';
import request from 'supertest';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createEventStore, type EventStore } from '@benefits/event-store';
import {
  configureLogging,
  createServiceApp,
  sharedSqlReadStore,
  startTracing,
  stopTracing,
  tracedEventStore,
  type ServiceRuntime,
} from '@benefits/http';
import { createDevTokenVerifier } from '@benefits/identity';
import { EventLogServer, IntegrationEventMapper } from '@benefits/messaging';
import { readSeed } from '@benefits/standards';
import { APPLICATIONS_CONSUMER, createApplicationsConsumer, createApplicationsService } from '../../services/applications/src/service';
import { vaultFromEnvironment } from '../../services/applications/src/personal-data/vault-connection';
import { createEligibilityConsumer, ELIGIBILITY_CONSUMER, eligibilityService } from '../../services/eligibility/src/service';
import { createDisbursementConsumer, createDisbursementService, DISBURSEMENT_CONSUMER } from '../../services/disbursement/src/service';
import { auditService } from '../../services/audit/src/service';
import { sampleTefuHousehold } from '../support/sample-household';
import { recordAccount, sampleAccountBody, startRun } from '../support/finance-flow';
import { waitFor } from '../support/embedded-harness';
import { openPgliteDatabase, type SqlDatabase } from '@benefits/sql';

jest.setTimeout(180_000);

/** 《嘉兴市基本公共服务标准（2023年版）》 as shipped. */
const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';

type Service = 'applications' | 'eligibility' | 'disbursement' | 'audit';

/**
 * Logs and traces of one 计生特扶 case through the four services in one process (event-log
 * transport, as `npm start`), with every log line captured and tracing on (in-memory exporter).
 * Sample data throughout: the names, 身份证号, phone and account below are made up.
 */
describe('logs and traces of one case through the four services', () => {
  const lines: string[] = [];
  const exporter = new InMemorySpanExporter();
  let dataDir: string;
  let store: EventStore;
  let db: SqlDatabase;
  const apps = {} as Record<Service, INestApplication>;
  const consumers: INestMicroservice[] = [];
  const tokens: Record<string, string> = {};
  const clock = { now: new Date('2024-08-05T02:00:00Z') };
  const http = (service: Service) => request(apps[service].getHttpServer());
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  const household = sampleTefuHousehold();
  const PHONE = '13912345678';
  const ACCOUNT = '6230910000000777';
  const HOLDER = '样例户主七';
  const personalValues = [...household.members.flatMap((m) => [m.name, m.residentId]), PHONE, ACCOUNT, '6230 9100 0000 0777', HOLDER];

  beforeAll(async () => {
    configureLogging({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
    expect(startTracing({ serviceName: 'benefits', exporter })).toBe(true);
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-observability-'));
    store = tracedEventStore(await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') }));
    db = await openPgliteDatabase();
    const verifier = await createDevTokenVerifier({ dataDir });
    const runtime: ServiceRuntime = { store, verifier, readStore: sharedSqlReadStore(db, 'pglite') };
    const openVault = vaultFromEnvironment({ BENEFITS_DATA_DIR: dataDir });
    apps.applications = await createServiceApp(createApplicationsService({ openVault, clock: () => clock.now }), runtime);
    apps.eligibility = await createServiceApp(eligibilityService, runtime);
    apps.disbursement = await createServiceApp(createDisbursementService({ openVault }), runtime);
    apps.audit = await createServiceApp(auditService, runtime);
    const mapper = new IntegrationEventMapper();
    for (const [name, create] of [
      [APPLICATIONS_CONSUMER, (s: EventLogServer) => createApplicationsConsumer({ store, server: s, pollIntervalMs: 50 })],
      [ELIGIBILITY_CONSUMER, (s: EventLogServer) => createEligibilityConsumer({ store, server: s })],
      [DISBURSEMENT_CONSUMER, (s: EventLogServer) => createDisbursementConsumer({ store, server: s })],
    ] as const) {
      const app = await create(new EventLogServer({ consumer: name, db, store, mapper, pollIntervalMs: 50, retryDelayMs: () => 20 }));
      await app.listen();
      consumers.push(app);
    }
    for (const [who, role, division] of [
      ['admin-qian', 'admin', '330400'],
      ['officer-wang', 'intake_officer', '330402'],
      ['approver-zhao', 'approver', '330402'],
      ['clerk-sun', 'finance_clerk', '330402'],
      ['auditor-zhou', 'auditor', '330400'],
    ]) {
      tokens[who] = await verifier.issueDevToken({ sub: who, role, division });
    }
  });

  afterAll(async () => {
    for (const app of consumers.reverse()) await app.close().catch(() => undefined);
    for (const app of Object.values(apps).reverse()) await app.close().catch(() => undefined);
    await store?.close();
    await db?.close();
    await stopTracing();
    configureLogging();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  let caseId: string;
  let submitCorrelation: string;

  it('application → determination → approval → payment with an account: the flow itself', async () => {
    await http('eligibility')
      .post(`/standards/import?division=330400&sourceName=${JIAXING_STANDARD}`)
      .set(as('admin-qian'))
      .set('Content-Type', 'text/plain')
      .send(readSeed(JIAXING_STANDARD))
      .expect(201);
    // A member with a phone number: refused (not a field of the form), the phone goes nowhere.
    await http('applications')
      .post('/cases/tefu')
      .set(as('officer-wang'))
      .send({ ...household, members: [{ ...household.members[0], phone: PHONE }] })
      .expect(400);
    // A caller sending a phone number as its correlation id: scrubbed from every line.
    await http('applications').get('/whoami').set(as('officer-wang')).set('X-Correlation-Id', PHONE).expect(200);

    const created = await http('applications').post('/cases/tefu').set(as('officer-wang')).send(household).expect(201);
    caseId = created.body.caseId;
    const submitted = await http('applications').post(`/cases/${caseId}/submit`).set(as('officer-wang')).set('If-Match', '"0"').send({}).expect(200);
    submitCorrelation = submitted.headers['x-correlation-id'];
    expect(submitCorrelation).toMatch(/^[A-Za-z0-9._:-]+$/);

    const determined = await waitFor('the determination on the case', async () => {
      const res = await http('applications').get(`/cases/${caseId}`).set(as('approver-zhao')).expect(200);
      return res.body.determinations.length > 0 ? res.body.determinations[0] : null;
    }, 90_000);
    await http('applications')
      .post(`/cases/${caseId}/approve`)
      .set(as('approver-zhao'))
      .set('If-Match', '"2"')
      .set('X-Correlation-Id', 'approve-observability-1')
      .send({ determinationId: determined.determinationId })
      .expect(200);
    await waitFor('the entitlement schedule', () => store.streamExists(`entitlement-${caseId}`), 90_000);
    await waitFor('disbursement to know the schedule', async () => {
      const run = await startRun(() => http('disbursement'), as('clerk-sun'), as('clerk-sun'), { benefit: 'tefu', divisionCode: '330402', period: '2024-09' });
      return run.payments.length > 0 ? run : null;
    }, 90_000).then(async (run) => {
      const personRef = run.payments[0].personRef;
      const recorded = await recordAccount(() => http('disbursement'), as('clerk-sun'), personRef, {
        ...sampleAccountBody('330402', 7, '6230 9100 0000 0777'),
        account: { ...sampleAccountBody('330402', 7).account, accountNumber: '6230 9100 0000 0777', holderName: HOLDER },
      });
      expect(recorded.outcome).toBe('recorded');
      // Reading it back answers masked.
      await http('disbursement').get(`/disbursement/accounts/${personRef}`).set(as('clerk-sun')).expect(200);
    });
    await http('audit').get(`/audit/cases/${caseId}/history`).set(as('auditor-zhou')).expect(200);
  });

  it('every line is JSON with its service; request lines carry the correlation id, actor and case', () => {
    expect(lines.length).toBeGreaterThan(20);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const record of records) {
      expect(typeof record.service).toBe('string');
      expect(typeof record.level).toBe('string');
      expect(typeof record.msg).toBe('string');
    }
    const services = new Set(records.map((r) => r.service));
    for (const service of ['applications', 'eligibility', 'disbursement', 'audit']) expect(services).toContain(service);
    // Outside a request or a delivery only start-up lines of the framework may stand without a correlation id.
    const uncorrelated = records.filter((r) => typeof r.correlationId !== 'string');
    expect(uncorrelated.filter((r) => !r.context)).toEqual([]);
    const requests = records.filter((r) => r.req);
    expect(requests.length).toBeGreaterThan(10);
    for (const r of requests) expect(r.correlationId).toEqual(expect.any(String));
    const submit = requests.find((r) => r.correlationId === submitCorrelation);
    expect(submit).toMatchObject({ service: 'applications', actorId: 'officer-wang', actorRole: 'intake_officer', caseId, res: { statusCode: 200 } });
    expect(requests.find((r) => r.correlationId === 'approve-observability-1')).toMatchObject({ actorId: 'approver-zhao', caseId });
    // The phone sent as a correlation id was scrubbed.
    expect(requests.some((r) => r.correlationId === '[redacted]')).toBe(true);
  });

  it('no line contains any personal data used in the flow (names, 身份证号, phone, account, holder)', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const value of personalValues) {
      const leaking = lines.filter((line) => line.includes(value) || JSON.stringify(JSON.parse(line)).includes(value));
      expect({ value, leaking }).toEqual({ value, leaking: [] });
    }
  });

  it("one case's command is one trace: HTTP span in applications → consumer spans in eligibility and applications; log lines carry its trace id", async () => {
    const spans = exporter.getFinishedSpans();
    const server = (route: string) =>
      spans.find((s) => s.kind === SpanKind.SERVER && s.attributes['http.route'] === route && String(s.attributes['url.path']).includes(caseId) && s.attributes['http.response.status_code'] === 200);
    const inTrace = (root: ReadableSpan) => spans.filter((s) => s.spanContext().traceId === root.spanContext().traceId);

    const submit = server('/cases/:caseId/submit');
    expect(submit).toBeDefined();
    const submitTrace = inTrace(submit!);
    const consumerSpans = (trace: ReadableSpan[]) => trace.filter((s) => s.kind === SpanKind.CONSUMER && s.attributes['benefits.delivery.outcome'] === 'handled').map((s) => s.attributes['messaging.consumer.group.name']);
    // Submitted → facts published → eligibility determines → applications records the determination.
    expect(consumerSpans(submitTrace)).toEqual(expect.arrayContaining(['eligibility', 'applications']));
    const approve = server('/cases/tefu/:caseId/approve') ?? server('/cases/:caseId/approve');
    expect(approve).toBeDefined();
    // Approved → eligibility issues the schedule → disbursement records it.
    expect(consumerSpans(inTrace(approve!))).toEqual(expect.arrayContaining(['eligibility', 'disbursement']));
    // Every consumer span of the trace descends from a span of the same trace.
    const ids = new Set(submitTrace.map((s) => s.spanContext().spanId));
    for (const span of submitTrace.filter((s) => s !== submit)) expect(ids.has(span.parentSpanContext?.spanId ?? '')).toBe(true);

    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const traced = records.filter((r) => r.trace_id === submit!.spanContext().traceId);
    expect(traced.some((r) => r.service === 'applications' && r.req)).toBe(true);
    // The deliveries of that trace logged by the consumers, with the request's correlation id.
    const deliveries = traced.filter((r) => r.consumer && r.msg === 'integration event handled');
    expect(deliveries.map((r) => r.service)).toEqual(expect.arrayContaining(['eligibility', 'applications']));
    for (const r of deliveries) expect(r).toMatchObject({ correlationId: submitCorrelation, caseId });
  });
});
