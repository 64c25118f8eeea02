import { recomputeCommand } from './recompute-command';

/** `benefits audit recompute` against a fake audit service (the HTTP route itself is tested in test/audit/recompute-tamper.spec.ts). */

const memoryIo = (fetchFn: typeof fetch) => {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, env: {}, fetch: fetchFn, progressIntervalMs: 1 } };
};

const tally = (mismatch = 0) => ({ match: 2, mismatch, notRecomputable: 0 });
const report = (status: string, mismatch: number, extra: Record<string, unknown> = {}) => ({
  recomputationId: 'r1',
  status,
  progress: { pages: status === 'running' ? 1 : 2, casesExamined: status === 'running' ? 1 : 2, casesInScope: 2 },
  counts: { cases: 2, determinations: tally(), determinationRecords: tally(), payments: tally(mismatch) },
  resultHash: status === 'completed' ? 'ab'.repeat(32) : null,
  failure: null,
  mismatches: [],
  notRecomputable: [],
  nextCursor: null,
  ...extra,
});
const mismatch = {
  subject: 'payment',
  subjectId: 'payment-c1-p1-2024-09',
  caseId: 'c1',
  status: 'mismatch',
  recordedFen: 95_000,
  recomputedFen: 85_000,
  stage: 'schedule',
  evidence: [{ streamId: 'payment-c1-p1-2024-09', revision: 0 }],
};

/** A fake service: POST answers running, the first GET running, then completed; findings on two pages. */
function service(mismatches: number) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  let polls = 0;
  const fetchFn = (async (url: string, init: RequestInit) => {
    calls.push({ method: init.method ?? 'GET', url, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (init.method === 'POST') return json(report('running', 0), 202);
    if (url.includes('limit=500')) {
      if (mismatches === 0) return json(report('completed', 0));
      return url.includes('cursor=') ? json(report('completed', mismatches, { mismatches: [{ ...mismatch, subjectId: 'second' }] })) : json(report('completed', mismatches, { mismatches: [mismatch], nextCursor: '2:1' }));
    }
    polls += 1;
    return json(polls === 1 ? report('running', 0) : report('completed', mismatches));
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

describe('benefits audit recompute', () => {
  it('given a division, starts the job, polls it and prints counts and the result hash; exit 0 when all match', async () => {
    const { calls, fetchFn } = service(0);
    const { out, io } = memoryIo(fetchFn);
    expect(await recomputeCommand(['--division', '330402', '--benefit', 'tefu', '--period', '2024-09', '--id', 'r1', '--url', 'http://audit:1', '--token', 't'], io)).toBe(0);
    expect(calls[0]).toEqual({ method: 'POST', url: 'http://audit:1/audit/recomputations', body: { scope: { divisionCode: '330402', benefit: 'tefu', period: '2024-09' }, recomputationId: 'r1' } });
    expect(out.stderr).toContain('cases 2 / 2');
    expect(out.stdout).toContain(`result hash: ${'ab'.repeat(32)}`);
  });

  it('given mismatches, prints each with both amounts and its evidence (every page) and exits 1; --json prints the report', async () => {
    const { fetchFn } = service(2);
    const { out, io } = memoryIo(fetchFn);
    expect(await recomputeCommand(['--case', '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b', '--url', 'http://audit:1', '--token', 't'], io)).toBe(1);
    expect(out.stdout).toContain('recorded 950.00 元, 重算 recomputed 850.00 元 at schedule');
    expect(out.stdout).toContain('evidence: payment-c1-p1-2024-09@0');
    expect(out.stdout).toContain('payment second');

    const json = memoryIo(service(2).fetchFn);
    expect(await recomputeCommand(['--case', '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b', '--json', '--url', 'http://audit:1', '--token', 't'], json.io)).toBe(1);
    expect(JSON.parse(json.out.stdout)).toMatchObject({ status: 'completed', mismatches: [{ recordedFen: 95_000 }, { subjectId: 'second' }] });
  });

  it.each([
    [[], 'give --case or --division'],
    [['--case', 'x', '--period', '2024-09'], 'go with --division only'],
    [['--division', '330402', '--page-size', '0'], '--page-size must be'],
    [['--division', '330402', 'extra'], 'unexpected arguments'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const { out, io } = memoryIo(service(0).fetchFn);
    expect(await recomputeCommand([...argv, '--token', 't'], io)).toBe(2);
    expect(out.stderr).toContain(message);
  });

  it('given a refusal by the service, prints its code and both messages (exit 1)', async () => {
    const fetchFn = (async () =>
      new Response(JSON.stringify({ code: 'DIVISION_OUT_OF_SCOPE', message: { zh: '不在范围', en: 'out of scope' } }), { status: 403, headers: { 'content-type': 'application/json' } })) as unknown as typeof fetch;
    const { out, io } = memoryIo(fetchFn);
    expect(await recomputeCommand(['--division', '110000', '--url', 'http://audit:1', '--token', 't'], io)).toBe(1);
    expect(out.stderr).toContain('[DIVISION_OUT_OF_SCOPE]');
  });
});
