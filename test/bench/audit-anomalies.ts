/**
 * `npm run bench -- audit-anomalies` (ADR 0012 §5): a 疑点 scan — every registered rule — over a
 * county-scale caseload on a private PostgreSQL cluster.
 *
 * Sample data (invented ids, divisions and amounts): BENCH_ANOMALY_CASES (default 100,000) cases in
 * seven counties of one prefecture (330400) — 60 % 低保, 30 % 特扶, 10 % 临时救助 — each with its
 * first event and its approval, and for 低保 / 特扶 two monthly payments created and settled (about
 * 540,000 events). Planted: 1 % of 特扶 beneficiaries die before the second month (A1), 0.5 % of
 * persons hold a second open case of their benefit in another county (A4), 1 % of 临时救助 applicants
 * apply again for the same cause (A4), 30 officers have declared 3 relatives each, some of whom are
 * beneficiaries of cases those officers handled (A3).
 *
 * 1. load: the events as hash-chained rows inserted in batches straight into the events table
 *    (hashed text and hash computed as the store computes them), events/s;
 * 2. read models: every audit projection the scan needs is folded from the generated events in
 *    memory (the projections' own apply functions) and bulk-inserted into the read store with its
 *    checkpoint at the head of the log (a runner applying 540,000 events one by one would take the
 *    better part of an hour on this machine); then BENCH_ANOMALY_TAIL_CASES more cases are appended
 *    through the store and the projections' runners catch up on them — reported separately (events/s);
 * 3. baseline: a plain paged read (keyset, 1000 a page) of the same read-model documents;
 * 4. the scan: AnomalyEngine over division 330400 (all cases), all registered rules (or
 *    BENCH_ANOMALY_RULES=a,b), wall time, cases/s, per-rule time, peak RSS sampled every 100 ms,
 *    findings written.
 * Fingerprints come from a stand-in of the vault (SHA-256 of the personRef, as the HMAC would be per
 * person): the vault's own cost is one indexed query per page of 1000 persons.
 */
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { createEventStore, type EventStore, type StreamAppend } from '@benefits/event-store';
import { GENESIS_HASH, hashInput, newId, sha256Hex, type Actor, type EventEnvelope, type NewEvent } from '@benefits/kernel';
import { createDocumentStore, PROJECTION_CHECKPOINTS, ReadModels, type CollectionSchema, type Document, type DocumentCollection, type DocumentSession, type Projection } from '@benefits/read-store';
import { startPrivateCluster, stopPrivateCluster } from '@benefits/testing';
import { AnomalyEngine } from '../../services/audit/src/anomalies/scan';
import { ANOMALY_RULES } from '../../services/audit/src/anomalies/rules';
import { anomalyProjections } from '../../services/audit/src/anomalies/anomalies.feature';
import { officerRelativesProjection } from '../../services/audit/src/anomalies/relatives/relatives';
import { caseStreamsProjection } from '../../services/audit/src/read-models/case-streams.projection';
import { DEFAULT_RULES_FILE } from '../../services/audit/src/anomalies/rule-config';

const CASES = Number(process.env.BENCH_ANOMALY_CASES ?? 100_000);
const TAIL_CASES = Number(process.env.BENCH_ANOMALY_TAIL_CASES ?? 1_000);
const BATCH_CASES = 250;
const DIVISIONS = ['330402', '330411', '330421', '330424', '330481', '330482', '330483'];
const MONTHS = ['2025-01', '2025-02'];
const OFFICERS = 30;

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
const uuid = (kind: number, i: number) => `01900000-0000-7000-${(0x8000 + kind).toString(16)}-${i.toString(16).padStart(12, '0')}`;
const caseIdOf = (i: number) => uuid(1, i);
const personOf = (i: number) => uuid(2, i);
const officerOf = (i: number): Actor => ({ id: `bench-officer-${i % OFFICERS}`, role: 'case_officer', divisionCode: DIVISIONS[i % DIVISIONS.length] });
const approverOf = (i: number): Actor => ({ id: `bench-approver-${i % 7}`, role: 'approver', divisionCode: DIVISIONS[i % DIVISIONS.length] });
const fingerprint = (personRef: string) => createHash('sha256').update(`bench|${personRef}`).digest('hex');

interface Streams {
  appends: StreamAppend[];
  events: number;
}

