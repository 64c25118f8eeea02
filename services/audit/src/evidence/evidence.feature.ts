import { authenticatedErrors, ProblemSchema, READ_MODELS, VaultConnection, z } from '@benefits/http';
import type { ReadModels } from '@benefits/read-store';
import { AUDIT_SOURCE } from '../audit-source';
import type { AuditSource } from '../replica/replica-store';
import type { AuditContext, AuditFeature } from '../feature';
import { CaseIdSchema } from '../history/history.schemas';
import { EvidenceController, EVIDENCE_PACKAGER, PersonalDataAccessController } from './evidence.controller';
import { anchorKeySigner, EvidencePackager } from './evidence-packager';
import { AccessLogPageSchema, AccessLogQuerySchema, EvidencePackageSchema, FindingIdParamSchema } from './evidence.schemas';

/**
 * Evidence packages (ADR 0012 §7) and the personal-data access log (§6): see
 * docs/audit/evidence-packages.md and docs/audit/personal-data-access.md.
 */
export const evidenceFeature: AuditFeature = {
  name: 'evidence',
  controllers: [EvidenceController, PersonalDataAccessController],
  providers: (context: AuditContext) => [
    {
      provide: EVIDENCE_PACKAGER,
      inject: [AUDIT_SOURCE, READ_MODELS, VaultConnection],
      useFactory: (source: AuditSource, readModels: ReadModels, vault: VaultConnection) =>
        new EvidencePackager({ source, own: context.runtime.store, readModels, vault: () => vault.vault(), signer: () => anchorKeySigner() }),
    },
  ],
  describeRoutes: (registry) => {
    const packageResponses = {
      200: {
        description:
          'the package: one JSON file (attachment) — manifest, parts events.json and people.xlsx in base64, manifest digest, signature when the anchor key exists. Headers X-Content-SHA256 (the file) and X-Manifest-SHA256.',
        content: { 'application/json': { schema: EvidencePackageSchema } },
      },
      ...authenticatedErrors,
      403: { description: 'FORBIDDEN (role), DIVISION_OUT_OF_SCOPE', content: { 'application/json': { schema: ProblemSchema } } },
      503: { description: 'READ_MODEL_BEHIND, READ_MODEL_UNAVAILABLE', content: { 'application/json': { schema: ProblemSchema } } },
    };
    registry.registerPath({
      method: 'get',
      path: '/audit/cases/{caseId}/evidence-package',
      summary: "A case's evidence package: every event of its streams with chain hashes, the people concerned (masked xlsx), a manifest of SHA-256 digests",
      description:
        'Roles auditor and admin; the case division (audit.case-streams) must be the caller\'s or under it. The people are opened from the vault with purpose evidence-export and each read is in the personal-data access log. Check offline with `npx benefits audit verify-package <file>`.',
      tags: ['evidence'],
      request: { params: z.object({ caseId: CaseIdSchema }) },
      responses: { ...packageResponses, 404: { description: 'CASE_NOT_FOUND', content: { 'application/json': { schema: ProblemSchema } } }, 413: { description: 'EVIDENCE_PACKAGE_TOO_LARGE', content: { 'application/json': { schema: ProblemSchema } } } },
    });
    registry.registerPath({
      method: 'get',
      path: '/audit/anomalies/{findingId}/evidence-package',
      summary: "A 疑点's evidence package: the finding stream, every stream it cites (data.evidence) and its cases' case streams",
      description: 'Roles auditor and admin; every division the finding names must be the caller\'s or under it (a cross-division finding needs an auditor covering both).',
      tags: ['evidence'],
      request: { params: z.object({ findingId: FindingIdParamSchema }) },
      responses: {
        ...packageResponses,
        404: { description: 'FINDING_NOT_FOUND', content: { 'application/json': { schema: ProblemSchema } } },
        409: { description: 'EVIDENCE_STREAM_MISSING (a cited stream or revision is not there)', content: { 'application/json': { schema: ProblemSchema } } },
        413: { description: 'EVIDENCE_PACKAGE_TOO_LARGE', content: { 'application/json': { schema: ProblemSchema } } },
      },
    });
    registry.registerPath({
      method: 'get',
      path: '/audit/personal-data-access',
      summary: 'The personal-data access log: who read whose data from the vault, when, why (purpose code) and in which request',
      description:
        "Roles auditor and admin. Filtered to readers of the caller's division and those under it. Newest first, keyset pages (cursor = nextCursor). Reads metadata only; not itself logged.",
      tags: ['personal data'],
      request: { query: AccessLogQuerySchema },
      responses: {
        200: { description: 'a page', content: { 'application/json': { schema: AccessLogPageSchema } } },
        ...authenticatedErrors,
        400: { description: 'VALIDATION_FAILED, UNKNOWN_FIELD, ACCESS_LOG_QUERY_INVALID', content: { 'application/json': { schema: ProblemSchema } } },
      },
    });
  },
};
