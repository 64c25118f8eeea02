import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import * as ExcelJS from 'exceljs';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp, vaultFromEnvironment, type OpenVault } from '@benefits/http';
import { createDevTokenVerifier } from '@benefits/identity';
import { canonicalJson, newId, type EventEnvelope } from '@benefits/kernel';
import { createDocumentStore } from '@benefits/read-store';
import { createApplicationsService } from '../../services/applications/src/service';
import { createDisbursementService } from '../../services/disbursement/src/service';
import { createAuditService } from '../../services/audit/src/service';
import { auditCommand } from '../../services/audit/src/cli/audit-command';
import { sha256Of, type EvidencePackage } from '../../services/audit/src/evidence/evidence-package';
import { sampleTefuHousehold } from '../support/sample-household';
import { sampleAccountBody } from '../support/finance-flow';
// The finding stream as the 疑点 engine writes it (its event type and deterministic id).
import { FindingEvents, findingIdOf } from '../../services/audit/src/anomalies/finding';

/**
 * Evidence packages (ADR 0012 §7) and the personal-data access log (§6) over real services: a 计生特扶
 * case registered through applications (members sealed in the vault), its schedule and payments
 * through disbursement, then the auditor's package, checked offline by `benefits audit
 * verify-package`, and tampered with. Sample data: invented persons, no official figure.
 */
jest.setTimeout(600_000);

const standardRef = { standardId: 'sample-330400', versionId: 'sample-v1', itemNo: '1', contentHash: 'ab'.repeat(32) };

