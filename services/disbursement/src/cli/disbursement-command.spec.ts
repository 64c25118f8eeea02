import { disbursementCommand, formatFailure, formatReconciliation, formatReturns, formatRun, parseDisbursementArgs, yuan } from './disbursement-command';
import { registerBenefit } from '../../../../libs/standards/src/benefits';

const io = () => {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, env: {} } };
};

describe('benefits disbursement: arguments', () => {
  it('parses each subcommand with its options and the envelope id', () => {
    expect(parseDisbursementArgs(['run', '--benefit', 'tefu', '--division=330402', '--period', '2025-01'])).toEqual({
      sub: 'run',
      envelopeId: null,
      options: { benefit: 'tefu', division: '330402', period: '2025-01' },
    });
    expect(parseDisbursementArgs(['disbursement', 'export', 'tefu-330402-2025-01-1', '--out', 'x.csv', '--format', 'xlsx'])).toMatchObject({
      sub: 'export',
      envelopeId: 'tefu-330402-2025-01-1',
      options: { out: 'x.csv', format: 'xlsx' },
    });
    expect(parseDisbursementArgs(['reconcile', 'dibao-330402-2025-1', '--csv', 'r.csv'])).toMatchObject({ envelopeId: 'dibao-330402-2025-1', options: { csv: 'r.csv' } });
    // A benefit registered by a module (BENEFITS_MODULES) is named like a shipped one.
    registerBenefit({ id: 'sample', nameZh: '样例补贴', itemName: /^样例补贴$/ });
    expect(parseDisbursementArgs(['run', '--benefit', 'sample', '--division', '339902', '--period', '2026-04'])).toMatchObject({ options: { benefit: 'sample' } });
    expect(parseDisbursementArgs(['reconcile', '--benefit', 'dibao', '--division', '330402', '--period', '2025-02'])).toMatchObject({ envelopeId: null });
    expect(parseDisbursementArgs(['import-returns', 'tefu-330402-2025-01-1', '--file', 'r.csv', '--mode', 'partial', '--token', 't'])).toMatchObject({
      options: { file: 'r.csv', mode: 'partial', token: 't' },
    });
    expect(parseDisbursementArgs([])).toBe('help');
    expect(parseDisbursementArgs(['holds', '--help'])).toBe('help');
  });

  it.each([
    [['pay'], 'unknown subcommand pay'],
    [['run', '--benefit', 'tefu', '--division', '330402'], 'missing --period'],
    [['run', '--benefit', 'other', '--division', '330402', '--period', '2025-01'], '--benefit must be'],
    [['run', '--benefit', 'tefu', '--division', '3304', '--period', '2025-01'], '--division must be'],
    [['run', '--benefit', 'tefu', '--division', '330402', '--period', '2025-13'], '--period must be'],
    [['approve'], 'missing the envelope id'],
    [['approve', 'not-an-envelope'], 'not an envelope id'],
    [['approve', 'tefu-330402-2025-01-1', '--out', 'x'], 'approve takes no option --out'],
    [['export', 'tefu-330402-2025-01-1'], 'missing --out'],
    [['export', 'tefu-330402-2025-01-1', '--out', 'x', '--format', 'pdf'], '--format must be'],
    [['import-returns', 'tefu-330402-2025-01-1', '--file'], 'option --file needs a value'],
    [['import-returns', 'tefu-330402-2025-01-1', '--file', 'a', '--file', 'b'], 'given twice'],
    [['reconcile', 'tefu-330402-2025-01-1', '--period', '2025-01'], 'takes no --benefit'],
    [['holds', '--benefit', 'tefu'], 'missing --division'],
    [['close', 'tefu-330402-2025-01-1', 'extra'], 'unexpected argument extra'],
    [['holds', '--benefit', 'tefu', '--division', '330402', '--url', 'localhost:3003'], '--url must be'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseDisbursementArgs(argv)).toThrow(message);
  });

  it('wrong usage exits 2 with the code, both languages and the usage; --help exits 0', async () => {
    const bad = io();
    expect(await disbursementCommand(['export', 'tefu-330402-2025-01-1'], bad.io)).toBe(2);
    expect(bad.out.stderr).toMatch(/^错误 Error \[USAGE\]: 缺少 --out \/ missing --out\n/);
    expect(bad.out.stderr).toContain('usage: benefits disbursement run');
    const help = io();
    expect(await disbursementCommand(['--help'], help.io)).toBe(0);
    expect(help.out.stdout).toContain('import-returns');
  });

  it('without --token and without a dev key it says so (exit 1), and an unreachable service is reported', async () => {
    const noKey = io();
    expect(await disbursementCommand(['holds', '--benefit', 'tefu', '--division', '330402', '--data-dir', '/nonexistent-benefits-dir'], noKey.io)).toBe(1);
    expect(noKey.out.stderr).toMatch(/\[TOKEN_REQUIRED\].*--token/);
    const down = io();
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const code = await disbursementCommand(['holds', '--benefit', 'tefu', '--division', '330402', '--token', 't', '--url', 'http://127.0.0.1:9'], {
      ...down.io,
      fetch: (async () => {
        throw refused;
      }) as unknown as typeof fetch,
    });
    expect(code).toBe(1);
    expect(down.out.stderr).toMatch(/\[UNREACHABLE\]: 无法连接 .*ECONNREFUSED.* \/ cannot reach the disbursement service at http:\/\/127\.0\.0\.1:9/);
  });

  it('a refusal of the service exits 1 with its code, the Chinese and English message and each line number', async () => {
    const out = io();
    const body = {
      code: 'RETURN_FILE_INVALID',
      message: { zh: '银行回盘文件有误', en: 'the bank return file has problems' },
      details: { issues: [{ line: 3, code: 'RETURN_AMOUNT_MALFORMED', message: 'the amount is malformed' }] },
    };
    const fakeFetch = (async () => new Response(JSON.stringify(body), { status: 422, headers: { 'Content-Type': 'application/json' } })) as unknown as typeof fetch;
    const code = await disbursementCommand(['import-returns', 'tefu-330402-2025-01-1', '--file', __filename, '--token', 't', '--url', 'http://x.invalid'], { ...out.io, fetch: fakeFetch });
    expect(code).toBe(1);
    expect(out.out.stderr).toContain('错误 Error [RETURN_FILE_INVALID]: 银行回盘文件有误 / the bank return file has problems\n  第 3 行 line 3 [RETURN_AMOUNT_MALFORMED]: the amount is malformed\n');
  });
});

