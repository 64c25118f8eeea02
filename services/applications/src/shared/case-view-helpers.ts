import { LocalDate, type Actor, type EventEnvelope } from '@benefits/kernel';
import { memberIdentityView, type PersonalDataAccess, type PersonalDataVault, type SealedPersonalData } from '@benefits/identity';

/**
 * Name and masked 身份证号 of each member, opened from the vault (null once erased); each read is
 * logged under `access`. The birth date only for the roles that need it, the age for all
 * (docs/operations/masking.md).
 */
export async function openMembers<M extends { personRef: string; birthDate: string; personalData: SealedPersonalData }>(
  vault: PersonalDataVault,
  members: readonly M[],
  access: PersonalDataAccess,
  now: Date = new Date(),
) {
  const asOf = LocalDate.ofInstant(now).toString();
  const opened = [];
  for (const { personalData, ...member } of members) {
    const data = await vault.open(personalData, access);
    opened.push({
      ...member,
      name: data.erased ? null : (data.fields.name ?? null),
      ...memberIdentityView(access.actor.role, { birthDate: member.birthDate, residentId: data.erased ? null : data.fields.residentId }, asOf),
      erased: data.erased,
    });
  }
  return opened;
}

/** Every event of the case with who recorded it, when, and from when it is effective. */
export function timelineOf(envelopes: readonly EventEnvelope[]) {
  return envelopes.map((event) => ({
    eventId: event.eventId,
    revision: event.streamRevision,
    type: event.type,
    recordedAt: event.recordedAt,
    effectiveFrom: ((event.data as { effectiveFrom?: string }).effectiveFrom ?? null) as string | null,
    actor: (event.metadata.actor ?? null) as Actor | null,
    correlationId: event.metadata.correlationId,
  }));
}
