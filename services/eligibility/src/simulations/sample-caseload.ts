import { CURRENT_RULESET } from '@benefits/benefits';
import { prng } from '@benefits/demo';
import type { DeterminationContext } from '../determinations/context';
import { periodicSchedule, type ScheduleBasis } from '../determinations/determination';
import type { DibaoFactsSnapshot, TefuFactsSnapshot } from '../determinations/facts';
import { scheduleSummary } from './simulate';
import type { SimulationBasis } from './types';

/**
 * SAMPLE DATA (示例数据（非官方）): a county-sized caseload of simulation bases for benches and tests,
 * generated from a seed. Incomes, household sizes, ages and approval dates are invented; the
 * 低保标准 they are compared with is whatever the context holds (a sample B in the benches).
 *
 * - 70 % 低保 households of 1–5 members with incomes around the line (some just above it: found
 *   ineligible, no schedule), 30 % 计生特扶 couples (child deceased or disabled, ages 49–75).
 * - Approved cases carry the schedule the determination would issue (evaluated with the context), so
 *   the check against current schedules finds no difference.
 */

export interface SampleCaseloadOptions {
  cases: number;
  seed?: number;
  /** County-level divisions the cases are spread over. */
  divisions: readonly string[];
  /** The sample 低保标准 (fen per person and month) incomes are drawn around. */
  bFen: number;
  approvedOn: string;
}

const ASSETS = { kind: 'assessed' as const, ruleId: 'sample-assets', source: { docNo: '示例数据（非官方）', title: null }, meets: true };

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Cases in case-id order (`sample-000001` …), one basis each. */
export function* sampleCaseload(context: DeterminationContext, options: SampleCaseloadOptions): Generator<SimulationBasis> {
  const generator = prng(options.seed ?? 20261205);
  const random = () => generator.next();
  for (let i = 1; i <= options.cases; i += 1) {
    const caseId = `sample-${pad(i, 7)}`;
    const divisionCode = options.divisions[Math.floor(random() * options.divisions.length)];
    const dibao = random() < 0.7;
    let facts: DibaoFactsSnapshot | TefuFactsSnapshot;
    let eligible = true;
    if (dibao) {
      const size = 1 + Math.floor(random() * 5);
      // Per-capita income between 0 and 1.2 × B: about one in six households just above the line.
      const perCapita = Math.floor(random() * 1.2 * options.bFen);
      const members = Array.from({ length: size }, (_, m) => ({ personRef: `${caseId}-p${m + 1}`, monthlyIncomeFen: m === 0 ? perCapita * size : 0 }));
      facts = { assets: ASSETS, members };
      eligible = perCapita < options.bFen;
    } else {
      const husbandYear = 1951 + Math.floor(random() * 26);
      const wifeYear = Math.min(husbandYear + Math.floor(random() * 5), 1976);
      const month = 1 + Math.floor(random() * 12);
      facts = {
        family: random() < 0.5 ? { familyType: 'childDeceased', childEventDate: '2010-05-01' } : { familyType: 'childDisabled', childEventDate: '2012-05-01' },
        members: [
          { personRef: `${caseId}-h`, role: 'husband', birthDate: `${husbandYear}-${pad(month, 2)}-15`, elderlyCareSubsidy: random() < 0.3 },
          { personRef: `${caseId}-w`, role: 'wife', birthDate: `${wifeYear}-${pad(13 - month, 2)}-10`, elderlyCareSubsidy: random() < 0.3 },
        ],
      };
    }
    const benefit = dibao ? 'dibao' : 'tefu';
    const base = { caseId, benefit, divisionCode, facts, rulesetVersion: CURRENT_RULESET[benefit], streamRevision: eligible ? 3 : 1 } as const;
    if (!eligible) {
      yield { ...base, eligibleNow: false, approvedOn: null, paymentStartFrom: null, horizonEnd: null, scheduleTotals: {}, scheduleLineCounts: {} };
      continue;
    }
    const schedule: ScheduleBasis = { benefit, caseId, divisionCode, facts, approvedOn: options.approvedOn };
    const draft = periodicSchedule(context, schedule);
    const paymentStartFrom = draft.paymentStart.from;
    const horizonEnd = draft.horizonEnd;
    yield { ...base, eligibleNow: true, approvedOn: options.approvedOn, paymentStartFrom, horizonEnd, ...scheduleSummary(draft.lines) };
  }
}
