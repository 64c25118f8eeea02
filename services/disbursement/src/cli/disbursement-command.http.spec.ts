import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
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
import { layoutById } from '../bank-files/layout';
import { renderReturnFile } from '../bank-files/return-file.parser';
import { disbursementCommand } from './disbursement-command';

jest.setTimeout(180_000);

// Sample data throughout: made-up people, accounts, standards and funding shares.
const standardRef = { standardId: 'bps-330400', versionId: 'v1', itemNo: '52', contentHash: 'ab'.repeat(32) };
const DIVISION = '330402';

describe('benefits disbursement against a real disbursement service: run → approve → export → import-returns → reconcile', () => {
  let dataDir: string;
  let store: EventStore;
  let app: INestApplication;
  let vault: PersonalDataVault;
  let url: string;
  const tokens: Record<string, string> = {};
  const persons: string[] = [];
  const cases: string[] = [];

  const cli = async (...argv: string[]) => {
    const out = { stdout: '', stderr: '' };
    const code = await disbursementCommand(['disbursement', ...argv, '--url', url], {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
      env: {},
      progressIntervalMs: 50,
    });
    return { code, ...out };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'benefits-disbursement-cli-'));
    store = await createEventStore({ kind: 'pglite', dataDir: join(dataDir, 'events') });
    const authority: DevTokenAuthority = await createDevTokenVerifier({ dataDir });
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create();
    vault = await openPersonalDataVault({ client: db, keys: generateVaultKeys() });
    const service = createDisbursementService({ openVault: async () => ({ vault, close: () => db.close() }) });
    app = await createServiceApp(service, { store, verifier: authority, readStore: () => createDocumentStore({ kind: 'pglite' }) }, { logger: false });
    await app.get<ReadModels>(READ_MODELS).start();
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    tokens.admin = await authority.issueDevToken({ sub: 'admin-1', role: 'admin', division: '330400' });
    tokens.preparer = await authority.issueDevToken({ sub: 'clerk-maker', role: 'finance_clerk', division: DIVISION });
    tokens.clerk = await authority.issueDevToken({ sub: 'clerk-checker', role: 'finance_clerk', division: DIVISION });

    for (let i = 0; i < 4; i += 1) {
      persons.push(await vault.registerPerson());
      const caseId = newId();
      cases.push(caseId);
      await request(app.getHttpServer())
        .post('/disbursement/schedules')
        .set('Authorization', `Bearer ${tokens.admin}`)
        .send({
          caseId,
          determinationId: `det-${caseId}`,
          benefit: 'tefu',
          divisionCode: DIVISION,
          effectiveFrom: '2025-01-01',
          standardRef,
          lines: [{ personRef: persons[i], period: { kind: 'month', month: '2025-01' }, amount: { fen: 100_000 } }],
        })
        .expect(201);
    }
    // Accounts (样例) for three of four: the fourth is held as 待补录账户.
    for (let i = 0; i < 3; i += 1) {
      await request(app.getHttpServer())
        .put(`/disbursement/accounts/${persons[i]}`)
        .set('Authorization', `Bearer ${tokens.clerk}`)
        .send({
          divisionCode: DIVISION,
          account: { bankCode: '402', bankName: '某农村商业银行（样例）', accountNumber: `62309100000${1000 + i}`, holderName: `样例户主${i}`, cardType: '社保卡' },
          evidence: { kind: '银行开户回执', reference: `KH-${i}` },
        })
        .expect(200);
    }
    await request(app.getHttpServer())
      .post('/disbursement/funding-shares')
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send({ benefit: 'tefu', divisionCode: DIVISION, fromPeriod: '2025-01', shares: { central: 5000, provincial: 2000, city: 1000, county: 2000 }, source: { document: '样例数据（非官方）', clause: '样例' }, sample: true })
      .expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const envelopeId = `tefu-${DIVISION}-2025-01-1`;
  const pay = (i: number) => `payment-${cases[i]}-${persons[i]}-2025-01`;

  it('run prints the run id, status, counts and the envelope with its holds', async () => {
    const res = await cli('run', '--benefit', 'tefu', '--division', DIVISION, '--period', '2025-01', '--token', tokens.preparer);
    expect(res).toMatchObject({ code: 0 });
    expect(res.stdout).toContain(`发放批次 run ${envelopeId}  状态 status completed`);
    expect(res.stdout).toContain('新建 created 4');
    expect(res.stdout).toContain('报送银行 to the bank 3 笔 lines, 3000.00 元 (300000 fen)');
    expect(res.stdout).toContain('待补录账户 ACCOUNT_MISSING 1');
    const holds = await cli('holds', '--benefit', 'tefu', '--division', DIVISION, '--token', tokens.clerk);
    expect(holds.stdout).toContain(`${pay(3)}  2025-01  1000.00 元  待补录账户 ACCOUNT_MISSING`);
  });

  it('approve: the preparer is refused with the typed error (exit 1); another clerk approves', async () => {
    const refused = await cli('approve', envelopeId, '--token', tokens.preparer);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^错误 Error \[ENVELOPE_SAME_ACTOR\]: 审批人不能是该批次的制单人.* \/ the approver prepared this envelope/);
    const ok = await cli('approve', envelopeId, '--note', '已核对', '--token', tokens.clerk);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`已审核 approved ${envelopeId} by clerk-checker`);
  });

  let exported: Buffer;
  it('export writes the bank file to --out and prints its SHA-256, lines and total', async () => {
    const out = join(dataDir, 'bank.csv');
    const res = await cli('export', envelopeId, '--out', out, '--token', tokens.clerk);
    expect(res.code).toBe(0);
    exported = readFileSync(out);
    const sha = createHash('sha256').update(exported).digest('hex');
    expect(res.stdout).toContain(`sha256 ${sha}`);
    expect(res.stdout).toContain('笔数 lines 3  合计 total 3000.00 元 (300000 fen)');
    expect(res.stdout).toContain('哈希已记录于批次 hash recorded on the envelope');
    expect(exported.toString('utf8')).toContain(pay(0));
  });

  it('import-returns: a broken file is refused with its line numbers; a partial import lists each refused line; a good file applies', async () => {
    const layout = layoutById('sample-csv-utf8');
    const wrongAmount = join(dataDir, 'return-wrong.csv');
    writeFileSync(wrongAmount, renderReturnFile(layout, { envelopeId, createdOn: '2025-01-25', lines: [{ paymentId: pay(0), amountFen: 99_999, status: 'settled' }] }));
    const refused = await cli('import-returns', envelopeId, '--file', wrongAmount, '--token', tokens.clerk);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/\[RETURN_NOT_APPLICABLE\]/);
    expect(refused.stderr).toMatch(/第 2 行 line 2 \[RETURN_AMOUNT_MISMATCH\]/);

    const file = join(dataDir, 'return-1.csv');
    writeFileSync(
      file,
      renderReturnFile(layout, {
        envelopeId,
        createdOn: '2025-01-25',
        lines: [
          { paymentId: pay(0), amountFen: 100_000, status: 'settled', bankRef: 'BR0' },
          { paymentId: pay(1), amountFen: 100_000, status: 'failed', reason: 'ACCOUNT_CLOSED' },
          { paymentId: pay(2), amountFen: 99_000, status: 'settled', bankRef: 'BR2' },
        ],
      }),
    );
    const partial = await cli('import-returns', envelopeId, '--file', file, '--mode', 'partial', '--token', tokens.clerk);
    expect(partial.code).toBe(0);
    expect(partial.stdout).toContain('成功 settled 1 (1000.00 元 (100000 fen))  失败 failed 1 (1000.00 元 (100000 fen))');
    expect(partial.stdout).toMatch(/第 4 行 line 4 \[RETURN_AMOUNT_MISMATCH\] payment-/);
    const again = await cli('import-returns', envelopeId, '--file', file, '--mode', 'partial', '--token', tokens.clerk);
    expect(again.stdout).toContain('已导入过，本次未作处理 / imported before: nothing changed');

    const rest = join(dataDir, 'return-2.csv');
    writeFileSync(rest, renderReturnFile(layout, { envelopeId, createdOn: '2025-01-26', lines: [{ paymentId: pay(2), amountFen: 100_000, status: 'settled', bankRef: 'BR2' }] }));
    expect((await cli('import-returns', envelopeId, '--file', rest, '--token', tokens.clerk)).stdout).toContain('成功 settled 1');
  });

  it('reconcile prints the lines and that it balances, writes the CSV and xlsx; the period too; close', async () => {
    const csv = join(dataDir, 'rec.csv');
    const xlsx = join(dataDir, 'rec.xlsx');
    const res = await cli('reconcile', envelopeId, '--csv', csv, '--xlsx', xlsx, '--token', tokens.clerk);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/成功 settled\s+2 笔\s+2000\.00 元/);
    expect(res.stdout).toMatch(/失败 failed\s+1 笔\s+1000\.00 元/);
    expect(res.stdout).toMatch(/暂缓 held\s+1 笔\s+1000\.00 元/);
    expect(res.stdout).toContain('中央 central 1000.00  省 provincial 400.00  市 city 200.00  县 county 400.00  未分配 unallocated 0.00');
    expect(res.stdout).toContain('平衡 BALANCED');
    expect(readFileSync(csv, 'utf8')).toContain(pay(1));
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    const period = await cli('reconcile', '--benefit', 'tefu', '--division', DIVISION, '--period', '2025-01', '--token', tokens.clerk);
    expect(period.code).toBe(0);
    expect(period.stdout).toContain(`对账 reconciliation tefu ${DIVISION} 2025-01`);
    const closed = await cli('close', envelopeId, '--token', tokens.clerk);
    expect(closed).toMatchObject({ code: 0, stdout: expect.stringContaining('已关闭 closed') });
  });

  it('an envelope that does not exist: 404 with its code (exit 1)', async () => {
    const res = await cli('approve', `tefu-${DIVISION}-2025-01-9`, '--token', tokens.clerk);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/\[ENVELOPE_NOT_FOUND\]: 未找到该发放批次/);
  });
});
