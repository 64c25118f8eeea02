import {
  determinationData,
  determine,
  scheduleForApproval,
  type EligibilityDeterminedData,
  type EntitlementScheduleIssuedData,
  type SnapshotEnvelope,
} from './determination';
import { parseFacts } from './benefits';
import { extendHorizon, redetermine } from './redetermination';
import { BEIJING_ACTIVATED, contextOf, JIAXING, sampleB, sampleBandTableEntry } from './determination.fixtures';

const caseId = '0190f1a2-7b3c-7d4e-8f50-1a2b3c4d5e6f';
const wife = '0190f1a2-0000-4000-8000-000000000001';
const husband = '0190f1a2-0000-4000-8000-000000000002';
const child = '0190f1a2-0000-4000-8000-000000000003';

const jiaxing = JIAXING();
const beijing = BEIJING_ACTIVATED();

function snapshotOf(benefit: 'tefu' | 'dibao' | 'linshi', facts: unknown, divisionCode = '330402', effectiveFrom = '2024-08-20'): SnapshotEnvelope {
  return { caseId, divisionCode, effectiveFrom, caseRevision: 1, facts: parseFacts(benefit, facts) };
}
const amountsByMonth = (schedule: EntitlementScheduleIssuedData, ref: string) =>
  Object.fromEntries(schedule.lines.filter((l) => l.beneficiaryRef === ref).map((l) => [l.periodKey, l.amountFen]));

/** 嘉兴 伤残家庭: wife 52; husband turns 60 on 2025-03-15 and receives no 养老服务补贴. */
const disabilityFamily = {
  members: [
    { personRef: wife, role: 'wife', birthDate: '1972-01-10', elderlyCareSubsidy: false, disabledOrDemented: false },
    { personRef: husband, role: 'husband', birthDate: '1965-03-15', elderlyCareSubsidy: false, disabledOrDemented: false, someFutureField: 'tolerated' },
  ],
  family: { familyType: 'childDisabled', childEventDate: '2023-05-10', childDisabilityGrade: 2 },
};

