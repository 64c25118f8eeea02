import { newId } from '@benefits/kernel';
import { envelopeFundsUnsettledRule } from './envelope-funds-unsettled.rule';
import { financeProjection } from './read-models/finance-ledger';
import { recordEnvelope, recordPayment } from './read-models/finance-testing';
import { startRuleTestBed, type RuleTestBed } from './read-models/procedure-testing';

jest.setTimeout(180_000);

describe('A6-envelope-funds-unsettled', () => {
  let bed: RuleTestBed;
  const division = '330402';
  const parked = 'dibao-330402-2026-03-1';
  const settled = 'dibao-330402-2026-02-1';
  const recent = 'dibao-330402-2026-04-1';
  const notExported = 'dibao-330402-2026-05-1';
  const cases = [newId(), newId(), newId(), newId()];
  const persons = [newId(), newId(), newId(), newId()];
  let pendingStream = '';
  let failedStream = '';

  beforeAll(async () => {
    bed = await startRuleTestBed([financeProjection()]);
    const pay = (i: number, month: string, envelopeId: string | null, fen: number, outcome = {}) =>
      recordPayment(bed, { caseId: cases[i], personRef: persons[i], benefit: 'dibao', divisionCode: division, month, fen, envelopeId }, outcome);
    // Exported 2026-03-03 (Asia/Shanghai; 01:00 UTC is 09:00 there): one line settled, one never returned, one refused and not reissued, one refused and reissued.
    await recordEnvelope(bed, parked, { benefit: 'dibao', divisionCode: division, runPeriod: '2026-03', exportedAt: '2026-03-03T01:00:00.000Z' });
    await pay(0, '2026-03', parked, 50_000, { settled: true });
    pendingStream = await pay(1, '2026-03', parked, 60_000);
    failedStream = await pay(2, '2026-03', parked, 70_000, { failed: true });
    await pay(3, '2026-03', parked, 80_000, { failed: true, followUpId: 'fu-1' });
    // Exported 2026-02-02 on the evening before in UTC, every line settled.
    await recordEnvelope(bed, settled, { benefit: 'dibao', divisionCode: division, runPeriod: '2026-02', exportedAt: '2026-02-01T17:00:00.000Z', closedAt: '2026-02-06T02:00:00.000Z' });
    await pay(0, '2026-02', settled, 50_000, { settled: true });
    // Exported only days before the scan date: not due yet.
    await recordEnvelope(bed, recent, { benefit: 'dibao', divisionCode: division, runPeriod: '2026-04', exportedAt: '2026-04-08T02:00:00.000Z' });
    await pay(0, '2026-04', recent, 50_000);
    await recordEnvelope(bed, notExported, { benefit: 'dibao', divisionCode: division, runPeriod: '2026-05' });
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('defaults to 10 days (a product default), configurable', () => {
    expect(envelopeFundsUnsettledRule.defaults).toEqual({ days: 10, includeReturnedNotReissued: true, maxPaymentsCited: 20 });
    expect(envelopeFundsUnsettledRule.configSchema.safeParse({ days: 0, includeReturnedNotReissued: true, maxPaymentsCited: 20 }).success).toBe(false);
  });

  it('lists the envelope with lines unsettled N days after export, with counts, amount and evidence; not the settled, the recent or the unexported one', async () => {
    const found = await bed.scan(envelopeFundsUnsettledRule, { divisionCode: '330400', asOf: '2026-04-10' });
    expect(found).toHaveLength(1);
    const [candidate] = found;
    expect(candidate).toMatchObject({
      subjectKey: `envelope-${parked}`,
      amountFen: 130_000,
      details: {
        exportedOn: '2026-03-03',
        daysSinceExport: 38,
        counts: { lines: 4, settled: 1, pending: 1, returnedNotReissued: 1, reissued: 1, unsettled: 2 },
        fen: { settled: 50_000, pending: 60_000, returnedNotReissued: 70_000, unsettled: 130_000 },
      },
    });
    expect(candidate.cases.map((c) => c.caseId).sort()).toEqual([cases[1], cases[2]].sort());
    expect(candidate.cases[0]).toMatchObject({ divisionCode: division, benefit: 'dibao' });
    expect(candidate.evidence).toEqual([
      { streamId: `envelope-${parked}`, revision: 2, note: 'disbursement.EnvelopeExported.v1' },
      { streamId: pendingStream, revision: 0, note: 'enveloped' },
      { streamId: failedStream, revision: 1, note: 'failed' },
    ]);
  });

  it('judges the export date in China time and the limit at the scan date; refused lines can be left out', async () => {
    // 2026-03-03 + 10 days: on 03-13 the envelope is not yet listed, on 03-14 it is.
    expect(await bed.scan(envelopeFundsUnsettledRule, { divisionCode: division, asOf: '2026-03-13' })).toEqual([]);
    expect(await bed.scan(envelopeFundsUnsettledRule, { divisionCode: division, asOf: '2026-03-14' })).toHaveLength(1);
    const pendingOnly = await bed.scan(envelopeFundsUnsettledRule, { divisionCode: division, asOf: '2026-04-10', config: { includeReturnedNotReissued: false } });
    expect(pendingOnly[0]).toMatchObject({ amountFen: 60_000, details: { counts: { unsettled: 1 } } });
    expect(await bed.scan(envelopeFundsUnsettledRule, { divisionCode: '110105', asOf: '2026-04-10' })).toEqual([]);
  });
});
