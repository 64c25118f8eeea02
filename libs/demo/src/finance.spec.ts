import { casesWithoutAccount, sampleAccount, CASES_PER_MISSING_ACCOUNT } from './finance';
import { parseDemoArgs } from './demo-command';

describe('sample finance data', () => {
  it('a sample account is clearly fake and the same for the same person', () => {
    const a = sampleAccount('3f0c1a52-0000-4000-8000-000000000001');
    expect(a).toEqual(sampleAccount('3f0c1a52-0000-4000-8000-000000000001'));
    expect(a.accountNumber).toMatch(/^99990000\d{8}$/);
    expect(a.bankCode).toBe('999');
    expect(a.bankName).toContain('样例数据');
    expect(a.holderName).toMatch(/^样例户主\d{4}$/);
    expect(sampleAccount('another person').accountNumber).not.toBe(a.accountNumber);
  });

  it('every 100th case of each benefit, the first included, is left without an account (~1 %)', () => {
    const outcomes = Array.from({ length: 1000 }, (_, index) => ({ index, benefit: (['dibao', 'dibao', 'tefu', 'linshi'] as const)[index % 4], caseId: index === 5 ? null : `case-${index}` }));
    const skipped = casesWithoutAccount(outcomes);
    expect(CASES_PER_MISSING_ACCOUNT).toBe(100);
    // 500 低保 (one not created), 250 特扶, 250 临时救助: positions 0, 100, … of each.
    expect(skipped.size).toBe(5 + 3 + 3);
    expect(skipped.has('case-0')).toBe(true);
    expect(skipped.has('case-2')).toBe(true);
    expect(skipped.has('case-3')).toBe(true);
    expect(casesWithoutAccount([{ index: 0, benefit: 'tefu', caseId: 'only' }])).toEqual(new Set(['only']));
  });
});

describe('benefits demo bank-return arguments', () => {
  it('parses the envelope, fail rate and output file', () => {
    expect(parseDemoArgs(['bank-return', '--envelope', 'tefu-330402-2026-03-1', '--fail-rate', '0.05', '--out', 'r.csv'])).toEqual({
      sub: 'bank-return',
      options: { envelope: 'tefu-330402-2026-03-1', 'fail-rate': '0.05', out: 'r.csv' },
    });
  });

  it.each([
    [['bank-return'], /--envelope/],
    [['bank-return', '--envelope', 'nope'], /not an envelope id/],
    [['bank-return', '--envelope', 'tefu-330402-2026-03-1', '--fail-rate', '2'], /--fail-rate/],
    [['bank-return', '--envelope', 'tefu-330402-2026-03-1', '--cases', '3'], /takes no --cases/],
    [['seed', '--cases', '3', '--envelope', 'tefu-330402-2026-03-1'], /seed takes no --envelope/],
  ])('%j is refused', (argv, message) => {
    expect(() => parseDemoArgs(argv)).toThrow(message);
  });
});

describe('benefits demo bank-return against a (fake) disbursement service', () => {
  it('writes a SAMPLE return file for the exported envelope: every bank line, in payment id order; failures at the given rate', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { demoCommand } = await import('./demo-command');
    const dir = mkdtempSync(join(tmpdir(), 'benefits-demo-bank-return-'));
    const envelopeId = 'tefu-330402-2026-04-1';
    const items = [
      { paymentStreamId: 'payment-b', kind: 'regular', fen: 100_000, nettedFen: 0 },
      { paymentStreamId: 'payment-a', kind: 'arrears', fen: 50_000, nettedFen: 10_000 },
      { paymentStreamId: 'payment-r', kind: 'recovery', fen: 10_000, nettedFen: 10_000 },
    ];
    const requests: string[] = [];
    const fetch = async (url: string) => {
      requests.push(url);
      const body = url.includes('/payments') ? { items, nextCursor: null } : { exports: [{ layoutId: 'sample-csv-utf8', format: 'csv' }] };
      return { status: 200, headers: { get: () => null }, text: async () => JSON.stringify(body) };
    };
    let stdout = '';
    let stderr = '';
    try {
      const out = join(dir, 'return.csv');
      const code = await demoCommand(['bank-return', '--envelope', envelopeId, '--fail-rate', '0', '--out', out, '--url', 'http://127.0.0.1:3001'], {
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: (t: string) => (stderr += t) },
        env: { BENEFITS_DATA_DIR: dir },
        fetch,
      });
      expect({ code, stderr }).toMatchObject({ code: 0 });
      expect(JSON.parse(stdout)).toMatchObject({ sampleData: true, envelopeId, lines: 2, settled: 2, failed: 0, totalFen: 140_000 });
      expect(requests[0]).toBe(`http://127.0.0.1:3003/disbursement/envelopes/${envelopeId}`);
      const text = readFileSync(out, 'utf8');
      expect(text.indexOf('payment-a')).toBeLessThan(text.indexOf('payment-b'));
      expect(text).not.toContain('payment-r');
      expect(stderr).toContain('样例数据');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
