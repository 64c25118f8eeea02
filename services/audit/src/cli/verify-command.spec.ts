import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp } from '@benefits/http';
import { createDevTokenVerifier } from '@benefits/identity';
import { createDocumentStore } from '@benefits/read-store';
import { createTestDatabase } from '@benefits/testing';
import { auditService } from '../service';
import { integrityFeature } from '../integrity/integrity.feature';
import { verifyCommand } from './verify-command';

// The audit service with only tamper evidence's routes in its OpenAPI document (this suite tests the CLI).
const service = { ...auditService, describeRoutes: (registry: Parameters<typeof auditService.describeRoutes>[0]) => integrityFeature.describeRoutes!(registry) };

describe('benefits audit verify (over the running service)', () => {
  let dataDir: string;
  let store: EventStore;
  let sql: Client;
  let app: INestApplication;
  let url: string;
  let token: string;
  const saved = { anchorDir: process.env.BENEFITS_AUDIT_ANCHOR_DIR, dataDir: process.env.BENEFITS_DATA_DIR };
  const caseId = '01900000-0000-7000-8000-0000000000d4';

  async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const out = { stdout: '', stderr: '' };
    const code = await verifyCommand(argv, {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
      env: {},
      progressIntervalMs: 5,
    });
    return { code, ...out };
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-verify-cli-'));
    process.env.BENEFITS_DATA_DIR = dataDir;
    process.env.BENEFITS_AUDIT_ANCHOR_DIR = join(dataDir, 'anchors');
    const pgUrl = await createTestDatabase('verify_cli');
    store = await createEventStore({ kind: 'postgres', url: pgUrl });
    sql = new Client({ connectionString: pgUrl });
    await sql.connect();
    const authority = await createDevTokenVerifier({ dataDir });
    app = await createServiceApp(service, { store, verifier: authority, readStore: () => createDocumentStore({ kind: 'pglite' }) }, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    token = await authority.issueDevToken({ sub: 'admin-1', role: 'admin', division: '330000' });
    await store.appendToStream(
      `case-${caseId}`,
      [
        { type: 'tefu.CaseCreated.v1', data: { caseId, divisionCode: '330402', note: '示例数据' }, metadata: { correlationId: 'c' } },
        { type: 'tefu.CaseApproved.v1', data: { caseId, amountFen: 100_000 }, metadata: { correlationId: 'c' } },
      ],
      { expectedRevision: 'no_stream' },
    );
  });

  afterAll(async () => {
    await app?.close();
    await sql?.end();
    await store?.close();
    if (saved.anchorDir === undefined) delete process.env.BENEFITS_AUDIT_ANCHOR_DIR;
    else process.env.BENEFITS_AUDIT_ANCHOR_DIR = saved.anchorDir;
    if (saved.dataDir === undefined) delete process.env.BENEFITS_DATA_DIR;
    else process.env.BENEFITS_DATA_DIR = saved.dataDir;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses bad arguments with exit 2 and the usage', async () => {
    expect((await run('--url', url, '--token', token)).code).toBe(2);
    const both = await run('--all', '--stream', 'x', '--url', url, '--token', token);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('either --all or --stream');
    expect((await run('--all', '--check-anchors', 'some', '--url', url, '--token', token)).code).toBe(2);
    expect((await run('--stream', 'x', '--anchor', '--url', url, '--token', token)).code).toBe(2);
  });

  it('verify --all --anchor: exit 0, intact, the anchor written; then verify --all checks it', async () => {
    const anchored = await run('--all', '--anchor', '--url', url, '--token', token);
    expect(anchored.code).toBe(0);
    expect(anchored.stdout).toMatch(/完好 intact/);
    expect(anchored.stdout).toMatch(/新锚定 anchor written: \d{4}-\d{2}-\d{2}\.jsonl/);
    const checked = await run('--all', '--json', '--url', url, '--token', token);
    expect(checked.code).toBe(0);
    const job = JSON.parse(checked.stdout);
    expect(job).toMatchObject({ status: 'completed', intact: true, anchors: [expect.objectContaining({ signature: 'valid' })] });
  });

  it('verify --stream: one stream’s chain', async () => {
    const r = await run('--stream', `case-${caseId}`, '--url', url, '--token', token);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('完好 intact, 2 events');
  });

  it('exit 1 and the broken stream named when an event was edited in the table', async () => {
    await sql.query('ALTER TABLE event_store.events DISABLE TRIGGER events_append_only');
    try {
      await sql.query(`UPDATE event_store.events SET hashed_text = replace(hashed_text, '100000', '900000') WHERE stream_id = $1 AND stream_revision = 1`, [`case-${caseId}`]);
    } finally {
      await sql.query('ALTER TABLE event_store.events ENABLE TRIGGER events_append_only');
    }
    const r = await run('--all', '--url', url, '--token', token);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('发现问题 NOT intact');
    expect(r.stdout).toContain(`case-${caseId}  revision 1  [CHAIN_BROKEN] hash`);
    const one = await run('--stream', `case-${caseId}`, '--url', url, '--token', token);
    expect(one.code).toBe(1);
    expect(one.stdout).toContain('断链 BROKEN at revision 1 (hash)');
  });

  it('exit 1 with the service’s code when it refuses', async () => {
    const r = await run('--stream', 'nope-stream', '--url', url, '--token', token);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[NOT_FOUND]');
  });
});
