import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp } from '@benefits/http';
import { createDevTokenVerifier } from '@benefits/identity';
import { GENESIS_HASH, hashInput, newId, sha256Hex, type NewEvent } from '@benefits/kernel';
import { createDocumentStore } from '@benefits/read-store';
import { createTestDatabase } from '@benefits/testing';
import { auditService } from '../../services/audit/src/service';
import { integrityFeature } from '../../services/audit/src/integrity/integrity.feature';

// The whole audit service, with only this capability's routes in its OpenAPI document: the suite
// tests tamper evidence, not the other capabilities' route descriptions.
const service = { ...auditService, describeRoutes: (registry: Parameters<typeof auditService.describeRoutes>[0]) => integrityFeature.describeRoutes!(registry) };

/**
 * verify --all over HTTP on PostgreSQL (small sample data): a clean log passes; an anchor is written
 * and listed; an event edited in the table is found at its stream and revision; a stream deleted and
 * re-inserted with consistently recomputed hashes verifies on its own but not against the anchor;
 * a stream that lost its last event, and an anchor whose signature no longer verifies, are reported;
 * an auditor of another county sees the counts but not the ids.
 */
describe('audit tamper evidence: POST /audit/verifications, /audit/anchors', () => {
  let dataDir: string;
  let url: string;
  let store: EventStore;
  let sql: Client;
  let app: INestApplication;
  const tokens: Record<string, string> = {};
  const saved = { anchorDir: process.env.BENEFITS_AUDIT_ANCHOR_DIR, dataDir: process.env.BENEFITS_DATA_DIR };
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  const caseA = newId();
  const caseB = newId();
  const ev = (n: number, data: Record<string, unknown> = {}): NewEvent => ({ type: 'tefu.SampleRecorded.v1', data: { n, note: '示例数据', ...data }, metadata: { correlationId: `corr-${n}` } });

  async function verification(body: object, who = 'auditor'): Promise<Record<string, any>> {
    const started = await request(app.getHttpServer()).post('/audit/verifications').set(as(who)).send(body);
    expect([200, 202]).toContain(started.status);
    return poll(started.body.verificationId, who);
  }

  async function poll(id: string, who = 'auditor'): Promise<Record<string, any>> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await request(app.getHttpServer()).get(`/audit/verifications/${id}`).set(as(who));
      expect(r.status).toBe(200);
      if (r.body.status !== 'running') return r.body;
      if (Date.now() > deadline) throw new Error(`verification ${id} still running`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async function withTriggersOff(work: () => Promise<unknown>): Promise<void> {
    await sql.query('ALTER TABLE event_store.events DISABLE TRIGGER events_append_only');
    try {
      await work();
    } finally {
      await sql.query('ALTER TABLE event_store.events ENABLE TRIGGER events_append_only');
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-integrity-'));
    process.env.BENEFITS_DATA_DIR = dataDir;
    process.env.BENEFITS_AUDIT_ANCHOR_DIR = join(dataDir, 'anchors');
    url = await createTestDatabase('integrity');
    store = await createEventStore({ kind: 'postgres', url });
    sql = new Client({ connectionString: url });
    await sql.connect();
    const authority = await createDevTokenVerifier({ dataDir });
    app = await createServiceApp(service, { store, verifier: authority, readStore: () => createDocumentStore({ kind: 'pglite' }) }, { logger: false });
    tokens.auditor = await authority.issueDevToken({ sub: 'auditor-1', role: 'auditor', division: '330400' });
    tokens.county = await authority.issueDevToken({ sub: 'auditor-2', role: 'auditor', division: '330481' });
    tokens.admin = await authority.issueDevToken({ sub: 'admin-1', role: 'admin', division: '330000' });
    tokens.clerk = await authority.issueDevToken({ sub: 'clerk-1', role: 'finance_clerk', division: '330402' });

    await store.appendToStream(`case-${caseA}`, [ev(0, { divisionCode: '330402' }), ev(1), ev(2)], { expectedRevision: 'no_stream' });
    await store.appendToStream(`case-${caseB}`, [ev(0, { divisionCode: '330402' }), ev(1)], { expectedRevision: 'no_stream' });
    await store.appendToStream(`payment-${caseA}-p-2024-09`, [ev(0, { amountFen: 100_000 })], { expectedRevision: 'no_stream' });
    await store.appendToStream('envelope-tefu-330402-2024-09-1', [ev(0), ev(1)], { expectedRevision: 'no_stream' });
  });

  afterAll(async () => {
    await app?.close();
    await sql?.end();
    await store?.close();
    process.env.BENEFITS_AUDIT_ANCHOR_DIR = saved.anchorDir;
    process.env.BENEFITS_DATA_DIR = saved.dataDir;
    if (saved.anchorDir === undefined) delete process.env.BENEFITS_AUDIT_ANCHOR_DIR;
    if (saved.dataDir === undefined) delete process.env.BENEFITS_DATA_DIR;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses roles other than auditor and admin, and a malformed request (nothing recorded)', async () => {
    expect((await request(app.getHttpServer()).post('/audit/verifications').set(as('clerk')).send({})).status).toBe(403);
    const bad = await request(app.getHttpServer()).post('/audit/verifications').set(as('auditor')).send({ checkAnchors: 'some' });
    expect(bad.status).toBe(400);
    expect((await request(app.getHttpServer()).get('/audit/verifications/nope').set(as('auditor'))).body.code).toBe('VERIFICATION_NOT_FOUND');
  });

  it('passes a clean log, recorded as a verification-<id> stream with counts and a result hash', async () => {
    const job = await verification({ checkAnchors: 'none' });
    expect(job).toMatchObject({ status: 'completed', intact: true, mode: 'raw', brokenStreams: [], brokenStreamsTotal: 0 });
    // The sample's 8 events in 4 streams, and this verification's own Started event (its stream is in the log too).
    expect(job.counts).toMatchObject({ events: 9, streams: 5, brokenStreams: 0, positionViolations: 0 });
    expect(job.resultHash).toBe(sha256Hex('[]'));
    const recorded = await store.readStream(`verification-${job.verificationId}`);
    expect(recorded.map((e) => e.type)).toEqual(['audit.VerificationStarted.v1', 'audit.VerificationCompleted.v1']);
    // The same id again: the completed verification, not a second pass.
    const again = await request(app.getHttpServer()).post('/audit/verifications').set(as('auditor')).send({ verificationId: job.verificationId });
    expect(again.status).toBe(200);
    expect(again.body.resultHash).toBe(job.resultHash);
  });

  it('anchors every stream head, signed, in a file per day outside the store; lists it', async () => {
    const started = await request(app.getHttpServer()).post('/audit/anchors').set(as('admin')).send({});
    expect(started.status).toBe(202);
    const job = await poll(started.body.verificationId, 'admin');
    expect(job).toMatchObject({ status: 'completed', intact: true });
    expect(job.anchorWritten.file).toMatch(/^\d{4}-\d{2}-\d{2}\.jsonl$/);
    const text = readFileSync(join(dataDir, 'anchors', job.anchorWritten.file), 'utf8').trim().split('\n');
    // The sample's 4 streams and the two verification streams (audit's own records are anchored too).
    expect(JSON.parse(text[0])).toMatchObject({ kind: 'benefits-audit-anchor', version: 1, streams: 6 });
    expect(text.slice(1).map((l) => JSON.parse(l).streamId)).toContain(`case-${caseA}`);
    expect(readdirSync(dataDir)).toContain('audit-anchor-key.pem');
    const list = await request(app.getHttpServer()).get('/audit/anchors').set(as('auditor'));
    expect(list.status).toBe(200);
    expect(list.body.anchors).toEqual([expect.objectContaining({ file: job.anchorWritten.file, streams: 6, signed: true })]);
    const checked = await verification({});
    expect(checked).toMatchObject({ intact: true, anchors: [{ file: job.anchorWritten.file, signature: 'valid', streams: 6 }] });
    expect(checked.counts.anchoredStreams).toBe(6);
  });

  it('finds an event edited in the table at its stream and revision', async () => {
    await withTriggersOff(() =>
      sql.query(`UPDATE event_store.events SET hashed_text = replace(hashed_text, '"amountFen":100000', '"amountFen":900000') WHERE stream_id = $1`, [`payment-${caseA}-p-2024-09`]),
    );
    const job = await verification({ checkAnchors: 'none' });
    expect(job.intact).toBe(false);
    expect(job.brokenStreams).toEqual([expect.objectContaining({ streamId: `payment-${caseA}-p-2024-09`, revision: 0, reason: 'hash', code: 'CHAIN_BROKEN', divisionCode: '330402' })]);
    // Put it back for the next scenarios.
    await withTriggersOff(() =>
      sql.query(`UPDATE event_store.events SET hashed_text = replace(hashed_text, '"amountFen":900000', '"amountFen":100000') WHERE stream_id = $1`, [`payment-${caseA}-p-2024-09`]),
    );
    expect((await verification({ checkAnchors: 'none' })).intact).toBe(true);
  });

  it('finds a stream rewritten with consistently recomputed hashes by its anchor (ANCHOR_MISMATCH), and a stream that lost events', async () => {
    const streamId = `case-${caseA}`;
    const rows = (await sql.query(`SELECT hashed_text FROM event_store.events WHERE stream_id = $1 ORDER BY stream_revision`, [streamId])).rows as { hashed_text: string }[];
    await withTriggersOff(async () => {
      await sql.query('DELETE FROM event_store.events WHERE stream_id = $1', [streamId]);
      let prevHash = GENESIS_HASH;
      for (const row of rows) {
        const original = JSON.parse(row.hashed_text);
        const forged = { ...original, data: original.streamRevision === 1 ? { ...original.data, note: '改写' } : original.data, metadata: { ...original.metadata, prevHash } };
        const text = hashInput(forged);
        const hash = sha256Hex(text);
        await sql.query(`INSERT INTO event_store.events (event_id, stream_id, stream_revision, type, hashed_text, hash) VALUES ($1, $2, $3, $4, $5, $6)`, [
          newId(),
          streamId,
          forged.streamRevision,
          forged.type,
          text,
          hash,
        ]);
        prevHash = hash;
      }
      await sql.query(`DELETE FROM event_store.events WHERE stream_id = $1 AND stream_revision = 1`, [`case-${caseB}`]);
    });
    // On its own the rewritten chain verifies.
    const alone = await request(app.getHttpServer()).get(`/audit/streams/${streamId}/verify`).set(as('auditor'));
    expect(alone.body).toMatchObject({ intact: true, length: 3 });

    const job = await verification({});
    expect(job.intact).toBe(false);
    const found = Object.fromEntries(job.brokenStreams.map((b: any) => [b.streamId, b]));
    // Heads are anchored: the rewrite shows at the anchored head revision, whichever event was changed.
    expect(found[streamId]).toMatchObject({ revision: 2, reason: 'anchor', code: 'ANCHOR_MISMATCH' });
    expect(found[`case-${caseB}`]).toMatchObject({ revision: 1, reason: 'anchor', code: 'ANCHOR_MISMATCH', position: null });
    expect(found[`case-${caseB}`].detail).toMatch(/ends at revision 0/);

    // A county auditor elsewhere: the same counts, no ids of 330402's cases.
    const county = await poll(job.verificationId, 'county');
    expect(county.brokenStreamsTotal).toBe(job.brokenStreamsTotal);
    expect(county.brokenStreams).toEqual([]);
    expect(county.brokenStreamsOutsideScope).toBe(job.brokenStreamsTotal);
  });

  it('refuses to anchor without the configured signing key (503 ANCHOR_KEY_MISSING), recording nothing', async () => {
    process.env.BENEFITS_AUDIT_ANCHOR_KEY_FILE = join(dataDir, 'no-such-key.pem');
    try {
      const r = await request(app.getHttpServer()).post('/audit/anchors').set(as('admin')).send({ verificationId: 'no-key' });
      expect(r.status).toBe(503);
      expect(r.body.code).toBe('ANCHOR_KEY_MISSING');
      expect(await store.readStream('verification-no-key')).toEqual([]);
    } finally {
      delete process.env.BENEFITS_AUDIT_ANCHOR_KEY_FILE;
    }
  });

  it('reports an anchor whose signature does not verify, and does not use its heads', async () => {
    const dir = join(dataDir, 'anchors');
    const file = readdirSync(dir).find((f) => f.endsWith('.jsonl'))!;
    const path = join(dir, file);
    chmodSync(path, 0o644);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/"revision":2/, '"revision":1'));
    const job = await verification({});
    expect(job.intact).toBe(false);
    expect(job.anchors).toEqual([expect.objectContaining({ file, signature: 'invalid', code: 'ANCHOR_SIGNATURE_INVALID', streams: 0 })]);
    expect(job.counts.anchorProblems).toBe(1);
    expect(job.brokenStreams.filter((b: any) => b.code === 'ANCHOR_MISMATCH')).toEqual([]);
  });
});