describe('benefits disbursement: output', () => {
  it('money is integer fen shown as yuan with two decimals', () => {
    expect([yuan(0), yuan(5), yuan(100_000), yuan(123_456_789), yuan(-250)]).toEqual(['0.00', '0.05', '1000.00', '1234567.89', '-2.50']);
  });

  it('a run: id, status, counts, the envelope totals and holds by reason', () => {
    const text = formatRun(
      { runId: 'tefu-330402-2025-01-1', status: 'completed', resumed: false, counts: { created: 6, alreadyExisted: 0, createdFen: 600_000, arrearsFen: 0, recoveryFen: 0 } },
      {
        envelopeId: 'tefu-330402-2025-01-1',
        status: 'prepared',
        prepared: { totals: { count: 4, fen: 400_000 }, held: { count: 2, fen: 200_000, byReason: { ACCOUNT_MISSING: { count: 1, fen: 100_000 }, DUPLICATE_PERSON: { count: 1, fen: 100_000 } } }, references: [] },
      },
    );
    expect(text).toBe(
      [
        '发放批次 run tefu-330402-2025-01-1  状态 status completed',
        '  新建 created 6  已存在 already existed 0  新建金额 created 6000.00 元 (600000 fen)',
        '  批次 envelope tefu-330402-2025-01-1 (prepared): 报送银行 to the bank 4 笔 lines, 4000.00 元 (400000 fen)',
        '  暂缓 held 2 笔, 2000.00 元 (200000 fen); 待补录账户 ACCOUNT_MISSING 1; 重复享受待决 DUPLICATE_PERSON 1',
        '',
      ].join('\n'),
    );
  });

  it('a return: counts and each refused line with its number', () => {
    const text = formatReturns({
      sha256: 'ab'.repeat(32),
      alreadyImported: false,
      counts: { settled: 2, failed: 1, reversed: 0, alreadyApplied: 0, refused: 1 },
      fen: { settled: 200_000, failed: 100_000, reversed: 0 },
      refused: [{ line: 4, paymentId: 'payment-x', code: 'RETURN_AMOUNT_MISMATCH', message: 'amount differs' }],
    });
    expect(text).toContain('成功 settled 2 (2000.00 元 (200000 fen))');
    expect(text).toContain('拒绝 refused 1');
    expect(text).toContain('  第 4 行 line 4 [RETURN_AMOUNT_MISMATCH] payment-x: amount differs\n');
  });

  it('a reconciliation: the lines, the funding split, whether it balances and which identity is off', () => {
    const lines = Object.fromEntries(['due', 'held', 'settled', 'netSettled'].map((k) => [k, { count: 1, fen: 100 }]));
    const balanced = formatReconciliation('tefu-330402-2025-01-1', { lines, checks: [], balanced: true, differences: [], byFundingSource: { central: 50, provincial: 20, city: 10, county: 20, unallocated: 0 } });
    expect(balanced).toContain('中央 central 0.50');
    expect(balanced).toMatch(/平衡 BALANCED/);
    const off = formatReconciliation('x', { lines, checks: [{ name: 'due', formula: 'due = enveloped + held', unit: 'fen', difference: 7 }], balanced: false, differences: [{}], byFundingSource: {} });
    expect(off).toContain('不平 off: due = enveloped + held (fen) difference 7');
    expect(off).toMatch(/不平衡 NOT BALANCED/);
  });

  it('a failure without line numbers shows its details', () => {
    expect(formatFailure({ code: 'ENVELOPE_NOT_SETTLED', zh: '批次仍有未回盘的发放记录', en: 'payments still await a return', details: { pending: 2 } })).toBe(
      '错误 Error [ENVELOPE_NOT_SETTLED]: 批次仍有未回盘的发放记录 / payments still await a return\n  详情 details: {"pending":2}\n',
    );
  });
});

