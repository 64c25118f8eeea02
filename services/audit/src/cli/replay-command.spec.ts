import { auditCommand } from './audit-command';
import { replayCommand, formatReplay, type ReplayAnswer } from './replay-command';

const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
const standardRef = { standardId: 'bps-330400', versionId: '2c8fa3c496992144', itemNo: '52', contentHash: 'ab'.repeat(32) };
const state = (status: string, facts: ReplayAnswer['timeline'][number]['state'] extends infer S ? (S extends { facts: infer F } ? F : never) : never = []) => ({
  status,
  statusSince: '2024-08-05',
  paymentSuspended: false,
  approvedDeterminationId: status === 'active' ? 'det-1' : null,
  facts,
});
// Sample data: an invented answer of the service.
const answer: ReplayAnswer = {
  caseId,
  asKnownAt: '2024-12-31T16:00:00+00:00',
  knownAt: { kind: 'instant' },
  asEffectiveOn: '2024-12-15',
  chain: { intact: true, length: 2 },
  timeline: [
    { revision: 0, type: 'tefu.CaseCreated.v1', recordedAt: '2024-08-05T02:00:00.000Z', effectiveFrom: '2024-08-05', actor: { id: 'intake', role: 'intake_officer', divisionCode: '330402' }, chainIntact: true, effective: true, state: state('draft') },
    { revision: 1, type: 'tefu.CaseApproved.v1', recordedAt: '2024-08-06T02:00:00.000Z', effectiveFrom: '2024-08-06', actor: null, chainIntact: true, effective: true, state: state('active', [{ key: 'p1|income|pension|2024-08', value: { kind: 'income', amountFen: 150_000 }, effectiveFrom: '2024-08-05' }]) },
  ],
  state: state('active', [{ key: 'p1|income|pension|2024-08', value: { kind: 'income', amountFen: 150_000 }, effectiveFrom: '2024-08-05' }]),
  determinations: [{ determinationId: 'det-1', effectiveFrom: '2024-08-05', effectiveTo: null, replacedBy: null, standardRef, rulesetVersion: 'tefu-zj-2024.1', chainIntact: true, appliesOn: true }],
  payments: [
    { paymentStreamId: `payment-${caseId}-p1-2024-12`, periodKey: '2024-12', personRef: 'p1', amount: { fen: 85_000 }, chain: { intact: true }, trace: { determinationId: 'det-1', standardRef, consistent: true }, appliesOn: true },
    { paymentStreamId: `payment-${caseId}-p1-2024-11`, periodKey: '2024-11', personRef: 'p1', amount: { fen: 100_000 }, chain: { intact: false }, trace: { determinationId: 'det-1', standardRef, consistent: false }, appliesOn: false },
  ],
};

function memoryIo(fetchFn?: typeof fetch) {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, env: {}, fetch: fetchFn } };
}

function fakeService(body: unknown, status = 200) {
  const urls: string[] = [];
  const fetchFn = (async (url: string) => {
    urls.push(url);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { urls, fetchFn };
}

describe('benefits audit replay', () => {
  it('asks the history with both axes and prints one line per event with its state, then determinations and payments', async () => {
    const service = fakeService(answer);
    const m = memoryIo(service.fetchFn);
    const code = await auditCommand(['replay', caseId, '--as-known-at', '2024-12-31T16:00:00+00:00', '--as-effective-on', '2024-12-15', '--token', 't', '--url', 'http://audit:9'], m.io);
    expect(code).toBe(0);
    expect(service.urls).toEqual([`http://audit:9/audit/cases/${caseId}/history?asKnownAt=2024-12-31T16%3A00%3A00%2B00%3A00&asEffectiveOn=2024-12-15`]);
    const lines = m.out.stdout.split('\n');
    expect(lines[0]).toBe(`案件 case ${caseId}  知悉时点 as known at 2024-12-31T16:00:00+00:00 (instant)  生效日期 as effective on 2024-12-15`);
    expect(lines).toContain('  #0  2024-08-05T02:00:00.000Z  生效 2024-08-05  tefu.CaseCreated.v1  by intake(intake_officer 330402)  → 状态 draft; 事实 facts 0');
    expect(lines).toContain('  #1  2024-08-06T02:00:00.000Z  生效 2024-08-06  tefu.CaseApproved.v1  by -  → 状态 active; 认定 det-1; 事实 facts 1');
    expect(lines).toContain('  事实 fact p1|income|pension|2024-08: amountFen=1500.00元 (from 2024-08-05)');
    expect(lines).toContain('  det-1  2024-08-05 – …  bps-330400 2c8fa3c496992144 第52项 item 52  tefu-zj-2024.1  [适用 applies]');
    expect(lines.find((l) => l.includes('2024-12  p1'))).toContain('850.00 元  bps-330400 2c8fa3c496992144 第52项 item 52  一致 consistent  [适用 applies]');
    expect(lines.find((l) => l.includes('2024-11  p1'))).toContain('不一致 INCONSISTENT [链断 chain broken]  [不适用 does not apply]');
  });

  it('--json prints the answer as is; an older answer without the new fields still prints', async () => {
    const json = memoryIo(fakeService(answer).fetchFn);
    expect(await replayCommand([caseId, '--json', '--token', 't'], json.io)).toBe(0);
    expect(JSON.parse(json.out.stdout)).toEqual(answer);
    const { state: _s, determinations: _d, knownAt: _k, asEffectiveOn: _e, ...older } = answer;
    const plain = memoryIo(fakeService({ ...older, asKnownAt: null, timeline: older.timeline.map(({ state: _x, effective: _y, ...e }) => e) }).fetchFn);
    expect(await replayCommand([caseId, '--token', 't'], plain.io)).toBe(0);
    expect(plain.out.stdout).toContain('知悉时点 as known at 现在 now');
    expect(plain.out.stdout).toContain('发放 payments: 2');
  });

  it("prints the service's refusal with its code and exits 1", async () => {
    const m = memoryIo(fakeService({ code: 'DIVISION_OUT_OF_SCOPE', message: { zh: '该案件不属于您所在行政区划', en: 'the case is outside your division' } }, 403).fetchFn);
    expect(await replayCommand([caseId, '--token', 't'], m.io)).toBe(1);
    expect(m.out.stderr).toBe('错误 Error [DIVISION_OUT_OF_SCOPE]: 该案件不属于您所在行政区划 / the case is outside your division\n');
  });

  it.each([
    [[], 'missing the case id'],
    [['not-a-case'], 'not a case id'],
    [[caseId, 'extra'], 'unexpected argument extra'],
    [[caseId, '--as-effective-on', '2024-02-30'], '--as-effective-on must be'],
    [[caseId, '--as-of', 'x'], 'replay takes no option --as-of'],
  ])('%j exits 2 with the usage: %s', async (argv, message) => {
    const m = memoryIo(fakeService(answer).fetchFn);
    expect(await replayCommand(argv, m.io)).toBe(2);
    expect(m.out.stderr).toContain(message);
    expect(m.out.stderr).toContain('usage: benefits audit replay');
  });

  it('--help prints the usage', async () => {
    const m = memoryIo();
    expect(await replayCommand(['--help'], m.io)).toBe(0);
    expect(m.out.stdout).toContain('--as-effective-on');
  });

  it('formats a broken chain in the header', () => {
    expect(formatReplay({ ...answer, chain: { intact: false, length: 2, brokenAt: 1, reason: 'hash' } })).toContain('断裂 BROKEN at revision 1 (hash)');
  });
});
