import { evaluate, pinnedBandTable, sampleB, sampleBandTable, shippedPack, type EngineResult } from '@benefits/benefits';
import { linshiRequest, pinnedDibaoStandard, traceParameters } from './engine-request';

/**
 * A 嘉兴 临时救助 determination computed with a county's published band table (SAMPLE DATA, never an
 * official table) recomputes to the same amount from what its trace recorded: audit rebuilds both the
 * 低保标准 B and the band table from the trace's parameters.
 */
describe('recomputing 临时救助 under a published band table', () => {
  const packId = 'linshi-330400-2023';
  const packs = new Map([[packId, shippedPack(packId)]]);
  const recordedFacts = { type: 'zhichu', householdMembers: 3, group: 'g1', necessaryExpenditureFen: 3_000_000 };

  function original(): EngineResult {
    return evaluate(
      {
        benefit: 'linshi',
        rulePackId: packId,
        rulesetVersion: 'linshi.v1',
        dibaoStandard: sampleB('1000', '330400'),
        bandTable: sampleBandTable('330402', '2025-01-01'),
        facts: { decisionDate: '2025-03-10', type: 'zhichu', householdMembers: 3, group: 'g1', necessaryExpenditure: { fen: 3_000_000 } },
      },
      packs,
    );
  }

  it('rebuilds the table from the trace and gets the same amount', () => {
    const first = original();
    expect(first.outcome).toBe('eligible');
    const parameters = traceParameters(first.trace);
    const table = pinnedBandTable(parameters);
    expect(table?.value.tableId).toBe('sample-linshi-bands');
    expect(table?.sampleData).toBe(true);
    const again = evaluate(linshiRequest(recordedFacts, packId, 'linshi.v1', pinnedDibaoStandard(parameters), '2025-03-10', table), packs);
    expect(again.amount).toEqual(first.amount);
    expect(again.trace).toEqual(first.trace);
  });

  it('without the table the recomputation is not computable, so a missing pin shows as a mismatch', () => {
    const parameters = traceParameters(original().trace);
    const again = evaluate(linshiRequest(recordedFacts, packId, 'linshi.v1', pinnedDibaoStandard(parameters), '2025-03-10'), packs);
    expect(again.outcome).toBe('notComputable');
  });
});
