import { z } from 'zod';
import { isWithinDivision } from '@benefits/standards';
import type { AnomalyCandidate, AnomalyRule } from '../rule';
import { PEOPLE, PEOPLE_PROJECTION, peopleProjection, type BenefitId, type PersonDoc } from '../read-models/people.projection';
import { BENEFIT_NAMES, pages } from './rule-helpers';

const ConfigSchema = z
  .object({
    /** Benefits in which one person may hold only one open case. */
    benefits: z.array(z.enum(['dibao', 'tefu', 'linshi'])).min(1),
    /** Also flag duplicates an approver allowed with a recorded override (重复享受 备案), marked as such. */
    includeOverridden: z.boolean(),
  })
  .strict();
export type DuplicateEnrolmentConfig = z.infer<typeof ConfigSchema>;

interface Entry {
  personRef: string;
  caseId: string;
  benefit: BenefitId;
  divisionCode: string;
  overrideRevision: number | null;
}

/**
 * A4 重复享受 (duplicate enrolment): one person in two or more open cases of one benefit — two open
 * 低保 cases, or open cases of one benefit in two divisions. Persons are matched on the vault's HMAC
 * fingerprint of their 身份证号 (`fingerprintsOf`), so two person records of one 身份证号 match too;
 * neither the number nor the fingerprint is stored by audit or shown. Reads `audit.people` (every
 * person with an open case, whatever the division: the other enrolment may be outside the scan's
 * division) and reports groups with at least one case within it.
 */
export const duplicateEnrolmentRule: AnomalyRule<DuplicateEnrolmentConfig> = {
  id: 'A4-duplicate-enrolment',
  title: { zh: '重复享受（同一人多个在办案件）', en: 'Duplicate enrolment' },
  description: {
    zh:
      '同一人（按身份证号的 HMAC 指纹匹配）同时在同一救助项目的两个及以上在办案件中（如两个在办低保案件，或两个行政区划各有在办案件）。' +
      '数据：各案件的成员（personRef）与状态，身份证号指纹由个人数据保管库按 personRef 计算，审计不保存、不显示身份证号或指纹；跨区划时各区划只看到本区划的案件编号。' +
      '配置：benefits（检查的项目），includeOverridden（审批人已登记例外的是否也列出）。来源：审计常见问题“重复享受”（大数据比对跨县重复享受，如赣州 2022 年）。',
    en:
      'One person (matched on the HMAC fingerprint of the 身份证号) in two or more open cases of one benefit — two open 低保 cases, or open cases in two divisions. ' +
      'Data: case members (personRef) and status; fingerprints come from the vault by personRef and are neither stored nor shown; across divisions each division sees only its own case ids. ' +
      'Config: benefits, includeOverridden (also list duplicates an approver allowed with a recorded override). Source: the audit finding "duplicate enrolment" (cross-county data matching).',
  },
  configSchema: ConfigSchema,
  defaults: { benefits: ['dibao', 'tefu', 'linshi'], includeOverridden: true },
  projections: () => [peopleProjection()],
  async *scan(context) {
    const people = (await context.view(PEOPLE_PROJECTION)).collection<PersonDoc>(PEOPLE);
    const vault = await context.vault();
    const groups = new Map<string, Entry[]>();
    let examined = 0;
    for await (const page of pages(people, { openCaseCount: { gte: 1 } }, 1000)) {
      const fingerprints = await vault.fingerprintsOf(page.map((p) => p.personRef));
      for (const person of page) {
        examined += 1;
        const fingerprint = fingerprints.get(person.personRef);
        const key = fingerprint ? `fp:${fingerprint}` : `ref:${person.personRef}`;
        const entries = person.cases
          .filter((c) => c.open && context.config.benefits.includes(c.benefit))
          .map((c): Entry => ({ personRef: person.personRef, caseId: c.caseId, benefit: c.benefit, divisionCode: c.divisionCode, overrideRevision: c.overrideRevision }));
        if (entries.length === 0) continue;
        const held = groups.get(key);
        if (held) held.push(...entries);
        else groups.set(key, entries);
      }
      context.progress(examined);
    }
    for (const [key, entries] of groups) {
      if (entries.length < 2) continue;
      for (const benefit of context.config.benefits) {
        const cases = new Map<string, Entry>();
        for (const e of entries) if (e.benefit === benefit && !cases.has(e.caseId)) cases.set(e.caseId, e);
        if (cases.size < 2) continue;
        const list = [...cases.values()].sort((a, b) => a.caseId.localeCompare(b.caseId));
        if (!list.some((c) => isWithinDivision(c.divisionCode, context.divisionCode))) continue;
        const overridden = list.some((c) => c.overrideRevision !== null);
        if (overridden && !context.config.includeOverridden) continue;
        yield candidateOf(benefit, list, key.startsWith('fp:') ? 'fingerprint' : 'personRef', overridden);
      }
    }
  },
};

function candidateOf(benefit: BenefitId, cases: Entry[], matchedOn: 'fingerprint' | 'personRef', overridden: boolean): AnomalyCandidate {
  const divisions = [...new Set(cases.map((c) => c.divisionCode))];
  const personRefs = [...new Set(cases.map((c) => c.personRef))].sort();
  const name = BENEFIT_NAMES[benefit] ?? benefit;
  return {
    // The person (their lowest personRef: a random id, not personal data) and the benefit.
    subjectKey: `${benefit}|${personRefs[0]}`,
    cases: cases.map((c) => ({ caseId: c.caseId, divisionCode: c.divisionCode, benefit })),
    summary: {
      zh: `同一人同时在 ${cases.length} 个在办${name}案件中${divisions.length > 1 ? `（涉及 ${divisions.length} 个行政区划）` : ''}${overridden ? '，其中有审批人登记的例外' : ''}`,
      en: `one person in ${cases.length} open ${benefit} cases${divisions.length > 1 ? ` across ${divisions.length} divisions` : ''}${overridden ? ' (an approver recorded an override)' : ''}`,
    },
    evidence: cases.flatMap((c) => [
      { streamId: `case-${c.caseId}`, revision: 0, note: 'case opened with the person as a member' },
      ...(c.overrideRevision !== null ? [{ streamId: `case-${c.caseId}`, revision: c.overrideRevision, note: 'duplicate override recorded' }] : []),
    ]),
    details: { benefit, openCases: cases.length, divisions: divisions.length, matchedOn, personRecords: personRefs.length, overridden },
  };
}
