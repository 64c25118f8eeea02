import { ROLES, ROLE_LABELS_ZH, type Role } from '../roles';

/**
 * Who may call which HTTP route, in one place: every route of the four services' OpenAPI
 * documents (key `METHOD /path`, as the document spells the path) → the roles allowed and how the
 * actor's division limits them. The services enforce these rules in their own code (access.ts,
 * deciders, controllers); test/security/permission-matrix.spec.ts sends every route × role × a
 * token of the resource's own division, of the prefecture above it and of another province, and fails when the answer differs
 * from this table, when a route is missing here, or when an entry names no route.
 * docs/operations/permission-matrix.md is this table rendered (`renderPermissionMatrix`).
 */

export type PermissionService = 'applications' | 'eligibility' | 'disbursement' | 'audit';

/**
 * - `own-or-descendant`: the actor's division must be the resource's (or the division asked about)
 *   or one above it (GB/T 2260: a province covers its prefectures and counties, a prefecture its
 *   counties); another division is refused with 403;
 * - `filtered`: a list or search every such actor may call; it shows only what lies within the
 *   actor's division (nothing is refused for being elsewhere);
 * - `province`: only an actor of a province-level division (xx0000) may (national data such as
 *   the working-day calendar); any other division is refused;
 * - `any`: the division plays no part (national catalogues, the actor's own data, operations).
 */
export type DivisionScope = 'own-or-descendant' | 'filtered' | 'province' | 'any';

export interface RoutePermission {
  /** `public`: no token needed; `authenticated`: any valid token; else the roles allowed. */
  roles: 'public' | 'authenticated' | readonly Role[];
  scope: DivisionScope;
  /** The stable codes of a refusal for the role (403); default `FORBIDDEN`. */
  roleRefusals?: readonly string[];
  /** The stable codes of a refusal for the division (403). */
  divisionRefusals?: readonly string[];
  /**
   * Checks the matrix test cannot reach with its set-up, and why (e.g. the request is validated
   * or the resource looked up before the role is checked, and the test has no such resource). The
   * test then only asserts the request does not succeed.
   */
  unreached?: { role?: string; division?: string };
  note?: string;
}

export type PermissionMatrix = Readonly<Record<PermissionService, Readonly<Record<string, RoutePermission>>>>;

// ---------------------------------------------------------------------------------------------
// building blocks

const PUBLIC: RoutePermission = { roles: 'public', scope: 'any' };
const ANY_ROLE: RoutePermission = { roles: 'authenticated', scope: 'any' };

/** Routes every service has: health, whoami, metrics, projections. */
const COMMON: Readonly<Record<string, RoutePermission>> = {
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /whoami': { ...ANY_ROLE, note: 'the actor of the token' },
  'GET /metrics': { ...PUBLIC, note: 'Prometheus scrape; keep it on the internal network' },
};

const PROJECTIONS: Readonly<Record<string, RoutePermission>> = {
  'GET /projections': { roles: ['admin', 'auditor'], scope: 'any' },
  'POST /projections/{name}/rebuild': { roles: ['admin'], scope: 'any' },
};

/** 停放消息 of the process's bus consumer (services that consume): province-level admins only. */
const PARKED_ROUTE: RoutePermission = {
  roles: ['admin'],
  scope: 'province',
  roleRefusals: ['FORBIDDEN'],
  divisionRefusals: ['PARKED_MESSAGES_PROVINCE_ONLY'],
  note: 'parked messages span every division; 503 CONSUMER_NOT_STARTED while the consumer is not running',
};
const PARKED: Readonly<Record<string, RoutePermission>> = {
  'GET /admin/messaging/consumers/{consumer}/parked': PARKED_ROUTE,
  'POST /admin/messaging/consumers/{consumer}/parked/{parkId}/retry': PARKED_ROUTE,
  'POST /admin/messaging/consumers/{consumer}/parked/{parkId}/resolve': PARKED_ROUTE,
};

