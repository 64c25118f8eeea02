import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createEventStore, type EventStore } from '@benefits/event-store';
import { createServiceApp, READ_MODELS } from '@benefits/http';
import { createDocumentStore, type ReadModels } from '@benefits/read-store';
import { createDevTokenVerifier, generateVaultKeys, openPersonalDataVault, type DevTokenAuthority, type PersonalDataVault } from '@benefits/identity';
import { newId } from '@benefits/kernel';
import { createDisbursementService } from '../service';

jest.setTimeout(120_000);

// Sample data: made-up accounts and names.
const NUMBER = '6230910000001234';
const NAME = '沈秀英';
const body = (extra: Record<string, unknown> = {}, account: Record<string, unknown> = {}) => ({
  divisionCode: '330402',
  account: { bankCode: '402', bankName: '某农村商业银行（样例）', accountNumber: NUMBER, holderName: NAME, cardType: '社保卡', ...account },
  evidence: { kind: '银行开户回执', reference: 'KH-2025-0001' },
  ...extra,
});
const closing = { divisionCode: '330402', evidence: { kind: '银行销户回执', reference: 'XH-1' }, reason: '银行卡已销户' };

describe('一卡通 accounts over HTTP', () => {
  let dataDir: string;
  let store: EventStore;
  let app: INestApplication;
  let vault: PersonalDataVault;
  let vaultClosed = false;
  const tokens: Record<string, string> = {};
  const server = () => app.getHttpServer();
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });
  const put = (personRef: string, who: string, payload: object) => request(server()).put(`/disbursement/accounts/${personRef}`).set(as(who)).send(payload);
  const get = (personRef: string, who: string) => request(server()).get(`/disbursement/accounts/${personRef}`).set(as(who));
  const close = (personRef: string, who: string, payload: object) => request(server()).post(`/disbursement/accounts/${personRef}/close`).set(as(who)).send(payload);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-accounts-http-'));
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    const authority: DevTokenAuthority = await createDevTokenVerifier({ dataDir });
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create();
    vault = await openPersonalDataVault({ client: db, keys: generateVaultKeys() });
    const service = createDisbursementService({ openVault: async () => ({ vault, close: async () => void ((vaultClosed = true), await db.close()) }) });
    app = await createServiceApp(service, { store, verifier: authority, readStore: () => createDocumentStore({ kind: 'pglite' }) }, { logger: false });
    await app.get<ReadModels>(READ_MODELS).start();
    tokens.officer = await authority.issueDevToken({ sub: 'officer-1', role: 'case_officer', division: '330402' });
    tokens.clerk = await authority.issueDevToken({ sub: 'clerk-1', role: 'finance_clerk', division: '330402' });
    tokens.otherClerk = await authority.issueDevToken({ sub: 'clerk-2', role: 'finance_clerk', division: '330411' });
    tokens.cityClerk = await authority.issueDevToken({ sub: 'clerk-3', role: 'finance_clerk', division: '330400' });
    tokens.auditor = await authority.issueDevToken({ sub: 'auditor-1', role: 'auditor', division: '330000' });
    tokens.admin = await authority.issueDevToken({ sub: 'admin-1', role: 'admin', division: '330400' });
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a case officer records the account at intake; finance and audit read it masked; the number and name never come back', async () => {
    const personRef = await vault.registerPerson();
    const res = await put(personRef, 'officer', body()).expect(200);
    expect(res.body).toEqual({ personRef, outcome: 'recorded', accountVersion: 1, usable: true, bankCode: '402', masked: '************1234', cardType: '社保卡' });
    for (const who of ['clerk', 'auditor', 'admin', 'cityClerk']) {
      const read = await get(personRef, who).expect(200);
      expect(read.body).toMatchObject({ personRef, usable: true, accountVersion: 1, masked: '************1234', divisionCode: '330402' });
      expect(JSON.stringify(read.body)).not.toContain(NUMBER);
      expect(JSON.stringify(read.body)).not.toContain(NAME);
    }
    expect((await get(personRef, 'officer').expect(403)).body.code).toBe('FORBIDDEN');
    expect((await get(personRef, 'otherClerk').expect(403)).body.code).toBe('DIVISION_OUT_OF_SCOPE');
    const events = JSON.stringify(await store.readStream(`account-${personRef}`));
    expect(events).not.toContain(NUMBER);
    expect(events).not.toContain(NAME);
  });

  it('refuses bad input with typed errors, writes nothing and never echoes the number', async () => {
    const personRef = await vault.registerPerson();
    const head = await store.headPosition();
    const cases: [object, string][] = [
      [body({}, { accountNumber: '6230-91' }), 'ACCOUNT_NUMBER_INVALID'],
      [body({}, { accountNumber: '62309100000012345678901234567890' }), 'ACCOUNT_NUMBER_INVALID'],
      [body({}, { holderName: ' ' }), 'ACCOUNT_HOLDER_NAME_INVALID'],
      [body({}, { bankCode: '中国银行' }), 'ACCOUNT_BANK_CODE_INVALID'],
      [body({}, { cardType: '存折' }), 'ACCOUNT_CARD_TYPE_INVALID'],
      [body({ evidence: undefined }), 'ACCOUNT_EVIDENCE_REQUIRED'],
      [body({ evidence: { kind: '银行开户回执', reference: '' } }), 'ACCOUNT_EVIDENCE_REQUIRED'],
      [body({ extra: 1 }), 'UNKNOWN_FIELD'],
      [body({ divisionCode: '33' }), 'VALIDATION_FAILED'],
    ];
    for (const [payload, code] of cases) {
      const res = await put(personRef, 'clerk', payload).expect(400);
      expect(res.body.code).toBe(code);
      expect(JSON.stringify(res.body)).not.toContain('6230');
    }
    expect((await put('not-a-uuid', 'clerk', body()).expect(400)).body.code).toBe('INVALID_PERSON_REF');
    expect(await store.headPosition()).toBe(head);
    expect((await get(personRef, 'clerk').expect(404)).body.code).toBe('ACCOUNT_NOT_FOUND');
  });

  it('checks the division in the body and the division the account was recorded for', async () => {
    const personRef = await vault.registerPerson();
    expect((await put(personRef, 'otherClerk', body()).expect(403)).body.code).toBe('DIVISION_OUT_OF_SCOPE');
    expect((await put(personRef, 'auditor', body()).expect(403)).body.code).toBe('FORBIDDEN');
    await put(personRef, 'clerk', body()).expect(200);
    // A clerk of another county cannot take the account over by naming its own division.
    const moved = body({ divisionCode: '330411', reason: '迁入' }, { accountNumber: '6230910000009999' });
    expect((await put(personRef, 'otherClerk', moved).expect(403)).body.code).toBe('DIVISION_OUT_OF_SCOPE');
    expect((await close(personRef, 'otherClerk', { ...closing, divisionCode: '330411' }).expect(403)).body.code).toBe('DIVISION_OUT_OF_SCOPE');
    // The city, which covers both, can move it.
    expect((await put(personRef, 'cityClerk', moved).expect(200)).body).toMatchObject({ outcome: 'changed', accountVersion: 2 });
    expect((await get(personRef, 'otherClerk').expect(200)).body).toMatchObject({ divisionCode: '330411', masked: '************9999' });
  });

  it('changes with a reason, ignores the same account, closes once, then records a new account', async () => {
    const personRef = await vault.registerPerson();
    await put(personRef, 'officer', body()).expect(200);
    const head = await store.headPosition();
    expect((await put(personRef, 'clerk', body()).expect(200)).body).toMatchObject({ outcome: 'unchanged', accountVersion: 1 });
    const changedAccount = { accountNumber: '6212 2600 0000 5678', bankCode: '102', bankName: '某工商银行支行（样例）', cardType: '银行卡' };
    expect((await put(personRef, 'clerk', body({}, changedAccount)).expect(400)).body.code).toBe('ACCOUNT_REASON_REQUIRED');
    expect(await store.headPosition()).toBe(head);
    const changed = await put(personRef, 'clerk', body({ reason: '原卡挂失', evidence: { kind: '本人申请', reference: 'SQ-1', note: '本人到窗口申请' } }, changedAccount)).expect(200);
    expect(changed.body).toMatchObject({ outcome: 'changed', accountVersion: 2, masked: '************5678', bankCode: '102', cardType: '银行卡' });

    expect((await close(personRef, 'clerk', { ...closing, reason: undefined }).expect(400)).body.code).toBe('ACCOUNT_REASON_REQUIRED');
    expect((await close(personRef, 'clerk', closing).expect(200)).body).toMatchObject({ outcome: 'closed', usable: false, accountVersion: 2 });
    expect((await close(personRef, 'clerk', closing).expect(409)).body.code).toBe('ACCOUNT_CLOSED');
    expect((await get(personRef, 'auditor').expect(200)).body).toMatchObject({ usable: false, accountVersion: 2 });
    expect((await put(personRef, 'officer', body({}, { accountNumber: '6230910000007777' })).expect(200)).body).toMatchObject({ outcome: 'recorded', accountVersion: 3, usable: true });
    expect((await close(newId(), 'clerk', closing).expect(404)).body.code).toBe('ACCOUNT_NOT_FOUND');
  });

  it('refuses a person the vault does not know', async () => {
    expect((await put(newId(), 'clerk', body()).expect(404)).body.code).toBe('PERSON_NOT_FOUND');
  });

  it('describes the routes in the OpenAPI document', async () => {
    const doc = await request(server()).get('/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/disbursement/accounts/{personRef}', '/disbursement/accounts/{personRef}/close']));
    expect(doc.body.paths['/disbursement/accounts/{personRef}']).toHaveProperty('put');
    expect(doc.body.paths['/disbursement/accounts/{personRef}']).toHaveProperty('get');
  });

  it('closes the vault with the app', async () => {
    expect(vaultClosed).toBe(false);
    await app.close();
    expect(vaultClosed).toBe(true);
  });
});
