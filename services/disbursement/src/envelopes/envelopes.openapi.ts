import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { ActorSchema, authenticatedErrors, ProblemSchema, z } from '@benefits/http';
import { AMOUNT_LINES, DIFFERENCE_BUCKETS } from '../reconciliation/reconciliation';
import { FAILURE_REASONS } from '../ledger/ledger.types';
import {
  ApproveEnvelopeSchema,
  EnvelopeListQuerySchema,
  EnvelopePaymentsQuerySchema,
  EnvelopeReconciliationQuerySchema,
  ExportEnvelopeSchema,
  HoldDecisionSchema,
  HoldsQuerySchema,
  PeriodReconciliationQuerySchema,
  ReturnImportQuerySchema,
} from './envelopes.schemas';

/**
 * OpenAPI of the finance routes (EnvelopesController, ADR 0011): 发放批次 list/read/payments,
 * approval, bank-file export, return import, closing, reconciliation; held payments and their
 * decisions. Request schemas are the ones the controller parses with; the response schemas below
 * describe what the handler answers (documentation only — nothing parses responses with them).
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string) => json(ProblemSchema, description);
const binary = z.string().openapi({ type: 'string', format: 'binary' });

const SCOPE = 'Acts only within the actor\'s division or a division under it (GB/T 2260: a city covers its counties, a province its cities); the envelope\'s division is read from its id.';

export const EnvelopeIdSchema = z
  .string()
  .openapi({ example: 'tefu-330402-2025-01-1', description: 'The envelope (发放批次) id is the id of the run that prepared it: <benefit>-<division>-<period>-<run number>' });
const EnvelopeParams = z.object({ envelopeId: EnvelopeIdSchema });

const CountFen = z.object({ count: z.number().int(), fen: z.number().int() });
const KINDS = ['regular', 'arrears', 'recovery', 'instalment', 'follow-up'] as const;

export const ControlTotalsSchema = z
  .object({
    count: z.number().int().openapi({ description: 'bank lines' }),
    fen: z.number().int().openapi({ description: 'what the bank is asked to pay, fen (after 追缴 netting)' }),
    netted: z.number().int().openapi({ description: 'fen of listed payments paid by offsetting recoveries of the same case' }),
    byKind: z.object(Object.fromEntries(KINDS.map((k) => [k, CountFen])) as Record<(typeof KINDS)[number], typeof CountFen>),
  })
  .openapi('EnvelopeControlTotals');

export const EnvelopeExportRecordSchema = z
  .object({
    envelopeId: z.string(),
    layoutId: z.string(),
    format: z.enum(['csv', 'xlsx']),
    encoding: z.string(),
    fileName: z.string(),
    sha256: z.string().openapi({ description: 'SHA-256 of the file bytes sent to the bank' }),
    bytes: z.number().int(),
    lineCount: z.number().int(),
    totalFen: z.number().int(),
    accountsDigest: z.string(),
    exportedAt: z.string(),
  })
  .openapi('EnvelopeExport');

const RefusedLineSchema = z.object({
  line: z.number().int().openapi({ description: '1-based line number in the return file' }),
  paymentId: z.string().nullable(),
  code: z.string().openapi({ example: 'RETURN_AMOUNT_MISMATCH' }),
  message: z.string(),
});

export const ReturnImportResultSchema = z
  .object({
    envelopeId: z.string(),
    sha256: z.string(),
    fileName: z.string().nullable(),
    mode: z.enum(['strict', 'partial']),
    counts: z.object({ settled: z.number().int(), failed: z.number().int(), reversed: z.number().int(), alreadyApplied: z.number().int(), refused: z.number().int() }),
    fen: z.object({ settled: z.number().int(), failed: z.number().int(), reversed: z.number().int() }),
    refused: z.array(RefusedLineSchema).openapi({ description: 'partial mode: each line not applied, with its line number' }),
    importedAt: z.string(),
    alreadyImported: z.boolean().openapi({ description: 'true: the same file (same SHA-256) was imported before; nothing changed, the earlier result is answered' }),
  })
  .openapi('ReturnImportResult');

export const EnvelopeViewSchema = z
  .object({
    envelopeId: z.string(),
    status: z.enum(['prepared', 'approved', 'exported', 'partly-settled', 'settled', 'closed']),
    prepared: z.object({
      envelopeId: z.string(),
      runId: z.string(),
      benefit: z.string().openapi({ description: 'tefu, dibao, linshi or a benefit registered as a module' }),
      divisionCode: z.string(),
      runPeriod: z.string(),
      totals: ControlTotalsSchema,
      held: z.object({ count: z.number().int(), fen: z.number().int(), byReason: z.record(z.string(), CountFen) }),
      digest: z.string(),
      preparers: z.array(z.string()).openapi({ description: 'everyone who recorded a step of the run: none of them may approve' }),
      references: z.array(z.string()).openapi({ description: 'envelopes whose payments this one carries or reissues' }),
      preparedAt: z.string(),
    }),
    preparedBy: ActorSchema.nullable(),
    approved: z.object({ by: ActorSchema.nullable(), approvedAt: z.string(), note: z.string().optional() }).nullable(),
    exports: z.array(EnvelopeExportRecordSchema),
    returns: z.array(ReturnImportResultSchema.omit({ alreadyImported: true })),
    closed: z.object({ envelopeId: z.string(), closedAt: z.string() }).nullable(),
    pending: z.number().int().openapi({ description: 'payments of the envelope still awaiting a bank return (after export)' }),
  })
  .openapi('EnvelopeView');

export const LedgerEnvelopeSchema = z
  .object({
    envelopeId: z.string(),
    benefit: z.string(),
    divisionCode: z.string(),
    scope: z.string(),
    runPeriod: z.string(),
    status: z.string(),
    totals: ControlTotalsSchema,
    held: CountFen,
    preparedBy: z.string().nullable(),
    approvedBy: z.string().nullable(),
    export: z.object({ sha256: z.string(), layoutId: z.string(), format: z.enum(['csv', 'xlsx']), lineCount: z.number().int(), totalFen: z.number().int() }).nullable(),
    references: z.array(z.string()),
  })
  .openapi('LedgerEnvelope');

export const LedgerPaymentSchema = z
  .object({
    paymentStreamId: z.string(),
    caseId: z.string(),
    personRef: z.string(),
    benefit: z.string(),
    divisionCode: z.string(),
    scope: z.string(),
    runPeriod: z.string(),
    periodKey: z.string(),
    kind: z.enum(KINDS),
    fen: z.number().int(),
    nettedFen: z.number().int(),
    runId: z.string().nullable(),
    envelopeId: z.string().nullable(),
    status: z.enum(['created', 'held', 'cancelled', 'enveloped', 'sent', 'settled', 'failed', 'reversed', 'netted']),
    hold: z.object({ reason: z.enum(['ACCOUNT_MISSING', 'DUPLICATE_PERSON']), claimedBy: z.string().optional() }).nullable(),
    failure: z.object({ reason: z.enum(FAILURE_REASONS), bankReason: z.string() }).nullable(),
    followUpOf: z.string().nullable(),
    followUpId: z.string().nullable(),
    settledFen: z.number().int(),
    reversedFen: z.number().int(),
    bankRef: z.string().nullable(),
  })
  .openapi('LedgerPayment');

const page = (item: z.ZodType, name: string) => z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
export const EnvelopePageSchema = page(LedgerEnvelopeSchema, 'EnvelopePage');
export const LedgerPaymentPageSchema = page(LedgerPaymentSchema, 'LedgerPaymentPage');

export const ReconciliationReportSchema = z
  .object({
    envelopeId: z.string().optional(),
    status: z.string().optional(),
    benefit: z.string().optional(),
    divisionCode: z.string().optional(),
    period: z.string().optional(),
    lines: z.object(Object.fromEntries(AMOUNT_LINES.map((l) => [l, CountFen]))).openapi({ description: 'every amount line: count and fen' }),
    checks: z.array(
      z.object({
        name: z.string(),
        unit: z.enum(['count', 'fen']),
        formula: z.string().openapi({ example: 'due = enveloped + held' }),
        left: z.number().int(),
        right: z.number().int(),
        difference: z.number().int().openapi({ description: 'left − right; must be 0' }),
      }),
    ),
    balanced: z.boolean().openapi({ description: 'every check has difference 0' }),
    differences: z.array(
      z.object({
        bucket: z.enum(DIFFERENCE_BUCKETS as unknown as [string, ...string[]]),
        paymentStreamId: z.string(),
        kind: z.string(),
        status: z.string(),
        fen: z.number().int(),
        reason: z.string(),
        followUp: z.string().nullable(),
      }),
    ),
    byFundingSource: z.object({ central: z.number().int(), provincial: z.number().int(), city: z.number().int(), county: z.number().int(), unallocated: z.number().int() }),
    unallocated: z.array(z.object({ benefit: z.string(), divisionCode: z.string(), runPeriod: z.string(), count: z.number().int(), fen: z.number().int() })),
  })
  .openapi('ReconciliationReport');

export const HoldDecisionResultSchema = z
  .object({ paymentStreamId: z.string(), decision: z.enum(['release', 'cancel']), reason: z.string() })
  .openapi('HoldDecisionResult');

const reconciliationResponses = (description: string) => ({
  description,
  content: {
    'application/json': { schema: ReconciliationReportSchema },
    'text/csv': { schema: binary },
    [XLSX]: { schema: binary },
  },
});

const ENVELOPE_ERRORS = {
  400: problem('INVALID_ENVELOPE_ID, VALIDATION_FAILED, UNKNOWN_FIELD'),
  401: authenticatedErrors[401],
  403: problem('FORBIDDEN (role), DIVISION_OUT_OF_SCOPE'),
  404: problem('ENVELOPE_NOT_FOUND (or its run has not completed)'),
};
const READ_MODEL = problem('READ_MODEL_BEHIND (Retry-After), READ_MODEL_UNAVAILABLE');

/** The finance routes (ADR 0011), registered by the service's describeRoutes. */
export function describeEnvelopeRoutes(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/disbursement/envelopes',
    summary: 'Envelopes (发放批次) of a division, optionally of one benefit and run period, a page at a time',
    description: `From the ledger read model; \`nextCursor\` for the next page. Roles case_officer, approver, finance_clerk, auditor, admin. ${SCOPE}`,
    tags: ['finance'],
    request: { query: EnvelopeListQuerySchema },
    responses: { 200: json(EnvelopePageSchema, 'one page of envelopes'), 400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, INVALID_CURSOR'), 401: authenticatedErrors[401], 403: ENVELOPE_ERRORS[403], 503: READ_MODEL },
  });
  registry.registerPath({
    method: 'get',
    path: '/disbursement/envelopes/{envelopeId}',
    summary: 'One envelope: status, control totals, held payments by reason, approval, exports (file hashes), imported returns, closing',
    description:
      'Status prepared → approved → exported → partly-settled | settled → closed. `pending` counts the listed payments still awaiting a bank return. ' +
      `Roles case_officer, approver, finance_clerk, auditor, admin. ${SCOPE}`,
    tags: ['finance'],
    request: { params: EnvelopeParams },
    responses: { 200: json(EnvelopeViewSchema, 'the envelope'), ...ENVELOPE_ERRORS },
  });
  registry.registerPath({
    method: 'get',
    path: '/disbursement/envelopes/{envelopeId}/payments',
    summary: 'The payments of an envelope, a page at a time, optionally by status (`held`: the ones its run holds)',
    description: `Ledger documents (no clear account data). Roles case_officer, approver, finance_clerk, auditor, admin. ${SCOPE}`,
    tags: ['finance'],
    request: { params: EnvelopeParams, query: EnvelopePaymentsQuerySchema },
    responses: { 200: json(LedgerPaymentPageSchema, 'one page of payments'), ...ENVELOPE_ERRORS, 400: problem('INVALID_ENVELOPE_ID, VALIDATION_FAILED, UNKNOWN_FIELD, INVALID_CURSOR'), 503: READ_MODEL },
  });
  registry.registerPath({
    method: 'post',
    path: '/disbursement/envelopes/{envelopeId}/approve',
    summary: '财政审核: approve an envelope (maker-checker); it is frozen from then on',
    description:
      'Appends disbursement.EnvelopeApproved.v1. Whoever recorded a step of the run (`prepared.preparers`) may not approve it (ENVELOPE_SAME_ACTOR). After approval nothing is added or removed; a correction is a later envelope referencing this one. ' +
      `Role finance_clerk. ${SCOPE}`,
    tags: ['finance'],
    request: { params: EnvelopeParams, body: { required: false, content: { 'application/json': { schema: ApproveEnvelopeSchema } } } },
    responses: {
      200: json(EnvelopeViewSchema, 'the approved envelope'),
      ...ENVELOPE_ERRORS,
      400: problem('INVALID_ENVELOPE_ID, VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON'),
      403: problem('FORBIDDEN (role), DIVISION_OUT_OF_SCOPE, ENVELOPE_SAME_ACTOR (the approver prepared it)'),
      409: problem('ENVELOPE_ALREADY_APPROVED, ENVELOPE_CLOSED, ENVELOPE_CHANGED (changed meanwhile; nothing was written)'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/disbursement/envelopes/{envelopeId}/export',
    summary: 'The bank file of an approved envelope (CSV in the layout\'s encoding, or the xlsx 花名册); its hash is recorded',
    description:
      'One line per listed payment but recoveries, in payment id order, with the clear 一卡通 account opened from the vault (never written to an event). ' +
      'Response headers: `X-Content-SHA256` (recorded on the envelope as disbursement.EnvelopeExported.v1), `X-Line-Count`, `X-Total-Fen`, `Content-Disposition` with the file name. ' +
      'Exporting the same layout and format again gives the same bytes and records nothing; other bytes (an account changed since) are refused with ENVELOPE_ACCOUNTS_CHANGED. ' +
      `Role finance_clerk. ${SCOPE}`,
    tags: ['finance'],
    request: { params: EnvelopeParams, body: { content: { 'application/json': { schema: ExportEnvelopeSchema } } } },
    responses: {
      200: {
        description: 'the file bytes',
        headers: {
          'X-Content-SHA256': { description: 'SHA-256 of the body, as recorded on the envelope', schema: { type: 'string' } },
          'X-Line-Count': { description: 'detail lines', schema: { type: 'integer' } },
          'X-Total-Fen': { description: 'total of the detail lines, fen', schema: { type: 'integer' } },
        },
        content: { 'text/csv': { schema: binary }, [XLSX]: { schema: binary } },
      },
      ...ENVELOPE_ERRORS,
      400: problem('INVALID_ENVELOPE_ID, VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON'),
      404: problem('ENVELOPE_NOT_FOUND, BANK_LAYOUT_NOT_FOUND'),
      409: problem('ENVELOPE_NOT_APPROVED, ENVELOPE_CLOSED, ENVELOPE_ACCOUNT_UNUSABLE (details.payments), ENVELOPE_ACCOUNTS_CHANGED, ENVELOPE_CHANGED; nothing was recorded'),
      422: problem('BANK_FILE_LINE_INVALID: a line cannot be written in this layout; no file'),
      500: problem('ENVELOPE_TOTALS_MISMATCH: the file does not match the control totals; nothing went out'),
      503: READ_MODEL,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/disbursement/envelopes/{envelopeId}/returns',
    summary: '回盘: import the bank\'s return file for an exported envelope (strict, or partial)',
    description:
      'Send the file as it came from the bank as the request body with Content-Type application/octet-stream. Parsed with the return part of the layout the envelope was exported with. ' +
      'Strict (default): any problem (wrong totals, unknown or duplicate payment, wrong amount, GBK bytes declared UTF-8, a line that does not fit the payment\'s state) refuses the whole file with its line numbers and applies nothing. ' +
      '`mode=partial` applies the lines that fit and lists each refused one with its line number. The same file again (same SHA-256) changes nothing and answers the earlier result (`alreadyImported: true`). ' +
      `Role finance_clerk. ${SCOPE}`,
    tags: ['finance'],
    request: {
      params: EnvelopeParams,
      query: ReturnImportQuerySchema,
      body: { required: true, content: { 'application/octet-stream': { schema: binary } } },
    },
    responses: {
      200: json(ReturnImportResultSchema, 'what was applied, and each refused line in partial mode'),
      ...ENVELOPE_ERRORS,
      400: problem('INVALID_ENVELOPE_ID, VALIDATION_FAILED (no body, or not application/octet-stream), UNKNOWN_FIELD'),
      409: problem('ENVELOPE_NOT_EXPORTED, ENVELOPE_CLOSED, ENVELOPE_CHANGED; nothing was applied'),
      413: problem('PAYLOAD_TOO_LARGE'),
      422: problem('RETURN_FILE_INVALID (details.issues: line, code such as RETURN_ENCODING_MISMATCH, RETURN_TOTALS_MISMATCH, RETURN_ENVELOPE_MISMATCH, RETURN_DUPLICATE_LINE), RETURN_NOT_APPLICABLE (details.issues per line, e.g. RETURN_AMOUNT_MISMATCH, RETURN_WRONG_ENVELOPE); nothing was applied'),
      503: READ_MODEL,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/disbursement/envelopes/{envelopeId}/close',
    summary: 'Close an envelope once every listed payment has its bank return',
    description: `Appends disbursement.EnvelopeClosed.v1; afterwards no return is imported into it. Role finance_clerk. ${SCOPE}`,
    tags: ['finance'],
    request: { params: EnvelopeParams },
    responses: {
      200: json(EnvelopeViewSchema, 'the closed envelope'),
      ...ENVELOPE_ERRORS,
      409: problem('ENVELOPE_NOT_EXPORTED, ENVELOPE_NOT_SETTLED (details.pending), ENVELOPE_CLOSED, ENVELOPE_CHANGED'),
      503: READ_MODEL,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/disbursement/envelopes/{envelopeId}/reconciliation',
    summary: '对账 of one envelope: every amount line, the identities checked, the differences itemised, the split by funding source',
    description:
      'due = enveloped + held; enveloped = sent + not sent; sent = settled + failed + pending; settled = reversed + net settled; failed + reversed = reissued + not reissued — each must balance to 0 (`balanced`). ' +
      'Net settled is allocated to central / provincial / city / county by the funding shares in force (`unallocated` where none are published). ' +
      '`format=csv` or `xlsx` answers the same report as a file (every difference listed). ' +
      `Roles finance_clerk, auditor, admin. ${SCOPE}`,
    tags: ['finance'],
    request: { params: EnvelopeParams, query: EnvelopeReconciliationQuerySchema },
    responses: { 200: reconciliationResponses('the report (JSON), or the file'), ...ENVELOPE_ERRORS, 503: READ_MODEL },
  });
  registry.registerPath({
    method: 'get',
    path: '/disbursement/reconciliation',
    summary: '对账 of a period: every payment of (benefit, division, run period), whatever envelope it is in',
    description: `Same report as for one envelope, over the period. \`format=csv\` or \`xlsx\` answers a file. Roles finance_clerk, auditor, admin. ${SCOPE}`,
    tags: ['finance'],
    request: { query: PeriodReconciliationQuerySchema },
    responses: {
      200: reconciliationResponses('the report (JSON), or the file'),
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD'),
      401: authenticatedErrors[401],
      403: ENVELOPE_ERRORS[403],
      503: READ_MODEL,
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/disbursement/holds',
    summary: 'Held payments of a benefit in a division: 待补录账户 (ACCOUNT_MISSING) and 重复享受待决 (DUPLICATE_PERSON)',
    description:
      'An ACCOUNT_MISSING payment is carried into the next run of its scope once the account is recorded; a DUPLICATE_PERSON one waits for a decision (POST /disbursement/payments/{paymentStreamId}/hold-decision). ' +
      `Roles case_officer, approver, finance_clerk, auditor, admin. ${SCOPE}`,
    tags: ['finance'],
    request: { query: HoldsQuerySchema },
    responses: {
      200: json(LedgerPaymentPageSchema, 'one page of held payments'),
      400: problem('VALIDATION_FAILED, UNKNOWN_FIELD, INVALID_CURSOR'),
      401: authenticatedErrors[401],
      403: ENVELOPE_ERRORS[403],
      503: READ_MODEL,
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/disbursement/payments/{paymentStreamId}/hold-decision',
    summary: '重复享受: a recorded decision on a held payment — cancel (not paid), or release citing the legal basis in the reason',
    description:
      'Appends disbursement.PaymentHoldDecided.v1 to the payment. A released payment is carried into the next run of its scope. A payment held for a missing account cannot be released by decision (HOLD_RELEASE_NOT_ALLOWED): record the account. ' +
      `Role approver (民政), for the payment's division or one above it. ${SCOPE.replace("the envelope's division is read from its id", "the payment's division is the one it was created for")}`,
    tags: ['finance'],
    request: {
      params: z.object({ paymentStreamId: z.string().openapi({ example: 'payment-<caseId>-<personRef>-2025-01' }) }),
      body: { content: { 'application/json': { schema: HoldDecisionSchema } } },
    },
    responses: {
      200: json(HoldDecisionResultSchema, 'the decision as recorded'),
      400: problem('INVALID_PAYMENT_ID, VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON'),
      401: authenticatedErrors[401],
      403: problem('FORBIDDEN (role), DIVISION_OUT_OF_SCOPE'),
      404: problem('PAYMENT_NOT_FOUND'),
      409: problem('HOLD_NOT_OPEN, HOLD_RELEASE_NOT_ALLOWED, ENVELOPE_CHANGED'),
    },
  });
}
