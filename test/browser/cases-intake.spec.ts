import { sampleWorkingDayCalendar } from '../../services/applications/src/calendar/working-day-calendar';
import { sampleResidentId } from '../support/sample-household';
import { describeBrowser, startConsoleStack, type ConsoleStack } from './support/console-stack';
import { signIn } from './steps/sign-in';
import { chooseRadio, fillMembers, openIntakeForm, openQueue, pickOption, queueRow, registerDibao, registerLinshiEmergency, registerTefu, submitIntake } from './steps/intake';

jest.setTimeout(240_000);

/**
 * The officers' work queue and intake forms in a real browser: a 低保 application with two members
 * registered through the form, found in the queue filtered by benefit; a bad 身份证号 refused in
 * the form before anything is sent; a refusal of the service shown with its code; a failing list
 * load shown with 重试; the 临时救助 and 计生特扶 forms; deadlines with days overdue.
 * Sample persons only (invented names, ids built with a valid check character).
 */
const DIVISION = '330402';
const member = (relation: string, name: string, birth: string, sequence: string) => ({ relation, name, residentId: sampleResidentId(birth, sequence), birthDate: birth });

describeBrowser('cases: work queue and intake forms (real browser)', () => {
  let s: ConsoleStack;
  const casesOf = async (benefit: string) =>
    (await s.h.http('applications').get('/cases').query({ benefit, limit: '200' }).set(s.h.as('reader-auditor')).expect(200)).body.items as { caseId: string }[];

  beforeAll(async () => {
    s = await startConsoleStack({
      now: new Date('2026-03-02T02:00:00Z'),
      prefix: 'benefits-console-cases-intake-',
      suite: 'cases-intake',
      // SAMPLE working-day calendar (weekends only), as the lifecycle suites use: the 低保 time limits are counted in it.
      applicationsOptions: { calendar: sampleWorkingDayCalendar([2026, 2027]) },
    });
    // Read-only checks of what the browser did (not the subject of the test) use an auditor's token.
    await s.h.issue('reader-auditor', 'auditor', DIVISION);
    // Birth dates are shown to the officers who decide the case, not to auditors (docs/operations/masking.md).
    await s.h.issue('reader-officer', 'case_officer', DIVISION);
    // Set-up that is not the subject of a test (accepting a case, cases to page through) uses this officer's token.
    await s.h.issue('setup-officer', 'intake_officer', DIVISION);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('an intake officer registers a 低保 application with two members through the form and lands on the case; the queue filtered by 低保 lists it', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'intake_officer', division: DIVISION, id: 'officer-wang' });
    const form = await openIntakeForm(page, 'dibao');
    await fillMembers(page, form, [member('applicant', '示例甲', '1976-04-01', '031'), member('child', '示例乙', '2013-05-01', '042')]);
    await s.screenshot(page, '02-intake-dibao');
    const caseId = await registerDibao(page, {
      divisionCode: DIVISION,
      householdCategory: 'stable',
      members: [member('applicant', '示例甲', '1976-04-01', '031'), member('child', '示例乙', '2013-05-01', '042')],
    });
    expect(page.url()).toMatch(new RegExp(`/cases/dibao/${caseId}$`));
    // No personal data in the URL.
    expect(page.url()).not.toContain('示例');
    const view = await s.h.http('applications').get(`/cases/dibao/${caseId}`).set(s.h.as('reader-officer')).expect(200);
    expect(view.body).toMatchObject({ status: 'applied', divisionCode: DIVISION, householdCategory: 'stable' });
    expect(view.body.members.map((m: { relation: string; birthDate: string }) => [m.relation, m.birthDate])).toEqual([
      ['applicant', '1976-04-01'],
      ['child', '2013-05-01'],
    ]);

    await openQueue(page, { benefit: 'dibao' });
    const row = queueRow(page, caseId);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('低保');
    expect(await row.textContent()).toContain('已申请（待受理）');
    await s.screenshot(page, '01-queue-dibao');
    // A row opens the case page.
    await row.locator('td').nth(3).click();
    await page.waitForURL(new RegExp(`/cases/dibao/${caseId}$`));
  });

  it('a bad 身份证号 is shown next to the field and nothing is sent; a refusal of the service (two applicants) is shown with its code and nothing is created', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'intake_officer', division: DIVISION, id: 'officer-wang' });
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/api/applications/cases/')) posts.push(r.url());
    });
    const before = (await casesOf('dibao')).length;
    const form = await openIntakeForm(page, 'dibao');
    const good = member('applicant', '示例丙', '1980-01-02', '051');
    const bad = { ...good, residentId: `${good.residentId.slice(0, 17)}${good.residentId.endsWith('0') ? '1' : '0'}` };
    await fillMembers(page, form, [bad]);
    await form.getByRole('button', { name: /提交申请/ }).click();
    await form.getByText(/身份证号无效/).waitFor();
    await s.screenshot(page, '05-intake-bad-resident-id');
    expect(posts).toEqual([]);
    expect(page.url()).toMatch(/\/cases\/new\/dibao$/);

    // Fixed, but two members marked 申请人: the form sends it, the service refuses, nothing is created.
    await form.getByLabel('身份证号（成员 1）').fill(good.residentId);
    await fillMembers(page, form, [good, member('applicant', '示例丁', '1982-03-04', '062')]);
    await form.getByRole('button', { name: /提交申请/ }).click();
    const refusal = page.locator('[data-error-code="APPLICANT_REQUIRED"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('家庭成员中须有且仅有一名申请人');
    expect(posts).toHaveLength(1);
    await s.screenshot(page, '06-intake-refused');
    expect((await casesOf('dibao')).length).toBe(before);
  });

  it('a failing list load shows the error with 重试; retry loads the list', async () => {
    const page = await s.newPage();
    // The console retries a 5xx once by itself, so the list fails until the officer presses 重试. The
    // failure is in place before signing in: the shell may land on the list and load it at once, and a
    // list already loaded is not fetched again when its menu item is clicked.
    let failing = true;
    await page.route('**/api/applications/cases**', async (route) => {
      if (failing && route.request().method() === 'GET' && new URL(route.request().url()).pathname === '/api/applications/cases') {
        await route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ code: 'READ_MODEL_BEHIND', message: { zh: '案件列表暂不可用，请稍后重试', en: 'The case list is unavailable; retry shortly' } }),
        });
      } else {
        await route.fallback();
      }
    });
    await signIn(page, { role: 'case_officer', division: DIVISION, id: 'officer-li' });
    await page.getByRole('menuitem', { name: '案件列表' }).click();
    const alert = page.locator('[data-error-code="READ_MODEL_BEHIND"]');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toContain('案件列表暂不可用，请稍后重试');
    await s.screenshot(page, '07-queue-error');
    failing = false;
    await alert.getByRole('button', { name: /重\s*试/ }).click();
    await alert.waitFor({ state: 'detached' });
    await page.locator('.ant-table-tbody').waitFor();
    await page.getByText(/第 1 页，本页 \d+ 件 · 今日 2026-03-02/).waitFor();
    await s.screenshot(page, '08-queue-after-retry');
  });

  it('临时救助 (急难型, and 支出型 with a bill in yuan sent as fen) and 计生特扶 are registered through their forms and land on their case pages', async () => {
    const page = await s.newPage();
    await signIn(page, { role: 'case_officer', division: DIVISION, id: 'officer-li' });
    const linshiForm = await openIntakeForm(page, 'linshi');
    await chooseRadio(linshiForm, '支出型');
    await linshiForm.getByText('支出型：必需支出与票据').waitFor();
    await s.screenshot(page, '03-intake-linshi-zhichu');
    await chooseRadio(linshiForm, '急难型');
    const linshiId = await registerLinshiEmergency(page, {
      divisionCode: DIVISION,
      cause: '火灾',
      occurredOn: '2026-02-27',
      causeDescription: '住房失火，基本生活暂时困难（示例）',
      members: [member('applicant', '示例戊', '1970-08-09', '071')],
    });
    const linshi = await s.h.http('applications').get(`/cases/linshi/${linshiId}`).set(s.h.as('reader-auditor')).expect(200);
    expect(linshi.body).toMatchObject({ status: 'submitted', application: { type: 'jinan', cause: 'fire', occurredOn: '2026-02-27' } });

    // 支出型: the expenditure and a bill typed in yuan, sent as integer fen.
    const zhichu = await openIntakeForm(page, 'linshi');
    await chooseRadio(zhichu, '支出型');
    await pickOption(page, zhichu.getByRole('combobox', { name: '事由', exact: true }), '医疗费用支出');
    await zhichu.getByLabel('发生日期').fill('2026-02-12');
    await zhichu.getByLabel('事由说明').fill('住院医疗自付费用（示例）');
    await fillMembers(page, zhichu, [member('applicant', '示例子', '1966-06-06', '081')]);
    await chooseRadio(zhichu, '低保、低收入、特困家庭');
    await zhichu.getByLabel('生活必需支出（元）').fill('20000.50');
    await zhichu.getByLabel('材料编号（票据 1）').fill('evidence:bill-0212');
    await zhichu.getByLabel('金额（元）（票据 1）').fill('20000.50');
    const zhichuId = await submitIntake(page, zhichu, 'linshi');
    const zhichuCase = await s.h.http('applications').get(`/cases/linshi/${zhichuId}`).set(s.h.as('reader-auditor')).expect(200);
    expect(zhichuCase.body.application).toMatchObject({
      type: 'zhichu',
      cause: 'medical',
      group: 'g1',
      necessaryExpenditureFen: 2_000_050,
      expenditureEvidence: [{ kind: 'medicalBill', ref: 'evidence:bill-0212', amountFen: 2_000_050 }],
    });

    const tefuForm = await openIntakeForm(page, 'tefu');
    await tefuForm.getByLabel('死亡或伤残鉴定日期').waitFor();
    await s.screenshot(page, '04-intake-tefu');
    const tefuId = await registerTefu(page, {
      divisionCode: DIVISION,
      familyType: 'childDeceased',
      childEventDate: '2023-05-10',
      evidenceRefs: ['evidence:sample-death-certificate'],
      members: [
        { ...member('wife', '示例己', '1971-02-03', '052') },
        { ...member('husband', '示例庚', '1969-07-08', '061') },
      ],
    });
    const tefu = await s.h.http('applications').get(`/cases/${tefuId}`).set(s.h.as('reader-auditor')).expect(200);
    expect(tefu.body.status).toBe('draft');
  });

  it('deadlines: an accepted 低保 case shows its working-day limits, and once past them the days overdue in red; 仅看已逾期 finds it', async () => {
    // Set-up, not the subject: 受理 through the API (the case page is another area's), then the clock moves on.
    const created = await s.h
      .http('applications')
      .post('/cases/dibao')
      .set(s.h.as('setup-officer'))
      .send({ divisionCode: DIVISION, householdCategory: 'unstable', members: [member('applicant', '示例辛', '1960-10-11', '091')] })
      .expect(201);
    const caseId: string = created.body.caseId;
    await s.h.http('applications').post(`/cases/dibao/${caseId}/accept`).set(s.h.as('setup-officer')).set('If-Match', created.headers.etag as string).send({}).expect(200);

    const page = await s.newPage();
    await signIn(page, { role: 'approver', division: DIVISION, id: 'approver-zhao' });
    await openQueue(page, { benefit: 'dibao', status: '已受理' });
    const row = queueRow(page, caseId);
    await row.waitFor();
    expect(await row.locator('[data-due-kind="dibao.processLimit"]').textContent()).toMatch(/剩 \d+ 天/);
    expect(await row.locator('[data-overdue="true"]').count()).toBe(0);

    // Moving the clock is allowed: a month later the 10- and 25-working-day limits have passed.
    s.h.clock.now = new Date('2026-04-15T02:00:00Z');
    await openQueue(page, { benefit: 'dibao', overdue: true });
    await row.locator('[data-overdue="true"]').first().waitFor();
    const due = (await row.locator('[data-due-kind="dibao.stepLimit"]').textContent()) ?? '';
    expect(due).toMatch(/逾期 \d+ 天/);
    expect(await row.locator('[data-overdue="true"]').first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color)).toBe('rgb(207, 19, 34)');
    await s.screenshot(page, '09-queue-overdue');
  });
  it('paging: 下一页 follows the cursor and 上一页 comes back', async () => {
    // Set-up, not the subject: 21 more 低保 applications through the API (sample persons).
    for (let i = 0; i < 21; i++) {
      await s.h
        .http('applications')
        .post('/cases/dibao')
        .set(s.h.as('setup-officer'))
        .send({ divisionCode: DIVISION, householdCategory: 'stable', members: [member('applicant', `示例${i}`, '1950-01-01', String(100 + i).padStart(3, '0'))] })
        .expect(201);
    }
    const total = (await casesOf('dibao')).length;
    expect(total).toBeGreaterThan(20);
    const page = await s.newPage();
    await signIn(page, { role: 'auditor', division: DIVISION, id: 'auditor-wu' });
    await openQueue(page, { benefit: 'dibao' });
    await page.getByText(`第 1 页，本页 20 件`).waitFor();
    const firstIds = await page.locator('.ant-table-row a').allTextContents();
    await page.getByRole('button', { name: /下一页/ }).click();
    await page.getByText(`第 2 页，本页 ${total - 20} 件`).waitFor();
    const secondIds = await page.locator('.ant-table-row a').allTextContents();
    expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
    expect(await page.getByRole('button', { name: /下一页/ }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: /上一页/ }).click();
    await page.getByText(`第 1 页，本页 20 件`).waitFor();
    // The same list in English.
    await page.getByLabel('界面语言').getByText('English').click();
    await page.getByRole('heading', { name: 'Case list' }).waitFor();
    await page.getByText('Page 1, 20 on this page').waitFor();
    await s.screenshot(page, '10-queue-english');
  });
});
