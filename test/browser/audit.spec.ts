import { expect } from '@jest/globals';
import { sampleResidentId } from '../support/sample-household';
import { waitFor } from '../support/embedded-harness';
import { runPayments } from '../support/payment-run';
import { describeBrowser, startConsoleStack, type ConsoleStack } from './support/console-stack';
import { signIn } from './steps/sign-in';
import {
  assignFinding,
  checkFinding,
  decideFinding,
  expectChainVerified,
  openCaseHistory,
  openFinding,
  runAnomalyScan,
  setAsEffectiveOn,
  setAsKnownAt,
  startRecomputation,
  stateFactsText,
  until,
} from './steps/audit';

/**
 * 审计 in the console (real browser): a county auditor replays an invented 嘉兴 计生特扶 case on both
 * time axes — what was known at the end of December against what is known now, after a pension
 * correction recorded in January — sees every stream of the case verify, recomputes the case, and
 * runs a 疑点 scan that finds a 低保 case undecided past its time limit, then works that finding
 * through 分派 → 核查 → 结论 (with a stale second tab refused by 412). Sample data throughout.
 *
 * Set-up that is not the subject of the test goes through the services' HTTP APIs (s.h.http): the
 * standard import, the 特扶 case with its facts, approval and monthly runs, the January corrections
 * (as test/audit/replay-bitemporal.spec.ts), and one 低保 application accepted and left undecided.
 * The harness clock is moved for the business dates (s.h.clock.now).
 */
jest.setTimeout(420_000);

const JIAXING_STANDARD = '001_40e26111df30cc0a.txt';
const at = (date: string) => new Date(`${date}T02:00:00Z`); // 10:00 in Asia/Shanghai
const AUDITOR = { role: 'auditor', division: '330402', id: 'auditor-wu' };

