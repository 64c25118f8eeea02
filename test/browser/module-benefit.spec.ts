import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import type { RulePack } from '@benefits/standards';
// The services first (they extend zod for OpenAPI before any schema is made), then the module.
import { describeBrowser, startConsoleStack, type ConsoleStack } from './support/console-stack';
import { registerExampleBenefit } from '../fixtures/example-benefit';
import { sampleResidentId } from '../support/sample-household';
import { signIn } from './steps/sign-in';
import { expectStatus, offeredActions, startAction, submitAction, until } from './steps/case';

jest.setTimeout(300_000);

/**
 * A benefit registered as a module (the example benefit 示例补贴 — SAMPLE DATA, not a real scheme)
 * worked in the web console, whose bundle names no such benefit: the intake form is made from the
 * application's JSON Schema that applications publishes (`GET /applications/case-benefits`), the case
 * page offers the steps the module's workflow gives the role in the case's status, a step the service
 * refuses shows its code in the dialog, and an
 * approver approves citing the determination eligibility made under the pack published for 样例市.
 * Set-up that is not the subject (the sample standard and its rule pack) goes through the HTTP API.
 */
const MODULE = join(__dirname, '..', 'fixtures', 'example-benefit', 'pack');
const DOCUMENT = readFileSync(join(MODULE, 'sample-standard.txt'), 'utf8');
const PACK: RulePack = JSON.parse(readFileSync(join(MODULE, 'example-339900-2026.json'), 'utf8'));
const DIVISION = '339902';
// SAMPLE persons: invented names, 身份证号 valid in form only.
const ELDER = sampleResidentId('1944-05-01', '011', DIVISION);
const OLDEST = sampleResidentId('1934-07-01', '022', DIVISION);
const WRONG_CHECK = `${OLDEST.slice(0, 17)}${OLDEST.endsWith('0') ? '1' : '0'}`;

