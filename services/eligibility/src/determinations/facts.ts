import { LocalDate } from '@benefits/kernel';
import type { AssetsRule } from '@benefits/benefits';
import { DeterminationErrors } from './context';

/**
 * The fact snapshots applications publishes on `facts-<caseId>` (CaseFactsSnapshotted.factsJson),
 * one shape per benefit. Read leniently: unknown extra fields are ignored, missing required ones
 * are refused with FACTS_INVALID (the message is parked, nothing is written).
 */

export interface TefuFactsSnapshot {
  members: {
    personRef: string;
    role: 'wife' | 'husband';
    birthDate: string;
    elderlyCareSubsidy?: boolean;
    disabledOrDemented?: boolean;
    /** The member died on this date: paid through the month (year) of death, nothing after. */
    deathDate?: string;
  }[];
  family: { familyType: 'childDeceased' | 'childDisabled'; childEventDate: string; childDisabilityGrade?: number };
  /** The case ended on this date (停发): paid through that month, nothing after. */
  terminatedOn?: string;
  terminationReason?: string;
}

export interface DibaoFactsSnapshot {
  members: { personRef: string; birthDate?: string; monthlyIncomeFen: number; extraNeed?: 'elderly' | 'minor' | 'severeDisability' | 'seriousIllness' }[];
  assets?: AssetsRule;
  singlePerson?: {
    personRef: string;
    adult: boolean;
    severeDisability: boolean;
    dependsOnFamily?: boolean;
    noEmployment?: boolean;
    supportedBySiblingsOrElders60?: boolean;
  };
  terminatedOn?: string;
}

export interface LinshiFactsSnapshot {
  type: 'jinan' | 'zhichu';
  householdMembers: number;
  memberRefs: string[];
  group?: 'g1' | 'g2';
  necessaryExpenditureFen?: number;
  severeDisabilityUplift?: boolean;
  cause?: string;
  bandTableId?: string;
}

export type FactsSnapshot = TefuFactsSnapshot | DibaoFactsSnapshot | LinshiFactsSnapshot;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (benefit: string, path: string, expected: string) => DeterminationErrors.FACTS_INVALID({ benefit, path, expected });

function str(benefit: string, o: Obj, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) throw fail(benefit, `${path}.${key}`, 'a non-empty string');
  return v;
}
function date(benefit: string, o: Obj, key: string, path: string): string {
  const v = o[key];
  if (!LocalDate.isValid(v)) throw fail(benefit, `${path}.${key}`, 'a date yyyy-mm-dd');
  return v;
}
function optDate(benefit: string, o: Obj, key: string, path: string): string | undefined {
  return o[key] === undefined || o[key] === null ? undefined : date(benefit, o, key, path);
}
function optBool(benefit: string, o: Obj, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw fail(benefit, `${path}.${key}`, 'true or false');
  return v;
}
function fen(benefit: string, o: Obj, key: string, path: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw fail(benefit, `${path}.${key}`, 'a non-negative integer amount in fen');
  return v;
}
const defined = <T extends Obj>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function parseTefuFacts(raw: unknown): TefuFactsSnapshot {
  const b = 'tefu';
  if (!isObj(raw) || !Array.isArray(raw.members) || raw.members.length === 0 || !isObj(raw.family)) throw fail(b, '$', '{ members: [...], family: {...} }');
  const members = raw.members.map((m, i) => {
    const path = `members[${i}]`;
    if (!isObj(m)) throw fail(b, path, 'an object');
    const role = m.role;
    if (role !== 'wife' && role !== 'husband') throw fail(b, `${path}.role`, "'wife' or 'husband'");
    return defined({
      personRef: str(b, m, 'personRef', path),
      role: role as 'wife' | 'husband',
      birthDate: date(b, m, 'birthDate', path),
      elderlyCareSubsidy: optBool(b, m, 'elderlyCareSubsidy', path),
      disabledOrDemented: optBool(b, m, 'disabledOrDemented', path),
      deathDate: optDate(b, m, 'deathDate', path),
    });
  });
  const f = raw.family;
  if (f.familyType !== 'childDeceased' && f.familyType !== 'childDisabled') throw fail(b, 'family.familyType', "'childDeceased' or 'childDisabled'");
  return defined({
    members,
    family: defined({
      familyType: f.familyType as 'childDeceased' | 'childDisabled',
      childEventDate: date(b, f, 'childEventDate', 'family'),
      childDisabilityGrade: typeof f.childDisabilityGrade === 'number' ? f.childDisabilityGrade : undefined,
    }),
    terminatedOn: optDate(b, raw, 'terminatedOn', '$'),
    terminationReason: typeof raw.terminationReason === 'string' ? raw.terminationReason : undefined,
  });
}

