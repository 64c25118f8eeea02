import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIfKafka } from '@benefits/testing';
import { sampleResidentId } from '../support/sample-household';
import { startFourProcesses, waitUntil, type FourProcesses } from '../support/four-processes';
import { runPayments } from '../support/payment-run';

/**
 * The example benefit (示例补贴 — SAMPLE DATA, not a real scheme), registered as a module, through the
 * four services as separate processes over Kafka (the mock cluster) and PostgreSQL, on the system
 * clock: every process is given the same BENEFITS_MODULES; the module's fact snapshot travels to
 * eligibility, its determination back to applications, its schedule on to disbursement, and its
 * 停发 too, each through Kafka with the benefit named by the event's namespace.
 */
jest.setTimeout(300_000);

const MODULE = 'test/fixtures/example-benefit/index.ts';
const PACK_DIR = join(__dirname, '..', 'fixtures', 'example-benefit', 'pack');
const DOCUMENT = readFileSync(join(PACK_DIR, 'sample-standard.txt'), 'utf8');
const PACK = JSON.parse(readFileSync(join(PACK_DIR, 'example-339900-2026.json'), 'utf8'));
const DIVISION = '339902';

describeIfKafka('a benefit registered as a module, four processes over Kafka: application → determination → approval → schedule → payment → 停发', (brokers) => {
  let p: FourProcesses;
  const as = (who: string) => p.as(who);
  const logsOf = () => (['applications', 'eligibility', 'disbursement'] as const).map((name) => `${name}:\n${p.output[name].slice(-4_000)}`).join('\n');
  const withLogs = (error: unknown) => {
    throw new Error(`${(error as Error).message}\n${logsOf()}`);
  };

  beforeAll(async () => {
    p = await startFourProcesses(brokers, { prefix: 'benefits-module-four', env: { BENEFITS_MODULES: MODULE } });
    await p.issue('admin', 'admin', '339900');
    await p.issue('officer', 'intake_officer', DIVISION);
    await p.issue('approver', 'approver', DIVISION);
    await p.issue('clerk', 'finance_clerk', DIVISION);
  });

  afterAll(async () => {
    await p?.stop();
  });

  it('runs the module’s case across the processes and pays it', async () => {
    await p.http('eligibility').post('/standards/import?division=339900&sourceName=sample-standard.txt').set(as('admin')).set('Content-Type', 'text/plain').send(DOCUMENT).expect(201);
    await p.http('eligibility').post('/rule-packs').set(as('admin')).send(PACK).expect(201);

    // SAMPLE persons (invented names, 身份证号 valid in form only): 81 and 91 years old or more.
    const elder = { name: '样例甲', residentId: sampleResidentId('1944-05-01', '011', DIVISION), birthDate: '1944-05-01' };
    const oldest = { name: '样例乙', residentId: sampleResidentId('1934-07-01', '022', DIVISION), birthDate: '1934-07-01' };
    const created = await p.http('applications').post('/cases/example').set(as('officer')).send({ divisionCode: DIVISION, members: [elder, oldest] }).expect(201);
    const caseId: string = created.body.caseId;

    // applications → Kafka (facts) → eligibility → Kafka (determination) → applications.
    const determined = await waitUntil(
      'the determination recorded on the case (over Kafka)',
      async () => {
        const res = await p.http('applications').get(`/cases/example/${caseId}`).set(as('approver'));
        return res.status === 200 && res.body.determination ? res : null;
      },
      180_000,
    ).catch(withLogs);
    expect(determined.body.determination).toMatchObject({ eligible: true, monthlyAmountFen: 30_000 });
    const [elderRef, oldestRef] = determined.body.members.map((m: { personRef: string }) => m.personRef);

    await p
      .http('applications')
      .post(`/cases/example/${caseId}/approve`)
      .set(as('approver'))
      .set('If-Match', determined.headers.etag)
      .send({ determinationId: determined.body.determination.determinationId })
      .expect(200);

    // eligibility issues the schedule; it reaches disbursement (its own database) over Kafka.
    const schedule = await waitUntil(
      'the schedule issued by eligibility',
      async () => (await p.stores.eligibility.readStream(`determination-${caseId}`)).find((e) => e.type === 'example.EntitlementScheduleIssued.v1') ?? null,
      180_000,
    ).catch(withLogs);
    await waitUntil('the schedule in disbursement (over Kafka)', () => p.stores.disbursement.streamExists(`entitlement-${caseId}`), 180_000).catch(withLogs);
    const lines = (schedule.data as { lines: { periodKey: string; beneficiaryRef: string; amountFen: number }[] }).lines;
    const period = lines[0].periodKey;
    const run = await runPayments(() => p.http('disbursement'), as('clerk'), { benefit: 'example', divisionCode: DIVISION, period });
    expect(run.payments.map((x) => [x.personRef, x.periodKey, x.amount.fen]).sort()).toEqual(
      [
        [elderRef, period, 10_000],
        [oldestRef, period, 20_000],
      ].sort(),
    );

    // 停发 from the month after: the suspension reaches disbursement over Kafka, which then pays nothing for it.
    const later = lines.map((l) => l.periodKey).find((k) => k > period)!;
    const current = await p.http('applications').get(`/cases/example/${caseId}`).set(as('approver')).expect(200);
    await p
      .http('applications')
      .post(`/cases/example/${caseId}/suspend`)
      .set(as('approver'))
      .set('If-Match', current.headers.etag)
      .send({ effectiveFrom: `${later}-01`, reason: '样例：外出未按时复核' })
      .expect(200);
    const suspended = await waitUntil(
      'the suspension in disbursement (over Kafka)',
      async () => (await p.stores.disbursement.readStream(`entitlement-${caseId}`)).find((e) => e.type === 'disbursement.EntitlementSuspended.v1') ?? null,
      180_000,
    ).catch(withLogs);
    expect(suspended.data).toMatchObject({ caseId, benefit: 'example', effectiveFrom: `${later}-01` });
    const held = await runPayments(() => p.http('disbursement'), as('clerk'), { benefit: 'example', divisionCode: DIVISION, period: later });
    expect(held.created).toBe(0);
  });
});
