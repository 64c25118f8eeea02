import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { authenticatedErrors, etagResponseHeader, IfMatchHeaderSchema, ProblemSchema, READ_MODELS, revisionErrors, VaultConnection, z } from '@benefits/http';
import type { Projection, ReadModels } from '@benefits/read-store';
import { AUDIT_SOURCE } from '../audit-source';
import type { AuditSource } from '../replica/replica-store';
import type { AuditContext, AuditFeature } from '../feature';
import type { AnomalyRule } from './rule';
import { ANOMALY_RULES } from './rules';
import { AnomaliesController, ANOMALY_ENGINE } from './anomalies.controller';
import {
  AssignSchema,
  CheckSchema,
  FindingDetailSchema,
  FindingIdSchema,
  FindingListSchema,
  ListFindingsQuerySchema,
  OutcomeSchema,
  RuleListSchema,
  ScanIdSchema,
  ScanViewSchema,
  StartScanSchema,
} from './anomalies.schemas';
import { findingsProjection } from './read-models/findings.projection';
import { rulesFileOf } from './rule-config';
import { AnomalyEngine } from './scan';
import { officerRelativesProjection } from './relatives/relatives';
import { DeclareRelativeSchema, ListRelativesQuerySchema, RelativesController, WithdrawRelativeSchema } from './relatives/relatives.controller';

/** Every read model the anomaly lists need: the findings, and each rule's own (once each, by name). */
export function anomalyProjections(rules: readonly AnomalyRule<any>[], extra: readonly Projection[] = []): Projection[] {
  const byName = new Map<string, Projection>();
  for (const projection of [findingsProjection(), ...extra, ...rules.flatMap((r) => r.projections?.() ?? [])]) {
    if (!byName.has(projection.name)) byName.set(projection.name, projection);
  }
  return [...byName.values()];
}

export interface AnomaliesFeatureOptions {
  rules?: readonly AnomalyRule<any>[];
  /** Extra read models (the relatives register's). */
  projections?: () => Projection[];
  controllers?: AuditFeature['controllers'];
  providers?: AuditFeature['providers'];
  describeRoutes?: (registry: OpenAPIRegistry) => void;
}

export function createAnomaliesFeature(options: AnomaliesFeatureOptions = {}): AuditFeature {
  const rules = options.rules ?? ANOMALY_RULES;
  return {
    name: 'anomalies',
    controllers: [AnomaliesController, ...(options.controllers ?? [])],
    projections: () => anomalyProjections(rules, options.projections?.() ?? []),
    providers: (context: AuditContext) => [
      {
        provide: ANOMALY_ENGINE,
        inject: [READ_MODELS, VaultConnection, AUDIT_SOURCE],
        useFactory: (readModels: ReadModels, vault: VaultConnection, source: AuditSource) =>
          new AnomalyEngine({
            store: context.runtime.store,
            source,
            readModels,
            vault: () => vault.vault(),
            rules,
            rulesFile: rulesFileOf(),
            onError: (error) => console.error(`anomaly scan: ${error instanceof Error ? error.message : String(error)}`),
          }),
      },
      ...(options.providers?.(context) ?? []),
    ],
    describeRoutes: (registry) => {
      describeAnomalyRoutes(registry);
      options.describeRoutes?.(registry);
    },
  };
}

const problem = (description: string) => ({ description, content: { 'application/json': { schema: ProblemSchema } } });
const json = (description: string, schema: z.ZodType) => ({ description, content: { 'application/json': { schema } } });

