import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, type EventStore } from '@benefits/event-store';
import type { Actor } from '@benefits/kernel';
import { createDocumentStore, ReadModels } from '@benefits/read-store';
import type { AnomalyCandidate, AnomalyRule } from '../rule';

/** Unit tests of rules: the rule's real read models over a PGlite store the test appends to. */
export interface RuleBench {
  store: EventStore;
  /** Appends events to a stream (whatever its revision). */
  append(streamId: string, events: { type: string; data: unknown; actor?: Actor | null }[]): Promise<void>;
  /** Runs the rule over `divisionCode` with its defaults overridden by `config`. */
  run<C>(rule: AnomalyRule<C>, divisionCode: string, config?: Partial<C>, asOf?: string): Promise<AnomalyCandidate[]>;
  /** personRef → fingerprint, as the vault would answer. */
  fingerprints: Map<string, string>;
  close(): Promise<void>;
}

export async function ruleBench(rule: AnomalyRule<any>): Promise<RuleBench> {
  const dir = mkdtempSync(join(tmpdir(), 'benefits-anomaly-rule-'));
  const store = await createEventStore({ kind: 'pglite', dataDir: join(dir, 'events') });
  const readModels = new ReadModels({ store, openReadStore: () => createDocumentStore({ kind: 'pglite' }), projections: rule.projections?.() ?? [], pollIntervalMs: 20 });
  const fingerprints = new Map<string, string>();
  return {
    store,
    fingerprints,
    async append(streamId, events) {
      await store.appendToStream(
        streamId,
        events.map((e) => ({ type: e.type, data: e.data, metadata: { correlationId: 'test', actor: e.actor ?? null } })),
        { expectedRevision: 'any' },
      );
    },
    async run(r, divisionCode, config = {}, asOf = '2025-06-30') {
      const merged = r.configSchema.parse({ ...(r.defaults as object), ...config });
      const out: AnomalyCandidate[] = [];
      for await (const c of r.scan({
        config: merged,
        divisionCode,
        asOf,
        view: (name) => readModels.fresh(name, 60_000),
        vault: async () => ({
          fingerprintsOf: async (refs) => new Map(refs.filter((ref) => fingerprints.has(ref)).map((ref) => [ref, fingerprints.get(ref)!])),
          keyedFingerprint: (domain, value) => `${domain}:${value}`,
        }),
        source: store,
        progress: () => undefined,
      })) {
        out.push(c);
      }
      return out;
    },
    async close() {
      await readModels.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