describeBrowser('a benefit registered as a module in the web console (real browser): intake, case page, a refused step, approval', () => {
  let s: ConsoleStack;

  beforeAll(async () => {
    registerExampleBenefit();
    // 2026-03-02 10:00 in Asia/Shanghai: the sample standard is in force from 2026-02-01.
    s = await startConsoleStack({ now: new Date('2026-03-02T02:00:00Z'), prefix: 'benefits-console-module-', suite: 'module-benefit' });
    await s.h.issue('admin', 'admin', '339900');
    await s.h.http('eligibility').post('/standards/import?division=339900&sourceName=sample-standard.txt').set(s.h.as('admin')).set('Content-Type', 'text/plain').send(DOCUMENT).expect(201);
    await s.h.http('eligibility').post('/rule-packs').set(s.h.as('admin')).send(PACK).expect(201);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('the intake officer registers an application from the module\'s form; the approver approves it on the generic case page', async () => {
    const intake = await s.newPage();
    await signIn(intake, { role: 'intake_officer', division: DIVISION, id: 'officer-wu' });
    await intake.goto('/cases/new/example');
    const form = intake.getByRole('form', { name: '示例补贴申请' });
    await form.waitFor();
    expect(await intake.getByLabel('行政区划代码', { exact: true }).inputValue()).toBe(DIVISION);
    // The form asks what the schema requires: nothing is sent without the first resident's name.
    await intake.getByRole('button', { name: /^登记申请$/ }).click();
    await intake.getByText('请填写享受人员 1 姓名').waitFor();
    await intake.getByLabel('享受人员 1 姓名', { exact: true }).fill('样例甲');
    await intake.getByLabel('享受人员 1 身份证号', { exact: true }).fill(ELDER);
    await intake.getByLabel('享受人员 1 出生日期', { exact: true }).fill('1944-05-01');
    await intake.getByRole('button', { name: /添加享受人员$/ }).click();
    await intake.getByLabel('享受人员 2 姓名', { exact: true }).fill('样例乙');
    // A 身份证号 whose check character is wrong is refused by the service with its code, and nothing is written.
    await intake.getByLabel('享受人员 2 身份证号', { exact: true }).fill(WRONG_CHECK);
    await intake.getByLabel('享受人员 2 出生日期', { exact: true }).fill('1934-07-01');
    await intake.getByRole('button', { name: /^登记申请$/ }).click();
    await intake.locator('[data-error-code="INVALID_RESIDENT_ID"]').waitFor({ timeout: 60_000 });
    await s.screenshot(intake, '01-intake-refused');
    const before = await s.h.http('applications').get('/cases?benefit=example').set(await admin(s)).expect(200);
    expect(before.body.items).toEqual([]);
    await intake.getByLabel('享受人员 2 身份证号', { exact: true }).fill(OLDEST);
    await intake.getByRole('button', { name: /^登记申请$/ }).click();
    await intake.waitForURL(/\/cases\/example\/[^/]+$/, { timeout: 60_000 });
    await expectStatus(intake, 'submitted');
    const caseId = new URL(intake.url()).pathname.split('/').pop()!;
    expect(await intake.getByTestId('case-status').textContent()).toBe('已申请（待审批）');
    // The residents as the service opens them from the vault for this reader: names, 身份证号 masked.
    const members = (await intake.getByTestId('case-field-members').textContent()) ?? '';
    expect(members).toContain('样例甲');
    expect(members).not.toContain(ELDER);
    // The module's workflow gives an intake officer no step of a submitted case: none is offered.
    expect(await offeredActions(intake)).toEqual([]);

    // Eligibility's determination arrives by itself (100 元 for 81 years, 200 元 for 91: sample data).
    await until(
      'the determination on the case page',
      async () => {
        await intake.getByRole('button', { name: '重新载入案件' }).click();
        return ((await intake.getByTestId('case-field-determination').textContent()) ?? '').includes('"monthlyAmountFen": 30000');
      },
      true,
      120_000,
    );
    await s.screenshot(intake, '02-determined');

    const approver = await s.newPage();
    await signIn(approver, { role: 'approver', division: DIVISION, id: 'approver-he' });
    // The case list names the module's benefit and its status in its own words.
    await approver.goto('/cases?benefit=example');
    const row = approver.getByRole('row').filter({ hasText: caseId });
    await row.waitFor({ timeout: 60_000 });
    expect(await row.textContent()).toContain('示例补贴');
    expect(await row.textContent()).toContain('已申请（待审批）');
    await approver.getByRole('link', { name: `打开案件 ${caseId}` }).click();
    await expectStatus(approver, 'submitted');
    expect(await offeredActions(approver)).toEqual(['批准', '不予批准']);

    // A step the service refuses (批准 citing a determination the case does not hold): the dialog says why, nothing is written.
    const refused = await startAction(approver, '批准');
    await refused.getByLabel('测算结果编号', { exact: true }).fill('00000000-0000-4000-8000-000000000000');
    await expect(submitAction(approver, refused)).rejects.toThrow(/DETERMINATION_NOT_FOUND/);
    expect(await refused.locator('[data-error-code]').getAttribute('data-error-code')).toBe('DETERMINATION_NOT_FOUND');
    await s.screenshot(approver, '03-approve-refused');
    await refused.getByRole('button', { name: /^取\s*消$/ }).click();
    await refused.waitFor({ state: 'hidden' });
    expect((await s.h.http('applications').get(`/cases/example/${caseId}`).set(await admin(s)).expect(200)).body.status).toBe('submitted');

    const dialog = await startAction(approver, '批准');
    // The determination the case shows is cited without typing.
    const cited = await dialog.getByLabel('测算结果编号', { exact: true }).inputValue();
    expect(cited).toMatch(/^[0-9a-f-]{36}$/);
    await s.screenshot(approver, '04-approve-dialog');
    await submitAction(approver, dialog);
    await expectStatus(approver, 'active');
    expect(await approver.getByTestId('case-status').textContent()).toBe('享受中');
    expect(await offeredActions(approver)).toEqual(['停发', '退出']);
    await s.screenshot(approver, '05-approved');
    const view = (await s.h.http('applications').get(`/cases/example/${caseId}`).set(await admin(s)).expect(200)).body;
    expect(view).toMatchObject({ status: 'active', determination: { determinationId: cited, monthlyAmountFen: 30_000 } });
    expect(s.h.errors).toEqual([]);
  });
});

/** A reader of the division for checks outside the browser. */
async function admin(s: ConsoleStack) {
  await s.h.issue('reader', 'auditor', DIVISION);
  return s.h.as('reader');
}
