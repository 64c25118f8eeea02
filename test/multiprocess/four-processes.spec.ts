import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createDevTokenVerifier } from '@benefits/identity';
import { sampleTefuHousehold } from '../support/sample-household';
import { readSeed } from '@benefits/standards';
import { createTestDatabase, describeIfKafka, freePort } from '@benefits/testing';

/**
 * The walking skeleton with the four services as separate processes (`runStandalone`), each with
 * its own PostgreSQL database, talking only through Kafka (the mock cluster) and HTTP: every
 * process forwards its store's integration events and runs its consumer on a KafkaIntegrationServer.
 * Same flow as test/skeleton/embedded-flow.spec.ts, on the system clock (dates are computed).
 * Audit reads the shared store in embedded mode; as a separate process it has no copy of the other
 * services' streams yet, so the payment trace is checked on disbursement's payment view here.
 */
jest.setTimeout(90_000);

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

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
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
    disbursementStore = await createEventStore({ kind: 'postgres', url: databases.disbursement });
  });

  afterAll(async () => {
    await Promise.all([...children].map(stopChild));
    await disbursementStore?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('create → submit → determined 1,000 元/人/月 → approved by another officer → paid once per month', async () => {
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
    await waitFor('the entitlement schedule in disbursement', () => disbursementStore!.streamExists(`entitlement-${caseId}`));
    const runFor = (period: string) =>
      http('disbursement').post('/disbursement/runs').set(as('clerk')).send({ benefit: 'tefu', divisionCode: '330402', period }).expect(200);
    const approvalMonth = await runFor(today.slice(0, 7));
    expect(approvalMonth.body.created).toBe(0);
    const paid = nextMonth(today);
    const first = await runFor(paid);
    expect(first.body).toMatchObject({ created: 2, alreadyExisted: 0, totals: { createdAmount: { fen: 200_000 } } });
    const again = await runFor(paid);
    expect(again.body).toMatchObject({ created: 0, alreadyExisted: 2, totals: { createdAmount: { fen: 0 } } });

    // Each payment cites the determination and the standard clause (item 52) it rests on.
    const streams: string[] = first.body.payments.map((p: { paymentStreamId: string }) => p.paymentStreamId);
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

    // Every process is still up, and the audit process answers on its own.
    for (const name of SERVICES) expect({ name, exitCode: processes[name].exitCode }).toEqual({ name, exitCode: null });
    await http('audit').get('/health/ready').expect(200);
  });

  it('each process stops cleanly on SIGTERM', async () => {
    const codes = await Promise.all(
      SERVICES.map(
        (name) =>
          new Promise<number | null>((r) => {
            const child = processes[name];
            if (child.exitCode !== null || child.signalCode !== null) return r(child.exitCode);
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
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