/** The streams of case i (sample data). */
function caseStreams(i: number, out: Streams): void {
  const caseId = caseIdOf(i);
  const roll = i % 10;
  const benefit = roll < 6 ? 'dibao' : roll < 9 ? 'tefu' : 'linshi';
  // 0.5 %: the person of case i-1 again, in the next county (A4); otherwise a person of their own.
  const duplicate = i % 200 === 1;
  const person = duplicate ? personOf(i - 1) : personOf(i);
  const divisionCode = DIVISIONS[i % DIVISIONS.length];
  const meta = (actor: Actor): NewEvent['metadata'] => ({ correlationId: `bench-${i}`, actor });
  const first =
    benefit === 'dibao'
      ? { type: 'dibao.ApplicationSubmitted.v1', data: { caseId, benefit, divisionCode, members: [{ personRef: person, relation: 'applicant' }], householdCategory: 'other', effectiveFrom: '2024-11-05', note: '样例数据 sample data' } }
      : benefit === 'tefu'
        ? { type: 'tefu.CaseCreated.v1', data: { caseId, benefit, divisionCode, members: [{ personRef: person, role: 'wife' }], family: { familyType: 'childDeceased' }, effectiveFrom: '2024-11-05' } }
        : {
            type: 'linshi.ApplicationSubmitted.v1',
            // 1 % of 临时救助 applicants apply again (case i+10 shares the person of case i) for the same cause.
            data: { caseId, benefit, divisionCode, members: [{ personRef: i % 1000 === 19 ? personOf(i - 10) : person, relation: 'applicant' }], cause: 'fire', effectiveFrom: `2024-${String(1 + (i % 12)).padStart(2, '0')}-10` },
          };
  const events: NewEvent[] = [
    { ...first, metadata: meta(officerOf(i)) },
    // 低保: the 7-day 公示 before the decision.
    ...(benefit === 'dibao'
      ? [{ type: 'dibao.PublicNoticePosted.v1', data: { caseId, noticeNo: 1, location: '村务公开栏（样例）', effectiveFrom: '2024-11-20', startedOn: '2024-11-20', endsOn: '2024-11-27', decisionDueOn: '2024-12-10' }, metadata: meta(officerOf(i)) }]
      : []),
    { type: `${benefit}.CaseApproved.v1`, data: { caseId, benefit, divisionCode, determinationId: uuid(3, i), effectiveFrom: '2024-12-01' }, metadata: meta(approverOf(i)) },
  ];
  // A1: 1 % of 特扶 beneficiaries died on 2025-01-15 (recorded late); February was paid all the same.
  if (benefit === 'tefu' && i % 100 === 7) {
    events.push({ type: 'tefu.FactRecorded.v1', data: { caseId, factId: uuid(4, i), subject: person, fact: { kind: 'death' }, effectiveFrom: '2025-01-15', supersedes: null, evidence: [] }, metadata: meta(officerOf(i)) });
  }
  out.appends.push({ streamId: `case-${caseId}`, events, expectedRevision: 'no_stream' });
  out.events += events.length;
  if (benefit === 'linshi') return;
  for (const month of MONTHS) {
    const streamId = `payment-${caseId}-${person}-${month}`;
    const fen = 80_000 + (i % 7) * 1000;
    const payment: NewEvent[] = [
      {
        type: 'disbursement.PaymentCreated.v1',
        data: { paymentStreamId: streamId, kind: 'regular', caseId, personRef: person, benefit, divisionCode, period: { kind: 'month', month }, periodKey: month, amount: { fen }, runPeriod: month, determinationId: uuid(3, i), standardRef: { standardId: 'sample', versionId: 'v1', itemNo: '1', contentHash: 'ab'.repeat(32) }, schedule: { streamId: `entitlement-${caseId}`, version: 1 }, runId: `run-${month}`, envelopeId: `run-${month}`, hold: null },
        metadata: { correlationId: `run-${month}`, actor: { id: 'bench-clerk', role: 'finance_clerk', divisionCode } },
      },
      {
        type: 'disbursement.PaymentSettled.v1',
        data: { paymentStreamId: streamId, envelopeId: `run-${month}`, returnKey: `bank-${month}:${i}`, amountFen: fen, bankRef: `B${i}`, valueDate: `${month}-10` },
        metadata: { correlationId: `return-${month}`, actor: { id: 'bench-clerk', role: 'finance_clerk', divisionCode } },
      },
    ];
    out.appends.push({ streamId, events: payment, expectedRevision: 'no_stream' });
    out.events += payment.length;
  }
}