describe('特扶 schedules, month by month', () => {
  const context = contextOf([jiaxing]);
  const snapshot = snapshotOf('tefu', disabilityFamily);
  const determination = determinationData('det-1', snapshot, determine(context, 'tefu', snapshot));

  it('given a 嘉兴 disability family, the determination is 850 元 per person for the month of the facts and tolerates unknown fields', () => {
    expect(determination).toMatchObject({ benefit: 'tefu', eligible: true, capFen: 0, standardRef: { standardId: 'bps-330400', itemNo: '52' } });
    expect(determination.amounts).toEqual([
      { beneficiaryRef: wife, periodKey: '2024-08', amountFen: 85_000 },
      { beneficiaryRef: husband, periodKey: '2024-08', amountFen: 85_000 },
    ]);
    expect(JSON.stringify(determination.facts)).not.toContain('someFutureField');
  });

  it('given an approval on 2024-09-10, the schedule runs 2024-10 … 2025-09 and the husband gets 1,000 from the month after he turns 60', () => {
    const schedule = scheduleForApproval(context, 'sched-1', determination, { approvedOn: '2024-09-10', approvedAmounts: [] }, '')!;
    expect(schedule).toMatchObject({ effectiveFrom: '2024-10-01', effectiveTo: '2025-09-30', horizonEnd: '2025-09', paymentStart: { from: '2024-10', policy: 'tefu.paymentStart' } });
    expect(schedule.policies).toEqual(['schedule.periodStart', 'schedule.stopAfterPeriod']);
    expect(schedule.periods).toHaveLength(12);
    const his = amountsByMonth(schedule, husband);
    expect(his['2025-03']).toBe(85_000);
    expect(his['2025-04']).toBe(100_000);
    expect(his['2025-09']).toBe(100_000);
    expect(new Set(Object.values(amountsByMonth(schedule, wife)))).toEqual(new Set([85_000]));
  });

  it('given a termination on 2025-01-15 and a death on 2024-12-20, the month of the event is paid and nothing after it', () => {
    const terminated = determinationData('det-t', snapshot, determine(context, 'tefu', snapshot));
    terminated.facts = parseFacts('tefu', { ...disabilityFamily, terminatedOn: '2025-01-15', terminationReason: 'moved' });
    const schedule = scheduleForApproval(context, 'sched-t', terminated, { approvedOn: '2024-09-10', approvedAmounts: [] }, '')!;
    expect(Object.keys(amountsByMonth(schedule, wife)).sort().at(-1)).toBe('2025-01');
    expect(schedule.periods.find((p) => p.periodKey === '2025-02')).toMatchObject({ outcome: 'stopped', reasons: ['CASE_TERMINATED'], totalFen: 0 });

    const widowed = determinationData('det-d', snapshot, determine(context, 'tefu', snapshot));
    widowed.facts = parseFacts('tefu', { ...disabilityFamily, members: [{ ...disabilityFamily.members[0], deathDate: '2024-12-20' }, disabilityFamily.members[1]] });
    const afterDeath = scheduleForApproval(context, 'sched-d', widowed, { approvedOn: '2024-09-10', approvedAmounts: [] }, '')!;
    expect(Object.keys(amountsByMonth(afterDeath, wife)).sort().at(-1)).toBe('2024-12');
    // The surviving parent goes on as a single-parent family (tefu.singleParent), with the 60 switch.
    expect(amountsByMonth(afterDeath, husband)['2025-01']).toBe(85_000);
    expect(amountsByMonth(afterDeath, husband)['2025-04']).toBe(100_000);
  });

  it('given a fact snapshot for the active case (养老服务补贴 granted from 2025-05-10), the schedule is superseded from 2025-06 and nothing before changes', () => {
    const schedule = scheduleForApproval(context, 'sched-1', determination, { approvedOn: '2024-09-10', approvedAmounts: [] }, '')!;
    const facts = parseFacts('tefu', { ...disabilityFamily, members: [disabilityFamily.members[0], { ...disabilityFamily.members[1], elderlyCareSubsidy: true }] });
    const result = redetermine(
      context,
      { determinations: [determination], schedules: [schedule] },
      { determinationId: 'det-2', scheduleId: 'sched-2', cause: { kind: 'facts', ref: 'evt-9', fromPeriod: '2025-06' }, facts, caseRevision: 7 },
    )!;
    expect(result.determination).toMatchObject({ basedOnCaseRevision: 7, effectiveFrom: '2025-06-01', supersedesDeterminationId: 'det-1', redetermination: { kind: 'facts', fromPeriod: '2025-06' } });
    expect(result.schedule).toMatchObject({ supersedesScheduleId: 'sched-1', effectiveFrom: '2024-10-01', horizonEnd: '2025-09' });
    const before = schedule.lines.filter((l) => l.periodKey < '2025-06');
    expect(result.schedule.lines.filter((l) => l.periodKey < '2025-06')).toEqual(before);
    expect(amountsByMonth(result.schedule, husband)['2025-05']).toBe(100_000);
    expect(amountsByMonth(result.schedule, husband)['2025-06']).toBe(85_000);
  });

  it('given a schedule ending within three months, the extension adds twelve evaluated months and keeps the lines', () => {
    const schedule = scheduleForApproval(context, 'sched-1', determination, { approvedOn: '2024-09-10', approvedAmounts: [] }, '')!;
    expect(extendHorizon(context, { determinations: [determination], schedules: [schedule] }, { scheduleId: 'h', asOfMonth: '2025-01', leadMonths: 3 })).toBeNull();
    const extended = extendHorizon(context, { determinations: [determination], schedules: [schedule] }, { scheduleId: 'h', asOfMonth: '2025-07', leadMonths: 3 })!;
    expect(extended).toMatchObject({ horizonEnd: '2026-09', effectiveTo: '2026-09-30', supersedesScheduleId: 'sched-1', determinationId: 'det-1' });
    expect(extended.lines.slice(0, schedule.lines.length)).toEqual(schedule.lines);
    expect(extended.lines).toHaveLength(48);
    expect(extended.periods.map((p) => p.periodKey)[0]).toBe('2025-10');
  });
});

