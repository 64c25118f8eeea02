import { GENESIS_HASH, type EventEnvelope } from '@benefits/kernel';
import { caseStateOf, caseStatesAfterEach, effectiveDateOf, isEffectiveOn } from './case-state';
import { determinationsOf, paymentAppliesOn } from './effective-on';

/** Case events as the store returns them (hashes are not checked here). */
function events(list: { type: string; data: Record<string, unknown>; recordedAt: string }[], streamId = 'case-c1'): EventEnvelope[] {
  return list.map(({ type, data, recordedAt }, revision) => ({
    eventId: `e${revision}`,
    type,
    streamId,
    streamRevision: revision,
    position: `1:${revision + 1}`,
    recordedAt,
    data,
    metadata: { correlationId: 'c', causationId: null, actor: null, schemaVersion: 1, prevHash: GENESIS_HASH, hash: 'x' },
  }));
}

const fact = (factId: string, subject: string, f: Record<string, unknown>, effectiveFrom: string, supersedes: string | null = null) => ({
  caseId: 'c1',
  factId,
  subject,
  fact: f,
  effectiveFrom,
  supersedes,
  evidence: [],
});

// Sample data: an invented 特扶 case.
const tefu = events([
  { type: 'tefu.CaseCreated.v1', data: { caseId: 'c1', benefit: 'tefu', divisionCode: '330402', effectiveFrom: '2024-08-05' }, recordedAt: '2024-08-05T02:00:00Z' },
  { type: 'tefu.FactRecorded.v1', data: fact('f1', 'p1', { kind: 'elderlyCareSubsidy', receiving: false }, '2024-08-05'), recordedAt: '2024-08-05T02:01:00Z' },
  { type: 'tefu.ApplicationSubmitted.v1', data: { caseId: 'c1', effectiveFrom: '2024-08-05' }, recordedAt: '2024-08-05T02:02:00Z' },
  { type: 'tefu.CaseApproved.v1', data: { caseId: 'c1', determinationId: 'd1', effectiveFrom: '2024-08-06' }, recordedAt: '2024-08-06T02:00:00Z' },
  // Recorded in January, effective from November: retroactive.
  { type: 'tefu.FactRecorded.v1', data: fact('f2', 'p1', { kind: 'elderlyCareSubsidy', receiving: true }, '2024-11-01'), recordedAt: '2025-01-12T02:00:00Z' },
  { type: 'tefu.PaymentSuspended.v1', data: { caseId: 'c1', effectiveFrom: '2025-03-01', reason: 'sample' }, recordedAt: '2025-02-20T02:00:00Z' },
  { type: 'tefu.NoteAdded.v1', data: { text: 'no business date' }, recordedAt: '2025-02-28T17:00:00Z' },
]);

