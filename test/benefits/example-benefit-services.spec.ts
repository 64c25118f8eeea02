import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RulePack } from '@benefits/standards';
import { startEmbeddedHarness, waitFor, type EmbeddedHarness } from '../support/embedded-harness';
import { runPayments } from '../support/payment-run';
import { registerExampleBenefit } from '../fixtures/example-benefit';
import { sampleResidentId } from '../support/sample-household';

jest.setTimeout(240_000);

/**
 * The example benefit (示例补贴 — SAMPLE DATA, not a real scheme) through the running services, as
 * `npm start` runs them: registered as a module before they start, its case is created and approved
 * over applications' HTTP API (served from its route table), its fact snapshot determined by
 * eligibility under the pack published through the API, the determination recorded on the case and
 * the schedule issued on approval — with no shared file naming it.
 */
const MODULE = join(__dirname, '..', 'fixtures', 'example-benefit', 'pack');
const DOCUMENT = readFileSync(join(MODULE, 'sample-standard.txt'), 'utf8');
const PACK: RulePack = JSON.parse(readFileSync(join(MODULE, 'example-339900-2026.json'), 'utf8'));
const LONG = 120_000;

describe('the example benefit module through the four services (embedded)', () => {
  let harness: EmbeddedHarness;
  const http: EmbeddedHarness['http'] = (service) => harness.http(service);
  const as: EmbeddedHarness['as'] = (who) => harness.as(who);

  beforeAll(async () => {
    registerExampleBenefit();
    // 2026-03-02 10:00 in Asia/Shanghai: the sample standard is in force from 2026-02-01.
    harness = await startEmbeddedHarness({ now: new Date('2026-03-02T02:00:00Z'), prefix: 'benefits-example-' });
    await harness.issue('admin', 'admin', '339900');
    await harness.issue('officer', 'intake_officer', '339902');
    await harness.issue('approver', 'approver', '339902');
    await harness.issue('clerk', 'finance_clerk', '339902');
    await harness.issue('auditor', 'auditor', '339902');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('documents the module\'s routes from its route table', async () => {
    const doc = (await http('applications').get('/docs/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/cases/example', '/cases/example/{caseId}', '/cases/example/{caseId}/approve', '/cases/example/{caseId}/exit']));
    expect(doc.paths['/cases/example/{caseId}/approve'].post.summary).toBe('审核确认: approve');
  });

  it('describes the module for the web console: the JSON Schema of its application and of each step', async () => {
    await http('applications').get('/applications/case-benefits').expect(401);
    const { items } = (await http('applications').get('/applications/case-benefits').set(as('officer')).expect(200)).body;
    expect(items.map((d: { benefit: string }) => d.benefit)).toEqual(['example']);
    const [example] = items;
    expect(example).toMatchObject({ nameZh: '示例补贴', statusLabelsZh: { submitted: '已申请（待审批）', active: '享受中' } });
    expect(example.create.schema).toMatchObject({
      type: 'object',
      required: ['divisionCode', 'members'],
      properties: { members: { type: 'array', minItems: 1, items: { properties: { birthDate: { type: 'string', format: 'date', description: '出生日期' } } } } },
    });
    expect(example.steps.map((s: { path: string; label: string; internal: boolean }) => [s.path, s.label, s.internal])).toEqual([
      ['determinations', 'record the determination', true],
      ['approve', '批准', false],
      ['reject', '不予批准', false],
      ['suspend', '停发', false],
      ['resume', '恢复', false],
      ['exit', '退出', false],
    ]);
    // Who takes each step and when, as the module's workflow declares it (the console offers steps by it).
    const offers = Object.fromEntries(example.steps.map((s: { path: string; roles: string[] | null; makerChecker: boolean; statuses: string[] | null }) => [s.path, [s.roles, s.makerChecker, s.statuses]]));
    expect(offers).toEqual({
      determinations: [['case_officer', 'admin'], false, ['submitted']],
      approve: [['approver'], true, ['submitted']],
      reject: [['approver'], true, ['submitted']],
      suspend: [['approver'], true, ['active']],
      resume: [['approver'], true, ['suspended']],
      exit: [['approver'], true, ['active', 'suspended']],
    });
    expect(example.steps[1].schema).toMatchObject({ required: ['determinationId'], additionalProperties: false });
    const doc = (await http('applications').get('/docs/openapi.json').expect(200)).body;
    expect(doc.paths['/applications/case-benefits'].get.summary).toContain('registered as modules');
  });

  it('application → fact snapshot → determination under the published pack → approval → schedule', async () => {
    await http('eligibility').post('/standards/import?division=339900&sourceName=sample-standard.txt').set(as('admin')).set('Content-Type', 'text/plain').send(DOCUMENT).expect(201);
    await http('eligibility').post('/rule-packs').set(as('admin')).send(PACK).expect(201);

    const bad = await http('applications').post('/cases/example').set(as('officer')).send({ divisionCode: '339902', members: [] }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    // SAMPLE persons (invented names, 身份证号 valid in form only).
    const elder = { name: '样例甲', residentId: sampleResidentId('1944-05-01', '011', '339902'), birthDate: '1944-05-01' };
    const oldest = { name: '样例乙', residentId: sampleResidentId('1934-07-01', '022', '339902'), birthDate: '1934-07-01' };
    // A 身份证号 that is not valid, or a date of birth it does not carry, is refused before the vault is touched.
    const wrongCheck = { ...oldest, residentId: `${oldest.residentId.slice(0, 17)}${oldest.residentId.endsWith('0') ? '1' : '0'}` };
    expect((await http('applications').post('/cases/example').set(as('officer')).send({ divisionCode: '339902', members: [elder, wrongCheck] }).expect(400)).body.code).toBe('INVALID_RESIDENT_ID');
    expect((await http('applications').post('/cases/example').set(as('officer')).send({ divisionCode: '339902', members: [{ ...elder, birthDate: '1944-05-02' }] }).expect(400)).body.code).toBe('BIRTH_DATE_MISMATCH');
    expect((await http('applications').get('/cases?benefit=example').set(as('approver')).expect(200)).body.items).toEqual([]);
    const created = await http('applications').post('/cases/example').set(as('officer')).send({ divisionCode: '339902', members: [elder, oldest] }).expect(201);
    const caseId: string = created.body.caseId;
    expect(created.body).toMatchObject({ revision: 0, status: 'submitted' });
    // The names and numbers are sealed in the vault and events; the case view opens them masked for the reader.
    const events = JSON.stringify(await harness.store.readStream(`case-${caseId}`));
    expect(events).not.toContain('样例甲');
    expect(events).not.toContain(elder.residentId);
    const opened = (await http('applications').get(`/cases/example/${caseId}`).set(as('approver')).expect(200)).body;
    expect(opened.members.map((m: { name: string }) => m.name)).toEqual(['样例甲', '样例乙']);
    expect(JSON.stringify(opened)).not.toContain(elder.residentId);
    const [elderRef, oldestRef] = opened.members.map((m: { personRef: string }) => m.personRef);

    const determined = await waitFor(
      'the determination recorded on the case',
      async () => {
        const res = await http('applications').get(`/cases/example/${caseId}`).set(as('approver')).expect(200);
        return res.body.determination ? res : null;
      },
      LONG,
    );
    // 100 元 for the resident of 81, 200 元 for the one of 91 (样例数据).
    expect(determined.body).toMatchObject({ benefit: 'example', status: 'submitted', determination: { eligible: true, monthlyAmountFen: 30_000 } });
    const { determinationId } = determined.body.determination;
    const trace = (await http('eligibility').get(`/eligibility/cases/${caseId}/determinations`).set(as('approver')).expect(200)).body;
    expect(JSON.stringify(trace)).toContain('年满90周岁的，每人每月200元');

    const listed = await http('applications').get('/cases?benefit=example').set(as('approver')).expect(200);
    expect(listed.body.items.map((i: { caseId: string; benefit: string }) => [i.caseId, i.benefit])).toEqual([[caseId, 'example']]);

    // The officer who applied may not approve (maker-checker); the approver may.
    await http('applications').post(`/cases/example/${caseId}/approve`).set(as('officer')).set('If-Match', determined.headers.etag).send({ determinationId }).expect(403);
    const approved = await http('applications').post(`/cases/example/${caseId}/approve`).set(as('approver')).set('If-Match', determined.headers.etag).send({ determinationId }).expect(200);
    expect(approved.body).toMatchObject({ status: 'active' });

    const schedule = await waitFor(
      'the schedule issued on approval',
      async () => {
        const events = await harness.store.readStream(`determination-${caseId}`);
        return events.find((e) => e.type === 'example.EntitlementScheduleIssued.v1') ?? null;
      },
      LONG,
    );
    const lines = (schedule.data as { lines: { periodKey: string; amountFen: number }[] }).lines;
    expect(lines.filter((l) => l.periodKey === '2026-04').map((l) => l.amountFen).sort()).toEqual([10_000, 20_000]);

    // Disbursement records the schedule and pays it in a run of the benefit, as any periodic benefit.
    const run = await waitFor(
      'the schedule recorded by disbursement and paid in a run',
      async () => {
        const outcome = await runPayments(() => http('disbursement'), as('clerk'), { benefit: 'example', divisionCode: '339902', period: '2026-04' });
        return outcome.created > 0 ? outcome : null;
      },
      LONG,
    );
    expect(run.payments.map((p) => [p.personRef, p.periodKey, p.amount.fen]).sort()).toEqual(
      [
        [elderRef, '2026-04', 10_000],
        [oldestRef, '2026-04', 20_000],
      ].sort(),
    );

    // 停发 from May (the shared lifecycle step): disbursement holds the case's regular months from then.
    const current = await http('applications').get(`/cases/example/${caseId}`).set(as('approver')).expect(200);
    await http('applications').post(`/cases/example/${caseId}/suspend`).set(as('approver')).set('If-Match', current.headers.etag).send({ effectiveFrom: '2026-05-01', reason: '样例：外出未按时复核' }).expect(200);
    const suspended = await waitFor(
      'the suspension recorded by disbursement',
      async () => (await harness.store.readStream(`entitlement-${caseId}`)).find((e) => e.type === 'disbursement.EntitlementSuspended.v1') ?? null,
      LONG,
    );
    expect(suspended.data).toMatchObject({ caseId, benefit: 'example', effectiveFrom: '2026-05-01' });
    const may = await runPayments(() => http('disbursement'), as('clerk'), { benefit: 'example', divisionCode: '339902', period: '2026-05' });
    expect(may.created).toBe(0);

    // Audit recomputes the case with the module's own reading (rules/audit.ts): the determination and both payments match.
    const recompute = async (scope: object) => {
      const started = await http('audit').post('/audit/recomputations').set(as('auditor')).send({ scope }).expect(202);
      return waitFor(
        'the recomputation',
        async () => {
          const res = await http('audit').get(`/audit/recomputations/${started.body.recomputationId as string}`).set(as('auditor')).expect(200);
          return res.body.status === 'completed' ? res.body : null;
        },
        LONG,
      );
    };
    const report = await recompute({ caseId });
    expect({ mismatches: report.mismatches, notRecomputable: report.notRecomputable }).toEqual({ mismatches: [], notRecomputable: [] });
    expect(report.counts.determinations.match).toBeGreaterThanOrEqual(1);
    expect(report.counts.payments).toEqual({ match: 2, mismatch: 0, notRecomputable: 0 });
    // A division-wide recomputation may be limited to the module's benefit.
    const division = await recompute({ divisionCode: '339902', benefit: 'example' });
    expect({ mismatches: division.mismatches, notRecomputable: division.notRecomputable, payments: division.counts.payments }).toEqual({ mismatches: [], notRecomputable: [], payments: { match: 2, mismatch: 0, notRecomputable: 0 } });
    expect((await http('audit').post('/audit/recomputations').set(as('auditor')).send({ scope: { divisionCode: '339902', benefit: 'pension' } }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect(harness.errors).toEqual([]);
  });

  it('one resident, one open case of the benefit: an application naming a resident of an open case is refused and writes nothing; after 退出 it passes', async () => {
    const listed = async () => (await http('applications').get('/cases?benefit=example').set(as('approver')).expect(200)).body.items.map((i: { caseId: string }) => i.caseId);
    const [held] = await listed();
    const elder = { name: '样例甲', residentId: sampleResidentId('1944-05-01', '011', '339902'), birthDate: '1944-05-01' };
    const newcomer = { name: '样例丙', residentId: sampleResidentId('1940-01-01', '033', '339902'), birthDate: '1940-01-01' };
    const refused = await http('applications').post('/cases/example').set(as('officer')).send({ divisionCode: '339902', members: [newcomer, elder] }).expect(409);
    expect(refused.body).toMatchObject({ code: 'PERSON_HAS_OPEN_CASE', details: { benefit: 'example', members: ['members.1'], otherCaseIds: [held] } });
    expect(await listed()).toEqual([held]);
    const doc = (await http('applications').get('/docs/openapi.json').expect(200)).body;
    expect(doc.paths['/cases/example'].post.responses['409'].description).toContain('PERSON_HAS_OPEN_CASE');

    // 退出 releases the residents: the same application now passes.
    const current = await http('applications').get(`/cases/example/${held}`).set(as('approver')).expect(200);
    await http('applications').post(`/cases/example/${held}/exit`).set(as('approver')).set('If-Match', current.headers.etag).send({ effectiveFrom: '2026-06-01', reason: 'other', note: '样例：迁出本县' }).expect(200);
    const reserved = await harness.store.readStream(`example-person-${current.body.members[0].personRef}`);
    expect(reserved.map((e) => [e.type, (e.data as { caseId: string }).caseId])).toEqual([
      ['example.PersonReserved.v1', held],
      ['example.PersonReleased.v1', held],
    ]);
    const created = await http('applications').post('/cases/example').set(as('officer')).send({ divisionCode: '339902', members: [newcomer, elder] }).expect(201);
    expect((await listed()).sort()).toEqual([held, created.body.caseId].sort());
    expect(harness.errors).toEqual([]);
  });
});
