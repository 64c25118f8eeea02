import type { Actor, EventEnvelope } from '@benefits/kernel';
import { maskResidentId, type PersonalDataAccess, type PersonalDataVault, type SealedPersonalData } from '@benefits/identity';

/** Name and masked 身份证号 of each member, opened from the vault (null once erased); each read is logged under `access`. */
export async function openMembers<M extends { personRef: string; birthDate: string; personalData: SealedPersonalData }>(vault: PersonalDataVault, members: readonly M[], access: PersonalDataAccess) {
  const opened = [];
  for (const { personalData, ...member } of members) {
    const data = await vault.open(personalData, access);
    opened.push({
      ...member,
      name: data.erased ? null : (data.fields.name ?? null),
      residentIdMasked: data.erased || !data.fields.residentId ? null : maskResidentId(data.fields.residentId),
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
