import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { Kafka, logLevel } from 'kafkajs';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createDevTokenVerifier } from '@benefits/identity';
import { sampleTefuHousehold } from '../support/sample-household';
import { readSeed } from '@benefits/standards';
import { createTestDatabase, describeIfKafka, freePort } from '@benefits/testing';
import { total } from '../support/metrics-text';

/**
 * The walking skeleton with the four services as separate processes (`runStandalone`), each with
 * its own PostgreSQL database, talking only through Kafka (the mock cluster) and HTTP: every
 * process forwards its store's integration events and runs its consumer on a KafkaIntegrationServer.
 * Same flow as test/skeleton/embedded-flow.spec.ts, on the system clock (dates are computed).
 * Audit, as a separate process, answers from its replica of every service's log, filled from the
 * replication topic that each process's second forwarder publishes to.
 */
jest.setTimeout(180_000);

const root = resolve(__dirname, '..', '..');
const SERVICES = ['applications', 'eligibility', 'disbursement', 'audit'] as const;
type ServiceName = (typeof SERVICES)[number];

/** 《嘉兴市基本公共服务标准（2023年版）》 as shipped. */
const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';


/** The calendar date in Asia/Shanghai (the business time zone), YYYY-MM-DD. */
const shanghaiDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const nextMonth = (date: string) => {
  const [y, m] = date.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const children = new Set<ChildProcess>();
// Whatever happens to the suite, no service process outlives the test run.
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** The sum of every topic's high watermarks: moves whenever anything is published anywhere. */
async function topicOffsets(brokers: string[]): Promise<Record<string, number>> {
  const admin = new Kafka({ clientId: 'four-processes-offsets', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets: Record<string, number> = {};
    for (const topic of (await admin.listTopics()).filter((t) => t.startsWith('benefits.')).sort()) {
      const partitions = await admin.fetchTopicOffsets(topic);
      offsets[topic] = partitions.reduce((sum, p) => sum + Number(p.high), 0);
    }
    return offsets;
  } finally {
    await admin.disconnect();
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

describeIfKafka('walking skeleton, four processes: one 计生特扶 case through the services over Kafka and PostgreSQL', (brokers) => {
  let dataDir: string;
  let disbursementStore: EventStore | null = null;
  const stores = {} as Record<ServiceName, EventStore>;
  let flowCaseId = '';
  const urls = {} as Record<ServiceName, string>;
  const databases = {} as Record<ServiceName, string>;
  const processes = {} as Record<ServiceName, ChildProcess>;
  const output = {} as Record<ServiceName, string>;
  const tokens: Record<string, string> = {};
  const http = (service: ServiceName) => request(urls[service]);
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-four-'));
    // The dev signing key in the shared data directory: every process verifies the same tokens.
    const verifier = await createDevTokenVerifier({ dataDir });
    const issue = (sub: string, role: string, division: string) => verifier.issueDevToken({ sub, role, division });
    tokens.admin = await issue('admin-qian', 'admin', '330400');
    tokens.intake = await issue('officer-wang', 'intake_officer', '330402');
    tokens.approver = await issue('approver-zhao', 'approver', '330402');
    tokens.clerk = await issue('clerk-sun', 'finance_clerk', '330402');
    tokens.auditor = await issue('auditor-zhou', 'auditor', '330400');

    for (const name of SERVICES) {
      databases[name] = await createTestDatabase(`four_${name}`);
      const port = await freePort();
      urls[name] = `http://127.0.0.1:${port}`;
      output[name] = '';
      const child = spawn(process.execPath, [join(root, 'tools', 'run-ts.js'), `services/${name}/src/main.ts`], {
        cwd: root,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          BENEFITS_EVENT_STORE: 'postgres',
          BENEFITS_PG_URL: databases[name],
          BENEFITS_DATA_DIR: dataDir,
          BENEFITS_KAFKA_BROKERS: brokers.join(','),
          BENEFITS_HOST: '127.0.0.1',
          PORT: String(port),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      child.once('exit', () => children.delete(child));
      const collect = (chunk: Buffer) => void (output[name] += chunk.toString('utf8'));
      child.stdout?.on('data', collect);
      child.stderr?.on('data', collect);
      processes[name] = child;
    }
    for (const name of SERVICES) {
      await waitFor(`${name} to be ready`, async () => {
        if (processes[name].exitCode !== null) throw new Error(`${name} exited: ${output[name]}`);
        const res = await http(name).get('/health/ready');
        return res.status === 200;
      }, 45_000).catch((error) => {
        throw new Error(`${(error as Error).message}\n${name} output:\n${output[name]}`);
      });
    }
    for (const name of SERVICES) stores[name] = await createEventStore({ kind: 'postgres', url: databases[name] });
    disbursementStore = stores.disbursement;
  });

  afterAll(async () => {
    await Promise.all([...children].map(stopChild));
    await Promise.all(Object.values(stores).map((store) => store.close()));
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('create → submit → determined 1,000 元/人/月 → approved by another officer → paid once per month', async () => {
    const scrape = async () =>
      Object.fromEntries(await Promise.all(SERVICES.map(async (name) => [name, (await http(name).get('/metrics').expect(200)).text] as const))) as Record<ServiceName, string>;
    const metricsBefore = await scrape();
    // Eligibility's catalog (in its own database) holds the 嘉兴 standard.
    await http('eligibility')
      .post(`/standards/import?division=330400&sourceName=${JIAXING_STANDARD}`)
      .set(as('admin'))
      .set('Content-Type', 'text/plain')
      .send(readSeed(JIAXING_STANDARD))
      .expect(201);

    const today = shanghaiDate(new Date());
    const created = await http('applications')
      .post('/cases/tefu')
      .set(as('intake'))
      .send(sampleTefuHousehold())
      .expect(201);
    const caseId: string = created.body.caseId;
    flowCaseId = caseId;
    await http('applications').post(`/cases/${caseId}/submit`).set(as('intake')).set('If-Match', '"0"').send({}).expect(200);

    // applications → Kafka → eligibility → Kafka → applications.
    const determined = await waitFor('the determination on the case', async () => {
      const res = await http('applications').get(`/cases/${caseId}`).set(as('approver')).expect(200);
      return res.body.determinations.length > 0 ? res : null;
    });
    const [determination] = determined.body.determinations;
    expect(determination).toMatchObject({
      basedOnCaseRevision: 1,
      amountPerPersonPerMonthFen: 100_000,
      effectiveFrom: today,
      standardRef: { standardId: 'bps-330400', itemNo: '52' },
    });
    expect(determined.headers.etag).toBe('"2"');
    expect(determined.body.timeline[2]).toMatchObject({ type: 'tefu.DeterminationRecorded.v1', actor: { id: 'service:eligibility' } });

    await http('applications')
      .post(`/cases/${caseId}/approve`)
      .set(as('approver'))
      .set('If-Match', '"2"')
      .send({ determinationId: determination.determinationId })
      .expect(200);

    // applications → Kafka → eligibility (schedule) → Kafka → disbursement (its own database).
    await waitFor('the entitlement schedule in disbursement', () => disbursementStore!.streamExists(`entitlement-${caseId}`)).catch((error) => {
      const logs = SERVICES.map((name) => `${name}:\n${output[name].split('\n').filter((l) => l.startsWith(`${name}: `)).join('\n')}`);
      throw new Error(`${(error as Error).message}\n${logs.join('\n')}`);
    });
    const runFor = (period: string) =>
      http('disbursement').post('/disbursement/runs').set(as('clerk')).send({ benefit: 'tefu', divisionCode: '330402', period }).expect(200);
    const approvalMonth = await runFor(today.slice(0, 7));
    expect(approvalMonth.body.counts.created).toBe(0);
    const paid = nextMonth(today);
    const first = await runFor(paid);
    expect(first.body).toMatchObject({ status: 'completed', counts: { created: 2, alreadyExisted: 0, createdFen: 200_000 } });
    const again = await runFor(paid);
    expect(again.body).toMatchObject({ counts: { created: 0, alreadyExisted: 2, createdFen: 0 } });

    // Each payment cites the determination and the standard clause (item 52) it rests on.
    const listed = await http('disbursement').get(`/disbursement/runs/${first.body.runId}/payments`).set(as('clerk')).expect(200);
    const streams: string[] = listed.body.items.map((p: { paymentStreamId: string }) => p.paymentStreamId);
    expect(streams).toHaveLength(2);
    for (const paymentStreamId of streams) {
      const payment = await http('disbursement').get(`/disbursement/payments/${paymentStreamId}`).set(as('clerk')).expect(200);
      expect(payment.body).toMatchObject({
        caseId,
        periodKey: paid,
        amount: { fen: 100_000 },
        benefit: 'tefu',
        determinationId: determination.determinationId,
        standardRef: { standardId: 'bps-330400', itemNo: '52', contentHash: determination.standardRef.contentHash },
      });
    }

    // The audit process, from its replica: the timeline with actors and each payment's trace to item 52.
    let lastAnswer = '';
    const history = await waitFor('both payments in the audit replica', async () => {
      const res = await http('audit').get(`/audit/cases/${caseId}/history`).set(as('auditor'));
      lastAnswer = `${res.status} ${JSON.stringify(res.body).slice(0, 500)}`;
      return res.status === 200 && res.body.payments.length === 2 ? res : null;
    }).catch((error) => {
      throw new Error(`${(error as Error).message}; last answer ${lastAnswer}\naudit output:\n${output.audit}`);
    });
    expect(history.body.timeline.map((e: { type: string; actor: { id: string } | null }) => [e.type, e.actor?.id])).toEqual([
      ['tefu.CaseCreated.v1', 'officer-wang'],
      ['tefu.ApplicationSubmitted.v1', 'officer-wang'],
      ['tefu.DeterminationRecorded.v1', 'service:eligibility'],
      ['tefu.CaseApproved.v1', 'approver-zhao'],
    ]);
    expect(history.body.chain.intact).toBe(true);
    for (const payment of history.body.payments) {
      expect(payment).toMatchObject({ periodKey: paid, amount: { fen: 100_000 }, benefit: 'tefu' });
      expect(payment.trace).toMatchObject({
        determinationId: determination.determinationId,
        standardRef: { standardId: 'bps-330400', itemNo: '52', contentHash: determination.standardRef.contentHash },
        determination: { streamId: `determination-${caseId}`, basedOnCaseRevision: 1 },
        consistent: true,
      });
    }
    // The replica holds the original hash chain of each service's stream: it verifies as recorded.
    for (const streamId of [`case-${caseId}`, `determination-${caseId}`, `entitlement-${caseId}`, ...streams]) {
      const verdict = await http("audit").get(`/audit/streams/${streamId}/verify`).set(as("auditor"));
      if (verdict.status !== 200) throw new Error(`${streamId}: ${verdict.status} ${JSON.stringify(verdict.body)}`);
      expect({ streamId, intact: verdict.body.intact }).toEqual({ streamId, intact: true });
    }

    // Each process's /metrics (no token): its requests by route, its forwarders and its consumer moved.
    const metricsAfter = await scrape();
    const moved = (name: ServiceName, series: string, labels: Record<string, string> = {}) => ({
      name,
      series,
      ...labels,
      moved: total(metricsAfter[name], series, labels) > total(metricsBefore[name], series, labels),
    });
    const writers = ['applications', 'eligibility', 'disbursement'] as const;
    for (const name of SERVICES) {
      expect(moved(name, 'benefits_http_request_duration_seconds_count')).toMatchObject({ moved: true });
      // Every process runs a consumer: the messages it took (their age is the time lag) and its offset lag per partition.
      expect(moved(name, 'benefits_consumer_message_age_seconds_count', { consumer: name })).toMatchObject({ moved: true });
      expect({ name, lag: metricsAfter[name] }).toMatchObject({ lag: expect.stringMatching(new RegExp(`^benefits_consumer_lag_messages\\{[^}]*consumer="${name}",topic="[^"]+",partition="\\d+"[^}]*\\} \\d+`, 'm')) });
      expect({ name, backlog: metricsAfter[name] }).toMatchObject({ backlog: expect.stringMatching(new RegExp(`^benefits_outbox_backlog_events\\{[^}]*forwarder="${name}.outbox"[^}]*\\} \\d+`, 'm')) });
    }
    for (const name of writers) {
      expect(moved(name, 'benefits_event_store_append_duration_seconds_count', { outcome: 'ok' })).toMatchObject({ moved: true });
      expect(moved(name, 'benefits_outbox_forwarded_messages_total', { forwarder: `${name}.outbox` })).toMatchObject({ moved: true });
      expect(moved(name, 'benefits_outbox_forwarding_lag_seconds_count', { forwarder: `${name}.replication` })).toMatchObject({ moved: true });
    }
    expect(total(metricsAfter.disbursement, 'benefits_payment_run_duration_seconds_count', { benefit: 'tefu' })).toBe(3);

    // Every process is still up.
    for (const name of SERVICES) expect({ name, exitCode: processes[name].exitCode }).toEqual({ name, exitCode: null });
  });

  it('bad input on each service gets 400 with a stable code and zh/en message; no store head and no topic offset moves', async () => {
    // Let the forwarders of the previous test settle: offsets unchanged over three seconds (a forwarder
    // that met an error waits a few seconds before it tries again).
    let before = await topicOffsets(brokers);
    await waitFor('quiet topics', async () => {
      await new Promise((r) => setTimeout(r, 3_000));
      const now = await topicOffsets(brokers);
      const quiet = JSON.stringify(now) === JSON.stringify(before);
      before = now;
      return quiet;
    });
    const heads = Object.fromEntries(await Promise.all(SERVICES.map(async (name) => [name, await stores[name].headPosition()] as const)));

    const household = sampleTefuHousehold();
    const wrongCheckDigit = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    const bad: { service: ServiceName; method: 'post' | 'get'; path: string; who: string; body?: unknown; code: string }[] = [
      { service: 'applications', method: 'post', path: '/cases/tefu', who: 'intake', body: {}, code: 'VALIDATION_FAILED' },
      { service: 'applications', method: 'post', path: '/cases/tefu', who: 'intake', body: { ...household, divisionCode: 330402 }, code: 'VALIDATION_FAILED' },
      {
        service: 'applications',
        method: 'post',
        path: '/cases/tefu',
        who: 'intake',
        body: { ...household, members: [{ ...household.members[0], residentId: wrongCheckDigit(household.members[0].residentId) }] },
        code: 'INVALID_RESIDENT_ID',
      },
      { service: 'applications', method: 'post', path: '/cases/tefu', who: 'intake', body: { ...household, note: 'x' }, code: 'UNKNOWN_FIELD' },
      { service: 'applications', method: 'post', path: `/cases/${flowCaseId}/approve`, who: 'approver', body: {}, code: 'VALIDATION_FAILED' },
      { service: 'applications', method: 'post', path: `/cases/${flowCaseId}/reject`, who: 'approver', body: { reasons: 'not a list' }, code: 'VALIDATION_FAILED' },
      { service: 'applications', method: 'post', path: `/cases/${flowCaseId}/submit`, who: 'intake', body: { force: true }, code: 'UNKNOWN_FIELD' },
      { service: 'eligibility', method: 'post', path: '/eligibility/evaluate', who: 'admin', body: { benefit: 'tefu' }, code: 'VALIDATION_FAILED' },
      { service: 'disbursement', method: 'post', path: '/disbursement/runs', who: 'clerk', body: { benefit: 'tefu', divisionCode: '330402', period: '2024-13' }, code: 'VALIDATION_FAILED' },
      { service: 'disbursement', method: 'post', path: '/disbursement/runs', who: 'clerk', body: { benefit: 'tefu', divisionCode: '330402', period: '2024-08', extra: 1 }, code: 'UNKNOWN_FIELD' },
      { service: 'audit', method: 'get', path: '/audit/cases/not-a-case/history', who: 'auditor', code: 'VALIDATION_FAILED' },
    ];
    for (const attempt of bad) {
      const req = http(attempt.service)[attempt.method](attempt.path).set(as(attempt.who));
      const res = attempt.body === undefined ? await req : await req.send(attempt.body as object);
      expect({ ...attempt, status: res.status, got: res.body.code }).toMatchObject({ status: 400, got: attempt.code });
      expect(res.body.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
    }

    await new Promise((r) => setTimeout(r, 1_500));
    for (const name of SERVICES) expect({ name, head: await stores[name].headPosition() }).toEqual({ name, head: heads[name] });
    expect(await topicOffsets(brokers)).toEqual(before);
  });

  it('each process stops cleanly on SIGTERM', async () => {
    const codes = await Promise.all(
      SERVICES.map(
        (name) =>
          new Promise<number | null>((r) => {
            const child = processes[name];
            if (child.exitCode !== null || child.signalCode !== null) return r(child.exitCode);
            const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
            child.once('exit', (code) => {
              clearTimeout(timer);
              r(code);
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    expect(codes).toEqual([0, 0, 0, 0]);
  });
});
