import { containsQuote, normaliseForQuote } from '../normalise';
import { StandardsErrors } from '../errors';
import { ownEffectiveFrom, type StandardState, type VersionRecord } from '../catalog/catalog';
import type { InForceResult } from '../catalog/in-force';
import type { ActivationLabel } from '../catalog/events';
import type { PackParameter, PackValue, RulePack } from './types';

export const QUOTE_MATCHING =
  'quotes are compared after Unicode NFC, folding full-width digits, letters and punctuation (U+FF01–FF5E) to half-width, and removing all whitespace';

export interface CitationProblem {
  parameter: string;
  itemNo: string;
  field: string;
  quote: string;
  problem: 'version-not-found' | 'item-not-found' | 'field-not-found' | 'quote-not-found' | 'value-not-in-quote';
  expected?: string;
}

export interface LoadedRulePack {
  pack: RulePack;
  version: VersionRecord;
  /** Set when the version is not in force by itself: it is usable only through an activation. */
  requiresActivation: boolean;
  parameters: (PackParameter & { standardRef: { standardId: string; versionId: string; itemNo: string; contentHash: string } })[];
}

/** The number as the standard prints it, for checking a value against its own quote. */
function printed(value: PackValue): string {
  switch (value.kind) {
    case 'money':
      return value.fen % 100 === 0 ? String(value.fen / 100) : (value.fen / 100).toFixed(2);
    case 'rate':
      return `${value.bp / 100}%`;
    case 'fraction':
      return `${value.num}/${value.den}`;
    case 'multiple':
      return `${value.times}倍`;
    case 'count':
      return String(value.value);
    case 'text':
      return value.value;
  }
}

/**
 * Loads a rule pack against the catalogued version it cites: every citation's item must exist and
 * its quote must occur in that item's field, and every value must be printed in its own quote.
 * All problems are reported at once; a pack with any problem does not load.
 */
export function loadRulePack(pack: RulePack, standard: StandardState | null): LoadedRulePack {
  const version = standard?.versions.find((v) => v.versionId === pack.standard.versionId);
  if (!version) {
    throw StandardsErrors.RULE_PACK_INVALID({
      packId: pack.id,
      matching: QUOTE_MATCHING,
      problems: [{ parameter: '*', itemNo: '*', field: '*', quote: '', problem: 'version-not-found', expected: `${pack.standard.standardId}/${pack.standard.versionId}` }],
    });
  }
  const problems: CitationProblem[] = [];
  const parameters: LoadedRulePack['parameters'] = [];
  for (const parameter of pack.parameters) {
    const { itemNo, field, quote } = parameter.citation;
    const base = { parameter: parameter.key, itemNo, field, quote };
    const item = version.items.find((i) => i.number === itemNo);
    if (!item) {
      problems.push({ ...base, problem: 'item-not-found' });
      continue;
    }
    const text = item.fields[field];
    if (text === undefined) {
      problems.push({ ...base, problem: 'field-not-found' });
      continue;
    }
    if (!containsQuote(text, quote)) {
      problems.push({ ...base, problem: 'quote-not-found' });
      continue;
    }
    const expected = parameter.printedAs ?? printed(parameter.value);
    if (!normaliseForQuote(quote).includes(normaliseForQuote(expected))) {
      problems.push({ ...base, problem: 'value-not-in-quote', expected });
      continue;
    }
    parameters.push({ ...parameter, standardRef: { standardId: version.standardId, versionId: version.versionId, itemNo, contentHash: item.contentHash } });
  }
  if (problems.length > 0) {
    throw StandardsErrors.RULE_PACK_INVALID({ packId: pack.id, matching: QUOTE_MATCHING, problems });
  }
  return { pack, version, requiresActivation: ownEffectiveFrom(version) === null, parameters };
}

export interface UsablePack {
  loaded: LoadedRulePack;
  basis: InForceResult['basis'];
  activationLabel: ActivationLabel | null;
}

/**
 * A pack is usable for a case only when its standard version is the one in force for the case's
 * division, benefit and date — which, for a draft or undated version, happens only through an
 * activation. The activation's label travels with the pack into every trace.
 */
export function assertPackUsable(loaded: LoadedRulePack, inForce: InForceResult | null): UsablePack {
  const matches =
    inForce !== null &&
    inForce.standardId === loaded.version.standardId &&
    inForce.versionId === loaded.version.versionId &&
    inForce.items.length > 0;
  if (!matches || (loaded.requiresActivation && inForce.basis !== 'activation')) {
    throw StandardsErrors.RULE_PACK_NOT_USABLE({
      packId: loaded.pack.id,
      requiresActivation: loaded.requiresActivation,
      inForce: inForce && { standardId: inForce.standardId, versionId: inForce.versionId, basis: inForce.basis },
    });
  }
  return { loaded, basis: inForce.basis, activationLabel: inForce.activation?.label ?? null };
}
