import { deathDateOf, factKey, factOn, factsOn, standingRecords, type FactRecord } from './facts';

const wife = 'person-wife';
const rec = (r: Partial<FactRecord> & Pick<FactRecord, 'factId' | 'fact' | 'effectiveFrom'>): FactRecord => ({ subject: wife, supersedes: null, evidence: [], ...r });

describe('effective-dated facts with corrections that supersede', () => {
  const granted = rec({ factId: 'f-1', fact: { kind: 'elderlyCareSubsidy', receiving: true }, effectiveFrom: '2025-01-01' });
  const stopped = rec({ factId: 'f-2', fact: { kind: 'elderlyCareSubsidy', receiving: false }, effectiveFrom: '2025-07-01' });

  it('gives the fact in effect on a date: the latest effective record on or before it', () => {
    const records = [granted, stopped];
    expect(factOn(records, wife, 'elderlyCareSubsidy', '2024-12-31')).toBeNull();
    expect(factOn(records, wife, 'elderlyCareSubsidy', '2025-01-01')).toEqual({ kind: 'elderlyCareSubsidy', receiving: true });
    expect(factOn(records, wife, 'elderlyCareSubsidy', '2025-06-30')).toEqual({ kind: 'elderlyCareSubsidy', receiving: true });
    expect(factOn(records, wife, 'elderlyCareSubsidy', '2025-07-01')).toEqual({ kind: 'elderlyCareSubsidy', receiving: false });
  });

  it('a back-dated record recorded later takes over from its own date only', () => {
    const backDated = rec({ factId: 'f-3', fact: { kind: 'elderlyCareSubsidy', receiving: false }, effectiveFrom: '2025-03-01' });
    const records = [granted, stopped, backDated];
    expect(factOn(records, wife, 'elderlyCareSubsidy', '2025-02-28')?.receiving).toBe(true);
    expect(factOn(records, wife, 'elderlyCareSubsidy', '2025-03-01')?.receiving).toBe(false);
  });

  it('a correction withdraws the record it supersedes (which stays in the history) and holds from its own date', () => {
    const correction = rec({ factId: 'f-3', fact: { kind: 'elderlyCareSubsidy', receiving: true }, effectiveFrom: '2025-02-01', supersedes: 'f-1' });
    const records = [granted, correction];
    expect(standingRecords(records).map((r) => r.factId)).toEqual(['f-3']);
    expect(factOn(records, wife, 'elderlyCareSubsidy', '2025-01-15')).toBeNull();
    expect(factOn(records, wife, 'elderlyCareSubsidy', '2025-02-01')?.receiving).toBe(true);
    expect(records).toHaveLength(2);
  });

  it('keeps incomes per source and month, assets per kind and label, other kinds once per subject', () => {
    const july = rec({ factId: 'i-1', fact: { kind: 'income', source: 'pension', month: '2025-07', amountFen: 250_000 }, effectiveFrom: '2025-07-01' });
    const august = rec({ factId: 'i-2', fact: { kind: 'income', source: 'pension', month: '2025-08', amountFen: 260_000 }, effectiveFrom: '2025-08-01' });
    const wage = rec({ factId: 'i-3', fact: { kind: 'income', source: 'wage', month: '2025-08', amountFen: 100_000 }, effectiveFrom: '2025-08-01' });
    expect(factsOn([july, august, wage], '2025-09-01').map((r) => r.factId).sort()).toEqual(['i-1', 'i-2', 'i-3']);
    expect(factKey(july)).toBe('person-wife|income|pension|2025-07');
    expect(factKey({ subject: 'household', fact: { kind: 'asset', assetKind: 'deposit', label: '定期', valueFen: 1 } })).toBe('household|asset|deposit|定期');
    expect(factKey(granted)).toBe('person-wife|elderlyCareSubsidy');
  });

  it("knows a member's date of death from the standing death record", () => {
    const died = rec({ factId: 'd-1', fact: { kind: 'death' }, effectiveFrom: '2025-03-03' });
    const corrected = rec({ factId: 'd-2', fact: { kind: 'death' }, effectiveFrom: '2025-03-02', supersedes: 'd-1' });
    expect(deathDateOf([granted], wife)).toBeNull();
    expect(deathDateOf([died], wife)).toBe('2025-03-03');
    expect(deathDateOf([died, corrected], wife)).toBe('2025-03-02');
  });
});