const EXTRA_NEEDS = new Set(['elderly', 'minor', 'severeDisability', 'seriousIllness']);

export function parseDibaoFacts(raw: unknown): DibaoFactsSnapshot {
  const b = 'dibao';
  if (!isObj(raw) || !Array.isArray(raw.members) || raw.members.length === 0) throw fail(b, '$', '{ members: [...] }');
  const members = raw.members.map((m, i) => {
    const path = `members[${i}]`;
    if (!isObj(m)) throw fail(b, path, 'an object');
    if (m.extraNeed !== undefined && m.extraNeed !== null && !EXTRA_NEEDS.has(m.extraNeed as string)) throw fail(b, `${path}.extraNeed`, [...EXTRA_NEEDS].join(' | '));
    return defined({
      personRef: str(b, m, 'personRef', path),
      birthDate: optDate(b, m, 'birthDate', path),
      monthlyIncomeFen: fen(b, m, 'monthlyIncomeFen', path),
      extraNeed: (m.extraNeed ?? undefined) as DibaoFactsSnapshot['members'][number]['extraNeed'],
    });
  });
  let singlePerson: DibaoFactsSnapshot['singlePerson'];
  if (isObj(raw.singlePerson)) {
    const s = raw.singlePerson;
    const path = 'singlePerson';
    singlePerson = defined({
      personRef: str(b, s, 'personRef', path),
      adult: optBool(b, s, 'adult', path) ?? false,
      severeDisability: optBool(b, s, 'severeDisability', path) ?? false,
      dependsOnFamily: optBool(b, s, 'dependsOnFamily', path),
      noEmployment: optBool(b, s, 'noEmployment', path),
      supportedBySiblingsOrElders60: optBool(b, s, 'supportedBySiblingsOrElders60', path),
    });
  }
  // The assets rule is the engine's own shape; the engine's request schema checks it.
  return defined({ members, assets: isObj(raw.assets) ? (raw.assets as unknown as AssetsRule) : undefined, singlePerson, terminatedOn: optDate(b, raw, 'terminatedOn', '$') });
}

export function parseLinshiFacts(raw: unknown): LinshiFactsSnapshot {
  const b = 'linshi';
  if (!isObj(raw)) throw fail(b, '$', 'an object');
  if (raw.type !== 'jinan' && raw.type !== 'zhichu') throw fail(b, 'type', "'jinan' or 'zhichu'");
  const n = raw.householdMembers;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw fail(b, 'householdMembers', 'a positive integer');
  if (!Array.isArray(raw.memberRefs) || raw.memberRefs.length === 0 || !raw.memberRefs.every((r) => typeof r === 'string' && r.length > 0)) {
    throw fail(b, 'memberRefs', 'a non-empty list of personRefs');
  }
  if (raw.group !== undefined && raw.group !== null && raw.group !== 'g1' && raw.group !== 'g2') throw fail(b, 'group', "'g1' or 'g2'");
  return defined({
    type: raw.type as 'jinan' | 'zhichu',
    householdMembers: n,
    memberRefs: raw.memberRefs as string[],
    group: (raw.group ?? undefined) as 'g1' | 'g2' | undefined,
    necessaryExpenditureFen: raw.necessaryExpenditureFen === undefined || raw.necessaryExpenditureFen === null ? undefined : fen(b, raw, 'necessaryExpenditureFen', '$'),
    severeDisabilityUplift: optBool(b, raw, 'severeDisabilityUplift', '$'),
    cause: typeof raw.cause === 'string' ? raw.cause : undefined,
    bandTableId: typeof raw.bandTableId === 'string' ? raw.bandTableId : undefined,
  });
}