describe('the reconstructed case state', () => {
  it('takes the status from lifecycle events, the approved determination, and the facts in force', () => {
    const state = caseStateOf(tefu, null);
    expect(state).toMatchObject({ benefit: 'tefu', divisionCode: '330402', status: 'active', statusSince: '2024-08-06', statusRevision: 3, paymentSuspended: true, approvedDeterminationId: 'd1' });
    expect(state.facts).toEqual([expect.objectContaining({ key: 'p1|elderlyCareSubsidy', value: { kind: 'elderlyCareSubsidy', receiving: true }, effectiveFrom: '2024-11-01', factId: 'f2', revision: 4 })]);
  });

  it('gives the fact in force on a date: the old value before the retroactive one takes effect', () => {
    expect(caseStateOf(tefu, '2024-10-31').facts.map((f) => f.value)).toEqual([{ kind: 'elderlyCareSubsidy', receiving: false }]);
    expect(caseStateOf(tefu, '2024-11-01').facts.map((f) => f.value)).toEqual([{ kind: 'elderlyCareSubsidy', receiving: true }]);
  });

  it('after each event: events that do not count leave the state as it was', () => {
    const states = caseStatesAfterEach(tefu, (e) => isEffectiveOn(e, '2025-02-01'), '2025-02-01');
    expect(states.map((s) => s.status)).toEqual(['draft', 'draft', 'submitted', 'active', 'active', 'active', 'active']);
    expect(states.map((s) => s.paymentSuspended)).toEqual([false, false, false, false, false, false, false]);
  });

  it('a correction removes the record it supersedes; of two records for the same date the later recorded wins', () => {
    const corrected = events([
      { type: 'tefu.FactRecorded.v1', data: fact('i1', 'p1', { kind: 'income', source: 'wage', month: '2025-01', amountFen: 200_000 }, '2025-01-01'), recordedAt: '2025-02-01T00:00:00Z' },
      { type: 'tefu.FactRecorded.v1', data: fact('i2', 'p1', { kind: 'income', source: 'wage', month: '2025-01', amountFen: 260_000 }, '2025-01-01', 'i1'), recordedAt: '2025-04-01T00:00:00Z' },
      { type: 'tefu.FactRecorded.v1', data: fact('h1', 'household', { kind: 'asset', assetKind: 'deposit', label: 'a', valueFen: 1 }, '2025-01-01'), recordedAt: '2025-04-02T00:00:00Z' },
      { type: 'tefu.FactRecorded.v1', data: fact('h2', 'household', { kind: 'asset', assetKind: 'deposit', label: 'a', valueFen: 2 }, '2025-01-01'), recordedAt: '2025-04-03T00:00:00Z' },
      { type: 'tefu.FactRecorded.v1', data: fact('s1', 'p1', { kind: 'subsidyCard', cardType: 'bankCard', bankCode: '102', account: { sealed: 'x' } }, '2025-01-01'), recordedAt: '2025-04-04T00:00:00Z' },
    ]);
    const facts = caseStateOf(corrected, '2025-01-15').facts;
    expect(facts.map((f) => [f.key, f.factId])).toEqual([
      ['household|asset|deposit|a', 'h2'],
      ['p1|income|wage|2025-01', 'i2'],
      ['p1|subsidyCard', 's1'],
    ]);
    expect(facts[2].value).toEqual({ kind: 'subsidyCard', cardType: 'bankCard', bankCode: '102' });
    // Known before the correction: the original.
    expect(caseStateOf(corrected.slice(0, 1), '2025-01-15').facts.map((f) => f.factId)).toEqual(['i1']);
  });

  it('folds 低保 statuses and income lines, and 临时救助 statuses', () => {
    const dibao = events([
      { type: 'dibao.ApplicationSubmitted.v1', data: { caseId: 'c1', benefit: 'dibao', divisionCode: '330402', effectiveFrom: '2025-01-02' }, recordedAt: '2025-01-02T00:00:00Z' },
      { type: 'dibao.FinancialCheckRecorded.v1', data: { caseId: 'c1', effectiveFrom: '2025-01-10', incomes: [{ personRef: 'p1', source: 'wage', month: '2024-12', amountFen: 50_000 }] }, recordedAt: '2025-01-10T00:00:00Z' },
      { type: 'dibao.CaseApproved.v1', data: { caseId: 'c1', determinationId: 'd1', effectiveFrom: '2025-02-01' }, recordedAt: '2025-02-01T00:00:00Z' },
      { type: 'dibao.PaymentSuspended.v1', data: { caseId: 'c1', effectiveFrom: '2025-03-01' }, recordedAt: '2025-03-01T00:00:00Z' },
    ]);
    expect(caseStateOf(dibao, null)).toMatchObject({ benefit: 'dibao', status: 'suspended', paymentSuspended: true, approvedDeterminationId: 'd1' });
    expect(caseStateOf(dibao, null).facts.map((f) => [f.key, f.effectiveFrom])).toEqual([['p1|income|wage|2024-12', '2025-01-10']]);
    const linshi = events([
      { type: 'linshi.ApplicationSubmitted.v1', data: { benefit: 'linshi', effectiveFrom: '2025-01-02' }, recordedAt: '2025-01-02T00:00:00Z' },
      { type: 'linshi.CaseApproved.v1', data: { advanceAid: { x: 1 }, effectiveFrom: '2025-01-03' }, recordedAt: '2025-01-03T00:00:00Z' },
      { type: 'linshi.AdvanceAidPaperworkCompleted.v1', data: { effectiveFrom: '2025-01-09' }, recordedAt: '2025-01-09T00:00:00Z' },
    ]);
    expect(caseStatesAfterEach(linshi, () => true, null).map((s) => s.status)).toEqual(['submitted', 'advanceAided', 'approved']);
  });

  it('an event without effectiveFrom counts from the Asia/Shanghai date it was recorded on', () => {
    // 2025-02-28T17:00Z is 2025-03-01 01:00 in Shanghai.
    expect(effectiveDateOf(tefu[6])).toBe('2025-03-01');
    expect(isEffectiveOn(tefu[6], '2025-02-28')).toBe(false);
    expect(isEffectiveOn(tefu[6], null)).toBe(true);
  });
});