/** The relatives register: 30 officers, 3 relatives each; every third relative is a beneficiary of a case the officer handled (A3). */
function registerStreams(out: Streams): void {
  for (let o = 0; o < OFFICERS; o++) {
    const officer: Actor = { id: `bench-officer-${o}`, role: 'case_officer', divisionCode: DIVISIONS[o % DIVISIONS.length] };
    const events: NewEvent[] = [0, 1, 2].map((k) => {
      // Case i is handled by officer i % 30: case o + 30·(k·1000) is one of theirs.
      const relative = k === 0 ? personOf(o + 30 * 1000 * (1 + (o % 3))) : personOf(10_000_000 + o * 3 + k);
      return { type: 'audit.RelativeDeclared.v1', data: { officerId: officer.id, officerDivisionCode: officer.divisionCode, relativeId: uuid(5, o * 3 + k), fingerprint: fingerprint(relative), relation: 'other', note: '' }, metadata: { correlationId: `register-${o}`, actor: officer } };
    });
    out.appends.push({ streamId: `officer-relatives-${officer.id}`, events, expectedRevision: 'no_stream' });
    out.events += events.length;
  }
}

/** A document session in memory: what the projections' apply functions write, folded without a database. */
class MemorySession implements DocumentSession {
  readonly data = new Map<string, Map<string, Document>>();
  collection<T extends Document = Document>(schema: CollectionSchema): DocumentCollection<T> {
    let docs = this.data.get(schema.name);
    if (!docs) this.data.set(schema.name, (docs = new Map()));
    const map = docs;
    const unsupported = () => Promise.reject(new Error(`the in-memory fold supports get/upsert/delete only (collection ${schema.name})`));
    return {
      schema,
      upsert: async (id, document) => void map.set(id, document),
      get: async (id) => (map.get(id) as T | undefined) ?? null,
      delete: async (id) => map.delete(id),
      find: unsupported,
      count: unsupported,
      clear: async () => map.clear(),
    };
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

let eventCounter = 0;

/**
 * Inserts the streams as chained rows straight into the events table (hashed text and hash exactly
 * as the store computes them, so the chains verify), in one statement per batch, and returns the
 * events as a projection sees them. Used for the bulk of the caseload; appendMany is used for the tail.
 */
async function insertChained(client: Client, appends: readonly StreamAppend[]): Promise<EventEnvelope[]> {
  const envelopes: EventEnvelope[] = [];
  const recordedAt = new Date().toISOString();
  const cols: { id: string[]; stream: string[]; rev: number[]; type: string[]; text: string[]; hash: string[] } = { id: [], stream: [], rev: [], type: [], text: [], hash: [] };
  for (const append of appends) {
    let prevHash = GENESIS_HASH;
    append.events.forEach((event, revision) => {
      eventCounter += 1;
      const eventId = `01900000-0000-7000-9000-${eventCounter.toString(16).padStart(12, '0')}`;
      const metadata = { correlationId: event.metadata.correlationId, causationId: null, actor: event.metadata.actor ?? null, schemaVersion: 1, prevHash };
      const text = hashInput({ streamId: append.streamId, streamRevision: revision, type: event.type, data: event.data, metadata });
      const hash = sha256Hex(text);
      cols.id.push(eventId);
      cols.stream.push(append.streamId);
      cols.rev.push(revision);
      cols.type.push(event.type);
      cols.text.push(text);
      cols.hash.push(hash);
      envelopes.push({ eventId, type: event.type, streamId: append.streamId, streamRevision: revision, position: String(eventCounter), recordedAt, data: event.data, metadata: { ...metadata, hash } as EventEnvelope['metadata'] });
      prevHash = hash;
    });
  }
  await client.query(
    `INSERT INTO event_store.events (event_id, stream_id, stream_revision, type, hashed_text, hash)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[])`,
    [cols.id, cols.stream, cols.rev, cols.type, cols.text, cols.hash],
  );
  return envelopes;
}

async function insertCases(client: Client, from: number, to: number, onBatch: (events: EventEnvelope[]) => Promise<void>): Promise<number> {
  let written = 0;
  for (let start = from; start < to; start += 2000) {
    const batch: Streams = { appends: [], events: 0 };
    for (let i = start; i < Math.min(to, start + 2000); i++) caseStreams(i, batch);
    await onBatch(await insertChained(client, batch.appends));
    written += batch.events;
  }
  return written;
}

/** Appends cases [from, to) through the store. */
async function appendCases(store: EventStore, from: number, to: number): Promise<number> {
  let written = 0;
  for (let start = from; start < to; start += BATCH_CASES) {
    const batch: Streams = { appends: [], events: 0 };
    for (let i = start; i < Math.min(to, start + BATCH_CASES); i++) caseStreams(i, batch);
    await store.appendMany(batch.appends);
    written += batch.events;
  }
  return written;
}

export async function main(_argv: string[]): Promise<void> {
  console.log(`audit-anomalies: ${CASES.toLocaleString('en-US')} sample cases in ${DIVISIONS.length} counties; ${cpus().length} cores; load ${load()}\n`);
  const rows: string[] = [];
  const print = (line: string) => {
    rows.push(line);
    console.log(line);
  };
  const cluster = await startPrivateCluster();
  let store: EventStore | null = null;
  let readModels: ReadModels | null = null;
  const client = new Client({ connectionString: cluster.url });
  try {
    await client.connect();
    store = await createEventStore({ kind: 'postgres', url: cluster.url });
    const rules = process.env.BENCH_ANOMALY_RULES ? ANOMALY_RULES.filter((r) => process.env.BENCH_ANOMALY_RULES!.split(',').includes(r.id)) : ANOMALY_RULES;
    const projections: Projection[] = [caseStreamsProjection(), ...anomalyProjections(rules, [officerRelativesProjection()])];
    print(`rules: ${rules.map((r) => r.id).join(', ')}`);
    print(`read models: ${projections.map((p) => p.name).join(', ')}`);

    // 1 + 2. Load, folding each batch into the read models in memory as it is written.
    const memory = new Map<string, MemorySession>(projections.map((p) => [p.name, new MemorySession()]));
    let foldMs = 0;
    const fold = async (events: EventEnvelope[]) => {
      const t = process.hrtime.bigint();
      for (const projection of projections) {
        const session = memory.get(projection.name)!;
        for (const e of events) if (!projection.handles || projection.handles(e)) await projection.apply(e, session);
      }
      foldMs += Number(process.hrtime.bigint() - t) / 1e6;
    };
    const register: Streams = { appends: [], events: 0 };
    registerStreams(register);
    await store.headPosition(); // the events table exists from here
    const loaded = await timed(async () => {
      await fold(await insertChained(client, register.appends));
      const n = register.events + (await insertCases(client, 0, CASES, fold));
      await client.query('ANALYZE event_store.events');
      return n;
    });
    print(`load: ${loaded.value.toLocaleString('en-US')} chained events, batched INSERT   ${(loaded.ms / 1000).toFixed(1).padStart(7)} s (of which in-memory fold of the read models ${(foldMs / 1000).toFixed(1)} s)  ${rate(loaded.value, loaded.ms - foldMs)} events/s inserted   load ${load()}`);

    const head = await store.headPosition();
    const bulk = await timed(async () => {
      const documents = await createDocumentStore({ kind: 'postgres', url: cluster.url });
      let n = 0;
      try {
        // The table first, the documents, then each collection's indexes (built once over the rows).
        await documents.ensure(PROJECTION_CHECKPOINTS);
        for (const projection of projections) {
          const session = memory.get(projection.name)!;
          for (const [collection, docs] of session.data) {
            const entries = [...docs.entries()];
            for (let k = 0; k < entries.length; k += 5000) {
              const chunk = entries.slice(k, k + 5000);
              await client.query('INSERT INTO read_store.documents (collection, id, doc) SELECT $1, * FROM unnest($2::text[], $3::jsonb[])', [collection, chunk.map(([id]) => id), chunk.map(([, doc]) => JSON.stringify(doc))]);
              n += chunk.length;
            }
          }
          for (const schema of projection.collections) await documents.ensure(schema);
          await documents.collection(PROJECTION_CHECKPOINTS).upsert(projection.name, { position: head, updatedAt: new Date().toISOString() });
        }
      } finally {
        await documents.close();
      }
      await client.query('ANALYZE read_store.documents');
      return n;
    });
    memory.clear();
    print(`read models bulk-loaded: ${bulk.value.toLocaleString('en-US')} documents, checkpoints at the head   ${(bulk.ms / 1000).toFixed(1).padStart(7)} s  ${rate(bulk.value, bulk.ms)} docs/s   load ${load()}`);

    // Catch-up: more cases through the store, applied by the projections' runners.
    readModels = new ReadModels({ store, openReadStore: () => createDocumentStore({ kind: 'postgres', url: cluster.url }), projections, pollIntervalMs: 50, catchUpMs: 900_000 });
    await readModels.start();
    for (const p of projections) await readModels.fresh(p.name, 60_000);
    const tailEvents = await appendCases(store, CASES, CASES + TAIL_CASES);
    const catchUp = await timed(async () => {
      for (const p of projections) await readModels!.fresh(p.name, 900_000);
    });
    print(`catch-up: ${TAIL_CASES.toLocaleString('en-US')} more cases = ${tailEvents.toLocaleString('en-US')} events applied by the ${projections.length} runners   ${(catchUp.ms / 1000).toFixed(1).padStart(7)} s  ${rate(tailEvents, catchUp.ms)} events/s   load ${load()}`);
    const totalCases = CASES + TAIL_CASES;

    // 3. Baseline: a plain paged read of the same documents.
    const collections = projections.flatMap((p) => p.collections.map((c) => c.name));
    const baseline = await timed(async () => {
      let docs = 0;
      let bytes = 0;
      for (const collection of collections) {
        let after = '';
        for (;;) {
          const page = await client.query<{ id: string; doc: string }>('SELECT id, doc::text AS doc FROM read_store.documents WHERE collection = $1 AND id > $2 ORDER BY id LIMIT 1000', [collection, after]);
          if (page.rows.length === 0) break;
          docs += page.rows.length;
          for (const r of page.rows) bytes += r.doc.length;
          after = page.rows[page.rows.length - 1].id;
        }
      }
      return { docs, bytes };
    });
    print(`baseline: plain paged read of the same documents   ${(baseline.ms / 1000).toFixed(1).padStart(7)} s  ${rate(baseline.value.docs, baseline.ms)} docs/s (${baseline.value.docs.toLocaleString('en-US')} docs, ${mib(baseline.value.bytes)} MiB)   load ${load()}`);

    // 4. The scan.
    const engine = new AnomalyEngine({
      store,
      source: store,
      readModels,
      vault: async () => ({ fingerprintsOf: async (refs) => new Map(refs.map((r) => [r, fingerprint(r)])), keyedFingerprint: (domain, value) => createHash('sha256').update(`${domain}|${value}`).digest('hex') }),
      rules,
      rulesFile: DEFAULT_RULES_FILE,
    });
    if (typeof global.gc === 'function') global.gc();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const scan = await timed(async () => {
      const started = await engine.start({ divisionCode: '330400', asOf: '2025-03-31', scanId: newId() }, { id: 'bench-auditor', role: 'auditor', divisionCode: '330400' }, 'bench');
      return engine.completion(started.scanId);
    });
    clearInterval(sampler);
    if (scan.value.status !== 'completed') throw new Error(`scan ${scan.value.status}: ${JSON.stringify(scan.value.error)}`);
    print(
      `scan (${rules.length} rules, division 330400)   ${(scan.ms / 1000).toFixed(1).padStart(7)} s  ${rate(totalCases, scan.ms)} cases/s   → ${(baseline.ms / scan.ms).toFixed(2)}× the baseline's time   ` +
        `rss ${mib(rssBefore)} → peak ${mib(peak)} MiB   findings ${scan.value.counts?.findings}   load ${load()}`,
    );
    for (const p of scan.value.progress) {
      print(`  ${p.ruleId.padEnd(36)} ${String(((p.durationMs ?? 0) / 1000).toFixed(1)).padStart(7)} s  examined ${String(p.examined).padStart(7)}  findings ${p.counts?.raised ?? 0}`);
    }
  } finally {
    await readModels?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    await client.end().catch(() => undefined);
    stopPrivateCluster(cluster);
    console.log(`\nsummary (load at end ${load()}):\n${rows.join('\n')}`);
  }
}
