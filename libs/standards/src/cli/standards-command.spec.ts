import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goldenDocuments } from '../parser/__fixtures__';
import { readSeed, SEEDS_DIR } from '../parser/seeds';
import { makeDocx, makePdf } from '../formats/testing/make-documents';
import { standardsCommand } from './standards-command';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await standardsCommand(argv, { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('benefits standards parse', () => {
  it.each(goldenDocuments.map((g) => [g.file, g] as const))('prints %s as JSON with document and items', async (file, golden) => {
    const { code, stdout, stderr } = await run('parse', join(SEEDS_DIR, file), '--json');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const json = JSON.parse(stdout);
    expect(json.document.sourceName).toBe(file);
    expect(json.items).toHaveLength(golden.entryCount);
    const spot = golden.items[0];
    const item = json.items.find((i: { startLine: number }) => i.startLine === spot.startLine);
    expect(item).toMatchObject({ category: spot.category, subcategory: spot.subcategory, name: spot.name, number: expect.any(String) });
    expect(item.fields['服务对象']).toBe(spot.fields['服务对象'].text);
  });

  it.each(goldenDocuments.map((g) => [g.file, g] as const))('summarises %s for a reader', async (file, golden) => {
    const { code, stdout } = await run('standards', 'parse', join(SEEDS_DIR, file));
    expect(code).toBe(0);
    expect(stdout).toContain(`服务项目 Items: ${golden.entryCount}`);
    expect(stdout).toContain(`文号 Doc no.: ${golden.metadata.docNo?.value ?? '—（文件未载明 not stated）'}`);
    for (const item of golden.items) if (item.category) expect(stdout).toContain(`  ${item.category}: `);
  });

  it('shows the effective date and status with their lines', async () => {
    const { stdout } = await run('parse', join(SEEDS_DIR, '001_40e26111df30cc0a.txt'));
    expect(stdout).toContain('施行日期 Effective: 2024-07-22（第 38 行 line）');
    expect(stdout).toMatch(/状态 Status: final（第 18 行 line，推断 inferred/);
    expect(stdout).toContain('  七、弱有所扶: 14');
  });

  it('fails with a bilingual error and no output for a missing file', async () => {
    const { code, stdout, stderr } = await run('parse', join(SEEDS_DIR, 'no-such-file.txt'), '--json');
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toMatch(/UNREADABLE_FILE.*无法读取文件.*Cannot read file/);
  });

  it('fails with a bilingual error and no output for an unrecognisable document', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standards-cli-'));
    const prose = join(dir, 'notice.txt');
    writeFileSync(prose, '关于做好年度统计工作的通知\n各单位：请于月底前报送。\n');
    const binary = join(dir, 'scan.pdf');
    writeFileSync(binary, Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0x00, 0x81]));
    for (const [file, code] of [
      [prose, 'NOT_A_STANDARDS_DOCUMENT'],
      [binary, 'PDF_UNREADABLE'],
    ]) {
      const result = await run('parse', file, '--json');
      expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 1, stdout: '' });
      expect(result.stderr).toContain(code);
      expect(result.stderr).toMatch(/[\u4e00-\u9fa5].* \/ [A-Z]/);
    }
  });

  it('reads a PDF and a .docx as published, and refuses a scanned PDF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standards-cli-'));
    const text = readSeed('003_d2c032a64aa52382.txt');
    writeFileSync(join(dir, 'beijing.pdf'), makePdf(text.replace(/\[bookmark: [^\]]*\]/g, ''), { wrapAt: 45 }));
    writeFileSync(join(dir, 'beijing.docx'), await makeDocx(text));
    writeFileSync(join(dir, 'scan.pdf'), makePdf('x', { scanned: true }));
    for (const file of ['beijing.pdf', 'beijing.docx']) {
      const { code, stdout } = await run('parse', join(dir, file));
      expect(code).toBe(0);
      expect(stdout).toContain('服务项目 Items: 93');
    }
    const scan = await run('parse', join(dir, 'scan.pdf'));
    expect(scan.code).toBe(1);
    expect(scan.stderr).toMatch(/PDF_NO_TEXT_LAYER.*OCR/);
  });

  it('lists every warning with its lines and says they must be acknowledged before activation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standards-cli-'));
    const lines = readSeed('001_40e26111df30cc0a.txt').split('\n');
    const heading = lines.findIndex((l) => l.startsWith('（10）'));
    const file = join(dir, 'damaged.txt');
    writeFileSync(file, [...lines.slice(0, heading), ...lines.slice(heading + 1)].join('\n'));
    const { code, stdout } = await run('parse', file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/警告 Warnings: [1-9]/);
    expect(stdout).toMatch(/ {2}第 \d+(–\d+)? 行 lines? \d+(–\d+)? \[[A-Z_]+\] /);
    expect(stdout).toContain('启用前须逐条确认');
  });

  it('prints usage for wrong arguments', async () => {
    for (const argv of [[], ['parse'], ['list'], ['parse', 'a.txt', 'b.txt'], ['parse', 'a.txt', '--yaml']]) {
      const result = await run(...argv);
      expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
      expect(result.stderr).toContain('Usage: benefits standards parse <file> [--json]');
    }
  });
});
