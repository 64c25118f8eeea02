import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import * as iconv from 'iconv-lite';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp, READ_MODELS } from '@benefits/http';
import { createDocumentStore, type ReadModels } from '@benefits/read-store';
import { createDevTokenVerifier, generateVaultKeys, openPersonalDataVault, type DevTokenAuthority, type PersonalDataVault } from '@benefits/identity';
import { newId } from '@benefits/kernel';
import { createDisbursementService } from '../service';
import { layoutById } from '../bank-files/layout';
import { renderReturnFile, returnFileText, type SimulatedReturnLine } from '../bank-files/return-file.parser';

jest.setTimeout(180_000);

// Sample data throughout: made-up people, accounts, standards and funding shares.
const standardRef = { standardId: 'bps-330400', versionId: 'v1', itemNo: '52', contentHash: 'ab'.repeat(32) };
const DIVISION = '330402';

describe('finance over HTTP: envelope → approval → bank file → return → reissue → reconciliation', () => {
  let dataDir: string;
  let store: EventStore;
  let app: INestApplication;
  let vault: PersonalDataVault;
  const tokens: Record<string, string> = {};
  const server = () => app.getHttpServer();
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const persons: string[] = [];
  const cases: string[] = [];

  const account = (n: number, number = `62309100000${String(1000 + n)}`) => ({
    divisionCode: DIVISION,
    account: { bankCode: '402', bankName: '某农村商业银行（样例）', accountNumber: number, holderName: `样例户主${n}`, cardType: '社保卡' },
    evidence: { kind: '银行开户回执', reference: `KH-${n}` },
    reason: '开户',
  });
  const schedule = (caseId: string, personRef: string, months: string[], fen = 100_000) => ({
    caseId,
    determinationId: `det-${caseId}`,
    benefit: 'tefu',
    divisionCode: DIVISION,
    effectiveFrom: `${months[0]}-01`,
    standardRef,
    lines: months.map((month) => ({ personRef, period: { kind: 'month', month }, amount: { fen } })),
  });
  const bankFile = (res: request.Response) => res.body as Buffer;
  const binary = (req: request.Test) => req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
  const returns = (envelopeId: string, bytes: Buffer, query: Record<string, string> = {}) =>
    request(server()).post(`/disbursement/envelopes/${envelopeId}/returns`).query(query).set(as('clerk')).set('Content-Type', 'application/octet-stream').send(bytes);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-finance-http-'));
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    const authority: DevTokenAuthority = await createDevTokenVerifier({ dataDir });
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create();
    vault = await openPersonalDataVault({ client: db, keys: generateVaultKeys() });
    const service = createDisbursementService({ openVault: async () => ({ vault, close: () => db.close() }) });
    app = await createServiceApp(service, { store, verifier: authority, readStore: () => createDocumentStore({ kind: 'pglite' }) }, { logger: false });
    await app.get<ReadModels>(READ_MODELS).start();
    tokens.admin = await authority.issueDevToken({ sub: 'admin-1', role: 'admin', division: '330400' });
    tokens.officer = await authority.issueDevToken({ sub: 'officer-1', role: 'case_officer', division: DIVISION });
    tokens.approver = await authority.issueDevToken({ sub: 'approver-1', role: 'approver', division: DIVISION });
    tokens.clerk = await authority.issueDevToken({ sub: 'clerk-1', role: 'finance_clerk', division: DIVISION });
    tokens.auditor = await authority.issueDevToken({ sub: 'auditor-1', role: 'auditor', division: '330000' });

    // Five 特扶 cases of one person each; a sixth case names the first person again (the same 身份证号 entered twice).
    for (let i = 0; i < 5; i += 1) persons.push(await vault.registerPerson());
    for (let i = 0; i < 6; i += 1) {
      const caseId = newId();
      cases.push(caseId);
      await request(server()).post('/disbursement/schedules').set(as('admin')).send(schedule(caseId, persons[i === 5 ? 0 : i], ['2025-01', '2025-02'])).expect(201);
    }
    // Accounts for four of the five; the fifth has none yet (待补录账户).
    for (let i = 0; i < 4; i += 1) await request(server()).put(`/disbursement/accounts/${persons[i]}`).set(as('officer')).send(account(i)).expect(200);
    // Sample funding shares (样例数据): 50 / 20 / 10 / 20 %.
    await request(server())
      .post('/disbursement/funding-shares')
      .set(as('admin'))
      .send({ benefit: 'tefu', divisionCode: DIVISION, fromPeriod: '2025-01', shares: { central: 5000, provincial: 2000, city: 1000, county: 2000 }, source: { document: '样例文件', clause: '样例条款' }, sample: true })
      .expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const envelopeId = `tefu-${DIVISION}-2025-01-1`;
  const pay = (i: number, month = '2025-01') => `payment-${cases[i]}-${persons[i === 5 ? 0 : i]}-${month}`;

  it('a run prepared by 民政 makes one envelope: the duplicate person and the missing account are held, never listed', async () => {
    const res = await request(server()).post('/disbursement/runs').set(as('officer')).send({ benefit: 'tefu', divisionCode: DIVISION, period: '2025-01' }).expect(200);
    expect(res.body).toMatchObject({ runId: envelopeId, status: 'completed', counts: { created: 6 } });
    const envelope = await request(server()).get(`/disbursement/envelopes/${envelopeId}`).set(as('clerk')).expect(200);
    expect(envelope.body).toMatchObject({
      status: 'prepared',
      prepared: {
        totals: { count: 4, fen: 400_000, byKind: { regular: { count: 4, fen: 400_000 } } },
        held: { count: 2, fen: 200_000, byReason: { DUPLICATE_PERSON: { count: 1, fen: 100_000 }, ACCOUNT_MISSING: { count: 1, fen: 100_000 } } },
        preparers: ['officer-1'],
      },
    });
    const holds = await request(server()).get('/disbursement/holds').query({ benefit: 'tefu', divisionCode: DIVISION }).set(as('clerk')).expect(200);
    expect(holds.body.items.map((h: { paymentStreamId: string; hold: { reason: string } }) => [h.paymentStreamId, h.hold.reason]).sort()).toEqual(
      [
        [pay(4), 'ACCOUNT_MISSING'],
        [pay(5), 'DUPLICATE_PERSON'],
      ].sort(),
    );
  });

  it('maker-checker: the preparer cannot approve, no export before approval, finance approves', async () => {
    const tokensOfficerAsClerk = tokens.clerk;
    expect((await request(server()).post(`/disbursement/envelopes/${envelopeId}/export`).set(as('clerk')).send({ layoutId: 'sample-csv-utf8' }).expect(409)).body.code).toBe('ENVELOPE_NOT_APPROVED');
    expect((await request(server()).post(`/disbursement/envelopes/${envelopeId}/approve`).set(as('officer')).send({}).expect(403)).body.code).toBe('FORBIDDEN');
    void tokensOfficerAsClerk;
    const approved = await request(server()).post(`/disbursement/envelopes/${envelopeId}/approve`).set(as('clerk')).send({ note: '已核对' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', approved: { by: { id: 'clerk-1' } } });
    expect((await request(server()).post(`/disbursement/envelopes/${envelopeId}/approve`).set(as('clerk')).send({}).expect(409)).body.code).toBe('ENVELOPE_ALREADY_APPROVED');
  });

  let exported: Buffer;
  it('exports the bank file: header, one line per listed payment, trailer; the hash is recorded; again gives the same bytes', async () => {
    const res = await binary(request(server()).post(`/disbursement/envelopes/${envelopeId}/export`).set(as('clerk')).send({ layoutId: 'sample-csv-utf8', format: 'csv' })).expect(200);
    exported = bankFile(res);
    const text = exported.toString('utf8');
    const rows = text.trim().split(/\r?\n/);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatch(new RegExp(`^H,${envelopeId},tefu,${DIVISION},2025-01,4,4000\\.00,`));
    expect(rows[5]).toBe('T,4,4000.00');
    expect(text).toContain('623091000001000');
    expect(text).not.toContain(pay(4));
    expect(res.headers['x-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    const again = await binary(request(server()).post(`/disbursement/envelopes/${envelopeId}/export`).set(as('clerk')).send({ layoutId: 'sample-csv-utf8', format: 'csv' })).expect(200);
    expect(Buffer.compare(bankFile(again), exported)).toBe(0);
    const xlsx = await binary(request(server()).post(`/disbursement/envelopes/${envelopeId}/export`).set(as('clerk')).send({ layoutId: 'sample-csv-utf8', format: 'xlsx' })).expect(200);
    expect(bankFile(xlsx).subarray(0, 2).toString()).toBe('PK');
    const envelope = await request(server()).get(`/disbursement/envelopes/${envelopeId}`).set(as('auditor')).expect(200);
    expect(envelope.body.status).toBe('exported');
    expect(envelope.body.exports).toHaveLength(2);
    expect(envelope.body.exports[0]).toMatchObject({ sha256: res.headers['x-content-sha256'], lineCount: 4, totalFen: 400_000 });
    // The clear account never reaches an event.
    expect(JSON.stringify(await store.readStream(`envelope-${envelopeId}`))).not.toContain('623091000001000');
  });

  const layout = () => layoutById('sample-csv-utf8');
  const returnOf = (lines: SimulatedReturnLine[]) => renderReturnFile(layout(), { envelopeId, createdOn: '2025-01-25', lines });

  it('refuses broken return files with their line numbers and applies nothing: wrong totals, unknown payment, wrong amount', async () => {
    const good = returnOf([{ paymentId: pay(0), amountFen: 100_000, status: 'settled' }]);
    const wrongTotals = Buffer.from(good.toString('utf8').replace(/\r\nT,1,1000\.00/, '\r\nT,1,999.00'));
    const res = await returns(envelopeId, wrongTotals).expect(422);
    expect(res.body.code).toBe('RETURN_FILE_INVALID');
    const unknown = await returns(envelopeId, returnOf([{ paymentId: pay(4), amountFen: 100_000, status: 'settled' }])).expect(422);
    expect(unknown.body).toMatchObject({ code: 'RETURN_NOT_APPLICABLE' });
    expect(unknown.body.details.issues[0]).toMatchObject({ line: 2, code: 'RETURN_WRONG_ENVELOPE' });
    const amount = await returns(envelopeId, returnOf([{ paymentId: pay(1), amountFen: 99_999, status: 'settled' }])).expect(422);
    expect(amount.body.details.issues[0]).toMatchObject({ line: 2, code: 'RETURN_AMOUNT_MISMATCH' });
    expect((await store.readStream(pay(1))).map((e) => e.type)).toEqual(['disbursement.PaymentCreated.v1']);
  });

  it('applies a return: settled, failed with the bank reason; the same file again changes nothing', async () => {
    const file = returnOf([
      { paymentId: pay(0), amountFen: 100_000, status: 'settled', bankRef: 'BR0' },
      { paymentId: pay(1), amountFen: 100_000, status: 'settled', bankRef: 'BR1' },
      { paymentId: pay(2), amountFen: 100_000, status: 'failed', reason: 'ACCOUNT_CLOSED' },
      { paymentId: pay(3), amountFen: 100_000, status: 'settled', bankRef: 'BR3' },
    ]);
    const res = await returns(envelopeId, file, { fileName: 'return-1.csv' }).expect(200);
    expect(res.body).toMatchObject({ alreadyImported: false, counts: { settled: 3, failed: 1, reversed: 0, refused: 0 }, fen: { settled: 300_000, failed: 100_000 } });
    const again = await returns(envelopeId, file).expect(200);
    expect(again.body).toMatchObject({ alreadyImported: true, counts: { settled: 3, failed: 1 } });
    expect((await store.readStream(pay(0))).map((e) => e.type)).toEqual(['disbursement.PaymentCreated.v1', 'disbursement.PaymentSettled.v1']);
    const failed = await store.readStream(pay(2));
    expect(failed[1].data).toMatchObject({ reason: 'ACCOUNT_CLOSED', bankReason: '账户已销户' });
  });

  it('a reversal after settlement, in a later file; a GBK file declared UTF-8 is refused', async () => {
    const reversal = returnOf([{ paymentId: pay(3), amountFen: 100_000, status: 'reversed', bankReason: '退票' }]);
    const res = await returns(envelopeId, reversal).expect(200);
    expect(res.body.counts).toMatchObject({ reversed: 1 });
    const gbk = iconv.encode(returnFileText(layout(), { envelopeId, createdOn: '2025-01-26', lines: [{ paymentId: pay(1), amountFen: 100_000, status: 'settled', bankReason: '成功入账' }] }), 'gbk');
    const refused = await returns(envelopeId, gbk, { encoding: 'UTF-8' }).expect(422);
    expect(refused.body.code).toBe('RETURN_FILE_INVALID');
    expect(refused.body.details.issues[0].code).toBe('RETURN_ENCODING_MISMATCH');
  });

  it('reconciliation of the envelope balances to the fen and itemises every difference; funding parts add up', async () => {
    const res = await request(server()).get(`/disbursement/envelopes/${envelopeId}/reconciliation`).set(as('auditor')).expect(200);
    expect(res.body.balanced).toBe(true);
    expect(res.body.lines).toMatchObject({
      held: { count: 2, fen: 200_000 },
      settled: { count: 3, fen: 300_000 },
      netSettled: { count: 2, fen: 200_000 },
      failed: { count: 1, fen: 100_000 },
      reversed: { count: 1, fen: 100_000 },
    });
    const funded = res.body.byFundingSource;
    expect(funded.central + funded.provincial + funded.city + funded.county + funded.unallocated).toBe(200_000);
    expect(funded.central).toBe(100_000);
    const ids = res.body.differences.map((d: { paymentStreamId: string }) => d.paymentStreamId);
    for (const id of [pay(2), pay(3), pay(4), pay(5)]) expect(ids).toContain(id);
    const csv = await binary(request(server()).get(`/disbursement/envelopes/${envelopeId}/reconciliation`).query({ format: 'csv' }).set(as('clerk'))).expect(200);
    expect(bankFile(csv).toString('utf8')).toContain(pay(2));
    expect((await request(server()).post(`/disbursement/envelopes/${envelopeId}/close`).set(as('clerk')).expect(200)).body.status).toBe('closed');
  });

  it('the next run carries the payment whose account was recorded and reissues the failed one to the corrected account — never both the original and its reissue', async () => {
    await request(server()).put(`/disbursement/accounts/${persons[4]}`).set(as('officer')).send(account(4)).expect(200);
    await request(server()).put(`/disbursement/accounts/${persons[2]}`).set(as('clerk')).send(account(2, '6230910000009992')).expect(200);
    await request(server()).put(`/disbursement/accounts/${persons[3]}`).set(as('clerk')).send(account(3, '6230910000009993')).expect(200);
    // The duplicate is decided by the 民政 approver: not paid.
    await request(server()).post(`/disbursement/payments/${pay(5)}/hold-decision`).set(as('approver')).send({ decision: 'cancel', reason: '同一人已在另案享受特扶' }).expect(200);
    const feb = await request(server()).post('/disbursement/runs').set(as('officer')).send({ benefit: 'tefu', divisionCode: DIVISION, period: '2025-02' }).expect(200);
    const envelope = await request(server()).get(`/disbursement/envelopes/${feb.body.runId}`).set(as('clerk')).expect(200);
    // February: 5 regular (the duplicate's held again) + the carried January payment (regular) + two reissues.
    expect(envelope.body.prepared).toMatchObject({
      totals: { count: 8, fen: 800_000, byKind: { regular: { count: 6 }, 'follow-up': { count: 2, fen: 200_000 } } },
      held: { count: 1, byReason: { DUPLICATE_PERSON: { count: 1 } } },
      references: [envelopeId],
    });
    expect((await store.readStream(`${pay(2)}-fu1`))[0].data).toMatchObject({ followUpOf: pay(2), envelopeId: feb.body.runId });
    // A late settlement of the original after its reissue: refused, line by line.
    const late = renderReturnFile(layout(), { envelopeId, createdOn: '2025-02-03', lines: [{ paymentId: pay(2), amountFen: 100_000, status: 'settled' }] });
    expect((await returns(envelopeId, late).expect(409)).body.code).toBe('ENVELOPE_CLOSED');
    const period = await request(server()).get('/disbursement/reconciliation').query({ benefit: 'tefu', divisionCode: DIVISION, period: '2025-01' }).set(as('clerk')).expect(200);
    expect(period.body.balanced).toBe(true);
    expect(period.body.lines.reissued).toMatchObject({ count: 2, fen: 200_000 });
  });
  it('lists the division\'s envelopes, by benefit and period or all of them, a page at a time', async () => {
    const all = await request(server()).get('/disbursement/envelopes').query({ divisionCode: DIVISION, limit: 1 }).set(as('clerk')).expect(200);
    expect(all.body.items).toHaveLength(1);
    expect(all.body.items[0]).toMatchObject({ envelopeId, divisionCode: DIVISION });
    const second = await request(server()).get('/disbursement/envelopes').query({ divisionCode: DIVISION, limit: 1, cursor: all.body.nextCursor }).set(as('clerk')).expect(200);
    expect(second.body.items.map((e: { envelopeId: string }) => e.envelopeId)).toEqual([`tefu-${DIVISION}-2025-02-1`]);
    const january = await request(server()).get('/disbursement/envelopes').query({ divisionCode: DIVISION, benefit: 'tefu', period: '2025-01' }).set(as('auditor')).expect(200);
    expect(january.body.items.map((e: { envelopeId: string }) => e.envelopeId)).toEqual([envelopeId]);
  });
});