describe('evidence package of a real case, verified offline; the personal-data access log', () => {
  let dataDir: string;
  let store: EventStore;
  let openVault: OpenVault;
  const apps: Record<'applications' | 'disbursement' | 'audit', INestApplication> = {} as never;
  const tokens: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const http = (service: keyof typeof apps) => request(apps[service].getHttpServer());
  const household = sampleTefuHousehold('couple');
  let caseId = '';
  const refs: Record<string, string> = {};
  let file = '';
  let pkg: EvidencePackage;

  const cli = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await auditCommand(['verify-package', ...argv], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
    return { code, stdout, stderr };
  };
  const writePackage = (content: EvidencePackage | Buffer, name: string) => {
    const path = join(dataDir, name);
    writeFileSync(path, Buffer.isBuffer(content) ? content : JSON.stringify(content));
    return path;
  };
  const fetchPackage = (path: string, who = 'auditor', correlationId?: string) => {
    const req = http('audit').get(path).set(as(who)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    return correlationId ? req.set('X-Correlation-Id', correlationId) : req;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-audit-evidence-'));
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    const verifier = await createDevTokenVerifier({ dataDir });
    // One vault for the process, as npm start: the three services share its PGlite.
    openVault = vaultFromEnvironment({ BENEFITS_DATA_DIR: dataDir });
    const readStore = () => createDocumentStore({ kind: 'pglite' });
    apps.applications = await createServiceApp(createApplicationsService({ openVault, clock: () => new Date('2026-03-02T02:00:00Z') }), { store, verifier, readStore }, { logger: false });
    apps.disbursement = await createServiceApp(createDisbursementService({ openVault }), { store, verifier, readStore }, { logger: false });
    apps.audit = await createServiceApp(createAuditService({ openVault }), { store, verifier, readStore }, { logger: false });
    const issue = async (who: string, role: string, division: string) => (tokens[who] = await verifier.issueDevToken({ sub: who, role, division }));
    await issue('intake', 'intake_officer', '330402');
    await issue('approver', 'approver', '330402');
    await issue('clerk', 'finance_clerk', '330402');
    await issue('admin', 'admin', '330400');
    await issue('auditor', 'auditor', '330400');
    await issue('county-auditor', 'auditor', '330402');
    await issue('bj-auditor', 'auditor', '110105');
    await issue('bj-officer', 'case_officer', '110105');

    const created = await http('applications').post('/cases/tefu').set(as('intake')).send(household).expect(201);
    caseId = created.body.caseId;
    // An officer looks at the case: the members' names are opened (purpose case-handling).
    const view = await http('applications').get(`/cases/${caseId}`).set(as('approver')).set('X-Correlation-Id', 'window-3:ticket-17').expect(200);
    for (const m of view.body.members as { role: string; personRef: string }[]) refs[m.role] = m.personRef;
    // The schedule and a month's payments, as disbursement records them.
    const determinationId = newId();
    await http('disbursement')
      .post('/disbursement/schedules')
      .set(as('admin'))
      .send({
        caseId,
        determinationId,
        benefit: 'tefu',
        divisionCode: '330402',
        effectiveFrom: '2026-03-01',
        standardRef,
        lines: [refs.wife, refs.husband].map((personRef) => ({ personRef, period: { kind: 'month', month: '2026-03' }, amount: { fen: 100_000 } })),
      })
      .expect(201);
    await http('disbursement').post('/disbursement/runs').set(as('clerk')).send({ benefit: 'tefu', divisionCode: '330402', period: '2026-03' }).expect(200);
    // The wife's 一卡通 account, then a change of card (finance opens the account on file to compare: account-maintenance).
    await http('disbursement').put(`/disbursement/accounts/${refs.wife}`).set(as('clerk')).send(sampleAccountBody('330402', 1)).expect(200);
    await http('disbursement')
      .put(`/disbursement/accounts/${refs.wife}`)
      .set(as('clerk'))
      .set('X-Correlation-Id', 'bank-card-change-1')
      .send({ ...sampleAccountBody('330402', 1, '6230910000004321'), reason: '换卡（样例）' })
      .expect(200);
  });

  afterAll(async () => {
    for (const app of Object.values(apps)) await app?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("packages every event of the case's streams, and the package verifies offline", async () => {
    const res = await fetchPackage(`/audit/cases/${caseId}/evidence-package`, 'auditor', 'audit-2026-07:case-file').expect(200);
    expect(res.headers['content-disposition']).toMatch(new RegExp(`attachment; filename="evidence-case-${caseId}-\\d{8}T\\d{6}\\.json"`));
    expect(res.headers['x-content-sha256']).toBe(sha256Of(res.body));
    file = writePackage(res.body, 'case.json');
    pkg = JSON.parse(readFileSync(file, 'utf8'));
    expect(res.headers['x-manifest-sha256']).toBe(pkg.manifestSha256);
    expect(pkg.manifest).toMatchObject({
      packageVersion: 1,
      createdBy: { id: 'auditor', role: 'auditor', divisionCode: '330400' },
      scope: { kind: 'case', caseId, divisionCode: '330402', benefit: 'tefu' },
      people: { count: 2, erased: 0 },
    });
    // Every stream of the case, whole, with the head the store has.
    const streamIds = pkg.manifest.streams.map((s) => s.streamId);
    expect(streamIds[0]).toBe(`case-${caseId}`);
    expect(streamIds).toEqual(expect.arrayContaining([`entitlement-${caseId}`, `payment-${caseId}-${refs.wife}-2026-03`, `payment-${caseId}-${refs.husband}-2026-03`]));
    // The people's account streams (no case's, read by id): the wife has one, the husband none.
    expect(streamIds).toContain(`account-${refs.wife}`);
    expect(streamIds).not.toContain(`account-${refs.husband}`);
    for (const s of pkg.manifest.streams) {
      const stored = await store.readStream(s.streamId);
      expect(s).toMatchObject({ fromRevision: 0, toRevision: stored.length - 1, events: stored.length, headHash: stored[stored.length - 1].metadata.hash });
    }
    const events = JSON.parse(Buffer.from(pkg.parts['events.json'], 'base64').toString('utf8')) as { streams: { streamId: string; events: EventEnvelope[] }[] };
    expect(events.streams[0].events[0]).toEqual(JSON.parse(JSON.stringify((await store.readStream(`case-${caseId}`))[0])));

    const verified = await cli(file);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(`✓ 流 / stream case-${caseId}: revisions 0..`);
    expect(verified.stdout).toContain('通过 / VERIFIED');
  });

  it('people.xlsx: the two members, names in full, 身份证号 masked; no full 身份证号 anywhere in the package', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(pkg.parts['people.xlsx'], 'base64') as never);
    const rows = (workbook.getWorksheet('人员')!.getSheetValues() as unknown[][]).filter(Boolean).slice(2).map((r) => r.slice(1));
    const wifeId = household.members[0].residentId;
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual(
      expect.arrayContaining([
        // Only the registration division: with the birth date beside it nothing more may show (docs/operations/masking.md).
        [refs.wife, '示例甲', `${wifeId.slice(0, 6)}************`],
        [refs.husband, '示例乙', '330402************'],
      ]),
    );
    expect(rows).toHaveLength(2);
    // The account as changed, last four digits only; the holder name in full.
    const wifeRow = rows.find((r) => r[0] === refs.wife)!;
    expect(wifeRow.slice(4, 9)).toEqual(['************4321', '样例户主1', '402', '某农村商业银行（样例）', '社保卡']);
    expect(readFileSync(file, 'utf8')).not.toContain('6230910000004321');
    const sources = (workbook.getWorksheet('来源')!.getSheetValues() as unknown[][]).filter(Boolean).slice(1);
    expect(sources.map((r) => r[2])).toContain(`case-${caseId}`);
    const text = readFileSync(file, 'utf8') + Buffer.from(pkg.parts['people.xlsx'], 'base64').toString('latin1');
    for (const m of household.members) expect(text).not.toContain(m.residentId);
  });

  it('the export is in the personal-data access log (purpose evidence-export, with its correlation id), next to the officer’s view', async () => {
    const res = await http('audit').get('/audit/personal-data-access').query({ personRef: refs.wife }).set(as('auditor')).expect(200);
    expect(res.body.scope).toEqual({ actorDivisionWithin: '330400' });
    const entries = res.body.items as { actor: { id: string }; purpose: string; correlationId: string; records: number; hash: string; prevHash: string }[];
    expect(entries.map((e) => [e.actor.id, e.purpose, e.correlationId])).toEqual(
      expect.arrayContaining([
        ['auditor', 'evidence-export', 'audit-2026-07:case-file'],
        ['approver', 'case-handling', 'window-3:ticket-17'],
        ['clerk', 'account-maintenance', 'bank-card-change-1'],
      ]),
    );
    // Newest first: the export came after the officer's view.
    expect(entries[0]).toMatchObject({ purpose: 'evidence-export', actor: { id: 'auditor' } });
    expect(entries[0].records).toBeGreaterThanOrEqual(3); // her member record and the two account records
    // By reader, and by period (business dates in Asia/Shanghai, the whole of `to`).
    const byActor = await http('audit').get('/audit/personal-data-access').query({ actorId: 'approver' }).set(as('auditor')).expect(200);
    expect(byActor.body.items.every((e: { actor: { id: string } }) => e.actor.id === 'approver')).toBe(true);
    expect(byActor.body.items.length).toBeGreaterThanOrEqual(2);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const dated = await http('audit').get('/audit/personal-data-access').query({ personRef: refs.wife, from: today, to: today }).set(as('auditor')).expect(200);
    expect(dated.body.items).toHaveLength(entries.length);
    const before = await http('audit').get('/audit/personal-data-access').query({ personRef: refs.wife, to: '2020-01-01' }).set(as('auditor')).expect(200);
    expect(before.body.items).toEqual([]);
    // Pages.
    const first = await http('audit').get('/audit/personal-data-access').query({ personRef: refs.wife, limit: 1 }).set(as('auditor')).expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await http('audit').get('/audit/personal-data-access').query({ personRef: refs.wife, limit: 1, cursor: first.body.nextCursor }).set(as('auditor')).expect(200);
    expect(second.body.items[0].seq).toBe((entries as unknown as { seq: string }[])[1].seq);
  });

  it('the access log is filtered by division, refused to other roles, and checks its query', async () => {
    const bj = await http('audit').get('/audit/personal-data-access').query({ personRef: refs.wife }).set(as('bj-auditor')).expect(200);
    expect(bj.body.items).toEqual([]);
    const county = await http('audit').get('/audit/personal-data-access').query({ personRef: refs.wife }).set(as('county-auditor')).expect(200);
    // The prefecture auditor's own export (330400) is not under the county; the county officer's view is.
    expect(county.body.items.map((e: { actor: { id: string } }) => e.actor.id)).toEqual(expect.arrayContaining(['approver']));
    expect(county.body.items.map((e: { actor: { id: string } }) => e.actor.id)).not.toContain('auditor');
    await http('audit').get('/audit/personal-data-access').set(as('approver')).expect(403);
    for (const query of [{ personRef: 'x' }, { from: '2026-13-01' }, { to: 'yesterday' }, { limit: 0 }, { cursor: 'abc' }, { who: 'me' }]) {
      const res = await http('audit').get('/audit/personal-data-access').query(query).set(as('auditor'));
      expect(res.status).toBe(400);
    }
  });

  it('packages only in scope: another division 403, other roles 403, an unknown case 404 — and reads nothing', async () => {
    const res = await http('audit').get(`/audit/cases/${caseId}/evidence-package`).set(as('bj-auditor')).expect(403);
    expect(res.body.code).toBe('DIVISION_OUT_OF_SCOPE');
    expect((await http('audit').get(`/audit/cases/${caseId}/evidence-package`).set(as('bj-officer')).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await http('audit').get(`/audit/cases/${newId()}/evidence-package`).set(as('auditor')).expect(404)).body.code).toBe('CASE_NOT_FOUND');
    await http('audit').get('/audit/cases/not-a-case/evidence-package').set(as('auditor')).expect(400);
    const handle = await openVault();
    try {
      expect((await handle.vault.listAccessLog({ actorId: 'bj-auditor' })).items).toEqual([]);
      expect((await handle.vault.listAccessLog({ actorId: 'bj-officer' })).items).toEqual([]);
    } finally {
      await handle.close();
    }
  });

  it('an edited event in the package is found: stream and revision', async () => {
    const forged = JSON.parse(JSON.stringify(pkg)) as EvidencePackage;
    const events = JSON.parse(Buffer.from(forged.parts['events.json'], 'base64').toString('utf8'));
    const payment = events.streams.find((s: { streamId: string }) => s.streamId === `payment-${caseId}-${refs.wife}-2026-03`);
    payment.events[0].data.amount = { fen: 500_000 };
    const bytes = Buffer.from(JSON.stringify(events));
    forged.parts['events.json'] = bytes.toString('base64');
    // The forger recomputes every digest they can: only the chain tells.
    const part = forged.manifest.parts.find((p) => p.name === 'events.json')!;
    part.sha256 = sha256Of(bytes);
    part.bytes = bytes.length;
    forged.manifestSha256 = sha256Of(canonicalJson(forged.manifest));
    const res = await cli(writePackage(forged, 'edited.json'), '--json');
    expect(res.code).toBe(1);
    const verdict = JSON.parse(res.stdout);
    expect(verdict.streams.filter((s: { ok: boolean }) => !s.ok)).toEqual([
      expect.objectContaining({ streamId: `payment-${caseId}-${refs.wife}-2026-03`, brokenAt: 0, problems: [expect.objectContaining({ reason: 'chain-hash' })] }),
    ]);
    const human = await cli(join(dataDir, 'edited.json'));
    expect(human.stdout).toContain(`✗ 流 / stream payment-${caseId}-${refs.wife}-2026-03: broken at revision 0: chain-hash`);
  });

  it('a tampered people.xlsx is found by its digest', async () => {
    const forged = JSON.parse(JSON.stringify(pkg)) as EvidencePackage;
    const xlsx = Buffer.from(forged.parts['people.xlsx'], 'base64');
    xlsx[xlsx.length - 30] ^= 0xff;
    forged.parts['people.xlsx'] = xlsx.toString('base64');
    const res = await cli(writePackage(forged, 'xlsx.json'), '--json');
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).parts).toEqual([
      expect.objectContaining({ name: 'events.json', ok: true }),
      expect.objectContaining({ name: 'people.xlsx', ok: false, problems: [expect.objectContaining({ reason: 'digest-mismatch' })] }),
    ]);
  });

  it('signs the manifest with the audit anchor key when one is configured', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const keyFile = join(dataDir, 'anchor-key.pem');
    const publicFile = join(dataDir, 'anchor-public.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const previous = process.env.BENEFITS_AUDIT_ANCHOR_KEY_FILE;
    process.env.BENEFITS_AUDIT_ANCHOR_KEY_FILE = keyFile;
    try {
      const res = await fetchPackage(`/audit/cases/${caseId}/evidence-package`).expect(200);
      const signed = writePackage(res.body, 'signed.json');
      const verdict = await cli(signed, '--json', '--public-key', publicFile);
      expect(verdict.code).toBe(0);
      expect(JSON.parse(verdict.stdout).signature).toMatchObject({ status: 'valid', trusted: true });
    } finally {
      if (previous === undefined) delete process.env.BENEFITS_AUDIT_ANCHOR_KEY_FILE;
      else process.env.BENEFITS_AUDIT_ANCHOR_KEY_FILE = previous;
    }
  });

  describe('a finding (疑点) package', () => {
    const findingId = findingIdOf('sample-rule', 'sample-subject');
    beforeAll(async () => {
      // A finding as the anomaly scan records it on audit's own store (stream finding-<id>, evidence links).
      await store.appendToStream(
        `finding-${findingId}`,
        [
          {
            type: FindingEvents.raised,
            data: {
              findingId,
              ruleId: 'sample-rule',
              subjectKey: 'sample-subject',
              scanId: 'scan-1',
              asOf: '2026-03-31',
              cases: [{ caseId, divisionCode: '330402', benefit: 'tefu' }],
              divisionCodes: ['330402'],
              summary: { zh: '示例疑点', en: 'sample finding' },
              amountFen: 100_000,
              evidence: [
                { streamId: `payment-${caseId}-${refs.husband}-2026-03`, revision: 0 },
                { streamId: `entitlement-${caseId}`, revision: 0, note: 'the schedule' },
              ],
              details: {},
            },
            metadata: { correlationId: 'scan-1', actor: { id: 'auditor', role: 'auditor', divisionCode: '330400' } },
          },
        ],
        { expectedRevision: 'no_stream' },
      );
    });

    it('holds the finding stream, every cited stream and the case stream; verifies offline', async () => {
      const res = await fetchPackage(`/audit/anomalies/${findingId}/evidence-package`).expect(200);
      const path = writePackage(res.body, 'finding.json');
      const finding = JSON.parse(res.body.toString('utf8')) as EvidencePackage;
      expect(finding.manifest.scope).toEqual({ kind: 'finding', findingId, ruleId: 'sample-rule', divisionCodes: ['330402'], caseIds: [caseId] });
      expect(finding.manifest.streams.map((s) => [s.streamId, s.cited ?? null])).toEqual([
        [`finding-${findingId}`, null],
        [`case-${caseId}`, null],
        [`payment-${caseId}-${refs.husband}-2026-03`, [0]],
        [`entitlement-${caseId}`, [0]],
        [`account-${refs.wife}`, null],
      ]);
      expect(finding.manifest.people.count).toBe(2);
      const verdict = await cli(path);
      expect(verdict.code).toBe(0);
    });

    it('is scoped like the finding’s divisions, and answers 404 for an unknown finding', async () => {
      expect((await http('audit').get(`/audit/anomalies/${findingId}/evidence-package`).set(as('bj-auditor')).expect(403)).body.code).toBe('DIVISION_OUT_OF_SCOPE');
      expect((await http('audit').get(`/audit/anomalies/${'b2'.repeat(16)}/evidence-package`).set(as('auditor')).expect(404)).body.code).toBe('FINDING_NOT_FOUND');
      await http('audit').get('/audit/anomalies/nope/evidence-package').set(as('auditor')).expect(400);
    });

    it('refuses (409) a finding whose cited revision does not exist', async () => {
      const missing = 'c3'.repeat(16);
      await store.appendToStream(
        `finding-${missing}`,
        [{ type: FindingEvents.raised, data: { findingId: missing, ruleId: 'sample-rule', cases: [], divisionCodes: ['330402'], evidence: [{ streamId: `case-${caseId}`, revision: 999 }] }, metadata: { correlationId: 'scan-2' } }],
        { expectedRevision: 'no_stream' },
      );
      const res = await http('audit').get(`/audit/anomalies/${missing}/evidence-package`).set(as('auditor')).expect(409);
      expect(res.body).toMatchObject({ code: 'EVIDENCE_STREAM_MISSING', details: { streamId: `case-${caseId}`, revision: 999 } });
    });
  });
});
