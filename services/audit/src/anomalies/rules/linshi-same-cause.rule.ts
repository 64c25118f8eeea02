import { z } from 'zod';
import { LocalDate } from '@benefits/kernel';
import { isWithinDivision } from '@benefits/standards';
import type { AnomalyCandidate, AnomalyRule } from '../rule';
import { PEOPLE, PEOPLE_PROJECTION, peopleProjection, type PersonDoc } from '../read-models/people.projection';
import { pages } from './rule-helpers';

const CAUSES = ['fire', 'traffic', 'drowning', 'injury', 'suddenIllness', 'naturalDisaster', 'medical', 'education', 'basicLiving', 'other'] as const;
const CAUSE_NAMES: Record<string, string> = {
  fire: '火灾',
  traffic: '交通事故',
  drowning: '溺水',
  injury: '意外伤害',
  suddenIllness: '突发重病',
  naturalDisaster: '自然灾害',
  medical: '医疗支出',
  education: '教育支出',
  basicLiving: '基本生活困难',
  other: '其他',
};

const ConfigSchema = z
  .object({
    /** Two applications for one cause whose dates lie less than this many months apart are flagged. */
    periodMonths: z.number().int().min(1).max(60),
    /** Causes checked (default all). */
    causes: z.array(z.enum(CAUSES)).min(1),
    /** Count rejected applications too (default: only applications that were not rejected). */
    countRejected: z.boolean(),
    /** Also flag repeats an officer allowed with a recorded 一事一救 override (marked as such). */
    includeOverridden: z.boolean(),
  })
  .strict();
export type LinshiSameCauseConfig = z.infer<typeof ConfigSchema>;

interface Application {
  personRef: string;
  caseId: string;
  cause: string;
  appliedOn: string;
  divisionCode: string;
  sameCauseOverride: boolean;
}

/**
 * A4 同一事由重复救助: the same person (or a member of the same household) helped by 临时救助 twice for
 * one cause within a configurable period (一事一救). Applications counts its own policy period when a
 * case is registered (cause index); this rule looks across divisions and person records (persons
 * matched on the vault's 身份证号 fingerprint) with the auditor's period, and finds repeats that were
 * let through with an override. Reads `audit.people`.
 */
