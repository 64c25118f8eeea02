import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../evaluate/evaluate';
import { shippedPacks } from '../packs/shipped';
import { eligibilityCommand } from './eligibility-command';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const TEFU_JIAXING = join(EXAMPLES, 'tefu-jiaxing-disability.json');
const LINSHI_BEIJING = join(EXAMPLES, 'linshi-beijing-zhichu.sample-b.json');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await eligibilityCommand(argv, { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('benefits eligibility evaluate', () => {
  let dir: string;
  const write = (name: string, content: string | Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'eligibility-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([TEFU_JIAXING, LINSHI_BEIJING])('prints the same result and trace as evaluate() for %s, pretty by default', async (file) => {
    const { code, stdout, stderr } = await run('evaluate', '--file', file);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const expected = evaluate(readJson(file), shippedPacks());
    expect(stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('the 嘉兴 特扶 example: 伤残, both spouses 850 元 a month from 2024-09', async () => {
    const result = JSON.parse((await run('evaluate', '--file', TEFU_JIAXING)).stdout);
    expect(result).toMatchObject({
      benefit: 'tefu',
      rulePackId: 'tefu-330400-2023',
      outcome: 'eligible',
      amount: { nature: 'entitlement', total: { fen: 170000 }, period: 'monthly', paymentStart: { from: '2024-09' } },
    });
    expect(result.trace[0].id).toBe('ruleset');
    expect(result.trace.some((s: { clause: unknown }) => s.clause !== null)).toBe(true);
  });

  it('the 北京 支出型 临时救助 example: 40% × 30,000 + 50% × 10,000 with B labelled sample data', async () => {
    const result = JSON.parse((await run('eligibility', 'evaluate', '--file', LINSHI_BEIJING)).stdout);
    expect(result).toMatchObject({ benefit: 'linshi', outcome: 'eligible', amount: { nature: 'entitlement', total: { fen: 1700000 }, period: 'oneOff' } });
    const b = result.trace.flatMap((s: { parameters: { source?: { sampleData?: boolean } }[] }) => s.parameters).find((p: { source?: unknown }) => p.source);
    expect(b.source).toMatchObject({ sampleData: true, docNo: '示例数据（非官方）' });
  });

  it('prints one line with --compact (also as --file=<path>, in any order)', async () => {
    const { code, stdout } = await run('evaluate', '--compact', `--file=${TEFU_JIAXING}`);
    expect(code).toBe(0);
    expect(stdout).toBe(`${JSON.stringify(evaluate(readJson(TEFU_JIAXING), shippedPacks()))}\n`);
  });

  it('fails with a bilingual error, exit 1 and nothing on stdout for a missing file, non-UTF-8 or invalid JSON', async () => {
    const cases: [string, RegExp][] = [
      [join(dir, 'no-such-file.json'), /^错误 Error \[UNREADABLE_FILE\]: 无法读取文件 .*ENOENT.* \/ Cannot read file /],
      [write('latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d])), /\[NOT_UTF8\]: 文件 .* 不是 UTF-8 文本.* \/ File .* is not UTF-8 text/],
      [write('broken.json', '{"benefit": "tefu",'), /\[MALFORMED_JSON\]: 文件 .* 不是有效的 JSON.* \/ File .* is not valid JSON/],
      [write('empty.json', ''), /\[MALFORMED_JSON\]/],
      [write('huge.json', `"${'x'.repeat(1024 * 1024)}"`), /\[PAYLOAD_TOO_LARGE\]: 请求文件超过/],
    ];
    for (const [file, message] of cases) {
      const result = await run('evaluate', '--file', file);
      expect({ file, code: result.code, stdout: result.stdout }).toEqual({ file, code: 1, stdout: '' });
      expect(result.stderr).toMatch(message);
    }
  });

  it('refuses an invalid request with the paths of the problems (exit 1)', async () => {
    const request = readJson(TEFU_JIAXING);
    request.facts.evaluationDate = '2024-02-30';
    request.facts.persons[0].monthlyIncome = { yuan: 100 };
    const { code, stdout, stderr } = await run('evaluate', '--file', write('invalid.json', JSON.stringify(request)));
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toMatch(/^错误 Error \[VALIDATION_FAILED\]: 请求参数不合法.* \/ the request is not valid/);
    expect(stderr).toContain('  facts.evaluationDate: expected a date yyyy-mm-dd');
    expect(stderr).toContain('  facts.persons.0: ');

    const notAnObject = await run('evaluate', '--file', write('array.json', '[1, 2]'));
    expect({ code: notAnObject.code, stdout: notAnObject.stdout }).toEqual({ code: 1, stdout: '' });
    expect(notAnObject.stderr).toMatch(/\[VALIDATION_FAILED\][^\n]*\n {2}\$: /);
  });

  it('calls a request whose only problem is an unknown field UNKNOWN_FIELD, as the HTTP endpoint does', async () => {
    const { code, stdout, stderr } = await run('evaluate', '--file', write('extra.json', JSON.stringify({ ...readJson(TEFU_JIAXING), note: 'x' })));
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(stderr).toMatch(/^错误 Error \[UNKNOWN_FIELD\]: 请求中含有系统不认识的字段/);
  });

  it('reports the engines’ typed errors (unknown pack, pack of another benefit) with their details', async () => {
    const unknown = await run('evaluate', '--file', write('pack.json', JSON.stringify({ ...readJson(TEFU_JIAXING), rulePackId: 'tefu-999999-2023' })));
    expect({ code: unknown.code, stdout: unknown.stdout }).toEqual({ code: 1, stdout: '' });
    expect(unknown.stderr).toMatch(/^错误 Error \[UNKNOWN_RULE_PACK\]: 未找到指定的规则包 \/ no rule pack with this id/);
    expect(unknown.stderr).toContain('详情 details: {"rulePackId":"tefu-999999-2023"');

    const mismatch = await run('evaluate', '--file', write('mismatch.json', JSON.stringify({ ...readJson(TEFU_JIAXING), rulePackId: 'dibao-330400-2023' })));
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toContain('[RULE_PACK_BENEFIT_MISMATCH]');
  });

  it('accepts a file saved with a UTF-8 byte-order mark', async () => {
    const file = write('bom.json', `\uFEFF${readFileSync(TEFU_JIAXING, 'utf8')}`);
    const { code, stdout } = await run('evaluate', '--file', file, '--compact');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).amount.total).toEqual({ fen: 170000 });
  });

  it.each([
    [[]],
    [['evaluate']],
    [['evaluate', '--file']],
    [['evaluate', '--file', '--compact']],
    [['evaluate', '--file=']],
    [['evaluate', '--file', 'a.json', '--file', 'b.json']],
    [['evaluate', '--file', 'a.json', '--pretty']],
    [['evaluate', '--file', 'a.json', 'extra']],
    [['simulate', '--file', 'a.json']],
  ])('prints the usage on stderr and exits 2 for %j', async (argv) => {
    const { code, stdout, stderr } = await run(...argv);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr).toContain('用法 Usage: benefits eligibility evaluate --file <request.json> [--compact]');
  });

  it('prints the usage on stdout with --help', async () => {
    for (const argv of [['--help'], ['evaluate', '--help']]) {
      const { code, stdout, stderr } = await run(...argv);
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(stdout).toContain('--compact');
    }
  });

  it('both example files are documented in the library README', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const file of [TEFU_JIAXING, LINSHI_BEIJING]) expect(readme).toContain(`libs/benefits/examples/${file.split(/[\\/]/).pop()}`);
  });
});