function describeAnomalyRoutes(registry: OpenAPIRegistry): void {
  const tags = ['疑点 anomalies'];
  registry.registerPath({
    method: 'post',
    path: '/audit/anomaly-scans',
    summary: 'Start (or resume, with scanId) a 疑点 scan of a division',
    description:
      'Runs the chosen rules (default all) over the division and the divisions under it; recorded as stream anomaly-scan-<scanId> (started, pages, per-rule completion, completed with counts and resultHash). ' +
      'Each candidate becomes or updates finding-<id>. Answers 202 at once; poll GET /audit/anomaly-scans/{scanId}. Roles auditor, admin (scanAnomalies) of the division.',
    tags,
    request: { body: { content: { 'application/json': { schema: StartScanSchema } } } },
    responses: {
      ...authenticatedErrors,
      202: json('the scan as started', ScanViewSchema),
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, ANOMALY_RULE_UNKNOWN'),
      409: problem('ANOMALY_SCAN_COMPLETED, ANOMALY_SCAN_MISMATCH (resuming)'),
      500: problem('ANOMALY_RULES_CONFIG_INVALID'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/audit/anomaly-scans/{scanId}',
    summary: 'A scan: status (running, completed, failed, interrupted), per-rule progress, counts, result hash',
    tags,
    request: { params: z.object({ scanId: ScanIdSchema }) },
    responses: { 200: json('the scan', ScanViewSchema), 404: problem('ANOMALY_SCAN_NOT_FOUND'), ...authenticatedErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/audit/anomaly-rules',
    summary: "Every 疑点 rule: id, titles, description, effective configuration (defaults overridden by anomaly-rules.json)",
    tags,
    responses: { 200: json('the rules', RuleListSchema), 500: problem('ANOMALY_RULES_CONFIG_INVALID'), ...authenticatedErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/audit/anomalies',
    summary: "Findings visible to the reader (a division of theirs holds one of the finding's cases), newest first",
    description:
      "Filtered to the reader's scope, never refused. Case ids of divisions the reader does not cover are replaced by a count (otherDivisions). " +
      'From the read model audit.findings, caught up with everything recorded before the request (503 READ_MODEL_BEHIND otherwise).',
    tags,
    request: { query: ListFindingsQuerySchema },
    responses: { ...authenticatedErrors, 200: json('a page of findings', FindingListSchema), 400: problem('VALIDATION_FAILED, INVALID_CURSOR') },
  });
  registry.registerPath({
    method: 'get',
    path: '/audit/anomalies/{findingId}',
    summary: 'A finding with its timeline (scans that recorded it, worklist steps with who and when); ETag = stream revision',
    tags,
    request: { params: z.object({ findingId: FindingIdSchema }) },
    responses: {
      200: { ...json('the finding', FindingDetailSchema), headers: etagResponseHeader },
      403: problem('FORBIDDEN, DIVISION_OUT_OF_SCOPE'),
      404: problem('FINDING_NOT_FOUND'),
      401: authenticatedErrors[401],
    },
  });
  const steps: [string, string, z.ZodType, string][] = [
    ['assign', 'Assign the finding for 核查 (auditor)', AssignSchema, 'open or assigned'],
    ['check', 'Record the 核查 result (auditor, case_officer, approver of a covered division)', CheckSchema, 'assigned or checked'],
    ['outcome', 'Decide the outcome: cleared with reason, or confirmed → recovery (追缴) / referral (auditor)', OutcomeSchema, 'checked'],
  ];
  for (const [step, summary, schema, from] of steps) {
    registry.registerPath({
      method: 'post',
      path: `/audit/anomalies/{findingId}/${step}`,
      summary,
      description: `Allowed while the finding is ${from}; otherwise 409 FINDING_TRANSITION_INVALID (FINDING_CLOSED once it has an outcome). If-Match: the finding's ETag.`,
      tags,
      request: { params: z.object({ findingId: FindingIdSchema }), headers: IfMatchHeaderSchema, body: { content: { 'application/json': { schema } } } },
      responses: {
        200: { ...json('the finding after the step', FindingDetailSchema), headers: etagResponseHeader },
        400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, IF_MATCH_INVALID'),
        403: problem('FORBIDDEN, DIVISION_OUT_OF_SCOPE'),
        404: problem('FINDING_NOT_FOUND'),
        409: problem('FINDING_TRANSITION_INVALID, FINDING_CLOSED'),
        ...revisionErrors,
        401: authenticatedErrors[401],
      },
    });
  }
}

function describeRelativeRoutes(registry: OpenAPIRegistry): void {
  const tags = ['疑点 anomalies'];
  registry.registerPath({
    method: 'post',
    path: '/audit/officer-relatives',
    summary: "Declare one of the caller's relatives (近亲属备案); only the 身份证号's keyed fingerprint is recorded",
    description: 'Roles intake_officer, case_officer, approver, finance_clerk (their own relatives) and admin (officerId: for an officer). Stream officer-relatives-<officerId>.',
    tags,
    request: { body: { content: { 'application/json': { schema: DeclareRelativeSchema } } } },
    responses: {
      ...authenticatedErrors,
      201: json('the officer\'s register (relatives without fingerprints)', z.object({ officerId: z.string(), divisionCode: z.string(), revision: z.number().int(), relatives: z.array(z.unknown()) })),
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, INVALID_RESIDENT_ID'),
      409: problem('RELATIVE_ALREADY_DECLARED'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/audit/officer-relatives/{officerId}/{relativeId}/withdraw',
    summary: 'Withdraw a declaration made in error (it no longer counts for rule A3)',
    tags,
    request: { params: z.object({ officerId: z.string(), relativeId: z.string() }), body: { content: { 'application/json': { schema: WithdrawRelativeSchema } } } },
    responses: { ...authenticatedErrors, 200: json('the register after the withdrawal', z.object({ officerId: z.string() }).passthrough()), 409: problem('RELATIVE_NOT_DECLARED') },
  });
  registry.registerPath({
    method: 'get',
    path: '/audit/officer-relatives',
    summary: "The relatives register of the reader's division and below (auditor, admin); never 身份证号 or fingerprints",
    tags,
    request: { query: ListRelativesQuerySchema },
    responses: { ...authenticatedErrors, 200: json('a page of officers with their declared relatives', z.object({ items: z.array(z.unknown()), nextCursor: z.string().nullable() })) },
  });
}

/** See docs/audit/anomalies.md. */
export const anomaliesFeature: AuditFeature = createAnomaliesFeature({
  controllers: [RelativesController],
  projections: () => [officerRelativesProjection()],
  describeRoutes: describeRelativeRoutes,
});
