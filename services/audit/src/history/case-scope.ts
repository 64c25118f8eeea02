import type { Actor } from '@benefits/kernel';
import type { ReadModels } from '@benefits/read-store';
import { assertAuditMay, assertAuditRole, type AuditAction } from '../access';
import { AuditErrors } from '../audit.errors';
import { CASE_STREAMS, CASE_STREAMS_PROJECTION, caseDocId, type CaseStreamDoc } from '../read-models/case-streams.projection';

/**
 * Division scope of one case (ADR 0012 §1): the role, then the case's division — from the
 * `audit.case-streams` document of `case-<caseId>` — must be the actor's own or under it. A case
 * whose first event named no division is in scope for `admin` only, like streams that belong to
 * no case. Out of scope: 403 DIVISION_OUT_OF_SCOPE.
 */
export function assertCaseInScope(actor: Actor, action: AuditAction, caseDoc: Pick<CaseStreamDoc, 'caseId' | 'divisionCode'>): void {
  if (typeof caseDoc.divisionCode === 'string' && caseDoc.divisionCode !== '') {
    assertAuditMay(actor, action, caseDoc.divisionCode);
    return;
  }
  assertAdminOnly(actor, action, { caseId: caseDoc.caseId });
}

/** Streams that belong to no case (and cases without a division): `admin` only. */
export function assertAdminOnly(actor: Actor, action: AuditAction, details: Record<string, unknown>): void {
  assertAuditRole(actor, action);
  if (actor.role !== 'admin') throw AuditErrors.DIVISION_OUT_OF_SCOPE({ ...details, divisionCode: null, actorDivision: actor.divisionCode, reason: 'admin only' });
}

/** The case's own read-model document, from a read model that has applied everything recorded before the call. */
export async function caseDocOf(readModels: Pick<ReadModels, 'fresh'>, caseId: string): Promise<CaseStreamDoc | null> {
  const view = await readModels.fresh(CASE_STREAMS_PROJECTION);
  return view.collection<CaseStreamDoc>(CASE_STREAMS).get(caseDocId(caseId));
}