export const linshiSameCauseRule: AnomalyRule<LinshiSameCauseConfig> = {
  id: 'A4-linshi-same-cause',
  title: { zh: '临时救助同一事由重复救助', en: '临时救助: same cause helped twice' },
  description: {
    zh:
      '同一人（或同一家庭成员，按身份证号指纹匹配）因同一事由在 periodMonths 个月内两次申请临时救助且均未被驳回（一事一救）。' +
      '数据：临时救助案件的事由、申请日期、成员与结果。配置：periodMonths（默认 12）、causes、countRejected、includeOverridden。来源：临时救助“一事一救”、同一事由一年内原则上一次的规定及审计发现的重复救助。',
    en:
      'The same person (or a member of the same household; persons matched on the 身份证号 fingerprint) applied twice for 临时救助 for one cause within periodMonths, neither application rejected (一事一救). ' +
      'Data: cause, date applied, members and outcome of 临时救助 cases. Config: periodMonths (default 12), causes, countRejected, includeOverridden. Source: the one-grant-per-cause rule and audit findings of repeated aid.',
  },
  configSchema: ConfigSchema,
  defaults: { periodMonths: 12, causes: [...CAUSES], countRejected: false, includeOverridden: true },
  projections: () => [peopleProjection()],
  async *scan(context) {
    const { config } = context;
    const people = (await context.view(PEOPLE_PROJECTION)).collection<PersonDoc>(PEOPLE);
    const vault = await context.vault();
    const groups = new Map<string, Application[]>();
    let examined = 0;
    for await (const page of pages(people, { linshiCount: { gte: 1 } }, 1000)) {
      const fingerprints = await vault.fingerprintsOf(page.map((p) => p.personRef));
      for (const person of page) {
        examined += 1;
        const applications = person.cases
          .filter((c) => c.benefit === 'linshi' && c.cause !== null && (config.countRejected || !c.rejected) && (config.causes as string[]).includes(c.cause))
          .map((c): Application => ({ personRef: person.personRef, caseId: c.caseId, cause: c.cause!, appliedOn: c.appliedOn, divisionCode: c.divisionCode, sameCauseOverride: c.sameCauseOverride ?? false }));
        if (applications.length === 0) continue;
        const fingerprint = fingerprints.get(person.personRef);
        const key = fingerprint ? `fp:${fingerprint}` : `ref:${person.personRef}`;
        const held = groups.get(key);
        if (held) held.push(...applications);
        else groups.set(key, applications);
      }
      context.progress(examined);
    }
    // One finding per pair of cases, however many members they share.
    const pairs = new Map<string, { earlier: Application; later: Application; members: Set<string> }>();
    for (const applications of groups.values()) {
      if (applications.length < 2) continue;
      const byCase = new Map<string, Application>();
      for (const a of applications) if (!byCase.has(a.caseId)) byCase.set(a.caseId, a);
      const sorted = [...byCase.values()].sort((a, b) => a.appliedOn.localeCompare(b.appliedOn) || a.caseId.localeCompare(b.caseId));
      for (let j = 1; j < sorted.length; j += 1) {
        const later = sorted[j];
        const since = LocalDate.parse(later.appliedOn).plusMonths(-config.periodMonths).toString();
        for (let i = 0; i < j; i += 1) {
          const earlier = sorted[i];
          if (earlier.cause !== later.cause || earlier.appliedOn <= since) continue;
          if (!isWithinDivision(earlier.divisionCode, context.divisionCode) && !isWithinDivision(later.divisionCode, context.divisionCode)) continue;
          if (later.sameCauseOverride && !config.includeOverridden) continue;
          const key = `${later.cause}|${earlier.caseId}|${later.caseId}`;
          const pair = pairs.get(key) ?? { earlier, later, members: new Set<string>() };
          for (const a of applications) if (a.caseId === earlier.caseId || a.caseId === later.caseId) pair.members.add(a.personRef);
          pairs.set(key, pair);
        }
      }
    }
    for (const [subjectKey, pair] of [...pairs].sort(([a], [b]) => a.localeCompare(b))) yield candidateOf(subjectKey, pair.earlier, pair.later, pair.members.size, config.periodMonths);
  },
};

function candidateOf(subjectKey: string, earlier: Application, later: Application, members: number, periodMonths: number): AnomalyCandidate {
  const cause = CAUSE_NAMES[later.cause] ?? later.cause;
  return {
    subjectKey,
    cases: [
      { caseId: earlier.caseId, divisionCode: earlier.divisionCode, benefit: 'linshi' },
      { caseId: later.caseId, divisionCode: later.divisionCode, benefit: 'linshi' },
    ],
    summary: {
      zh: `同一事由（${cause}）${periodMonths} 个月内两次临时救助：${earlier.appliedOn} 与 ${later.appliedOn}${later.sameCauseOverride ? '（第二次登记了一事一救例外）' : ''}`,
      en: `same cause (${later.cause}) twice within ${periodMonths} months: applied ${earlier.appliedOn} and ${later.appliedOn}${later.sameCauseOverride ? ' (override recorded)' : ''}`,
    },
    evidence: [
      { streamId: `case-${earlier.caseId}`, revision: 0, note: 'earlier application' },
      { streamId: `case-${later.caseId}`, revision: 0, note: 'later application' },
    ],
    details: { cause: later.cause, earlierAppliedOn: earlier.appliedOn, laterAppliedOn: later.appliedOn, periodMonths, sharedMembers: members, overridden: later.sameCauseOverride },
  };
}
