import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { SimulationRunner, SimulationView } from './runner';
import { FUNDING_LEVELS, type SummaryRow } from './types';

/**
 * The result of a simulation as a workbook, streamed: 说明 (what was simulated, by whom, the result
 * hash), 汇总 (the summary rows with the funding levels) and 变化案件 (every changed case, read a
 * page at a time — the list is never held whole). Amounts in yuan with two decimals.
 */
const yuan = (fen: number) => Number((fen / 100).toFixed(2));

export async function writeSimulationWorkbook(runner: SimulationRunner, view: SimulationView, sink: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: false, useStyles: false });
  workbook.creator = 'benefits';
  const about = workbook.addWorksheet('说明');
  about.columns = [{ width: 28 }, { width: 90 }];
  const line = (label: string, value: string | number) => about.addRow([label, value]).commit();
  line('测算 / simulation', view.simulationId);
  line('情景 / scenario', view.request.scenario.title);
  if (view.request.scenario.description) line('说明 / description', view.request.scenario.description);
  view.request.scenario.changes.forEach((c, i) => line(`变更 ${i + 1} / change`, JSON.stringify(c.kind === 'standardEdition' ? { ...c, rulePack: c.rulePack ? `(${(c.rulePack as { id?: string }).id ?? 'inline'})` : undefined } : c)));
  line('范围 / scope', `${view.request.scope.divisionCode} · ${view.request.scope.benefits.join(', ')} · ${view.request.scope.months.from}–${view.request.scope.months.to}`);
  line('发起人 / requested by', `${view.requestedBy.id} (${view.requestedBy.role}, ${view.requestedBy.divisionCode}) ${view.requestedAt}`);
  line('结果哈希 / result hash', view.resultHash ?? '');
  if (view.replayOf) line('重放自 / replay of', `${view.replayOf} (${view.sameHashAsOriginal ? '哈希一致 / same hash' : '哈希不一致 / different hash'})`);
  for (const [key, value] of Object.entries(view.totals ?? {})) line(key, value);
  line('注 / note', '测算结果不是决定，不写入任何案件、认定或发放记录；拟议值非正式公布。 A simulation decides nothing and writes to no case, determination or payment; proposed values are not published figures.');
  about.commit();

  const summary = workbook.addWorksheet('汇总');
  const levels = [...FUNDING_LEVELS, 'unallocated'] as const;
  summary.addRow([
    '月份 month', '区划 division', '项目 benefit', '户数(前)', '户数(后)', '人数(前)', '人数(后)', '新增符合', '不再符合', '金额(前)元', '金额(后)元', '差额元',
    ...levels.flatMap((l) => [`${l} 前`, `${l} 后`]),
  ]).commit();
  const rows: SummaryRow[] = (await runner.rows(view.simulationId)) ?? [];
  for (const r of rows) {
    summary
      .addRow([
        r.month, r.divisionCode, r.benefit, r.householdsBefore, r.householdsAfter, r.personsBefore, r.personsAfter, r.newlyEligible, r.noLongerEligible,
        yuan(r.amountBeforeFen), yuan(r.amountAfterFen), yuan(r.differenceFen),
        ...levels.flatMap((l) => [yuan(r.byFunding[l].beforeFen), yuan(r.byFunding[l].afterFen)]),
      ])
      .commit();
  }
  summary.commit();

  const changed = workbook.addWorksheet('变化案件');
  changed.addRow(['案件 case', '项目 benefit', '区划 division', '变化 change', '金额(前)元', '金额(后)元', '差额元', '变化月份 months', '首个不同步骤 first differing step', '条款 clause', '前 before', '后 after']).commit();
  let cursor: string | null = null;
  do {
    const page = await runner.changedCases(view.simulationId, { cursor, limit: 1000 });
    for (const c of page.items) {
      const d = c.firstDifference;
      changed
        .addRow([
          c.caseId, c.benefit, c.divisionCode, c.change, yuan(c.beforeFen), yuan(c.afterFen), yuan(c.differenceFen), c.months.map((m) => m.month).join(' '),
          d ? `${d.stepId} ${d.titleZh} (${d.month})` : '', d?.after.clause?.quote ?? d?.before.clause?.quote ?? '', d ? JSON.stringify(d.before.result) : '', d ? JSON.stringify(d.after.result) : '',
        ])
        .commit();
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
  changed.commit();
  await workbook.commit();
}