describe('北京 特扶: yearly payment', () => {
  it('given an activated 北京 standard, the schedule pays per person per year (period key yyyy) from the year after the conditions were met', () => {
    const context = contextOf([beijing]);
    const family = {
      members: [
        { personRef: wife, role: 'wife', birthDate: '1970-03-15' },
        { personRef: husband, role: 'husband', birthDate: '1968-11-02' },
      ],
      family: { familyType: 'childDeceased', childEventDate: '2024-06-01' },
    };
    const snapshot = snapshotOf('tefu', family, '110105', '2025-02-10');
    const d = determinationData('det-bj', snapshot, determine(context, 'tefu', snapshot));
    expect(d.amounts).toEqual([
      { beneficiaryRef: wife, periodKey: '2025', amountFen: 1_080_000 },
      { beneficiaryRef: husband, periodKey: '2025', amountFen: 1_080_000 },
    ]);
    const schedule = scheduleForApproval(context, 's', d, { approvedOn: '2025-03-01', approvedAmounts: [] }, '')!;
    expect(schedule).toMatchObject({ paymentStart: { from: '2025' }, horizonEnd: '2026', effectiveFrom: '2025-01-01', effectiveTo: '2026-12-31' });
    expect(schedule.lines.map((l) => l.periodKey)).toEqual(['2025', '2025', '2026', '2026']);
  });
});

