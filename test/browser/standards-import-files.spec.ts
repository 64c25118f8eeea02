import { readSeed } from '@benefits/standards';
import { makeDocx, makePdf } from '../../libs/standards/src/formats/testing/make-documents';
import { describeBrowser, startConsoleStack, type ConsoleStack } from './support/console-stack';
import { signIn } from './steps/sign-in';

jest.setTimeout(240_000);

const JIAXING_FILE = '001_40e26111df30cc0a.txt';
const BEIJING_FILE = '003_d2c032a64aa52382.txt';

/**
 * An admin imports standards as they are published: a Word file and a PDF (made by the test from the
 * seed texts), and a scan, which is refused with its reason.
 */
describeBrowser('standards (real browser): importing a PDF or a Word file as published', () => {
  let s: ConsoleStack;
  beforeAll(async () => {
    s = await startConsoleStack({ now: new Date('2026-03-02T02:00:00Z'), prefix: 'benefits-console-import-files-', suite: 'standards-import-files' });
  });
  afterAll(async () => {
    await s?.close();
  });

  async function importFile(division: string, file: { name: string; mimeType: string; buffer: Buffer }) {
    const page = await s.newPage();
    await signIn(page, { role: 'admin', division, id: `admin-${division}` });
    await page.goto('/standards/import');
    await page.getByRole('heading', { name: '导入标准' }).waitFor();
    await page.getByLabel('发布区划代码').fill(division);
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByText(`已选择 ${file.name}`).waitFor();
    await page.getByRole('button', { name: /导入并解析/ }).click();
    return page;
  }

  it('a .docx: the answer says it was read as Word with all its items, and the parse report follows', async () => {
    const page = await importFile('330400', {
      name: 'jiaxing-2023.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: await makeDocx(readSeed(JIAXING_FILE)),
    });
    const answer = page.getByTestId('import-answer');
    await answer.waitFor({ timeout: 60_000 });
    expect(await answer.getAttribute('data-format')).toBe('docx');
    expect(await answer.textContent()).toMatch(/读取为 Word（\.docx），解析出 105 个服务项目，0 条警告/);
    await page.getByTestId('parse-report').getByRole('table', { name: '条目' }).waitFor();
    await s.screenshot(page, '01-docx-imported');
  });

  it('a PDF: read from its text layer; its warnings are counted and must be acknowledged before activation', async () => {
    const page = await importFile('110000', {
      name: 'beijing-2023.pdf',
      mimeType: 'application/pdf',
      buffer: makePdf(readSeed(BEIJING_FILE).replace(/\[bookmark: [^\]]*\]/g, ''), { wrapAt: 45 }),
    });
    const answer = page.getByTestId('import-answer');
    await answer.waitFor({ timeout: 60_000 });
    expect(await answer.getAttribute('data-format')).toBe('pdf');
    const text = (await answer.textContent()) ?? '';
    expect(text).toMatch(/读取为 PDF，解析出 93 个服务项目，\d+ 条警告/);
    if (!/，0 条警告/.test(text)) expect(text).toContain('启用前须逐条确认');
    await s.screenshot(page, '02-pdf-imported');
  });

  it('a scanned PDF is refused with its reason (no OCR)', async () => {
    const page = await importFile('330400', { name: 'scan.pdf', mimeType: 'application/pdf', buffer: makePdf('x', { scanned: true }) });
    const refusal = page.locator('[data-error-code="PDF_NO_TEXT_LAYER"]');
    await refusal.waitFor({ timeout: 60_000 });
    expect(await refusal.textContent()).toMatch(/扫描件.*OCR/);
    await s.screenshot(page, '03-scan-refused');
  });
});
