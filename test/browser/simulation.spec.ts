import { readFileSync } from 'node:fs';
import { expect } from '@jest/globals';
import { waitFor } from '../support/embedded-harness';
import { sampleResidentId } from '../support/sample-household';
import { describeBrowser, startConsoleStack, type ConsoleStack } from './support/console-stack';
import { pickOption } from './steps/select';
import { signIn } from './steps/sign-in';

jest.setTimeout(300_000);

/**
 * 政策测算 in a real browser: an admin builds a scenario in the form (the 特扶 reading "turning 60:
 * the raised amount from the month itself"), runs it over the county, watches it complete, reads the
 * totals, the charts, the summary and the changed case with its first differing trace step,
 * downloads the workbook and replays it (same hash); an auditor reads it without the form. Set-up
 * through the services' HTTP APIs: the Jiaxing standard and one approved 特扶 case whose husband turns
 * 60 in September 2026 (sample persons, invented data).
 */
const DIVISION = '330402';
const at = (date: string) => new Date(`${date}T02:00:00Z`); // 10:00 in Asia/Shanghai
const LONG = 120_000;

describeBrowser('policy simulation (real browser): scenario form → run → totals, charts, changed case → xlsx → replay', () => {
  let s: ConsoleStack;
  let caseId = '';

  beforeAll(async () => {
    s = await startConsoleStack({ now: at('2026-03-18'), prefix: 'benefits-console-simulation-', suite: 'simulation' });
    const { h } = s;
    for (const [who, role, division] of [
      ['admin', 'admin', '330400'],
      ['intake', 'intake_officer', DIVISION],
      ['approver', 'approver', DIVISION],
    ] as const) {
      await h.issue(who, role, division);
    }
    await h.importStandard('admin', '330400', '001_40e26111df30cc0a.txt');
    const apps = () => h.http('applications');
    const getCase = () => apps().get(`/cases/${caseId}`).set(h.as('approver')).expect(200);
    const etag = async () => (await getCase()).headers.etag as string;
    const created = await apps()
      .post('/cases/tefu')
      .set(h.as('intake'))
      .send({
        divisionCode: DIVISION,
        members: [
          { role: 'wife', name: '示例甲', residentId: sampleResidentId('1971-02-03', '032'), birthDate: '1971-02-03' },
          { role: 'husband', name: '示例乙', residentId: sampleResidentId('1966-09-15', '041'), birthDate: '1966-09-15' },
        ],
        family: { familyType: 'childDisabled', childEventDate: '2023-05-10', evidenceRefs: ['evidence:sample-disability-certificate'] },
      })
      .expect(201);
    caseId = created.body.caseId;
    for (const m of (await getCase()).body.members as { personRef: string }[]) {
      await apps()
        .post(`/cases/${caseId}/facts`)
        .set(h.as('intake'))
        .set('If-Match', await etag())
        .send({ subject: m.personRef, fact: { kind: 'elderlyCareSubsidy', receiving: false }, effectiveFrom: '2026-03-18', evidence: [{ kind: 'other', reference: 'evidence:sample-subsidy' }] })
        .expect(200);
    }
    await apps().post(`/cases/${caseId}/submit`).set(h.as('intake')).set('If-Match', await etag()).send({}).expect(200);
    const determined = await waitFor('the determination on the case', async () => {
      const res = await getCase();
      return res.body.determinations.length > 0 ? res : null;
    }, 60_000);
    await apps()
      .post(`/cases/${caseId}/eligibility-confirmation`)
      .set(h.as('intake'))
      .set('If-Match', determined.headers.etag)
      .send({ evidence: [{ kind: 'disabilityCertificate', reference: 'evidence:sample-child-disability-certificate' }] })
      .expect(200);
    await apps().post(`/cases/${caseId}/approve`).set(h.as('approver')).set('If-Match', await etag()).send({ determinationId: determined.body.determinations[0].determinationId }).expect(200);
    await waitFor('the schedule on the determination stream', async () => {
      const events = await h.store.readStream(`determination-${caseId}`);
      return events.some((e) => e.type === 'tefu.EntitlementScheduleIssued.v1') ? true : null;
    }, 60_000);
  });
  afterAll(async () => {
    await s?.close();
  });

  let simulationUrl = '';

  it('an admin builds the scenario, runs it and reads totals, charts, rows and the changed case with its first differing step', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'admin', division: '330400', id: 'admin-sim' });
    await page.goto('/simulations');
    await page.getByLabel('情景名称').fill('示例：年满60周岁当月起按高档发放（示例数据）');
    await pickOption(page, page.getByRole('combobox', { name: '年满60周岁当月（特扶）' }), '当月起按高档');
    await page.getByLabel('测算范围：区划').fill(DIVISION);
    await page.getByRole('checkbox', { name: '低保' }).uncheck();
    await page.getByLabel('起始月').fill('2026-04');
    await page.getByLabel('截止月').fill('2026-12');
    await s.screenshot(page, '01-scenario-form');
    await page.getByRole('button', { name: /开始测算/ }).click();
    await page.waitForURL(/\/simulations\/[0-9a-f-]{36}$/, { timeout: LONG });
    simulationUrl = new URL(page.url()).pathname;
    await page.getByTestId('simulation-status').filter({ hasText: 'completed' }).waitFor({ timeout: LONG });
    const statistic = (title: string) => page.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content');
    expect(await statistic('变化案件').textContent()).toBe('1');
    expect(await statistic('新增符合').textContent()).toBe('0');
    expect((await statistic('差额 元').textContent())?.replace(/\s/g, '')).toContain('150.00');
    for (const chart of ['simulation-month-chart', 'simulation-division-chart', 'simulation-distribution-chart']) await page.getByTestId(chart).locator('canvas').waitFor({ timeout: LONG });
    await page.getByRole('table', { name: '汇总表' }).getByText('2026-09').first().waitFor();
    const changed = page.getByRole('table', { name: '变化案件' });
    await changed.getByText(caseId.slice(0, 8), { exact: false }).first().waitFor({ timeout: LONG });
    await changed.locator('.ant-table-row-expand-icon').first().click();
    const detail = page.getByTestId('changed-case-detail');
    await detail.waitFor();
    expect(await detail.textContent()).toMatch(/首个不同的步骤: tefu\.\S+/);
    expect(await detail.textContent()).toContain('2026-09');
    await s.screenshot(page, '02-simulation-result');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), page.getByRole('button', { name: /导出 xlsx/ }).click()]);
    expect(readFileSync((await download.path())!).subarray(0, 2).toString('latin1')).toBe('PK');

    await page.getByRole('button', { name: /重放核验/ }).click();
    await page.waitForURL((url) => url.pathname !== simulationUrl && /\/simulations\/[0-9a-f-]{36}$/.test(url.pathname), { timeout: LONG });
    await page.getByTestId('replay-verdict').filter({ hasText: '哈希一致' }).waitFor({ timeout: LONG });
    await s.screenshot(page, '03-replay-same-hash');
  });

  it('an auditor reads the simulation without the form', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'auditor', division: '330400', id: 'auditor-sim' });
    await page.goto('/simulations');
    await page.getByRole('table', { name: '已记录的测算' }).getByText('示例：年满60周岁当月起按高档发放（示例数据）').first().waitFor({ timeout: LONG });
    expect(await page.getByRole('button', { name: /开始测算/ }).count()).toBe(0);
    await page.goto(simulationUrl);
    await page.getByTestId('simulation-status').filter({ hasText: 'completed' }).waitFor({ timeout: LONG });
    await s.screenshot(page, '04-auditor-view');
  });
});