describe('低保 determinations and schedules', () => {
  const household = {
    members: [
      { personRef: wife, birthDate: '1980-01-01', monthlyIncomeFen: 50_000 },
      { personRef: husband, birthDate: '1978-01-01', monthlyIncomeFen: 30_000, extraNeed: 'elderly' },
      { personRef: child, birthDate: '2015-01-01', monthlyIncomeFen: 0 },
    ],
    assets: { kind: 'assessed', ruleId: 'assets.sample', source: { docNo: '示例规则（非官方）', title: null }, meets: true },
  };
  const b2024 = sampleB('330400', '2024-01-01', 100_000);
  const b2025 = sampleB('330400', '2025-01-01', 120_000, 1);
  const before = contextOf([jiaxing], [b2024]);
  const snapshot = snapshotOf('dibao', household);

  it('given B from the city series, the determination is B × n − Σ incomes for the month, to the first member (the household payee)', () => {
    const d = determinationData('det-1', snapshot, determine(before, 'dibao', snapshot));
    expect(d).toMatchObject({ benefit: 'dibao', eligible: true, standardRef: { standardId: 'bps-330400' } });
    expect(d.amounts).toEqual([{ beneficiaryRef: wife, periodKey: '2024-08', amountFen: 220_000 }]);
    expect(d.parameters).toContainEqual(expect.objectContaining({ key: 'dibao.standard', value: { fen: 100_000 }, source: expect.objectContaining({ sampleData: true }) }));
  });

  it('given no B for the division, nothing is determined (NO_DIBAO_STANDARD)', () => {
    expect(() => determine(contextOf([jiaxing]), 'dibao', snapshot)).toThrow(expect.objectContaining({ code: 'NO_DIBAO_STANDARD' }));
  });

  it('given B rising from 2025-01, the active case gets a new determination and schedule from 2025-01; nothing before changes', () => {
    const d = determinationData('det-1', snapshot, determine(before, 'dibao', snapshot));
    const schedule = scheduleForApproval(before, 'sched-1', d, { approvedOn: '2024-09-10', approvedAmounts: [] }, '')!;
    expect(schedule.paymentStart).toEqual({ from: '2024-10', policy: 'dibao.gap' });
    expect(new Set(schedule.lines.map((l) => l.amountFen))).toEqual(new Set([220_000]));
    expect(schedule.policies).toContain('dibao.payee.firstMember');

    const after = contextOf([jiaxing], [b2024, b2025]);
    const result = redetermine(after, { determinations: [d], schedules: [schedule] }, { determinationId: 'det-2', scheduleId: 'sched-2', cause: { kind: 'parameter', ref: b2025.entryId, fromPeriod: '2025-01' } })!;
    expect(result.determination).toMatchObject({ effectiveFrom: '2025-01-01', amounts: [{ beneficiaryRef: wife, periodKey: '2025-01', amountFen: 280_000 }] });
    expect(result.determination.parameters).toContainEqual(expect.objectContaining({ key: 'dibao.standard', value: { fen: 120_000 }, source: expect.objectContaining({ entryId: b2025.entryId, sampleData: true }) }));
    const lines = amountsByMonth(result.schedule, wife);
    expect(Object.entries(lines).filter(([m]) => m < '2025-01')).toEqual(Object.entries(amountsByMonth(schedule, wife)).filter(([m]) => m < '2025-01'));
    expect(Object.entries(lines).filter(([m]) => m >= '2025-01').every(([, fen]) => fen === 280_000)).toBe(true);
    expect(result.schedule.periods.map((p) => p.periodKey)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09']);
  });
});

describe('临时救助 determinations and one-off schedules', () => {
  const b = sampleB('110000', '2025-01-01', 100_000);
  const context = contextOf([beijing], [b]);
  const jinan = { type: 'jinan', householdMembers: 3, memberRefs: [wife, husband, child], cause: 'fire' };
  const zhichu = { type: 'zhichu', householdMembers: 3, memberRefs: [wife, husband, child], group: 'g1', necessaryExpenditureFen: 4_000_000, cause: 'illness' };

  function determined(facts: unknown): EligibilityDeterminedData {
    const snapshot = snapshotOf('linshi', facts, '110105', '2025-03-10');
    return determinationData('det-l', snapshot, determine(context, 'linshi', snapshot));
  }

  it('given an emergency (急难型), the determination gives the cap 3 × B × members and no amount', () => {
    expect(determined(jinan)).toMatchObject({ benefit: 'linshi', eligible: true, capFen: 900_000, amounts: [] });
  });

  it('given approved amounts within the cap, the schedule holds those one-off lines; over the cap, or without amounts, it is refused', () => {
    const d = determined(jinan);
    const approvedAmounts = [
      { beneficiaryRef: wife, periodKey: `once:${caseId}:1`, amountFen: 500_000 },
      { beneficiaryRef: wife, periodKey: `once:${caseId}:2`, amountFen: 400_000 },
    ];
    const schedule = scheduleForApproval(context, 's', d, { approvedOn: '2025-03-12', approvedAmounts }, '')!;
    expect(schedule).toMatchObject({ lines: approvedAmounts, effectiveFrom: '2025-03-12', horizonEnd: `once:${caseId}` });
    const over = [{ beneficiaryRef: wife, periodKey: `once:${caseId}`, amountFen: 900_001 }];
    expect(() => scheduleForApproval(context, 's', d, { approvedOn: '2025-03-12', approvedAmounts: over }, '')).toThrow(expect.objectContaining({ code: 'APPROVED_AMOUNT_OVER_CAP' }));
    expect(() => scheduleForApproval(context, 's', d, { approvedOn: '2025-03-12', approvedAmounts: [] }, '')).toThrow(expect.objectContaining({ code: 'APPROVED_AMOUNTS_REQUIRED' }));
    const wrongKey = [{ beneficiaryRef: wife, periodKey: '2025-03', amountFen: 1 }];
    expect(() => scheduleForApproval(context, 's', d, { approvedOn: '2025-03-12', approvedAmounts: wrongKey }, '')).toThrow(expect.objectContaining({ code: 'APPROVED_AMOUNTS_INVALID' }));
  });

  it('given a staged grant, each instalment line keeps its planned due date; a due date on a single grant, unreadable or before the approval is refused', () => {
    const d = determined(jinan);
    const approvedAmounts = [
      { beneficiaryRef: wife, periodKey: `once:${caseId}:1`, amountFen: 500_000, dueDate: '2025-03-12' },
      { beneficiaryRef: wife, periodKey: `once:${caseId}:2`, amountFen: 400_000, dueDate: '2025-05-10' },
    ];
    const schedule = scheduleForApproval(context, 's', d, { approvedOn: '2025-03-12', approvedAmounts }, '')!;
    expect(schedule.lines).toEqual(approvedAmounts);
    for (const bad of [
      [{ beneficiaryRef: wife, periodKey: `once:${caseId}`, amountFen: 1, dueDate: '2025-04-01' }],
      [{ beneficiaryRef: wife, periodKey: `once:${caseId}:1`, amountFen: 1, dueDate: '2025-02-30' }],
      [{ beneficiaryRef: wife, periodKey: `once:${caseId}:1`, amountFen: 1, dueDate: '2025-03-11' }],
    ]) {
      expect(() => scheduleForApproval(context, 's', d, { approvedOn: '2025-03-12', approvedAmounts: bad }, '')).toThrow(expect.objectContaining({ code: 'APPROVED_AMOUNTS_INVALID' }));
    }
  });

  it('given an expenditure case (支出型), the determination is the amount, paid once to the first member when the approver chose none', () => {
    const d = determined(zhichu);
    expect(d.amounts).toEqual([{ beneficiaryRef: wife, periodKey: `once:${caseId}`, amountFen: 1_700_000 }]);
    const schedule = scheduleForApproval(context, 's', d, { approvedOn: '2025-03-12', approvedAmounts: [] }, '')!;
    expect(schedule.lines).toEqual(d.amounts);
  });
});

describe('临时救助 in 嘉兴 with a published band table (sample data)', () => {
  const b = sampleB('330400', '2025-01-01', 100_000);
  const zhichu = { type: 'zhichu', householdMembers: 3, memberRefs: [wife, husband, child], group: 'g1', necessaryExpenditureFen: 3_000_000, cause: 'illness' };
  const determinedIn = (context: ReturnType<typeof contextOf>, facts: unknown = zhichu) => {
    const snapshot = snapshotOf('linshi', facts, '330402', '2025-03-10');
    return determinationData('det-jx', snapshot, determine(context, 'linshi', snapshot));
  };

  it('before any table is published the determination is not computable', () => {
    expect(determinedIn(contextOf([jiaxing], [b]))).toMatchObject({ outcome: 'notComputable', eligible: false, amounts: [] });
  });

  it('with the table published for 南湖区 (or for the city), the determination uses it and records the table and its document', () => {
    for (const table of [sampleBandTableEntry('330402', '2025-01-01'), sampleBandTableEntry('330400', '2025-01-01')]) {
      const d = determinedIn(contextOf([jiaxing], [b], [table]));
      // 40% × 20,000 + 60% × 10,000 = 14,000 (sample table), under 20 × B.
      expect(d).toMatchObject({ outcome: 'eligible', amounts: [{ beneficiaryRef: wife, periodKey: `once:${caseId}`, amountFen: 1_400_000 }] });
      expect(d.parameters).toContainEqual(
        expect.objectContaining({
          key: 'linshi.band-table',
          source: expect.objectContaining({ tableId: table.value && (table.value as { tableId: string }).tableId, entryId: table.entryId, divisionCode: table.divisionCode, docNo: '示例数据（非官方）', sampleData: true }),
        }),
      );
      const step = d.trace.find((s) => s.id === 'linshi.delegated')!;
      expect(step.policies).toContain('linshi.delegated.published');
    }
  });

  it('a table effective only after the decision date is not used; a 急难型 case gets its cap from the table', () => {
    expect(determinedIn(contextOf([jiaxing], [b], [sampleBandTableEntry('330402', '2025-04-01')])).outcome).toBe('notComputable');
    const jinan = { type: 'jinan', householdMembers: 3, memberRefs: [wife, husband, child] };
    expect(determinedIn(contextOf([jiaxing], [b], [sampleBandTableEntry('330402', '2025-01-01')]), jinan)).toMatchObject({ outcome: 'eligible', capFen: 600_000 });
  });

  it('the approval schedule recomputes with the table in force on the approval date', () => {
    const context = contextOf([jiaxing], [b], [sampleBandTableEntry('330402', '2025-01-01')]);
    const d = determinedIn(context);
    const schedule = scheduleForApproval(context, 's', d, { approvedOn: '2025-03-12', approvedAmounts: [] }, '')!;
    expect(schedule.lines).toEqual(d.amounts);
  });
});