const OFFICERS = ['intake_officer', 'case_officer'] as const satisfies readonly Role[];
/** One simulation: another division's answers 404 SIMULATION_NOT_FOUND (its existence is not disclosed). */
const SIMULATION_READ: RoutePermission = {
  roles: ['admin', 'finance_clerk', 'auditor'],
  scope: 'own-or-descendant',
  unreached: { division: "another division's simulation answers 404 SIMULATION_NOT_FOUND, not 403; the test has no simulation" },
};
const CASE_OFFICER = ['case_officer'] as const satisfies readonly Role[];
const DETERMINATION = ['case_officer', 'admin'] as const satisfies readonly Role[];
const APPROVER = ['approver'] as const satisfies readonly Role[];

/** A step on an existing case (applications): the decider checks the role, then the case's division. */
function caseStep(roles: readonly Role[], roleRefusal = 'ROLE_NOT_ALLOWED'): RoutePermission {
  return { roles, scope: 'own-or-descendant', roleRefusals: [roleRefusal], divisionRefusals: ['DIVISION_NOT_ALLOWED'] };
}
/** 审核确认 and the other decisions: the approver, and nobody who recorded a step of the case (maker-checker). */
const decision = (): RoutePermission => ({ ...caseStep(APPROVER, 'APPROVER_ROLE_REQUIRED'), note: 'maker-checker: not by anyone who recorded a step (MAKER_CHECKER_VIOLATION)' });
/** A new case: the division is the body's `divisionCode`. */
const newCase = (): RoutePermission => ({ ...caseStep(OFFICERS), note: 'with a duplicate override: approver only' });
const caseView = (): RoutePermission => ({ roles: 'authenticated', scope: 'own-or-descendant', divisionRefusals: ['DIVISION_NOT_ALLOWED'] });

const ADMINISTER: RoutePermission = { roles: ['admin'], scope: 'own-or-descendant', divisionRefusals: ['DIVISION_OUT_OF_SCOPE'] };
const READ_CATALOG: RoutePermission = { roles: 'authenticated', scope: 'any', note: 'national catalogue: open to every role' };

const disbursement = (roles: readonly Role[], extra: Partial<RoutePermission> = {}): RoutePermission => ({
  roles,
  scope: 'own-or-descendant',
  divisionRefusals: ['DIVISION_OUT_OF_SCOPE'],
  ...extra,
});
const READ_PAYMENT = ['case_officer', 'approver', 'finance_clerk', 'auditor', 'admin'] as const satisfies readonly Role[];
const READ_ENVELOPE = READ_PAYMENT;
const FINANCE = ['finance_clerk'] as const satisfies readonly Role[];
const RECONCILE = ['finance_clerk', 'auditor', 'admin'] as const satisfies readonly Role[];
const RECORD_ACCOUNT = ['case_officer', 'finance_clerk'] as const satisfies readonly Role[];

const AUDIT = ['auditor', 'admin'] as const satisfies readonly Role[];
const READ_ANOMALIES = ['auditor', 'admin', 'case_officer', 'approver'] as const satisfies readonly Role[];
const DECLARE_RELATIVES = ['intake_officer', 'case_officer', 'approver', 'finance_clerk', 'admin'] as const satisfies readonly Role[];
const audit = (roles: readonly Role[], scope: DivisionScope = 'any', extra: Partial<RoutePermission> = {}): RoutePermission => ({
  roles,
  scope,
  ...(scope === 'own-or-descendant' ? { divisionRefusals: ['DIVISION_OUT_OF_SCOPE'] } : {}),
  ...extra,
});

// Why some refusals cannot be reached by the matrix test (see `unreached`).
const NO_STANDARD = 'the standard is looked up before the role and division are checked, and the test imports none (404)';
const VALIDATED_FIRST = 'the body is validated before the role is checked; a sample schedule is not a valid one (400)';
const NO_PAYMENT = 'the payment is looked up before the check, and the test makes no payment run (404)';
const AUDIT_CASE = 'audit knows a case from its replica of the case streams, which the bus fills; the test runs no bus (404)';
const NO_AUDIT_JOB = 'the job or scan is looked up before its division is known; the test has none of another division (404)';
const NO_FINDING = 'the 疑点 is looked up before its division is known; the test has no finding (404)';