describeBrowser('audit pages (real browser): history on two time axes, chain verification, recomputation, 疑点 worklist', () => {
  let s: ConsoleStack;
  let caseId = '';
  let dibaoCaseId = '';
  /** A whole second after everything of December was recorded and before anything of January. */
  let endOfDecember = new Date(0);

  beforeAll(async () => {
    s = await startConsoleStack({ now: at('2024-08-05'), prefix: 'benefits-console-audit-', suite: 'audit' });
    const { h } = s;
    for (const [who, role, division] of [
      ['admin', 'admin', '330400'],
      ['intake', 'intake_officer', '330402'],
      ['approver', 'approver', '330402'],
      ['clerk', 'finance_clerk', '330402'],
      ['auditor', 'auditor', '330402'],
    ] as const) {
      await h.issue(who, role, division);
    }
    await h.importStandard('admin', '330400', JIAXING_STANDARD);

    // Set-up (not under test): the 特扶 case of replay-bitemporal.spec.ts, approved in August 2024 and paid September to December.
    const getCase = () => h.http('applications').get(`/cases/${caseId}`).set(h.as('approver')).expect(200);
    const etag = async () => (await getCase()).headers.etag as string;
    const refs: Record<'wife' | 'husband', string> = { wife: '', husband: '' };
    const recordFact = async (subject: 'wife' | 'husband', fact: Record<string, unknown>, effectiveFrom: string, supersedes?: string) =>
      h
        .http('applications')
        .post(`/cases/${caseId}/facts`)
        .set(h.as('intake'))
        .set('If-Match', await etag())
        .send({ subject: refs[subject], fact, effectiveFrom, ...(supersedes ? { supersedes } : {}), evidence: [{ kind: 'other', reference: `evidence:sample-${fact.kind as string}` }] })
        .expect(200);
    const created = await h
      .http('applications')
      .post('/cases/tefu')
      .set(h.as('intake'))
      .send({
        divisionCode: '330402',
        members: [
          { role: 'wife', name: '示例丙', residentId: sampleResidentId('1970-03-15', '022'), birthDate: '1970-03-15' },
          { role: 'husband', name: '示例丁', residentId: sampleResidentId('1964-10-20', '011'), birthDate: '1964-10-20' },
        ],
        family: { familyType: 'childDisabled', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample-disability-certificate'] },
      })
      .expect(201);
    caseId = created.body.caseId;
    for (const m of (await getCase()).body.members as { role: 'wife' | 'husband'; personRef: string }[]) refs[m.role] = m.personRef;
    for (const who of ['wife', 'husband'] as const) await recordFact(who, { kind: 'elderlyCareSubsidy', receiving: false }, '2024-08-05');
    // Sample figure, not an official one: his pension of August 2024 as first recorded (¥1,500.00).
    const pension = await recordFact('husband', { kind: 'income', source: 'pension', month: '2024-08', amountFen: 150_000 }, '2024-08-05');
    const pensionFactId = (pension.body.facts ?? (await getCase()).body.facts).find((f: { fact: { kind: string } }) => f.fact.kind === 'income').factId as string;
    await h.http('applications').post(`/cases/${caseId}/submit`).set(h.as('intake')).set('If-Match', await etag()).send({}).expect(200);
    const determined = await waitFor('the determination on the case', async () => {
      const res = await getCase();
      return res.body.determinations.length > 0 ? res : null;
    }, 60_000);
    await h
      .http('applications')
      .post(`/cases/${caseId}/eligibility-confirmation`)
      .set(h.as('intake'))
      .set('If-Match', determined.headers.etag)
      .send({ evidence: [{ kind: 'disabilityCertificate', reference: 'evidence:sample-child-disability-certificate' }] })
      .expect(200);
    await h.http('applications').post(`/cases/${caseId}/approve`).set(h.as('approver')).set('If-Match', await etag()).send({ determinationId: determined.body.determinations[0].determinationId }).expect(200);
    await waitFor('the schedule in disbursement', () => h.store.streamExists(`entitlement-${caseId}`), 60_000);
    for (const period of ['2024-09', '2024-10', '2024-11', '2024-12']) await runPayments(() => h.http('disbursement'), h.as('clerk'), { benefit: 'tefu', divisionCode: '330402', period });

    // The instant the auditor will type (to the second): the next whole second after December's last event; January starts after it.
    endOfDecember = new Date(Math.floor(Date.now() / 1000) * 1000 + 1000);
    await waitFor('the wall clock to pass the chosen instant', async () => Date.now() > endOfDecember.getTime() + 10, 5_000);

    // January 2025: the subsidy since 2024-11-01 and the corrected pension (¥1,820.00), recorded after the fact.
    h.clock.now = at('2025-01-12');
    const before = (await h.store.readStream(`determination-${caseId}`)).length;
    await recordFact('husband', { kind: 'elderlyCareSubsidy', receiving: true }, '2024-11-01');
    await recordFact('husband', { kind: 'income', source: 'pension', month: '2024-08', amountFen: 182_000 }, '2024-08-05', pensionFactId);
    await waitFor('the redetermination', async () => (await h.store.readStream(`determination-${caseId}`)).length > before, 60_000);

    // A 低保 application accepted on 2025-01-13 and never decided: past its 25-working-day limit by June (A9).
    h.clock.now = at('2025-01-13');
    const dibao = await h
      .http('applications')
      .post('/cases/dibao')
      .set(h.as('intake'))
      .send({
        divisionCode: '330402',
        householdCategory: 'stable',
        members: [{ relation: 'applicant', name: '示例午', residentId: sampleResidentId('1976-04-01', '231'), birthDate: '1976-04-01' }],
      })
      .expect(201);
    dibaoCaseId = dibao.body.caseId;
    const dibaoView = await h.http('applications').get(`/cases/dibao/${dibaoCaseId}`).set(h.as('approver')).expect(200);
    await h.http('applications').post(`/cases/dibao/${dibaoCaseId}/accept`).set(h.as('intake')).set('If-Match', dibaoView.headers.etag as string).send({}).expect(200);
  });

  afterAll(async () => {
    await s?.close();
  });

  it('the auditor opens the case history: moving as-known-at back shows the pension as first recorded, forward the correction; every stream verifies', async () => {
    const page = await s.newPage();
    await signIn(page, AUDITOR);
    await page.getByRole('menuitem', { name: '案件回放' }).click();
    await page.getByLabel('案件编号').waitFor();
    await s.screenshot(page, '01-case-search');

    await openCaseHistory(page, caseId);
    // Now: the correction is known.
    let facts = await stateFactsText(page);
    expect(facts).toContain('¥1,820.00');
    expect(facts).not.toContain('¥1,500.00');
    expect(await page.getByTestId('axes-summary').textContent()).toContain('现在（已记录的全部事件）');
    await expectChainVerified(page);
    await s.screenshot(page, '02-history-now');

    // Back to the end of December (typed in Beijing time): the pension as first recorded, no subsidy.
    await setAsKnownAt(page, endOfDecember);
    facts = await stateFactsText(page);
    expect(facts).toContain('¥1,500.00');
    expect(facts).not.toContain('¥1,820.00');
    expect(facts).not.toMatch(/receiving: 是/);
    expect(await page.getByTestId('axes-summary').textContent()).toContain('北京时间）时已记录的事件');
    // As effective on 2024-12-15: the one determination known then applies, December's payments are the ones for the date.
    await setAsEffectiveOn(page, '2024-12-15');
    const summary = (await page.getByTestId('axes-summary').textContent()) ?? '';
    expect(summary).toContain('2024-12-15 当日适用的内容');
    const determinations = page.getByRole('table', { name: '认定' });
    expect(await determinations.locator('[data-applies="true"]').count()).toBe(1);
    const payments = page.getByRole('table', { name: '发放' });
    expect(await payments.locator('[data-applies="true"]').count()).toBe(2);
    expect(await payments.textContent()).toContain('第 52 项');
    await s.screenshot(page, '03-history-known-at-end-of-december');

    // Forward again (now), same effective date: the subsidy from November and the corrected pension apply.
    await setAsKnownAt(page, null);
    facts = await stateFactsText(page);
    expect(facts).toContain('¥1,820.00');
    expect(facts).toMatch(/receiving: 是/);
    expect(await determinations.locator('[data-applies="true"]').count()).toBe(1);
    await s.screenshot(page, '04-history-now-effective-2024-12-15');

    // The same view as known at an event, by its log position (the row's 当时所知 button): the first event only.
    await setAsEffectiveOn(page, null);
    await page.getByRole('button', { name: '按第 0 号事件时的已知回放' }).click();
    await until('one event known', async () => page.getByRole('table', { name: '事件' }).locator('tbody tr.ant-table-row').count(), 1);
    expect(await page.getByTestId('axes-summary').textContent()).toMatch(/日志位置 \S+ 及之前的事件/);
    await s.screenshot(page, '05-history-known-at-position');

    // English is one click away; the axes stay as chosen.
    await page.getByLabel('界面语言').getByText('English').click();
    await page.getByText('As known at (recorded time)').waitFor();
    expect(await page.getByTestId('axes-summary').textContent()).toMatch(/events at or before log position/);
    await s.screenshot(page, '05b-history-english');
  });

  it('recomputes the case from its history page, and the county\'s December 特扶 payments through the form: completed, everything matches', async () => {
    const page = await s.newPage();
    await signIn(page, AUDITOR);
    await openCaseHistory(page, caseId);
    const { verdict } = await startRecomputation(page, { fromHistory: true });
    expect(verdict).toContain('全部一致');
    const counts = page.getByRole('table', { name: '按类别计数' });
    expect(await counts.textContent()).toMatch(/发放\s*8\s*0\s*0/);
    await s.screenshot(page, '06-recomputation');

    // The same through the 重算 form, for the county's 特扶 payments of December 2024.
    const county = await startRecomputation(page, { divisionCode: '330402', benefit: 'tefu', period: '2024-12' });
    expect(county.verdict).toContain('全部一致');
    expect(await page.getByLabel('重算概况').textContent()).toContain('2024-12');
    await s.screenshot(page, '06b-recomputation-division');
  });

  it('verifies the whole log and lists the anchors', async () => {
    const page = await s.newPage();
    await signIn(page, AUDITOR);
    await page.goto('/audit/integrity');
    await page.getByRole('table', { name: '锚定' }).waitFor();
    await s.screenshot(page, '07-integrity-anchors');
    await page.getByRole('button', { name: '开始全量校验' }).click();
    await page.waitForURL(/\/audit\/integrity\/verifications\//);
    await page.locator('[data-status="completed"]').first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('verification-verdict').textContent()).toContain('完整');
    await s.screenshot(page, '07-verification-job');
  });

  it('runs a 疑点 scan, then works the finding through 分派 → 核查 → 结论; a stale tab is refused (412)', async () => {
    const page = await s.newPage();
    await signIn(page, AUDITOR);
    await page.goto('/audit/anomaly-rules');
    await page.getByRole('table', { name: '疑点规则' }).getByText('A9-decision-overdue').waitFor();
    await s.screenshot(page, '08-anomaly-rules');

    await runAnomalyScan(page, { rules: ['A9-decision-overdue'], asOf: '2025-06-30' });
    expect(await page.getByTestId('scan-verdict').textContent()).toContain('新发现 1 个疑点');
    await s.screenshot(page, '09-anomaly-scan');

    const findingId = await openFinding(page, 'A9-decision-overdue');
    expect(await page.getByLabel('疑点概况').textContent()).toContain(dibaoCaseId);
    // A second tab reads the finding at revision 0 before the first assigns it.
    const stale = await s.newPage();
    await signIn(stale, AUDITOR);
    await stale.goto(`/audit/anomalies/${findingId}`);
    await stale.getByLabel('处理').waitFor().catch(async (e) => {
      await s.screenshot(stale, 'fail-stale');
      throw e;
    });
    await s.screenshot(page, '10-finding-open');

    await assignFinding(page, 'officer-li', '请南湖区民政入户核查（样例）');
    await stale.getByLabel('核查人工号').fill('someone-else');
    await stale.getByRole('button', { name: /^分\s*派$/ }).click();
    const conflict = stale.getByRole('alert').filter({ hasText: '有人在您之后修改了此案件' });
    await conflict.waitFor();
    await s.screenshot(stale, '11-finding-stale-412');

    await checkFinding(page, 'confirmed_on_site', '已入户核实：申请材料齐全，审批超期属实（样例）', 'evidence:sample-visit-0630');
    await decideFinding(page, { outcome: 'confirmed', action: 'referral', note: '移送县民政局督办（样例）' });
    expect(await page.getByTestId('finding-outcome').textContent()).toContain('已确认（移送）');
    const timeline = (await page.getByRole('table', { name: '疑点经过' }).textContent()) ?? '';
    for (const type of ['audit.FindingRaised', 'audit.FindingAssigned', 'audit.FindingChecked', 'audit.FindingConfirmed']) expect(timeline).toContain(type);
    await s.screenshot(page, '12-finding-confirmed');

    await page.goto('/audit/anomalies?status=confirmed');
    await page.getByRole('table', { name: '疑点列表' }).getByRole('link').first().waitFor();
    await s.screenshot(page, '13-anomalies-confirmed');
    expect(s.h.errors).toEqual([]);
  });
});
