import { useQuery } from '@tanstack/react-query';
import type { BenefitId, Citation, PackValue } from '@benefits/standards';
import { api } from '../../api/client';

/** What eligibility's /standards endpoints answer (see services/eligibility/src/standards/standards.schemas.ts). */
export interface VersionSummary {
  versionId: string;
  title: string | null;
  docNo: string | null;
  status: 'draft' | 'final' | null;
  effectiveFrom: string | null;
  notInForceReason: 'draft' | 'undated' | 'status-unknown' | null;
  supersedes: string | null;
  contentHash: string;
  sourceName: string | null;
  itemCount: number;
  recordedAt: string;
  /** The standard's id and division (answered by newer services; acknowledging needs them). */
  standardId?: string;
  divisionCode?: string;
  repairCounts?: Record<string, number>;
  warnings?: ParseWarning[];
  /** Warnings not acknowledged yet: the version cannot be activated while this is above 0. */
  openWarnings?: number;
}

/** A parse warning of a version, with its stable id and its acknowledgement (null while open). */
export interface ParseWarning {
  warningId: string;
  line: number;
  endLine?: number | null;
  code: string;
  message: string;
  acknowledged?: { by: { id: string; role: string; divisionCode: string }; at: string; note: string } | null;
}

export interface Activation {
  eventId: string;
  versionId: string;
  divisionCode: string;
  effectiveFrom: string;
  reason: string;
  label: string;
  labelZh: string;
  activatedBy: { id: string; role: string; divisionCode: string };
  recordedAt: string;
}

export interface StandardSummary {
  standardId: string;
  divisionCode: string;
  versions: VersionSummary[];
  activations: Activation[];
}

export interface Stated {
  value: unknown;
  inferred: boolean;
  line: number;
  reason?: string;
}

export interface StandardDetail extends StandardSummary {
  documents: { versionId: string; document: Record<string, Stated | Stated[] | string | number | null> }[];
}

export interface StandardItem {
  number: string;
  printedNumber: string;
  name: string;
  category: string | null;
  subcategory: string | null;
  fields: Record<string, string>;
  startLine: number;
  endLine: number;
  contentHash: string;
}

export interface StandardRef {
  standardId: string;
  versionId: string;
  itemNo: string;
  contentHash: string;
}

export interface InForce {
  standardId: string;
  versionId: string;
  standardDivisionCode: string;
  resolvedAt: string;
  inherited: boolean;
  basis: 'document' | 'activation';
  effectiveFrom: string;
  activation: { eventId: string; label: string; labelZh: string; reason: string } | null;
  title: string | null;
  status: 'draft' | 'final' | null;
  items: { item: StandardItem; standardRef: StandardRef }[];
}

interface ItemSummary {
  number: string;
  name: string;
  category: string | null;
  contentHash: string;
}

export interface StandardDiff {
  standardId: string;
  from: string;
  to: string;
  added: ItemSummary[];
  removed: ItemSummary[];
  changed: { name: string; from: ItemSummary; to: ItemSummary; changes: { field: string; from: string | null; to: string | null }[] }[];
  unchanged: number;
}

/** Who published a pack and when (on the standard's stream); null for a pack shipped with the product. */
export interface RulePackPublication {
  publishedBy: { id: string; role: string; divisionCode: string };
  recordedAt: string;
  packHash: string;
  supersedes: string | null;
}

/** GET /rule-packs (services/eligibility/src/rule-packs/rule-packs.schemas.ts, RulePackSummary). */
export interface RulePackSummary {
  id: string;
  benefit: BenefitId;
  jurisdiction: { nameZh: string; divisionCode: string };
  standard: { standardId: string; versionId: string };
  parameterCount: number;
  readings: string[];
  note: string | null;
  source: 'shipped' | 'published';
  published: RulePackPublication | null;
  /** Whether determinations use it for its benefit and version (a later publication replaces an earlier one). */
  inUse: boolean;
}

/** A pack value as written in a pack file (money in fen, rates in basis points), and where it is printed. */
export type { Citation, PackValue } from '@benefits/standards';

