import { residentIdCheckChar } from '../resident-id';
import type { Actor } from '../actor';
import { generateVaultKeys, type VaultKeys } from './vault-keys';
import type { VaultSqlClient } from './vault-key-store';
import { openPersonalDataVault, type PersonalDataVault, type SealedPersonalData } from './personal-data-vault';

export interface VaultFixture {
  client: VaultSqlClient;
  dispose(): Promise<void>;
}

const officer: Actor = { id: 'officer-9', role: 'admin', divisionCode: '330402' };

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
      await expect(vault.open(sealed)).resolves.toEqual({ erased: false, personRef, fields });
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
      await expect(vault.open(parsed.data.applicant.personalData)).resolves.toMatchObject({ fields: { residentId } });

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
        const opened = await vault.openMany(records);
        expect(opened).toEqual(await Promise.all(records.map((record) => vault.open(record))));
        expect(opened.map((o) => o.erased)).toEqual([false, false, false, true]);
        expect(opened[2]).toEqual({ erased: false, personRef: a, fields: { holderName: '孙八' } });
        expect(await vault.openMany([])).toEqual([]);
      });

      it('fails like open on an unknown person, a tampered record or a malformed one', async () => {
        const a = await vault.registerPerson();
        const good = await vault.seal(a, { accountNumber: '6217000012341234' });
        const unknown = { ...good, personRef: '00000000-0000-4000-8000-000000000000' };
        await expect(vault.openMany([good, unknown])).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
        const tampered = { ...good, ct: good.ct.slice(0, -2) + (good.ct.endsWith('AA') ? 'BA' : 'AA') };
        await expect(vault.openMany([tampered])).rejects.toMatchObject({ code: 'VAULT_INTEGRITY_FAILURE' });
        await expect(vault.openMany([{ ...good, alg: 'none' } as unknown as SealedPersonalData])).rejects.toMatchObject({ code: 'SEALED_DATA_INVALID' });
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
        await expect(vault.open(sealed)).resolves.toEqual({ erased: true, personRef, erasedAt: '2025-06-30T08:00:00.000Z' });
        await expect(vault.open(otherSealed)).resolves.toMatchObject({ erased: false, fields: { name: '钱七' } });
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

    describe('keys and integrity', () => {
      it('refuses to open with a different master key (typed error, also at start-up)', async () => {
        const personRef = await vault.registerPerson();
        const sealed = await vault.seal(personRef, { name: '孙八' });
        const wrongKeys = { ...generateVaultKeys(), indexKey: keys.indexKey };
        await expect(openPersonalDataVault({ client: fixture.client, keys: wrongKeys })).rejects.toMatchObject({ code: 'VAULT_MASTER_KEY_MISMATCH' });
        const { PersonalDataVault } = await import('./personal-data-vault');
        const { VaultKeyStore } = await import('./vault-key-store');
        const wrongVault = new PersonalDataVault(new VaultKeyStore(fixture.client), wrongKeys);
        await expect(wrongVault.open(sealed)).rejects.toMatchObject({ code: 'VAULT_MASTER_KEY_MISMATCH' });
        await expect(wrongVault.seal(personRef, { name: 'x' })).rejects.toMatchObject({ code: 'VAULT_MASTER_KEY_MISMATCH' });
      });

      it('detects a tampered ciphertext and a ciphertext moved to another person', async () => {
        const a = await vault.registerPerson();
        const b = await vault.registerPerson();
        const sealed = await vault.seal(a, { bankAccount: '6217000000000000001' });
        const flipped = Buffer.from(sealed.ct, 'base64url');
        flipped[0] ^= 1;
        await expect(vault.open({ ...sealed, ct: flipped.toString('base64url') })).rejects.toMatchObject({ code: 'VAULT_INTEGRITY_FAILURE' });
        await expect(vault.open({ ...sealed, personRef: b })).rejects.toMatchObject({ code: 'VAULT_INTEGRITY_FAILURE' });
      });

      it('refuses sealed data that is not well-formed', async () => {
        await expect(vault.open({ personRef: 'x' } as unknown as SealedPersonalData)).rejects.toMatchObject({ code: 'SEALED_DATA_INVALID' });
        await expect(vault.open({ personRef: '00000000-0000-4000-8000-000000000000', keyVersion: 1, alg: 'A256GCM', iv: 'AA', tag: 'AA', ct: 'AA' })).rejects.toMatchObject({ code: 'PERSON_NOT_FOUND' });
      });

      it('migrates idempotently and keeps working after re-opening', async () => {
        const personRef = await vault.registerPerson();
        const sealed = await vault.seal(personRef, { phone: '13900000000' });
        const reopened = await openPersonalDataVault({ client: fixture.client, keys });
        await expect(reopened.open(sealed)).resolves.toMatchObject({ fields: { phone: '13900000000' } });
      });
    });
  });
}
