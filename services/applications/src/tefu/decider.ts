import { isDeepStrictEqual } from 'node:util';
import { assertNever, Errors, LocalDate, type Actor, type Command, type CommandMetadata, type Decider } from '@benefits/kernel';
import type { SealedPersonalData } from '@benefits/identity';
import { TefuErrors } from './errors';

/**
 * 计划生育家庭特别扶助 (计生特扶, `tefu`) case: the household and its child's event are registered
 * at the window, the application is submitted (申请), eligibility's determination is recorded, and a
 * county approver decides (审核确认: approve citing the determination, or reject with reasons).
 *
 *   draft ──SubmitApplication──▶ submitted ──ApproveCase──▶ approved
 *                                 │  ▲                └─RejectCase──▶ rejected
 *                                 └──┘ RecordDetermination
 *
 * Personal data never appears here in clear: a member is a `personRef` with their name and 身份证号
 * sealed by the identity vault. Dates of birth stay in clear because the rules work on ages.
 */

// ---------------------------------------------------------------------------------------------
// Facts

/** 女方 / 男方: the two spouses a 特扶 household can have (one of them for a single parent). */
export type SpouseRole = 'wife' | 'husband';
export const SPOUSE_ROLES = ['wife', 'husband'] as const;

/** 独生子女死亡家庭 / 独生子女伤残家庭. */
export type FamilyType = 'childDeceased' | 'childDisabled';
export const FAMILY_TYPES = ['childDeceased', 'childDisabled'] as const;

export interface HouseholdMember {
  personRef: string;
  role: SpouseRole;
  /** ISO date; ages (49, 60) are breakpoints computed from it. */
  birthDate: string;
  /** Name and 身份证号 sealed under the person's vault key. */
  personalData: SealedPersonalData;
}

export interface TefuFamily {
  familyType: FamilyType;
  /** The date of the only child's death, or of the disability assessment. */
  childEventDate: string;
  /** References to the evidence documents (death certificate, disability certificate, …). */
  evidenceRefs: string[];
}

/** The standard clause an amount comes from (architecture §3). */
export interface StandardRef {
  standardId: string;
  versionId: string;
  itemNo: string;
  /** sha256 of the item text after NFC and whitespace normalisation. */
  contentHash: string;
}

// ---------------------------------------------------------------------------------------------
// Commands

/** Every 特扶 command is made by someone: the verified actor, never a field of the request body. */
export interface TefuCommandMetadata extends CommandMetadata {
  actor: Actor;
}

export type CreateCase = Command<
  'CreateCase',
  { caseId: string; divisionCode: string; members: HouseholdMember[]; family: TefuFamily },
  TefuCommandMetadata
>;
export type SubmitApplication = Command<'SubmitApplication', { caseId: string }, TefuCommandMetadata>;
export type RecordDetermination = Command<
  'RecordDetermination',
  {
    caseId: string;
    determinationId: string;
    /** The case revision eligibility decided on; it must still be the case's facts revision. */
    basedOnCaseRevision: number;
    amountPerPersonPerMonthFen: number;
    standardRef: StandardRef;
    /** The first day the amount applies. */
    effectiveFrom: string;
  },
  TefuCommandMetadata
>;
export type ApproveCase = Command<'ApproveCase', { caseId: string; determinationId: string }, TefuCommandMetadata>;
export type RejectCase = Command<'RejectCase', { caseId: string; reasons: string[] }, TefuCommandMetadata>;

export type TefuCommand = CreateCase | SubmitApplication | RecordDetermination | ApproveCase | RejectCase;

// ---------------------------------------------------------------------------------------------
// Events

/**
 * A 特扶 event as the decider sees it: type, data and who recorded it. The actor is stored in the
 * event's metadata (not in `data`); the decider needs it for maker-checker.
 */
export interface TefuEventOf<Type extends string, Data> {
  type: Type;
  data: Data;
  actor: Actor | null;
}

export type CaseCreated = TefuEventOf<
  'tefu.CaseCreated.v1',
  { caseId: string; benefit: 'tefu'; divisionCode: string; members: HouseholdMember[]; family: TefuFamily; effectiveFrom: string }
