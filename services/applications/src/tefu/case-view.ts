import type { Actor } from '@benefits/kernel';
import { maskResidentId, type PersonalDataVault } from '@benefits/identity';
import { currentDetermination } from './decider';
import type { LoadedCase } from './tefu-cases';

/**
 * The case detail an officer sees: current state, members with their name and masked 身份证号
 * opened from the vault, and the timeline — every event with who recorded it, when, and from when
 * it is effective.
 */
export async function caseView({ state, envelopes, revision }: LoadedCase, vault: PersonalDataVault) {
  const members = [];
  for (const member of state.members) {
    const opened = await vault.open(member.personalData);
    members.push({
      personRef: member.personRef,
      role: member.role,
      birthDate: member.birthDate,
      name: opened.erased ? null : (opened.fields.name ?? null),
      residentIdMasked: opened.erased || !opened.fields.residentId ? null : maskResidentId(opened.fields.residentId),
      erased: opened.erased,
    });
  }
  const { caseId: _caseId, ...decision } = state.decision ?? { caseId: '' };
  return {
    caseId: state.caseId,
    benefit: 'tefu' as const,
    status: state.status,
    divisionCode: state.divisionCode,
    revision,
    factsRevision: state.factsRevision,
    members,
    family: state.family,
    determinations: state.determinations.map(({ caseId: _id, ...determination }) => determination),
    currentDeterminationId: currentDetermination(state)?.determinationId ?? null,
    decision: state.decision ? decision : null,
    timeline: envelopes.map((event) => ({
      eventId: event.eventId,
      revision: event.streamRevision,
      type: event.type,
      recordedAt: event.recordedAt,
      effectiveFrom: ((event.data as { effectiveFrom?: string }).effectiveFrom ?? null) as string | null,
      actor: (event.metadata.actor ?? null) as Actor | null,
      correlationId: event.metadata.correlationId,
    })),
  };
}