export const PERMISSION_MATRIX: PermissionMatrix = {
  applications: {
    ...COMMON,
    ...PROJECTIONS,
    ...PARKED,
    'GET /cases': {
      roles: 'authenticated',
      scope: 'own-or-descendant',
      divisionRefusals: ['DIVISION_NOT_ALLOWED'],
      note: 'the case index: without `division`, the actor\'s own division and below',
    },
    'GET /applications/working-day-calendars': { roles: 'authenticated', scope: 'any' },
    'GET /applications/case-benefits': { roles: 'authenticated', scope: 'any', note: 'the benefits registered as modules and their body schemas (no case data)' },
    'POST /applications/working-day-calendars': {
      roles: ['admin'],
      scope: 'province',
      roleRefusals: ['CALENDAR_PUBLISHER_NOT_ALLOWED'],
      divisionRefusals: ['CALENDAR_PUBLISHER_NOT_ALLOWED'],
      note: 'the calendar is national: an admin of a province-level division (xx0000) only',
    },
    // 特扶
    'POST /cases/tefu': newCase(),
    'GET /cases/{caseId}': caseView(),
    'POST /cases/{caseId}/submit': caseStep(OFFICERS),
    'POST /cases/{caseId}/determinations': caseStep(DETERMINATION),
    'POST /cases/{caseId}/approve': decision(),
    'POST /cases/{caseId}/reject': decision(),
    'POST /cases/{caseId}/eligibility-confirmation': caseStep(OFFICERS),
    'POST /cases/{caseId}/evidence': caseStep(OFFICERS),
    'POST /cases/{caseId}/facts': caseStep(OFFICERS),
    'POST /cases/{caseId}/terminate': caseStep(OFFICERS),
    'POST /cases/{caseId}/suspend': caseStep(APPROVER),
    'POST /cases/{caseId}/resume': caseStep(APPROVER),
    'POST /cases/{caseId}/annual-reviews': caseStep(OFFICERS),
    'POST /cases/tefu/annual-reviews/tick': { roles: ['admin'], scope: 'filtered', roleRefusals: ['ROLE_NOT_ALLOWED'], note: 'marks overdue 年审 of the actor\'s division and below' },
    // 低保
    'POST /cases/dibao': caseStep(OFFICERS),
    'GET /cases/dibao/{caseId}': caseView(),
    'POST /cases/dibao/{caseId}/accept': caseStep(OFFICERS),
    'POST /cases/dibao/{caseId}/financial-check': caseStep(CASE_OFFICER),
    'POST /cases/dibao/{caseId}/home-visit': caseStep(CASE_OFFICER),
    'POST /cases/dibao/{caseId}/community-review': caseStep(CASE_OFFICER),
    'POST /cases/dibao/{caseId}/public-notice': caseStep(CASE_OFFICER),
    'POST /cases/dibao/{caseId}/objections': caseStep(OFFICERS),
    'POST /cases/dibao/{caseId}/objection-resolutions': caseStep(CASE_OFFICER),
    'POST /cases/dibao/{caseId}/determinations': caseStep(DETERMINATION),
    'POST /cases/dibao/{caseId}/approve': decision(),
    'POST /cases/dibao/{caseId}/reject': decision(),
    'POST /cases/dibao/{caseId}/rejection-notice': caseStep(OFFICERS),
    'POST /cases/dibao/{caseId}/reviews': caseStep(CASE_OFFICER),
    'POST /cases/dibao/{caseId}/changes': caseStep(CASE_OFFICER),
    'POST /cases/dibao/{caseId}/change-confirmation': decision(),
    'POST /cases/dibao/{caseId}/suspend': decision(),
    'POST /cases/dibao/{caseId}/resume': decision(),
    'POST /cases/dibao/{caseId}/exit': decision(),
    // 临时救助
    'POST /cases/linshi': newCase(),
    'GET /cases/linshi/{caseId}': caseView(),
    'POST /cases/linshi/{caseId}/determinations': caseStep(DETERMINATION),
    'POST /cases/linshi/{caseId}/advance-aid': { ...caseStep(APPROVER, 'ADVANCE_AID_NOT_AUTHORISED'), note: '先行救助: the roles of the linshi policy (approver by default)' },
    'POST /cases/linshi/{caseId}/paperwork': caseStep(OFFICERS),
    'POST /cases/linshi/{caseId}/approve': decision(),
    'POST /cases/linshi/{caseId}/reject': decision(),
    'POST /cases/linshi/{caseId}/instalments': caseStep(CASE_OFFICER),
    'POST /cases/linshi/{caseId}/in-kind-aid': caseStep(OFFICERS),
    'POST /cases/linshi/{caseId}/referrals': caseStep(OFFICERS),
  },
  eligibility: {
    ...COMMON,
    ...PROJECTIONS,
    ...PARKED,
    'POST /standards/import': ADMINISTER,
    'GET /standards': READ_CATALOG,
    'GET /standards/in-force': READ_CATALOG,
    'GET /standards/{standardId}': READ_CATALOG,
    'GET /standards/{standardId}/versions/{versionId}/items': READ_CATALOG,
    'GET /standards/{standardId}/diff': READ_CATALOG,
    'GET /standards/{standardId}/versions/{versionId}/warnings': READ_CATALOG,
    'POST /standards/{standardId}/activations': ADMINISTER,
    'POST /standards/{standardId}/versions/{versionId}/warnings/{warningId}/acknowledgements': {
      ...ADMINISTER,
      unreached: { role: NO_STANDARD, division: NO_STANDARD },
    },
    'POST /parameters/{name}': ADMINISTER,
    'GET /parameters/{name}': READ_CATALOG,
    'GET /rule-packs': READ_CATALOG,
    'GET /rule-packs/{packId}': READ_CATALOG,
    'POST /rule-packs': ADMINISTER,
    'POST /eligibility/evaluate': { roles: 'authenticated', scope: 'any', note: 'reads and writes nothing' },
    // 政策测算: run by admin (民政) and finance_clerk (财政), read and replayed by them and auditors.
    'POST /eligibility/simulations': {
      roles: ['admin', 'finance_clerk'],
      scope: 'own-or-descendant',
      divisionRefusals: ['DIVISION_OUT_OF_SCOPE'],
      unreached: { division: 'the scope division is in the body; the test sends no valid request (400)' },
    },
    'GET /eligibility/simulations': { roles: ['admin', 'finance_clerk', 'auditor'], scope: 'filtered', note: "simulations whose scope is the actor's division or under it" },
    'GET /eligibility/simulations/{simulationId}': SIMULATION_READ,
    'GET /eligibility/simulations/{simulationId}/rows': SIMULATION_READ,
    'GET /eligibility/simulations/{simulationId}/changes': SIMULATION_READ,
    'GET /eligibility/simulations/{simulationId}/export.xlsx': SIMULATION_READ,
    'POST /eligibility/simulations/{simulationId}/replays': SIMULATION_READ,
    'POST /eligibility/redeterminations': ADMINISTER,
    'POST /eligibility/schedules/extend': ADMINISTER,
    'GET /eligibility/cases/{caseId}/determinations': {
      roles: 'authenticated',
      scope: 'own-or-descendant',
      divisionRefusals: ['FORBIDDEN'],
      unreached: { division: 'the case\'s division comes from its determinations (404 without one); eligibility records them from the case\'s facts over the bus, which the test does not run' },
    },
  },
  disbursement: {
    ...COMMON,
    ...PROJECTIONS,
    ...PARKED,
    'POST /disbursement/schedules': disbursement(['admin'], { unreached: { role: VALIDATED_FIRST, division: VALIDATED_FIRST } }),
    'POST /disbursement/runs': disbursement(['case_officer', 'approver', 'finance_clerk']),
    'GET /disbursement/runs/{runId}': disbursement(READ_PAYMENT),
    'GET /disbursement/runs/{runId}/payments': disbursement(READ_PAYMENT, { unreached: { role: 'the run id and page query are parsed before the role is checked; the sample id is refused (INVALID_RUN_ID)', division: 'as for the role' } }),
    'GET /disbursement/payments/{paymentStreamId}': disbursement(READ_PAYMENT, { unreached: { division: NO_PAYMENT } }),
    'POST /disbursement/funding-shares': disbursement(['admin']),
    'GET /disbursement/funding-shares': disbursement(['finance_clerk', 'auditor', 'admin']),
    'PUT /disbursement/accounts/{personRef}': disbursement(RECORD_ACCOUNT),
    'GET /disbursement/accounts/{personRef}': disbursement(['finance_clerk', 'auditor', 'admin'], {
      unreached: { division: 'the account\'s division is known once it is read: the test records no 一卡通 account (404)' },
    }),
    'POST /disbursement/accounts/{personRef}/close': disbursement(RECORD_ACCOUNT),
    'GET /disbursement/envelopes': disbursement(READ_ENVELOPE),
    'GET /disbursement/envelopes/{envelopeId}': disbursement(READ_ENVELOPE),
    'GET /disbursement/envelopes/{envelopeId}/payments': disbursement(READ_ENVELOPE),
    'POST /disbursement/envelopes/{envelopeId}/approve': disbursement(FINANCE, { note: 'maker-checker: not by whoever prepared the run' }),
    'POST /disbursement/envelopes/{envelopeId}/export': disbursement(FINANCE),
    'POST /disbursement/envelopes/{envelopeId}/returns': disbursement(FINANCE),
    'POST /disbursement/envelopes/{envelopeId}/close': disbursement(FINANCE),
    'GET /disbursement/envelopes/{envelopeId}/reconciliation': disbursement(RECONCILE),
    'GET /disbursement/reconciliation': disbursement(RECONCILE),
    'GET /disbursement/holds': disbursement(READ_ENVELOPE),
    'POST /disbursement/payments/{paymentStreamId}/hold-decision': disbursement(APPROVER, {
      unreached: { role: 'the payment id is parsed before the role is checked; the sample id is refused (INVALID_PAYMENT_ID)', division: NO_PAYMENT },
    }),
  },
  audit: {
    ...COMMON,
    ...PROJECTIONS,
    'GET /audit/streams/{streamId}/verify': audit(AUDIT, 'own-or-descendant'),
    'GET /audit/cases/{caseId}/history': audit(AUDIT, 'own-or-descendant'),
    'POST /audit/recomputations': audit(AUDIT, 'own-or-descendant', { unreached: { division: AUDIT_CASE } }),
    'GET /audit/recomputations/{recomputationId}': audit(AUDIT, 'own-or-descendant', { unreached: { division: NO_AUDIT_JOB } }),
    'POST /audit/verifications': audit(AUDIT, 'filtered'),
    'GET /audit/verifications/{verificationId}': audit(AUDIT, 'own-or-descendant', { unreached: { division: NO_AUDIT_JOB } }),
    'POST /audit/anchors': audit(['admin', 'auditor']),
    'GET /audit/anchors': audit(AUDIT),
    'POST /audit/anomaly-scans': audit(AUDIT, 'own-or-descendant'),
    'GET /audit/anomaly-scans/{scanId}': audit(READ_ANOMALIES, 'own-or-descendant', { unreached: { division: NO_AUDIT_JOB } }),
    'GET /audit/anomaly-rules': audit(READ_ANOMALIES),
    'GET /audit/anomalies': audit(READ_ANOMALIES, 'filtered'),
    'GET /audit/anomalies/{findingId}': audit(READ_ANOMALIES, 'own-or-descendant', { unreached: { division: NO_FINDING } }),
    'POST /audit/anomalies/{findingId}/assign': audit(['auditor'], 'own-or-descendant', { unreached: { division: NO_FINDING } }),
    'POST /audit/anomalies/{findingId}/check': audit(['auditor', 'case_officer', 'approver'], 'own-or-descendant', { unreached: { division: NO_FINDING } }),
    'POST /audit/anomalies/{findingId}/outcome': audit(['auditor'], 'own-or-descendant', { unreached: { division: NO_FINDING } }),
    'POST /audit/officer-relatives': audit(DECLARE_RELATIVES, 'any', { note: 'officers declare their own relatives; admin may declare for others' }),
    'GET /audit/officer-relatives': audit(AUDIT, 'filtered'),
    'POST /audit/officer-relatives/{officerId}/{relativeId}/withdraw': audit(DECLARE_RELATIVES, 'any', {
      note: 'officers withdraw their own declarations; admin for others',
      unreached: { role: 'the path ids are validated before the role is checked; the sample ids are refused (400)' },
    }),
    'GET /audit/cases/{caseId}/evidence-package': audit(AUDIT, 'own-or-descendant'),
    'GET /audit/anomalies/{findingId}/evidence-package': audit(AUDIT, 'own-or-descendant', { unreached: { division: NO_FINDING } }),
    'GET /audit/personal-data-access': audit(AUDIT, 'filtered'),
  },
};