describe('benefits disbursement: exit codes of findings', () => {
  const respond = (body: unknown, headers: Record<string, string> = {}) =>
    (async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status: 200, headers })) as unknown as typeof fetch;

  it('a reconciliation that does not balance exits 1 with RECONCILIATION_NOT_BALANCED', async () => {
    const out = io();
    const report = { lines: { due: { count: 1, fen: 100 } }, checks: [{ name: 'due', formula: 'due = enveloped + held', unit: 'fen', difference: 100 }], balanced: false, differences: [], byFundingSource: {} };
    expect(await disbursementCommand(['reconcile', 'tefu-330402-2025-01-1', '--token', 't', '--url', 'http://x.invalid'], { ...out.io, fetch: respond(report) })).toBe(1);
    expect(out.out.stdout).toContain('不平衡 NOT BALANCED');
    expect(out.out.stderr).toMatch(/^错误 Error \[RECONCILIATION_NOT_BALANCED\]/);
  });

  it('an exported file whose hash differs from the recorded one exits 1 (EXPORT_HASH_MISMATCH)', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'benefits-cli-export-'));
    try {
      const out = io();
      const fetchFn = respond('H,1\r\n', { 'X-Content-SHA256': '0'.repeat(64), 'X-Line-Count': '0', 'X-Total-Fen': '0' });
      expect(await disbursementCommand(['export', 'tefu-330402-2025-01-1', '--out', join(dir, 'f.csv'), '--token', 't', '--url', 'http://x.invalid'], { ...out.io, fetch: fetchFn })).toBe(1);
      expect(out.out.stderr).toMatch(/\[EXPORT_HASH_MISMATCH\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
