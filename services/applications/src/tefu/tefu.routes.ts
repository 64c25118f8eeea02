/**
 * The 计生特扶 steps over HTTP: one row per step, served by the controller's shared step route and
 * described in the OpenAPI document from the same row (../shared/workflow/step-routes.ts).
 * 特扶's case routes are `POST /cases/{caseId}/<path>` (not under `/cases/tefu/`): they were
 * published so before 低保 and 临时救助 existed, and clients use them.
 */
import type { StepRouteTable } from '../shared/workflow/step-routes';
import type { TefuCommand } from './commands';
import { TefuPaymentStatusSchema } from './payment-suspension.schemas';
import { ApproveCaseSchema, EvidenceBodySchema, RecordDeterminationSchema, RecordFactSchema, RejectCaseSchema, SubmitApplicationSchema, TerminateCaseSchema } from './tefu.schemas';

export const TEFU_STEP_ROUTES: StepRouteTable<Exclude<TefuCommand, { type: 'CreateCase' }>> = [
  { path: 'submit', command: 'SubmitApplication', schema: SubmitApplicationSchema, summary: 'Submit the application (申请)', description: 'Roles intake_officer or case_officer. Body: {}.' },
  {
    path: 'determinations',
    command: 'RecordDetermination',
    schema: RecordDeterminationSchema,
    summary: 'INTERNAL, temporary: record a determination of eligibility (until eligibility publishes it over Kafka)',
    description:
      "Accepted only if basedOnCaseRevision is the case's current facts revision (else DETERMINATION_STALE). " +
      'Roles case_officer or admin. The same determination sent again changes nothing.',
    internal: true,
  },
  {
    path: 'approve',
    command: 'ApproveCase',
    schema: ApproveCaseSchema,
    summary: 'Approve (审核确认) citing the current determination',
    description: "Role approver of the case's division or a parent; whoever recorded any step of the case may not approve it (maker-checker).",
  },
  { path: 'reject', command: 'RejectCase', schema: RejectCaseSchema, summary: 'Reject (审核确认, 不予批准) with reasons', description: 'Same rules as approval.' },
  {
    path: 'eligibility-confirmation',
    command: 'ConfirmEligibility',
    schema: EvidenceBodySchema,
    summary: '资格确认: confirm the conditions on the evidence (submitted case)',
    description:
      'Roles intake_officer or case_officer. At least one evidence item (EVIDENCE_REQUIRED). Does not change the facts revision, so the ' +
      'determination stays current. Whoever confirms may not approve (maker-checker).',
  },
  { path: 'evidence', command: 'AttachEvidence', schema: EvidenceBodySchema, summary: 'Attach evidence documents (kind and reference) to the case', description: 'Roles intake_officer or case_officer.' },
  // Its own handler: a 一卡通 account number is sealed in the vault once the decider accepted the fact.
  {
    path: 'facts',
    command: 'RecordFact',
    schema: RecordFactSchema,
    summary: 'Record an effective-dated household or person fact, or correct one (supersedes)',
    description:
      'Roles intake_officer or case_officer. A correction names the record it supersedes; both stay in the history. Facts the 特扶 rules read ' +
      '(养老服务补贴, 失能/失智, death, child disability grade) change the facts revision and publish a facts snapshot effective from the fact date; ' +
      'the death of the last member terminates the case from the date of death. 400: UNKNOWN_DIVISION, FACT_SUBJECT_UNKNOWN, FACT_SUBJECT_INVALID, ' +
      'FACT_BEFORE_BIRTH, CORRECTION_MISMATCH, FACT_NOT_APPLICABLE, DATE_IN_FUTURE, INVALID_AMOUNT.',
    own: true,
  },
  {
    path: 'terminate',
    command: 'TerminateCase',
    schema: TerminateCaseSchema,
    summary: "Terminate (终止扶助) on a new birth, an adoption or the child's recovery, from the event date",
    description: 'Roles intake_officer or case_officer; evidence required. Nothing is due from eventDate on; the case refuses further steps (CASE_TERMINATED).',
  },
  {
    path: 'suspend',
    command: 'SuspendPayment',
    schema: TefuPaymentStatusSchema,
    summary: '停发: suspend payment of an active case from a date, with a reason',
    description:
      "Role approver of the case's division or a parent. Active case only (CASE_NOT_ACTIVE, CASE_TERMINATED); not while suspended (409 PAYMENT_ALREADY_SUSPENDED); " +
      'effectiveFrom not before the approval (400 EFFECTIVE_DATE_BEFORE_APPROVAL); reason required (400 SUSPENSION_REASON_REQUIRED). The case stays active. ' +
      'Published as integration event PaymentSuspended: disbursement pays no month from the month of effectiveFrom until a resumption.',
  },
  {
    path: 'resume',
    command: 'ResumePayment',
    schema: TefuPaymentStatusSchema,
    summary: '恢复: resume payment of a suspended case from a date, with a reason',
    description:
      "Role approver of the case's division or a parent. Suspended active case only (409 PAYMENT_NOT_SUSPENDED); effectiveFrom not before the suspension's " +
      '(400 RESUMPTION_BEFORE_SUSPENSION). Published as integration event PaymentResumed: payments restart from the month of effectiveFrom; the months ' +
      'suspended are not paid back.',
  },
  {
    path: 'annual-reviews',
    command: 'ConfirmAnnualReview',
    schema: EvidenceBodySchema,
    summary: '年审: confirm the annual review; schedules the next one',
    description: 'Roles intake_officer or case_officer, active case (CASE_NOT_ACTIVE), evidence required.',
  },
];