// ---------------------------------------------------------------------------------------------
// rendering

const SCOPE_LABEL: Record<DivisionScope, string> = {
  'own-or-descendant': 'own division or below (本级及下级)',
  filtered: 'filtered to own division and below',
  province: 'province-level actors only (xx0000)',
  any: 'any division',
};

function rolesCell(roles: RoutePermission['roles']): string {
  if (roles === 'public') return 'public (no token)';
  if (roles === 'authenticated') return 'every role';
  return roles.map((r) => `${r} ${ROLE_LABELS_ZH[r]}`).join(', ');
}

/** The matrix as a Markdown document (docs/operations/permission-matrix.md). */
export function renderPermissionMatrix(matrix: PermissionMatrix = PERMISSION_MATRIX): string {
  const lines = [
    '# Permission matrix (权限矩阵)',
    '',
    'Generated from `libs/identity/src/permissions/matrix.ts` by `renderPermissionMatrix`; do not edit by hand.',
    '`test/security/permission-matrix.spec.ts` checks every route of the four services\' OpenAPI documents × every',
    `role (${ROLES.join(', ')}) × a token of the resource's own division, of the prefecture above it and of another province against it,`,
    'and fails when this file differs from the rendering (`UPDATE_PERMISSION_MATRIX_DOC=1` rewrites it).',
    '',
    'Refusals are 403 with the stable code given; a request without a token is 401 `UNAUTHENTICATED` everywhere but on public routes.',
    '"Not reached" names a check the test cannot reach with its set-up, and why.',
    '',
  ];
  for (const [service, entries] of Object.entries(matrix)) {
    lines.push(`## ${service}`, '', '| Route | Roles | Division | Refusal codes | Not reached / note |', '|---|---|---|---|---|');
    for (const [key, p] of Object.entries(entries).sort(([a], [b]) => a.split(' ')[1].localeCompare(b.split(' ')[1]) || a.localeCompare(b))) {
      const codes = p.roles === 'public' || p.roles === 'authenticated' ? [] : [...(p.roleRefusals ?? ['FORBIDDEN'])];
      if (p.scope === 'own-or-descendant' || p.scope === 'province') codes.push(...(p.divisionRefusals ?? []));
      const notes = [p.unreached?.role && `role: ${p.unreached.role}`, p.unreached?.division && `division: ${p.unreached.division}`, p.note].filter(Boolean);
      lines.push(`| \`${key}\` | ${rolesCell(p.roles)} | ${SCOPE_LABEL[p.scope]} | ${[...new Set(codes)].join(', ')} | ${notes.join('; ').replace(/\|/g, '\\|')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