>;
export type ApplicationSubmitted = TefuEventOf<'tefu.ApplicationSubmitted.v1', { caseId: string; effectiveFrom: string }>;
export type DeterminationRecorded = TefuEventOf<
  'tefu.DeterminationRecorded.v1',
  {
    caseId: string;
    determinationId: string;
    basedOnCaseRevision: number;
    amountPerPersonPerMonthFen: number;
    standardRef: StandardRef;
    effectiveFrom: string;
  }
>;
export type CaseApproved = TefuEventOf<
  'tefu.CaseApproved.v1',
  { caseId: string; determinationId: string; basedOnCaseRevision: number; amountPerPersonPerMonthFen: number; effectiveFrom: string }
>;
export type CaseRejected = TefuEventOf<'tefu.CaseRejected.v1', { caseId: string; reasons: string[]; effectiveFrom: string }>;

export type TefuEvent = CaseCreated | ApplicationSubmitted | DeterminationRecorded | CaseApproved | CaseRejected;
export type TefuEventType = TefuEvent['type'];

export const TEFU_EVENT_TYPES: readonly TefuEventType[] = [
  'tefu.CaseCreated.v1',
  'tefu.ApplicationSubmitted.v1',
  'tefu.DeterminationRecorded.v1',
  'tefu.CaseApproved.v1',
  'tefu.CaseRejected.v1',
];

export function isTefuEventType(type: string): type is TefuEventType {
  return (TEFU_EVENT_TYPES as readonly string[]).includes(type);
}

// ---------------------------------------------------------------------------------------------
// State

export type TefuCaseStatus = 'draft' | 'submitted' | 'approved' | 'rejected';

export type Determination = DeterminationRecorded['data'];

export interface OpenTefuCase {
  status: TefuCaseStatus;
  caseId: string;
  divisionCode: string;
  members: HouseholdMember[];
  family: TefuFamily;
  /** Stream revision of the last event folded (0 for the creation). */
  revision: number;
  /**
   * Revision of the last event eligibility decides on — every event except recorded determinations,
   * which are its own output. A determination is current only if based on this revision.
   */
  factsRevision: number;
  /** In the order recorded; the last one is the current one. */
  determinations: Determination[];
  /** Ids of everyone who recorded an event of this case (for maker-checker). */
  recordedBy: string[];
  decision: CaseApproved['data'] | CaseRejected['data'] | null;
}

export type TefuCase = { status: 'none' } | OpenTefuCase;

