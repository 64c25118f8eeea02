import { residentIdCheckChar } from '../resident-id';
import type { Actor } from '../actor';
import { generateVaultKeys, type VaultKeys } from './vault-keys';
import type { VaultSqlClient } from './vault-key-store';
import { openPersonalDataVault, type PersonalDataAccess, type PersonalDataVault, type SealedPersonalData } from './personal-data-vault';

export interface VaultFixture {
  client: VaultSqlClient;
  dispose(): Promise<void>;
}

const officer: Actor = { id: 'officer-9', role: 'admin', divisionCode: '330402' };
/** Who reads in these tests, and why. */
const reader: PersonalDataAccess = { actor: { id: 'officer-3', role: 'case_officer', divisionCode: '330402' }, purpose: 'case-handling', correlationId: 'corr-test' };

let sequence = 100;
/** A valid 身份证号 not used before in this run. */
function newResidentId(): string {
  const first17 = `33040219850228${String(sequence++).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** One behaviour, every SQL backend: the vault suite runs on PGlite and on the PostgreSQL server. */
export function vaultContract(name: string, setUp: () => Promise<VaultFixture>): void {
  describe(`personal-data vault on ${name}`, () => {
    let fixture: VaultFixture;
    let keys: VaultKeys;
    let vault: PersonalDataVault;
    let now = new Date('2025-03-01T02:00:00Z');

    beforeAll(async () => {
      fixture = await setUp();
      keys = generateVaultKeys();
      vault = await openPersonalDataVault({ client: fixture.client, keys, now: () => now });
    });
    afterAll(async () => fixture?.dispose());

    const rowsOf = async (table: string) => (await fixture.client.query(`SELECT * FROM ${table}`)).rows;

    it('seals and opens a person’s fields', async () => {
      const residentId = newResidentId();
      const personRef = await vault.registerPerson({ residentId });
      const fields = { name: '张三', residentId, phone: '13800000000', address: '浙江省温州市鹿城区', bankAccount: '6217000000000000000' };
      const sealed = await vault.seal(personRef, fields);
      expect(sealed).toMatchObject({ personRef, keyVersion: 1, alg: 'A256GCM' });
      await expect(vault.open(sealed, reader)).resolves.toEqual({ erased: false, personRef, fields });
    });

    it('never puts the 身份证号 in clear into an event or into its own tables', async () => {
      const residentId = newResidentId();
      const personRef = await vault.registerPerson({ residentId });
      expect(personRef).toMatch(/^[0-9a-f-]{36}$/);
      expect(personRef.replace(/-/g, '')).not.toContain(residentId.slice(6, 14));
      const event = {
        type: 'dibao.ApplicationSubmitted.v1',
        data: { caseId: 'case-1', applicant: { personRef, personalData: await vault.seal(personRef, { name: '李四', residentId }) } },
        metadata: { actor: officer },
      };
      const serialised = JSON.stringify(event);
      expect(serialised).not.toContain(residentId);
      expect(serialised).not.toContain(residentId.slice(0, 17));
      expect(serialised).not.toContain('李四');
      expect(serialised).not.toContain(Buffer.from(residentId).toString('base64').slice(0, 16));
      // and it reads back from the serialised form
      const parsed = JSON.parse(serialised) as typeof event;
      await expect(vault.open(parsed.data.applicant.personalData, reader)).resolves.toMatchObject({ fields: { residentId } });

      const stored = JSON.stringify([await rowsOf('vault_person_keys'), await rowsOf('vault_person_index')]);
      expect(stored).not.toContain(residentId);
      expect(stored).not.toContain(residentId.slice(0, 17));
    });

    it('uses a fresh IV per seal and hides small differences in length', async () => {
      const personRef = await vault.registerPerson();
      const a = await vault.seal(personRef, { name: '王五' });
      const b = await vault.seal(personRef, { name: '王五' });
      const c = await vault.seal(personRef, { name: '欧阳娜娜' });
      expect(a.iv).not.toBe(b.iv);
      expect(a.ct).not.toBe(b.ct);
      expect(c.ct.length).toBe(a.ct.length);
    });

    it('finds a person by 身份证号 through the fingerprint, x or X alike', async () => {
      const first17 = '11010519491231002';
      expect(residentIdCheckChar(first17)).toBe('X');
      const personRef = await vault.registerPerson({ residentId: `${first17}X` });
      await expect(vault.findPersonByResidentId(`${first17}x`)).resolves.toBe(personRef);
      await expect(vault.findPersonByResidentId(newResidentId())).resolves.toBeNull();
      expect(vault.residentIdFingerprint(`${first17}X`)).toMatch(/^[0-9a-f]{64}$/);
    });

    it('refuses a second registration of the same 身份证号 and leaves nothing behind', async () => {
      const residentId = newResidentId();
      const personRef = await vault.registerPerson({ residentId });
      const before = (await rowsOf('vault_person_keys')).length;
      await expect(vault.registerPerson({ residentId, name: '重复' })).rejects.toMatchObject({
        code: 'PERSON_ALREADY_REGISTERED',
        status: 409,
        details: { personRef },
      });
      expect((await rowsOf('vault_person_keys')).length).toBe(before);
    });

    it('lets exactly one of many concurrent registrations of one 身份证号 succeed', async () => {
      const residentId = newResidentId();
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => vault.registerPerson({ residentId })));
      const registered = results.filter((r) => r.status === 'fulfilled');
      expect(registered).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'PERSON_ALREADY_REGISTERED' });
      await expect(vault.findPersonByResidentId(residentId)).resolves.toBe((registered[0] as PromiseFulfilledResult<string>).value);
    });

    it('refuses an invalid 身份证号 at registration', async () => {
      await expect(vault.registerPerson({ residentId: '110105194912310021' })).rejects.toMatchObject({ code: 'INVALID_RESIDENT_ID', status: 400 });
    });

    describe('openMany (one key lookup for many records)', () => {
      it('opens like open on each record, in order, with erased and repeated persons', async () => {
        const a = await vault.registerPerson();
        const b = await vault.registerPerson();
        const c = await vault.registerPerson();
        const records = [
          await vault.seal(a, { accountNumber: '6217000012341234' }),
          await vault.seal(b, { accountNumber: '6217000056785678' }),
          await vault.seal(a, { holderName: '孙八' }),
          await vault.seal(c, { accountNumber: '6217000099999999' }),
        ];
        await vault.destroyKey(c, { reason: '依法删除（测试）', actor: officer });
        const opened = await vault.openMany(records, reader);
        expect(opened).toEqual(await Promise.all(records.map((record) => vault.open(record, reader))));
        expect(opened.map((o) => o.erased)).toEqual([false, false, false, true]);
        expect(opened[2]).toEqual({ erased: false, personRef: a, fields: { holderName: '孙八' } });
        expect(await vault.openMany([], reader)).toEqual([]);
      });

      it('fails like open on an unknown person, a tampered record or a malformed one', async () => {
        const a = await vault.registerPerson();
        const good = await vault.seal(a, { accountNumber: '6217000012341234' });
        const unknown = { ...good, personRef: '00000000-0000-4000-8000-000000000000' };
        await expect(vault.openMany([good, unknown], reader)).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
        const tampered = { ...good, ct: good.ct.slice(0, -2) + (good.ct.endsWith('AA') ? 'BA' : 'AA') };
        await expect(vault.openMany([tampered], reader)).rejects.toMatchObject({ code: 'VAULT_INTEGRITY_FAILURE' });
        await expect(vault.openMany([{ ...good, alg: 'none' } as unknown as SealedPersonalData], reader)).rejects.toMatchObject({ code: 'SEALED_DATA_INVALID' });
      });
    });

    describe('crypto-shredding', () => {
      let residentId: string;
      let personRef: string;
      let otherRef: string;
      let sealed: SealedPersonalData;
      let otherSealed: SealedPersonalData;

      beforeAll(async () => {
        residentId = newResidentId();
        personRef = await vault.registerPerson({ residentId });
        otherRef = await vault.registerPerson({ residentId: newResidentId() });
        sealed = await vault.seal(personRef, { name: '赵六', residentId });
        otherSealed = await vault.seal(otherRef, { name: '钱七' });
      });

      it('after destroyKey the record opens as erased — no error — and other persons are untouched', async () => {
        now = new Date('2025-06-30T08:00:00Z');
        const destruction = await vault.destroyKey(personRef, { reason: '保存期限届满 (PIPL 第四十七条)', actor: officer });
        expect(destruction).toEqual({
          personRef,
          destroyedAt: '2025-06-30T08:00:00.000Z',
          destroyedBy: officer,
          reason: '保存期限届满 (PIPL 第四十七条)',
          alreadyDestroyed: false,
        });
        await expect(vault.open(sealed, reader)).resolves.toEqual({ erased: true, personRef, erasedAt: '2025-06-30T08:00:00.000Z' });
        await expect(vault.open(otherSealed, reader)).resolves.toMatchObject({ erased: false, fields: { name: '钱七' } });
      });

      it('keeps who, when and why, and no key material or fingerprint', async () => {
        const { rows } = await fixture.client.query('SELECT * FROM vault_person_keys WHERE person_ref = $1', [personRef]);
        expect(rows[0]).toMatchObject({ wrapped_key: null, destroy_reason: '保存期限届满 (PIPL 第四十七条)', destroyed_by: officer });
        expect(new Date(rows[0].destroyed_at).toISOString()).toBe('2025-06-30T08:00:00.000Z');
        await expect(vault.findPersonByResidentId(residentId)).resolves.toBeNull();
      });

      it('is idempotent: a second call reports the first destruction', async () => {
        now = new Date('2025-07-01T00:00:00Z');
        const again = await vault.destroyKey(personRef, { reason: 'again', actor: { ...officer, id: 'someone-else' } });
        expect(again).toMatchObject({ alreadyDestroyed: true, destroyedAt: '2025-06-30T08:00:00.000Z', destroyedBy: officer });
      });

      it('refuses to seal anything new for an erased person', async () => {
        await expect(vault.seal(personRef, { name: '赵六' })).rejects.toMatchObject({ code: 'PERSON_ERASED', status: 409 });
      });

      it('lets a person register again with the number once the old record is erased', async () => {
        const fresh = await vault.registerPerson({ residentId });
        expect(fresh).not.toBe(personRef);
        await expect(vault.findPersonByResidentId(residentId)).resolves.toBe(fresh);
      });

      it('needs a reason and a known person', async () => {
        await expect(vault.destroyKey(otherRef, { reason: '  ', actor: officer })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
        await expect(vault.destroyKey('00000000-0000-4000-8000-000000000000', { reason: 'x', actor: officer })).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND', status: 404 });
        await expect(vault.destroyKey('not-a-uuid', { reason: 'x', actor: officer })).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
      });

      it('concurrent destroyKey calls destroy once', async () => {
        const ref = await vault.registerPerson();
        const results = await Promise.all(Array.from({ length: 5 }, (_, i) => vault.destroyKey(ref, { reason: `r${i}`, actor: officer })));
        expect(results.filter((r) => !r.alreadyDestroyed)).toHaveLength(1);
        expect(new Set(results.map((r) => r.reason)).size).toBe(1);
      });
    });

    describe('fingerprintsOf (cross-division matching without the number)', () => {
      it('gives the 身份证号 fingerprint of each person registered with one, by personRef, in one statement', async () => {
        const idA = newResidentId();
        const idB = newResidentId();
        const a = await vault.registerPerson({ residentId: idA });
        const b = await vault.registerPerson({ residentId: idB });
        const noId = await vault.registerPerson({ name: '无证件' });
        const unknown = '00000000-0000-4000-8000-00000000beef';
        const statements: string[] = [];
        const counting = { query: (text: string, params?: unknown[]) => (statements.push(text), fixture.client.query(text, params)) };
        const { PersonalDataVault } = await import('./personal-data-vault');
        const { VaultKeyStore } = await import('./vault-key-store');
        const spied = new PersonalDataVault(new VaultKeyStore(counting), keys);
        const found = await spied.fingerprintsOf([a, b.toUpperCase(), noId, unknown, 'not-a-uuid', a]);
        expect(statements).toHaveLength(1);
        expect(found).toEqual(new Map([[a, vault.residentIdFingerprint(idA)], [b, vault.residentIdFingerprint(idB)]]));
        expect(vault.residentIdFingerprint(idA)).not.toBe(vault.residentIdFingerprint(idB));
        await expect(vault.fingerprintsOf([])).resolves.toEqual(new Map());
      });

      it('has none for an erased person', async () => {
        const ref = await vault.registerPerson({ residentId: newResidentId() });
        expect((await vault.fingerprintsOf([ref])).size).toBe(1);
        await vault.destroyKey(ref, { reason: '依法删除（测试）', actor: officer });
        await expect(vault.fingerprintsOf([ref])).resolves.toEqual(new Map());
      });

      it('is the same value another vault with the same index key computes, and differs under another key', async () => {
        const residentId = newResidentId();
        const ref = await vault.registerPerson({ residentId });
        const { PersonalDataVault } = await import('./personal-data-vault');
        const { VaultKeyStore } = await import('./vault-key-store');
        const sameIndex = new PersonalDataVault(new VaultKeyStore(fixture.client), { masterKey: keys.masterKey, indexKey: keys.indexKey });
        const otherIndex = new PersonalDataVault(new VaultKeyStore(fixture.client), { masterKey: keys.masterKey, indexKey: generateVaultKeys().indexKey });
        expect((await vault.fingerprintsOf([ref])).get(ref)).toBe(sameIndex.residentIdFingerprint(residentId));
        expect(otherIndex.residentIdFingerprint(residentId)).not.toBe(vault.residentIdFingerprint(residentId));
      });
    });

    describe('keyedFingerprint (e.g. bank account numbers)', () => {
      it('is a stable keyed hash per domain, distinct across domains and from the 身份证号 fingerprint', () => {
        const account = '6217000012341234';
        const fp = vault.keyedFingerprint('bank-account', account);
        expect(fp).toMatch(/^[0-9a-f]{64}$/);
        expect(vault.keyedFingerprint('bank-account', account)).toBe(fp);
        expect(vault.keyedFingerprint('bank-account', '6217000012341235')).not.toBe(fp);
        expect(vault.keyedFingerprint('phone', account)).not.toBe(fp);
        const residentId = newResidentId();
        expect(vault.keyedFingerprint('resident-id-copy', residentId)).not.toBe(vault.residentIdFingerprint(residentId));
        expect(fp).not.toContain(account);
      });

      it('depends on the index key', async () => {
        const { PersonalDataVault } = await import('./personal-data-vault');
        const { VaultKeyStore } = await import('./vault-key-store');
        const other = new PersonalDataVault(new VaultKeyStore(fixture.client), generateVaultKeys());
        expect(other.keyedFingerprint('bank-account', '6217000012341234')).not.toBe(vault.keyedFingerprint('bank-account', '6217000012341234'));
      });

      it("refuses a malformed domain and the 身份证号 fingerprint's own domain", () => {
        for (const domain of ['resident-id', '', 'Bank', '1bank', 'bank account', 'b'.repeat(41)]) {
          expect(() => vault.keyedFingerprint(domain, 'x')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
        }
      });
    });

    describe('personal-data access log', () => {
      const clerk = { id: 'clerk-log-1', role: 'finance_clerk', divisionCode: '330402' } as Actor;
      const prefecture = { id: 'officer-log-2', role: 'case_officer', divisionCode: '330400' } as Actor;
      const elsewhere = { id: 'officer-log-3', role: 'case_officer', divisionCode: '110105' } as Actor;

      it('records who read whose data, when, why and in which request', async () => {
        now = new Date('2025-08-01T01:02:03.456Z');
        const personRef = await vault.registerPerson();
        const sealed = await vault.seal(personRef, { name: '周九' });
        await vault.open(sealed, { actor: clerk, purpose: 'account-maintenance', correlationId: 'corr-log-1' });
        const page = await vault.listAccessLog({ personRef });
        expect(page).toEqual({
          items: [
            {
              seq: expect.stringMatching(/^\d+$/),
              accessedAt: '2025-08-01T01:02:03.456Z',
              actor: clerk,
              personRef,
              purpose: 'account-maintenance',
              correlationId: 'corr-log-1',
              records: 1,
              erased: false,
              prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
              hash: expect.stringMatching(/^[0-9a-f]{64}$/),
            },
          ],
          nextCursor: null,
        });
        expect(JSON.stringify(await rowsOf('vault_access_log'))).not.toContain('周九');
      });

      it('logs openMany with one row per person (with their number of records) in one statement', async () => {
        const a = await vault.registerPerson();
        const b = await vault.registerPerson();
        const c = await vault.registerPerson();
        const records = [await vault.seal(a, { n: '1' }), await vault.seal(b, { n: '2' }), await vault.seal(a, { n: '3' }), await vault.seal(c, { n: '4' })];
        await vault.destroyKey(c, { reason: '依法删除（测试）', actor: officer });
        const statements: string[] = [];
        const counting = { query: (text: string, params?: unknown[]) => (statements.push(text), fixture.client.query(text, params)) };
        const { PersonalDataVault } = await import('./personal-data-vault');
        const { VaultKeyStore } = await import('./vault-key-store');
        const spied = new PersonalDataVault(new VaultKeyStore(counting), keys, { now: () => now });
        await spied.openMany(records, { actor: clerk, purpose: 'bank-file-export', correlationId: 'corr-export-7' });
        expect(statements.filter((text) => text.includes('vault_access_log') || text.includes('vault_append_access'))).toHaveLength(1);
        expect(statements).toHaveLength(2); // the key lookup and the log
        const logged = (await vault.listAccessLog({ actorId: clerk.id, limit: 3 })).items;
        expect(logged.map((e) => [e.personRef, e.records, e.erased, e.purpose, e.correlationId])).toEqual([
          [c, 1, true, 'bank-file-export', 'corr-export-7'],
          [b, 1, false, 'bank-file-export', 'corr-export-7'],
          [a, 2, false, 'bank-file-export', 'corr-export-7'],
        ]);
      });

      it('makes a read without a reader and a known purpose impossible: refused, nothing opened or logged', async () => {
        const personRef = await vault.registerPerson();
        const sealed = await vault.seal(personRef, { name: '吴十' });
        const refused = [
          undefined,
          {},
          { actor: clerk },
          { actor: clerk, purpose: 'curiosity' },
          { actor: { ...clerk, id: '' }, purpose: 'case-handling' },
          { actor: { ...clerk, divisionCode: '99' }, purpose: 'case-handling' },
          { actor: clerk, purpose: 'case-handling', correlationId: 42 },
        ];
        for (const access of refused) {
          await expect(vault.open(sealed, access as unknown as PersonalDataAccess)).rejects.toMatchObject({ code: 'ACCESS_PURPOSE_INVALID', status: 400 });
          await expect(vault.openMany([sealed], access as unknown as PersonalDataAccess)).rejects.toMatchObject({ code: 'ACCESS_PURPOSE_INVALID' });
        }
        expect((await vault.listAccessLog({ personRef })).items).toEqual([]);
      });

      it('logs nothing when the read fails', async () => {
        const personRef = await vault.registerPerson();
        const good = await vault.seal(personRef, { name: '郑一' });
        await expect(vault.openMany([good, { ...good, personRef: '00000000-0000-4000-8000-000000000001' }], reader)).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
        await expect(vault.open({ ...good, ct: good.ct.slice(0, -2) + (good.ct.endsWith('AA') ? 'BA' : 'AA') }, reader)).rejects.toMatchObject({ code: 'VAULT_INTEGRITY_FAILURE' });
        expect((await vault.listAccessLog({ personRef })).items).toEqual([]);
      });

      it('lists by reader division (and those under it) and period, newest first, a page at a time', async () => {
        const personRef = await vault.registerPerson();
        const sealed = await vault.seal(personRef, { name: '冯二' });
        const times = ['2025-09-01T00:00:00.000Z', '2025-09-02T00:00:00.000Z', '2025-09-03T00:00:00.000Z', '2025-09-04T00:00:00.000Z', '2025-09-05T00:00:00.000Z'];
        const readers = [clerk, prefecture, elsewhere, clerk, prefecture];
        for (let i = 0; i < times.length; i++) {
          now = new Date(times[i]);
          await vault.open(sealed, { actor: readers[i], purpose: 'case-handling' });
        }
        const all = await vault.listAccessLog({ personRef });
        expect(all.items.map((e) => e.accessedAt)).toEqual([...times].reverse());
        expect(all.items[0].correlationId).toBeNull();

        const inPrefecture = await vault.listAccessLog({ personRef, actorDivisionWithin: '330400' });
        expect(inPrefecture.items.map((e) => e.actor.id)).toEqual([prefecture.id, clerk.id, prefecture.id, clerk.id]);
        const inProvince = await vault.listAccessLog({ personRef, actorDivisionWithin: '330000' });
        expect(inProvince.items).toHaveLength(4);
        const inCounty = await vault.listAccessLog({ personRef, actorDivisionWithin: '330402' });
        expect(inCounty.items.map((e) => e.actor.id)).toEqual([clerk.id, clerk.id]);
        const beijing = await vault.listAccessLog({ personRef, actorDivisionWithin: '110000' });
        expect(beijing.items.map((e) => e.actor.id)).toEqual([elsewhere.id]);

        const window = await vault.listAccessLog({ personRef, from: new Date(times[1]), to: new Date(times[3]) });
        expect(window.items.map((e) => e.accessedAt)).toEqual([times[2], times[1]]);

        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: Awaited<ReturnType<PersonalDataVault['listAccessLog']>> = await vault.listAccessLog({ personRef, limit: 2, cursor });
          seen.push(...page.items.map((e) => e.seq));
          cursor = page.nextCursor;
          pages += 1;
        } while (cursor !== null);
        expect(pages).toBe(3);
        expect(seen).toEqual(all.items.map((e) => e.seq));
      });

      it('refuses a malformed listing query', async () => {
        for (const query of [{ personRef: 'x' }, { actorDivisionWithin: '12' }, { limit: 0 }, { limit: 1001 }, { cursor: 'abc' }, { from: new Date('nope') }]) {
          await expect(vault.listAccessLog(query)).rejects.toMatchObject({ code: 'ACCESS_LOG_QUERY_INVALID', status: 400 });
        }
      });

      it('is one hash chain: concurrent reads keep it intact, an edited or removed row is found', async () => {
        const personRef = await vault.registerPerson();
        const sealed = await vault.seal(personRef, { name: '陈三' });
        await Promise.all(Array.from({ length: 8 }, (_, i) => vault.open(sealed, { actor: clerk, purpose: 'case-handling', correlationId: `c-${i}` })));
        const intact = await vault.verifyAccessLog();
        expect(intact).toMatchObject({ ok: true });
        const [newest, previous] = (await vault.listAccessLog({ personRef, limit: 2 })).items;
        expect(newest.prevHash).toBe(previous.hash);
        if (!intact.ok) return;
        expect(intact.head).toBe(newest.hash);

        await fixture.client.query("UPDATE vault_access_log SET purpose = 'audit-review' WHERE seq = $1", [previous.seq]);
        await expect(vault.verifyAccessLog()).resolves.toMatchObject({ ok: false, brokenAt: previous.seq, reason: 'hash' });
        await fixture.client.query("UPDATE vault_access_log SET purpose = 'case-handling' WHERE seq = $1", [previous.seq]);
        await expect(vault.verifyAccessLog()).resolves.toMatchObject({ ok: true });

        const { rows } = await fixture.client.query('DELETE FROM vault_access_log WHERE seq = $1 RETURNING *', [previous.seq]);
        await expect(vault.verifyAccessLog()).resolves.toMatchObject({ ok: false, brokenAt: newest.seq, reason: 'prevHash' });
        const r = rows[0];
        await fixture.client.query(
          'INSERT INTO vault_access_log (seq, accessed_at, actor_id, actor_role, actor_division, person_ref, purpose, correlation_id, records, erased, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)',
          [r.seq, r.accessed_at, r.actor_id, r.actor_role, r.actor_division, r.person_ref, r.purpose, r.correlation_id, r.records, r.erased, r.prev_hash, r.hash],
        );
        await expect(vault.verifyAccessLog()).resolves.toMatchObject({ ok: true });
      });
    });

    describe('keys and integrity', () => {
      it('refuses to open with a different master key (typed error, also at start-up)', async () => {
        const personRef = await vault.registerPerson();
        const sealed = await vault.seal(personRef, { name: '孙八' });
        const wrongKeys = { ...generateVaultKeys(), indexKey: keys.indexKey };
        await expect(openPersonalDataVault({ client: fixture.client, keys: wrongKeys })).rejects.toMatchObject({ code: 'VAULT_MASTER_KEY_MISMATCH' });
        const { PersonalDataVault } = await import('./personal-data-vault');
        const { VaultKeyStore } = await import('./vault-key-store');
        const wrongVault = new PersonalDataVault(new VaultKeyStore(fixture.client), wrongKeys);
        await expect(wrongVault.open(sealed, reader)).rejects.toMatchObject({ code: 'VAULT_MASTER_KEY_MISMATCH' });
        await expect(wrongVault.seal(personRef, { name: 'x' })).rejects.toMatchObject({ code: 'VAULT_MASTER_KEY_MISMATCH' });
      });

      it('detects a tampered ciphertext and a ciphertext moved to another person', async () => {
        const a = await vault.registerPerson();
        const b = await vault.registerPerson();
        const sealed = await vault.seal(a, { bankAccount: '6217000000000000001' });
        const flipped = Buffer.from(sealed.ct, 'base64url');
        flipped[0] ^= 1;
        await expect(vault.open({ ...sealed, ct: flipped.toString('base64url') }, reader)).rejects.toMatchObject({ code: 'VAULT_INTEGRITY_FAILURE' });
        await expect(vault.open({ ...sealed, personRef: b }, reader)).rejects.toMatchObject({ code: 'VAULT_INTEGRITY_FAILURE' });
      });

      it('refuses sealed data that is not well-formed', async () => {
        await expect(vault.open({ personRef: 'x' } as unknown as SealedPersonalData, reader)).rejects.toMatchObject({ code: 'SEALED_DATA_INVALID' });
        await expect(vault.open({ personRef: '00000000-0000-4000-8000-000000000000', keyVersion: 1, alg: 'A256GCM', iv: 'AA', tag: 'AA', ct: 'AA' }, reader)).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
      });

      it('migrates idempotently and keeps working after re-opening', async () => {
        const personRef = await vault.registerPerson();
        const sealed = await vault.seal(personRef, { phone: '13900000000' });
        const reopened = await openPersonalDataVault({ client: fixture.client, keys });
        await expect(reopened.open(sealed, reader)).resolves.toMatchObject({ fields: { phone: '13900000000' } });
      });
    });
  });
}
