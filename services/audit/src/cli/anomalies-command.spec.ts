import { auditCommand } from './audit-command';

// Sample data: invented answers of the audit service.
const scanId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
const findingId = 'ab'.repeat(16);
const scanAnswer = (status: string, state: string) => ({
  scanId,
  status,
  divisionCode: '330402',
  rules: ['A1-paid-after-death'],
  asOf: '2025-02-10',
  attempt: 1,
  progress: [{ ruleId: 'A1-paid-after-death', state, examined: 12, counts: state === 'done' ? { raised: 1, seenAgain: 0, unchanged: 0, candidates: 1 } : null }],
  counts: status === 'completed' ? { findings: 1, raised: 1, seenAgain: 0, unchanged: 0, outOfScope: 0 } : null,
  resultHash: status === 'completed' ? 'cd'.repeat(32) : null,
  error: null,
});
const finding = (revision: number, status = 'open') => ({
  findingId,
  ruleId: 'A1-paid-after-death',
  status,
  summary: { zh: '计生特扶：对象已于 2024-10-03 死亡，仍发放 2024-11 期间待遇 850.00 元', en: 'tefu: died 2024-10-03; 850.00 yuan for 2024-11' },
  amountFen: 85_000,
  divisionCodes: ['330402'],
  cases: [{ caseId: 'c1', divisionCode: '330402', benefit: 'tefu' }],
  otherDivisions: { cases: 1, divisionCodes: ['330411'] },
  evidence: [{ streamId: 'payment-x', revision: 0 }],
  hiddenEvidence: 0,
  details: {},
  raisedAt: '2025-02-10T02:00:00.000Z',
  revision,
  assignment: null,
  check: null,
  outcome: null,
  timeline: [{ revision: 0, type: 'audit.FindingRaised.v1', recordedAt: '2025-02-10T02:00:00.000Z', actor: { id: 'auditor', role: 'auditor' }, scanId }],
});

function fake(answers: ((url: string, init: RequestInit) => { status: number; body: unknown })[]) {
  const calls: { url: string; method: string; headers: Record<string, string>; body: unknown }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: String(init.method), headers: init.headers as Record<string, string>, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const answer = answers.shift()!(url, init);
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof fetch;
  const out = { stdout: '', stderr: '' };
  const io = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, env: {}, fetch: fetchFn, progressIntervalMs: 1 };
  return { calls, out, io };
}

const common = ['--url', 'http://audit.test', '--token', 't'];

describe('benefits audit anomalies', () => {
  it('scan: starts the scan, polls it printing progress, and prints the result; exit 0 when completed', async () => {
    const { calls, out, io } = fake([() => ({ status: 202, body: scanAnswer('running', 'pending') }), () => ({ status: 200, body: scanAnswer('running', 'running') }), () => ({ status: 200, body: scanAnswer('completed', 'done') })]);
    const code = await auditCommand(['anomalies', 'scan', '--division', '330402', '--rules', 'A1-paid-after-death', '--as-of', '2025-02-10', ...common], io);
    expect(code).toBe(0);
    expect(calls[0]).toMatchObject({ url: 'http://audit.test/audit/anomaly-scans', method: 'POST', body: { divisionCode: '330402', rules: ['A1-paid-after-death'], asOf: '2025-02-10' } });
    expect(calls[1].url).toBe(`http://audit.test/audit/anomaly-scans/${scanId}`);
    expect(out.stderr).toContain('A1-paid-after-death running 12');
    expect(out.stdout).toContain('新增 raised 1');
    expect(out.stdout).toContain(`结果哈希 result hash ${'cd'.repeat(32)}`);
  });

  it('list and show print the findings; the other division is counted, not named', async () => {
    const { calls, out, io } = fake([() => ({ status: 200, body: { items: [finding(0)], nextCursor: null } }), () => ({ status: 200, body: finding(0) })]);
    expect(await auditCommand(['anomalies', 'list', '--rule', 'A1-paid-after-death', '--status', 'open', ...common], io)).toBe(0);
    expect(calls[0].url).toBe('http://audit.test/audit/anomalies?ruleId=A1-paid-after-death&status=open');
    expect(out.stdout).toContain(`${findingId}  A1-paid-after-death`);
    expect(out.stdout).toContain('850.00元');
    expect(await auditCommand(['anomalies', 'show', findingId, ...common], io)).toBe(0);
    expect(out.stdout).toContain('另有 1 个其他区划的案件');
    expect(out.stdout).toContain('audit.FindingRaised.v1  by auditor(auditor)');
  });

  it('check sends the revision read just before as If-Match (or --revision), and the body the service expects', async () => {
    const { calls, io } = fake([() => ({ status: 200, body: finding(1, 'assigned') }), () => ({ status: 200, body: finding(2, 'checked') })]);
    expect(await auditCommand(['anomalies', 'check', findingId, '--result', 'confirmed_on_site', '--note', '入户核实', ...common], io)).toBe(0);
    expect(calls[1]).toMatchObject({ method: 'POST', url: `http://audit.test/audit/anomalies/${findingId}/check`, headers: { 'If-Match': '"1"' }, body: { result: 'confirmed_on_site', note: '入户核实' } });
    const second = fake([() => ({ status: 412, body: { code: 'STALE_REVISION', message: { zh: '记录已被他人修改', en: 'stale' } } })]);
    expect(await auditCommand(['anomalies', 'outcome', findingId, '--outcome', 'confirmed', '--action', 'recovery', '--note', '追缴', '--revision', '2', ...common], second.io)).toBe(1);
    expect(second.calls[0]).toMatchObject({ headers: { 'If-Match': '"2"' }, body: { outcome: 'confirmed', action: 'recovery', note: '追缴' } });
    expect(second.out.stderr).toContain('[STALE_REVISION]');
  });

  it('refuses bad arguments with exit 2 before any request', async () => {
    for (const argv of [
      ['anomalies', 'scan', ...common],
      ['anomalies', 'scan', '--division', '330402', '--as-of', '2025-02-30', ...common],
      ['anomalies', 'show', 'nope', ...common],
      ['anomalies', 'outcome', findingId, '--outcome', 'confirmed', '--action', 'fine', '--note', 'x', ...common],
      ['anomalies', 'frobnicate'],
    ]) {
      const { calls, io } = fake([]);
      expect(await auditCommand(argv, io)).toBe(2);
      expect(calls).toEqual([]);
    }
  });
});
