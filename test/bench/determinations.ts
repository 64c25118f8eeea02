/**
 * `node tools/run-ts.js test/bench/determinations.ts [--log N] [--determinations M]`:
 * what one 低保 determination costs the eligibility consumer against the size of the log, embedded
 * shape (PGlite event store; the read models in the messaging database; each handler inside an
 * inbox transaction of that database, as the delivery pipeline runs it).
 *
 *   1. the log filled with N events of other streams (default 50,000);
 *   2. a cold build of the two eligibility projections over it;
 *   3. the catalog as it used to be read (a fold of every `standard-*` stream from one pass over the
 *      log), per call — for comparison only;
 *   4. M determinations (default 500): per second wall-clock and per CPU-second of this process;
 *   5. what reading the catalog fresh would add per determination (append + `fresh()` against append).
 *
 * Sample data: the 嘉兴 standard as shipped and an invented B (示例数据); nothing is an official figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, newId, type EventEnvelope } from '@benefits/kernel';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { sharedSqlReadStore } from '@benefits/http';
import { DeliveryContext, type IntegrationEvent } from '@benefits/messaging';
import { createDocumentStore, ReadModels } from '@benefits/read-store';
import { foldStandard, readSeed, type StandardState } from '@benefits/standards';
import { ACTIVE_CASES_PROJECTION } from '../../services/eligibility/src/determinations/active-cases';
import { DeterminationsConsumer } from '../../services/eligibility/src/determinations/determinations.consumer';
import { ParametersRepository } from '../../services/eligibility/src/parameters/parameters.repository';
import { eligibilityProjections } from '../../services/eligibility/src/read-models';
import { standardsCatalog, STANDARDS_CATALOG_PROJECTION } from '../../services/eligibility/src/standards/standards-catalog';
import { StandardsRepository } from '../../services/eligibility/src/standards/standards.repository';
import { openPgliteDatabase } from '@benefits/sql';

const ADMIN = { id: 'bench-admin', role: 'admin', divisionCode: '330400' };

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The catalog read as it was before the read model: every `standard-*` stream folded from one pass over the log. */
async function catalogFromTheLog(store: EventStore): Promise<StandardState[]> {
  const byStream = new Map<string, EventEnvelope[]>();
  let after = 'start';
  for (;;) {
    const page = await store.readAll({ after, maxCount: 500 });
    for (const event of page.events) if (event.streamId.startsWith('standard-')) byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
    if (page.events.length < 500) break;
    after = page.continueAfter;
  }
  return [...byStream.values()].map((events) => foldStandard(events)).filter((s): s is StandardState => s !== null);
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; cpuMs: number; result: T }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, result };
}

