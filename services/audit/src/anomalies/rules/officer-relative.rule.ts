import { z } from 'zod';
import type { AnomalyCandidate, AnomalyRule } from '../rule';
import { ANOMALY_CASES, PEOPLE_PROJECTION, peopleProjection, type AnomalyCaseDoc } from '../read-models/people.projection';
import { OFFICER_RELATIVES, OFFICER_RELATIVES_PROJECTION, officerRelativesProjection, type OfficerRelativesDoc } from '../relatives/relatives';
import { BENEFIT_NAMES, pages, withinScope } from './rule-helpers';

const ConfigSchema = z
  .object({
    /**
     * A relative declared before the officer acted on the case (单独登记备案): `flag` lists it as
     * kind `declared` for the follow-up visit; `ignore` leaves it out. A relative declared only after
     * the officer acted is always listed (kind `declared-after-acting`).
     */
    declared: z.enum(['flag', 'ignore']),
    /** Roles whose actions count (the role recorded on the case event). */
    roles: z.array(z.string().min(1)).min(1),
  })
  .strict();
export type OfficerRelativeConfig = z.infer<typeof ConfigSchema>;

/**
 * A3 人情保/关系保: a case whose beneficiary is a declared relative of an officer who recorded an
 * event on it (accepted, investigated, decided…). Reads the relatives register (`audit.officer-relatives`:
 * officers and their relatives' 身份证号 fingerprints, held in memory) and `audit.people` (each case of
 * the division once, in pages: its members and the officers in its events' metadata); members'
 * fingerprints come from the vault at scan time, for the cases a declaring officer acted on only.
 */
export const officerRelativeRule: AnomalyRule<OfficerRelativeConfig> = {
  id: 'A3-officer-relative',
  title: { zh: '经办人员近亲属享受救助（人情保、关系保）', en: "Benefit to an officer's relative" },
  description: {
    zh:
      '救助对象是经办该案件的工作人员（受理、调查、审核审批等，在案件事件中留有操作记录）登记备案的近亲属。' +
      '在经办前已备案的列为“已备案”（供单独登记备案的入户核查跟进，可配置为不列出 declared: ignore），经办后才备案的总是列出。' +
      '数据：近亲属备案登记（身份证号仅以指纹保存）、案件成员与案件事件的操作人。来源：审计常见问题“人情保、关系保”（如江西清理干部亲属低保，许昌建安区 2024 年专项审计）。',
    en:
      'A beneficiary who is a declared relative of an officer who recorded an event on the case (acceptance, investigation, decision…). ' +
      'Declared before the officer acted: listed as kind "declared" (for the 单独登记备案 follow-up; config declared: ignore leaves them out); declared only after acting: always listed. ' +
      "Data: the relatives register (身份证号 kept only as a fingerprint), case members, and the actors of the case's events. Source: the audit finding of benefits granted to officials' relatives.",
  },
  configSchema: ConfigSchema,
  defaults: { declared: 'flag', roles: ['intake_officer', 'case_officer', 'approver', 'finance_clerk', 'admin'] },
  projections: () => [peopleProjection(), officerRelativesProjection()],
  async *scan(context) {
    const { config } = context;
    const register = (await context.view(OFFICER_RELATIVES_PROJECTION)).collection<OfficerRelativesDoc>(OFFICER_RELATIVES);
    const cases = (await context.view(PEOPLE_PROJECTION)).collection<AnomalyCaseDoc>(ANOMALY_CASES);
    const vault = await context.vault();
    // The register is small (officers who declared relatives, of any division: a city's approver may
    // act on a county's case): held in memory; the cases are read once, in pages, within the scope.
    const officers = new Map<string, { doc: OfficerRelativesDoc; relatives: OfficerRelativesDoc['relatives'] }>();
    for await (const page of pages(register, { activeCount: { gte: 1 } }, 500)) {
      for (const doc of page) officers.set(doc.officerId, { doc, relatives: doc.relatives.filter((r) => r.withdrawnAt === null) });
    }
    if (officers.size === 0) return;
    let examined = 0;
    for await (const page of pages(cases, { divisionCode: withinScope(context.divisionCode) }, 1000)) {
      examined += page.length;
      const acted = page
        .map((kase) => ({ kase, actors: kase.actors.filter((a) => officers.has(a.id) && config.roles.includes(a.role)) }))
        .filter((c) => c.actors.length > 0);
      if (acted.length > 0) {
        const fingerprints = await vault.fingerprintsOf([...new Set(acted.flatMap((c) => c.kase.memberRefs))]);
        for (const { kase, actors } of acted) {
          for (const actor of actors) {
            const { doc, relatives } = officers.get(actor.id)!;
            const matches = kase.memberRefs
              .map((personRef) => ({ personRef, relative: fingerprints.has(personRef) ? relatives.find((r) => r.fingerprint === fingerprints.get(personRef)) : undefined }))
              .filter((m): m is { personRef: string; relative: (typeof relatives)[number] } => m.relative !== undefined);
            if (matches.length === 0) continue;
            const declaredBefore = matches.every((m) => m.relative.declaredAt <= actor.firstRecordedAt);
            if (declaredBefore && config.declared === 'ignore') continue;
            yield candidateOf(kase, doc, actor, matches, declaredBefore ? 'declared' : 'declared-after-acting');
          }
        }
      }
      context.progress(examined);
    }
  },
};

function candidateOf(
  kase: AnomalyCaseDoc,
  officer: OfficerRelativesDoc,
  acted: AnomalyCaseDoc['actors'][number],
  matches: { personRef: string; relative: OfficerRelativesDoc['relatives'][number] }[],
  kind: 'declared' | 'declared-after-acting',
): AnomalyCandidate {
  const name = BENEFIT_NAMES[kase.benefit] ?? kase.benefit;
  const relations = [...new Set(matches.map((m) => m.relative.relation))];
  return {
    subjectKey: `${kase.caseId}|${officer.officerId}`,
    cases: [{ caseId: kase.caseId, divisionCode: kase.divisionCode, benefit: kase.benefit }],
    summary: {
      zh: `${name}案件的救助对象是经办人员 ${officer.officerId}（${acted.role}）登记的近亲属${kind === 'declared' ? '（已备案，需单独登记备案跟进）' : '（经办后才备案）'}`,
      en: `a beneficiary of this ${kase.benefit} case is a declared relative (${relations.join(', ')}) of officer ${officer.officerId} (${acted.role}), who acted on it${kind === 'declared' ? ' (declared beforehand)' : ' (declared only after acting)'}`,
    },
    evidence: [
      { streamId: `case-${kase.caseId}`, revision: acted.firstRevision, note: `first event recorded by ${officer.officerId}` },
      { streamId: `officer-relatives-${officer.officerId}`, revision: officer.revision, note: 'relatives register' },
    ],
    details: {
      kind,
      officerId: officer.officerId,
      officerRole: acted.role,
      actedAt: acted.firstRecordedAt,
      relatives: matches.map((m) => ({ relativeId: m.relative.relativeId, relation: m.relative.relation, declaredAt: m.relative.declaredAt, personRef: m.personRef })),
    },
  };
}