export function currentDetermination(state: OpenTefuCase): Determination | null {
  return state.determinations.at(-1) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Who may do what

const OFFICER_ROLES = ['intake_officer', 'case_officer'] as const;
/** Until eligibility publishes determinations over Kafka, a case officer (or an admin) records them. */
const DETERMINATION_ROLES = ['case_officer', 'admin'] as const;

function requireRole(actor: Actor, allowed: readonly string[], step: TefuCommand['type']): void {
  if (!allowed.includes(actor.role)) throw TefuErrors.ROLE_NOT_ALLOWED({ step, role: actor.role, allowed: [...allowed] });
}

/**
 * GB/T 2260: a county's city is its first four digits + "00", its province the first two + "0000".
 * An office may act on cases of its own division and of every division under it.
 */
export function mayActInDivision(actorDivision: string, caseDivision: string): boolean {
  return (
    actorDivision === caseDivision ||
    actorDivision === `${caseDivision.slice(0, 4)}00` ||
    actorDivision === `${caseDivision.slice(0, 2)}0000`
  );
}

/** Reading and working a case both need the case's division or a parent. */
export function requireDivision(actor: Actor, caseDivision: string): void {
  if (!mayActInDivision(actor.divisionCode, caseDivision)) {
    throw TefuErrors.DIVISION_NOT_ALLOWED({ caseDivision, actorDivision: actor.divisionCode });
  }
}

function requireOpen(state: TefuCase, caseId: string): OpenTefuCase {
  if (state.status === 'none') throw TefuErrors.CASE_NOT_FOUND({ caseId });
  return state;
}

function requireUndecided(state: OpenTefuCase): void {
  if (state.status === 'approved' || state.status === 'rejected') {
    throw TefuErrors.CASE_ALREADY_DECIDED({ caseId: state.caseId, status: state.status });
  }
}

function requireSubmitted(state: OpenTefuCase): void {
  requireUndecided(state);
  if (state.status !== 'submitted') throw TefuErrors.CASE_NOT_SUBMITTED({ caseId: state.caseId, status: state.status });
}

/** 审核确认: the approver role, the case's division or a parent, and no step of the case recorded by them. */
function requireDecisionMaker(actor: Actor, state: OpenTefuCase): void {
  if (actor.role !== 'approver') throw TefuErrors.APPROVER_ROLE_REQUIRED({ role: actor.role });
  requireDivision(actor, state.divisionCode);
  requireSubmitted(state);
  if (state.recordedBy.includes(actor.id)) throw TefuErrors.MAKER_CHECKER_VIOLATION({ caseId: state.caseId, actorId: actor.id });
}

/** The calendar date of the command in Asia/Shanghai: business dates are Chinese calendar dates. */
function today(metadata: TefuCommandMetadata): LocalDate {
  return LocalDate.ofInstant(metadata.now);
}

function requireNotAfter(date: string, limit: LocalDate, field: string): void {
  if (LocalDate.parse(date).isAfter(limit)) throw TefuErrors.DATE_IN_FUTURE({ field, date, today: limit.toString() });
}

// ---------------------------------------------------------------------------------------------
// decide

function createCase(command: CreateCase, state: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const { caseId, divisionCode, members, family } = command.data;
  requireRole(actor, OFFICER_ROLES, command.type);
  requireDivision(actor, divisionCode);
  if (state.status !== 'none') throw TefuErrors.CASE_ALREADY_EXISTS({ caseId });
  if (members.length < 1 || members.length > 2) {
    throw Errors.VALIDATION_FAILED({ issues: [{ path: 'members', message: 'one or two spouses' }] });
  }
  const roles = members.map((m) => m.role);
  if (new Set(roles).size !== roles.length) throw TefuErrors.DUPLICATE_MEMBER_ROLE({ roles });
  const refs = members.map((m) => m.personRef);
  if (new Set(refs).size !== refs.length) throw TefuErrors.DUPLICATE_MEMBER();
  const on = today(command.metadata);
  members.forEach((m, i) => requireNotAfter(m.birthDate, on, `members.${i}.birthDate`));
  requireNotAfter(family.childEventDate, on, 'family.childEventDate');
  return [
    {
      type: 'tefu.CaseCreated.v1',
      data: { caseId, benefit: 'tefu', divisionCode, members, family, effectiveFrom: on.toString() },
      actor,
    },
  ];
}

function submitApplication(command: SubmitApplication, current: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireRole(actor, OFFICER_ROLES, command.type);
  requireDivision(actor, state.divisionCode);
  requireUndecided(state);
  if (state.status !== 'draft') throw TefuErrors.CASE_ALREADY_SUBMITTED({ caseId: state.caseId });
  return [{ type: 'tefu.ApplicationSubmitted.v1', data: { caseId: state.caseId, effectiveFrom: today(command.metadata).toString() }, actor }];
}

function recordDetermination(command: RecordDetermination, current: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireRole(actor, DETERMINATION_ROLES, command.type);
  requireDivision(actor, state.divisionCode);
  const data: Determination = { ...command.data, caseId: state.caseId };
  const earlier = state.determinations.find((d) => d.determinationId === data.determinationId);
  if (earlier) {
    // The same determination delivered again: already recorded, nothing to do.
    if (isDeepStrictEqual(earlier, data)) return [];
    throw TefuErrors.DETERMINATION_ID_REUSED({ determinationId: data.determinationId });
  }
  requireSubmitted(state);
  if (!Number.isSafeInteger(data.amountPerPersonPerMonthFen) || data.amountPerPersonPerMonthFen < 0) {
    throw Errors.INVALID_AMOUNT({ amountPerPersonPerMonthFen: data.amountPerPersonPerMonthFen });
  }
  if (data.basedOnCaseRevision !== state.factsRevision) {
    throw TefuErrors.DETERMINATION_STALE({ basedOnCaseRevision: data.basedOnCaseRevision, currentCaseRevision: state.factsRevision });
  }
  return [{ type: 'tefu.DeterminationRecorded.v1', data, actor }];
}

function approveCase(command: ApproveCase, current: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireDecisionMaker(actor, state);
  const { determinationId } = command.data;
  const cited = state.determinations.find((d) => d.determinationId === determinationId);
  if (!cited) throw TefuErrors.DETERMINATION_NOT_FOUND({ determinationId });
  const latest = currentDetermination(state)!;
  if (latest.determinationId !== determinationId) {
    throw TefuErrors.DETERMINATION_NOT_CURRENT({ determinationId, currentDeterminationId: latest.determinationId });
  }
  if (cited.basedOnCaseRevision !== state.factsRevision) {
    throw TefuErrors.DETERMINATION_STALE({ basedOnCaseRevision: cited.basedOnCaseRevision, currentCaseRevision: state.factsRevision });
  }
  return [
    {
      type: 'tefu.CaseApproved.v1',
      data: {
        caseId: state.caseId,
        determinationId,
        basedOnCaseRevision: cited.basedOnCaseRevision,
        amountPerPersonPerMonthFen: cited.amountPerPersonPerMonthFen,
        effectiveFrom: today(command.metadata).toString(),
      },
      actor,
    },
  ];
}

function rejectCase(command: RejectCase, current: TefuCase): TefuEvent[] {
  const { actor } = command.metadata;
  const state = requireOpen(current, command.data.caseId);
  requireDecisionMaker(actor, state);
  const reasons = command.data.reasons.map((r) => r.trim()).filter((r) => r !== '');
  if (reasons.length === 0) throw TefuErrors.REJECTION_REASON_REQUIRED();
  return [{ type: 'tefu.CaseRejected.v1', data: { caseId: state.caseId, reasons, effectiveFrom: today(command.metadata).toString() }, actor }];
}

// ---------------------------------------------------------------------------------------------
// evolve

function evolve(state: TefuCase, event: TefuEvent): TefuCase {
  if (event.type === 'tefu.CaseCreated.v1') {
    const { caseId, divisionCode, members, family } = event.data;
    return {
      status: 'draft',
      caseId,
      divisionCode,
      members,
      family,
      revision: 0,
      factsRevision: 0,
      determinations: [],
      recordedBy: event.actor ? [event.actor.id] : [],
      decision: null,
    };
  }
  if (state.status === 'none') throw new Error(`${event.type} on a case that was never created`);
  const revision = state.revision + 1;
  const recordedBy = event.actor && !state.recordedBy.includes(event.actor.id) ? [...state.recordedBy, event.actor.id] : state.recordedBy;
  const next = { ...state, revision, recordedBy };
  switch (event.type) {
    case 'tefu.ApplicationSubmitted.v1':
      return { ...next, status: 'submitted', factsRevision: revision };
    case 'tefu.DeterminationRecorded.v1':
      return { ...next, determinations: [...state.determinations, event.data] };
    case 'tefu.CaseApproved.v1':
      return { ...next, status: 'approved', factsRevision: revision, decision: event.data };
    case 'tefu.CaseRejected.v1':
      return { ...next, status: 'rejected', factsRevision: revision, decision: event.data };
    default:
      return assertNever(event, 'tefu event');
  }
}

export const tefuCaseDecider: Decider<TefuCommand, TefuEvent, TefuCase> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide(command, state) {
    switch (command.type) {
      case 'CreateCase':
        return createCase(command, state);
      case 'SubmitApplication':
        return submitApplication(command, state);
      case 'RecordDetermination':
        return recordDetermination(command, state);
      case 'ApproveCase':
        return approveCase(command, state);
      case 'RejectCase':
        return rejectCase(command, state);
      default:
        return assertNever(command, 'tefu command');
    }
  },
};