describe('what applies as effective on a date', () => {
  const det = (determinationId: string, effectiveFrom: string, recordedAt: string) => ({ type: 'tefu.EligibilityDetermined.v1', data: { determinationId, caseId: 'c1', effectiveFrom, eligible: true }, recordedAt });

  it('the determination in force: latest effectiveFrom on or before the date; a later one for the same date replaces it', () => {
    const stream = events([det('d1', '2024-08-05', '2024-08-05T00:00:00Z'), det('d2', '2025-01-10', '2025-01-12T00:00:00Z'), det('d3', '2025-01-10', '2025-01-13T00:00:00Z')], 'determination-c1');
    const on = (date: string | null) => determinationsOf([stream], date).map((d) => [d.determinationId, d.effectiveTo, d.replacedBy, d.appliesOn]);
    expect(on('2024-12-31')).toEqual([
      ['d1', '2025-01-09', null, true],
      ['d2', null, 'd3', false],
      ['d3', null, null, false],
    ]);
    expect(on('2025-02-01').map((d) => d[3])).toEqual([false, false, true]);
    expect(on('2024-01-01').map((d) => d[3])).toEqual([false, false, false]);
    expect(on(null).map((d) => d[3])).toEqual([null, null, null]);
  });

  it('one entry per determination, whichever of the listed streams holds it first', () => {
    const a = events([det('d1', '2024-08-05', '2024-08-05T00:00:00Z')], 'determination-c1');
    const b = events([det('d1', '2024-08-05', '2024-08-05T00:00:00Z')], 'determination-d1');
    expect(determinationsOf([a, b], null).map((d) => d.streamId)).toEqual(['determination-c1']);
  });

  it('a payment: the month or year containing the date; a one-off or instalment due on or before it', () => {
    expect(paymentAppliesOn({ period: { kind: 'month', month: '2025-03' } }, '2025-03-31')).toBe(true);
    expect(paymentAppliesOn({ period: { kind: 'month', month: '2025-03' } }, '2025-04-01')).toBe(false);
    expect(paymentAppliesOn({ period: { kind: 'year', year: 2025 } }, '2025-07-01')).toBe(true);
    expect(paymentAppliesOn({ period: { kind: 'oneOff', date: '2025-03-05' } }, '2025-03-04')).toBe(false);
    expect(paymentAppliesOn({ period: { kind: 'oneOff', date: '2025-03-05' } }, '2025-06-01')).toBe(true);
    expect(paymentAppliesOn({ period: { kind: 'month', month: '2025-03' } }, null)).toBeNull();
    expect(paymentAppliesOn({ period: 'garbage' }, '2025-03-01')).toBeNull();
  });
});