async function main(): Promise<void> {
  const logSize = option('--log', 50_000);
  const count = option('--determinations', 500);
  console.log(`eligibility determinations bench: log ${logSize} events, ${count} determinations; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'eligibility-bench-'));
  const store = await createEventStore({ kind: 'pglite', dataDir: dir });
  const db = await openPgliteDatabase();
  await db.query('CREATE TABLE bench_inbox (event_id text PRIMARY KEY)');
  const readModels = new ReadModels({ store, openReadStore: sharedSqlReadStore(db, 'pglite'), projections: eligibilityProjections(store) });
  try {
    await readModels.fresh(STANDARDS_CATALOG_PROJECTION, 120_000);
    await new StandardsRepository(store, readModels).importDocument({ text: readSeed('001_40e26111df30cc0a.txt'), sourceName: 'jiaxing.txt', divisionCode: '330400', actor: ADMIN, correlationId: 'bench' });
    await new ParametersRepository(store).publish({
      name: 'dibao.standard',
      divisionCode: '330400',
      effectiveFrom: '2024-01-01',
      value: { fen: 100_000 },
      source: { docNo: '示例数据（非官方）', title: null },
      sampleData: true,
      actor: ADMIN,
      correlationId: 'bench',
    });

    const fill = await timed(async () => {
      for (let batch = 0; batch < Math.ceil(logSize / 1000); batch++) {
        await store.appendMany(
          Array.from({ length: 100 }, (_, s) => ({
            streamId: `bench-filler-${batch}-${s}`,
            expectedRevision: 'no_stream' as const,
            events: Array.from({ length: 10 }, (_, k) => ({ type: 'bench.Filler.v1', data: { k, note: 'sample data '.repeat(20) }, metadata: { correlationId: 'bench' } })),
          })),
        );
      }
    });
    console.log(`log filled in ${fill.ms.toFixed(0)} ms`);

    const cold = new ReadModels({ store, openReadStore: () => createDocumentStore({ kind: 'pglite' }), projections: eligibilityProjections(store) });
    await cold.view(STANDARDS_CATALOG_PROJECTION); // opens the read store (seconds for PGlite), not part of the build
    const build = await timed(async () => {
      await cold.fresh(STANDARDS_CATALOG_PROJECTION, 600_000);
      await cold.fresh(ACTIVE_CASES_PROJECTION, 600_000);
    });
    await cold.close();
    console.log(`cold build of both projections over the log: ${build.ms.toFixed(0)} ms`);

    const old = await timed(async () => {
      for (let i = 0; i < 3; i++) await catalogFromTheLog(store);
    });
    console.log(`catalog folded from the log (before): ${(old.ms / 3).toFixed(0)} ms per call, ${(old.cpuMs / 3).toFixed(0)} ms CPU`);

    const consumer = new DeterminationsConsumer(store, readModels);
    await standardsCatalog(readModels).warmUp({ stillWanted: () => true });
    const household = {
      members: [{ personRef: newId(), birthDate: '1980-01-01', monthlyIncomeFen: 50_000 }],
      assets: { kind: 'assessed', ruleId: 'assets.sample', source: { docNo: '示例规则（非官方）', title: null }, meets: true },
    };
    const determineOne = async () => {
      const caseId = newId();
      const eventId = newId();
      const event: IntegrationEvent<'CaseFactsSnapshotted'> = {
        header: { eventId, sourceType: 'bench', streamId: `facts-${caseId}`, streamRevision: 0, recordedAt: '2024-08-20T00:00:00Z', correlationId: caseId, causationId: '', schemaVersion: 1, caseId },
        caseId,
        benefit: 'dibao',
        divisionCode: '330402',
        effectiveFrom: '2024-08-20',
        caseRevision: 1,
        factsJson: canonicalJson(household),
      } as IntegrationEvent<'CaseFactsSnapshotted'>;
      await db.transaction(async (session) => {
        await session.query('INSERT INTO bench_inbox (event_id) VALUES ($1)', [eventId]);
        await consumer.onFacts(event, new DeliveryContext(session, eventId, 1, 'bench'));
      });
    };
    for (let i = 0; i < 20; i++) await determineOne();
    const run = await timed(async () => {
      for (let i = 0; i < count; i++) await determineOne();
    });
    console.log(`determinations: ${((count / run.ms) * 1000).toFixed(0)}/s wall-clock, ${((count / run.cpuMs) * 1000).toFixed(0)} per CPU-second`);

    const catalog = standardsCatalog(readModels);
    const append = (prefix: string, i: number) => store.appendToStream(`${prefix}-${i}`, [{ type: 'bench.Probe.v1', data: {}, metadata: { correlationId: 'bench' } }], { expectedRevision: 'no_stream' });
    const withFresh = await timed(async () => {
      for (let i = 0; i < 100; i++) {
        await append('bench-probe-fresh', i);
        await catalog.fresh();
      }
    });
    const alone = await timed(async () => {
      for (let i = 0; i < 100; i++) await append('bench-probe', i);
    });
    console.log(`append + catalog.fresh(): ${(withFresh.ms / 100).toFixed(1)} ms; append alone: ${(alone.ms / 100).toFixed(1)} ms`);
  } finally {
    await readModels.close();
    await db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