/** GET /rule-packs/{packId}[?division&date]: the pack loaded against the catalog (LoadedRulePack). */
export interface LoadedRulePack {
  id: string;
  benefit: RulePackSummary['benefit'];
  source: 'shipped' | 'published';
  published: RulePackPublication | null;
  requiresActivation: boolean;
  usage: { division: string; date: string; basis: 'document' | 'activation'; activationLabel: string | null } | null;
  parameters: {
    key: string;
    descriptionZh: string;
    value: PackValue;
    citation: Citation;
    standardRef: StandardRef;
  }[];
  readings: { id: string; questionZh: string; defaultEn: string; source: string }[];
}

/** POST /rule-packs answer (PublishRulePackResult): created false when this exact pack was there already. */
export interface PublishRulePackResult {
  id: string;
  benefit: RulePackSummary['benefit'];
  standard: { standardId: string; versionId: string };
  created: boolean;
  packHash: string;
  supersedes: string | null;
  requiresActivation: boolean;
  parameterCount: number;
}

/**
 * One problem of a refused pack, as the service lists it in `details.problems`: a citation
 * (RULE_PACK_INVALID: parameter, item, field, quote) or the pack's shape (RULE_PACK_SHAPE_INVALID: key).
 */
export interface RulePackProblem {
  parameter?: string;
  key?: string;
  itemNo?: string;
  field?: string;
  quote?: string;
  problem: string;
  expected?: string;
}

export const BENEFIT_LABELS: Record<string, [string, string]> = {
  dibao: ['最低生活保障（低保）', 'Minimum living allowance (dibao)'],
  linshi: ['临时救助', 'Temporary assistance (linshi)'],
  tefu: ['计划生育家庭特别扶助（特扶）', 'Family-planning special support (tefu)'],
};

export function useStandards() {
  return useQuery({
    queryKey: ['eligibility', 'standards'],
    queryFn: async () => (await api<{ standards: StandardSummary[] }>('eligibility', '/standards')).data.standards,
  });
}

export function useStandardDetail(standardId: string) {
  return useQuery({
    queryKey: ['eligibility', 'standard-detail', standardId],
    queryFn: async () => (await api<StandardDetail>('eligibility', `/standards/${encodeURIComponent(standardId)}`)).data,
  });
}

/** The rule packs; the calculator keeps its list for the session, the 规则包 page asks again when opened (`staleTime: 0`). */
export function useRulePacks(options: { staleTime?: number } = {}) {
  return useQuery({
    queryKey: ['eligibility', 'rule-packs'],
    queryFn: async () => (await api<{ rulePacks: RulePackSummary[] }>('eligibility', '/rule-packs')).data.rulePacks,
    staleTime: options.staleTime ?? Infinity,
  });
}

export function useRulePack(packId: string) {
  return useQuery({
    queryKey: ['eligibility', 'rule-pack', packId],
    queryFn: async () => (await api<LoadedRulePack>('eligibility', `/rule-packs/${encodeURIComponent(packId)}`)).data,
  });
}

/** 《title》 without doubling the brackets a parsed title may already carry. */
export function bookTitle(title: string | null | undefined): string | null {
  if (!title) return null;
  return `《${title.replace(/^《/, '').replace(/》$/, '')}》`;
}

/** The version's title, else the first titled version's. */
export function standardTitle(s: StandardSummary, versionId?: string): string | null {
  return (versionId ? s.versions.find((v) => v.versionId === versionId)?.title : null) ?? s.versions.find((v) => v.title)?.title ?? null;
}

export const NOT_IN_FORCE: Record<string, [string, string]> = {
  draft: ['征求意见稿，需授权启用', 'Draft: needs an activation'],
  undated: ['未注明施行日期，需授权启用', 'No effective date: needs an activation'],
  'status-unknown': ['未注明是否正式稿，需授权启用', 'Status not stated: needs an activation'],
};

/** A 6-digit GB/T 2260 code (the service checks the register). */
export const isDivisionCodeShape = (s: string) => /^\d{6}$/.test(s) && !s.startsWith('00');
export const isIsoDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
