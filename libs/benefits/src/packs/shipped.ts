import {
  decideImport,
  documentContentHash,
  foldStandard,
  loadRulePack,
  parseStandardsDocument,
  readSeed,
  RULE_PACKS,
  type StandardState,
} from '@benefits/standards';
import type { EventEnvelope } from '@benefits/kernel';
import type { EnginePack } from './engine-pack';

/**
 * The shipped rule packs loaded against the shipped standards documents. This module reads the
 * seed files (the only I/O in this library) and is meant for the what-if CLI, tests and the
 * recorded-determinations corpus; the eligibility service loads packs against its own catalog.
 */
const SEEDS: readonly { file: string; divisionCode: string }[] = [
  { file: '000_0f5b4a98bdcb2c7b.txt', divisionCode: '330304' },
  { file: '001_40e26111df30cc0a.txt', divisionCode: '330400' },
  { file: '003_d2c032a64aa52382.txt', divisionCode: '110000' },
  { file: '004_252413ab3c819ab5.txt', divisionCode: '500101' },
];

const SYSTEM = { id: 'system', role: 'admin', divisionCode: '000000' } as const;

function seedStandard(file: string, divisionCode: string): StandardState {
  const text = readSeed(file);
  const decision = decideImport(null, {
    parsed: parseStandardsDocument(text, { sourceName: file }),
    contentHash: documentContentHash(text),
    divisionCode,
    sourceName: file,
    actor: SYSTEM,
    correlationId: 'shipped-packs',
  });
  if (decision.kind !== 'publish') throw new Error(`seed ${file} did not import`);
  const envelope: EventEnvelope = {
    eventId: `seed-${decision.versionId}`,
    type: decision.event.type,
    streamId: `standard-${decision.standardId}`,
    streamRevision: 0,
    position: '0',
    recordedAt: '2026-01-01T00:00:00.000Z',
    data: decision.event.data,
    metadata: { correlationId: 'shipped-packs', causationId: null, actor: SYSTEM, schemaVersion: 1, prevHash: '', hash: '' },
  };
  const state = foldStandard([envelope]);
  if (!state) throw new Error(`seed ${file} did not fold`);
  return state;
}

let cache: ReadonlyMap<string, EnginePack> | null = null;

/** Every shipped pack by id, loaded against the shipped documents once per process. */
export function shippedPacks(): ReadonlyMap<string, EnginePack> {
  if (cache) return cache;
  const standards = new Map(SEEDS.map(({ file, divisionCode }) => {
    const state = seedStandard(file, divisionCode);
    return [state.standardId, state] as const;
  }));
  const packs = new Map<string, EnginePack>();
  for (const pack of RULE_PACKS) {
    const loaded = loadRulePack(pack, standards.get(pack.standard.standardId) ?? null);
    packs.set(pack.id, { pack: loaded.pack, parameters: loaded.parameters, activationLabel: null });
  }
  cache = packs;
  return packs;
}

export function shippedPack(id: string): EnginePack {
  const pack = shippedPacks().get(id);
  if (!pack) throw new Error(`no shipped rule pack ${id}`);
  return pack;
}
