import { READ_MODELS } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { readSeed } from '@benefits/standards';
import { sampleTefuHousehold } from '../support/sample-household';
import { total } from '../support/metrics-text';
import { startEmbeddedHarness, waitFor, type EmbeddedHarness, type ServiceName } from '../support/embedded-harness';

jest.setTimeout(180_000);

/** 《嘉兴市基本公共服务标准（2023年版）》 as shipped. */
const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';
const SERVICES: ServiceName[] = ['applications', 'eligibility', 'disbursement', 'audit'];

describe('metrics, embedded (four services in one process, event-log transport)', () => {
  let harness: EmbeddedHarness;
  const scrape = async (service: ServiceName) => (await harness.http(service).get('/metrics').expect(200)).text;
  const scrapeAll = async () => Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await scrape(s)] as const))) as Record<ServiceName, string>;

  beforeAll(async () => {
    // 2024-08-05 10:00 in Asia/Shanghai: after the 嘉兴 standard took effect (2024-07-22).
    harness = await startEmbeddedHarness({ now: new Date('2024-08-05T02:00:00Z'), prefix: 'benefits-metrics-' });
    await harness.issue('admin-qian', 'admin', '330400');
    await harness.issue('officer-wang', 'intake_officer', '330402');
    await harness.issue('approver-zhao', 'approver', '330402');
    await harness.issue('clerk-sun', 'finance_clerk', '330402');
    await harness.issue('auditor-zhou', 'auditor', '330400');
    // As npm start: the projections run from the start (their lag is reported while they run).
    for (const service of SERVICES) await harness.apps[service].get<ReadModels>(READ_MODELS, { strict: false }).start();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("each service's /metrics shows its own HTTP, append and lag series moving through one case, paid and audited", async () => {
    const before = await scrapeAll();
    for (const service of SERVICES) {
      // Its own registry: every benefits_ sample carries its name, none another's.
      const foreign = before[service].split('\n').filter((l) => l.startsWith('benefits_') && !l.includes(`service="${service}"`));
      expect({ service, foreign }).toEqual({ service, foreign: [] });
    }

    const { http, as } = harness;
    await http('eligibility').post(`/standards/import?division=330400&sourceName=${JIAXING_STANDARD}`).set(as('admin-qian')).set('Content-Type', 'text/plain').send(readSeed(JIAXING_STANDARD)).expect(201);
    const created = await http('applications').post('/cases/tefu').set(as('officer-wang')).send(sampleTefuHousehold()).expect(201);
    const caseId: string = created.body.caseId;
    await http('applications').post(`/cases/${caseId}/submit`).set(as('officer-wang')).set('If-Match', '"0"').send({}).expect(200);
    const determination = await waitFor(
      'the determination on the case',
      async () => (await http('applications').get(`/cases/${caseId}`).set(as('approver-zhao')).expect(200)).body.determinations[0],
      120_000,
    );
    await http('applications').post(`/cases/${caseId}/approve`).set(as('approver-zhao')).set('If-Match', '"2"').send({ determinationId: determination.determinationId }).expect(200);
    await waitFor('the entitlement schedule', () => harness.store.streamExists(`entitlement-${caseId}`), 120_000);
    const run = await http('disbursement').post('/disbursement/runs').set(as('clerk-sun')).send({ benefit: 'tefu', divisionCode: '330402', period: '2024-09' }).expect(200);
    expect(run.body.counts.created).toBe(2);
    await http('audit').get(`/audit/cases/${caseId}/history`).set(as('auditor-zhou')).expect(200);
    await http('audit').post('/audit/verifications').set(as('auditor-zhou')).send({}).expect((res) => expect(res.status).toBeLessThan(300));

    const after = await scrapeAll();
    const moved = (service: ServiceName, name: string, labels: Record<string, string> = {}) => ({
      service,
      name,
      before: total(before[service], name, labels),
      after: total(after[service], name, labels),
    });
    for (const service of SERVICES) {
      const http = moved(service, 'benefits_http_request_duration_seconds_count');
      expect(http.after).toBeGreaterThan(http.before);
      const appends = moved(service, 'benefits_event_store_append_duration_seconds_count', { outcome: 'ok' });
      expect(appends.after).toBeGreaterThan(appends.before);
      // The accepted commands are the write requests that succeeded.
      expect(moved(service, 'benefits_commands_total', { outcome: 'accepted' }).after).toBeGreaterThan(0);
      // Read models: one lag sample per projection, labelled with its name.
      expect(after[service]).toMatch(/^benefits_projection_lag_seconds\{[^}]*projection="[a-z]/m);
    }
    // The services with a consumer: the messages they took (their age is the time lag) and their lag per topic.
    for (const service of ['applications', 'eligibility', 'disbursement'] as const) {
      const age = moved(service, 'benefits_consumer_message_age_seconds_count', { consumer: service });
      expect(age.after).toBeGreaterThan(age.before);
      const handled = moved(service, 'benefits_consumer_delivery_duration_seconds_count', { consumer: service, outcome: 'handled' });
      expect(handled.after).toBeGreaterThan(handled.before);
      expect(after[service]).toMatch(new RegExp(`^benefits_consumer_lag_messages\\{[^}]*consumer="${service}",topic="[^"]+",partition="0"[^}]*\\} \\d+`, 'm'));
      expect(total(after[service], 'benefits_consumer_parked_messages', { status: 'failed' })).toBe(0);
    }
    // The payment run, on disbursement's own registry.
    expect(total(after.disbursement, 'benefits_payment_run_duration_seconds_count', { benefit: 'tefu' })).toBe(1);
    expect(total(after.disbursement, 'benefits_payment_run_payments_sum', { benefit: 'tefu' })).toBe(2);
    // Personal data: applications sealed the household's members in the vault.
    expect(total(after.applications, 'benefits_vault_operation_duration_seconds_count', { operation: 'seal' }) + total(after.applications, 'benefits_vault_operation_duration_seconds_count', { operation: 'register' })).toBeGreaterThan(0);
    expect(harness.errors).toEqual([]);
  });
});
