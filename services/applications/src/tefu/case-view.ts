import { LocalDate, type Actor } from '@benefits/kernel';
import { memberIdentityView, type PersonalDataAccess, type PersonalDataVault } from '@benefits/identity';
import { factsOn, type EvidenceItem, type FactRecord } from '../households/facts';
import { amountsOf, currentDetermination, entitlementOn } from './decider';
import type { LoadedCase } from './tefu-cases';
import { ANNUAL_REVIEW_DUE } from './tefu-workflow';
import { timelineOf } from '../shared/case-view-helpers';

/** A 一卡通 account number as officers see it: the last four digits. */
function maskAccount(accountNumber: string): string {
  return `${'*'.repeat(Math.max(accountNumber.length - 4, 0))}${accountNumber.slice(-4)}`;
}

/**
 * The case detail an officer sees: current state, members with their name and masked 身份证号
 * opened from the vault, the facts in effect today and their whole history (corrections included),
 * the evidence with who recorded it and when, due items, the entitlement in force today, and the
 * timeline — every event with who recorded it, when, and from when it is effective. Each personal
 * record opened is logged by the vault under `access`.
 */
export async function caseView({ state, envelopes, revision }: LoadedCase, vault: PersonalDataVault, access: PersonalDataAccess, now: Date = new Date()) {
  const asOf = LocalDate.ofInstant(now).toString();
  const members = [];
  for (const member of state.members) {
    const opened = await vault.open(member.personalData, access);
    members.push({
      personRef: member.personRef,
      role: member.role,
      // The birth date for the roles that need it, the age for all (docs/operations/masking.md).
      ...memberIdentityView(access.actor.role, { birthDate: member.birthDate, residentId: opened.erased ? null : opened.fields.residentId }, asOf),
      name: opened.erased ? null : (opened.fields.name ?? null),
      erased: opened.erased,
    });
  }

  // Who recorded each fact record and each piece of evidence, from the envelopes.
  const recorded = new Map<string, { recordedBy: string | null; recordedAt: string }>();
  const evidence: { kind: string; reference: string; step: string; recordedBy: string | null; recordedAt: string }[] = [];
  for (const envelope of envelopes) {
    const by = ((envelope.metadata.actor ?? null) as Actor | null)?.id ?? null;
    const data = envelope.data as { factId?: string; evidence?: EvidenceItem[]; family?: { evidenceRefs: string[] } };
    if (envelope.type === 'tefu.FactRecorded.v1' && data.factId) recorded.set(data.factId, { recordedBy: by, recordedAt: envelope.recordedAt });
    const items = data.evidence ?? data.family?.evidenceRefs.map((reference) => ({ kind: 'other' as const, reference })) ?? [];
    for (const item of items) evidence.push({ ...item, step: envelope.type, recordedBy: by, recordedAt: envelope.recordedAt });
  }
  const supersededBy = new Map(state.facts.filter((r) => r.supersedes).map((r) => [r.supersedes!, r.factId]));
  const factView = async (record: FactRecord) => {
    let fact: Record<string, unknown> = { ...record.fact };
    if (record.fact.kind === 'subsidyCard') {
      const { account, ...rest } = record.fact;
      const opened = await vault.open(account, access);
      fact = { ...rest, accountMasked: opened.erased || !opened.fields.accountNumber ? null : maskAccount(opened.fields.accountNumber) };
    }
    return {
      ...record,
      fact,
      supersededBy: supersededBy.get(record.factId) ?? null,
      ...(recorded.get(record.factId) ?? { recordedBy: null, recordedAt: '' }),
    };
  };
  const factHistory = [];
  for (const record of state.facts) factHistory.push(await factView(record));
  const inEffect = new Set(factsOn(state.facts, asOf).map((r) => r.factId));

  const entitlement = entitlementOn(state, asOf);
  const { caseId: _caseId, ...decision } = state.decision ?? { caseId: '' };
  const strip = <T extends { caseId: string }>({ caseId: _id, ...rest }: T) => rest;
  return {
    caseId: state.caseId,
    benefit: 'tefu' as const,
    status: state.status,
    divisionCode: state.divisionCode,
    revision,
    factsRevision: state.factsRevision,
    members,
    family: state.family,
    determinations: state.determinations.map(strip),
    currentDeterminationId: currentDetermination(state)?.determinationId ?? null,
    decision: state.decision ? decision : null,
    asOf,
    facts: factHistory.filter((r) => inEffect.has(r.factId)),
    factHistory,
    evidence,
    eligibilityConfirmation: state.eligibilityConfirmation ? strip(state.eligibilityConfirmation) : null,
    entitlement: entitlement
      ? { determinationId: entitlement.determinationId, amounts: amountsOf(entitlement, state.members), effectiveFrom: entitlement.effectiveFrom }
      : null,
    due:
      state.status === 'active' && state.annualReview
        ? [{ kind: ANNUAL_REVIEW_DUE, dueOn: state.annualReview.dueOn, overdue: state.annualReview.dueOn < asOf, overdueRecordedOn: state.annualReview.overdueRecordedOn }]
        : [],
    annualReviews: state.annualReviews.map(strip),
    termination: state.termination ? strip(state.termination) : null,
    timeline: timelineOf(envelopes),
  };
}
