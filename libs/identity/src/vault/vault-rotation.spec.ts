import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { openPersonalDataVault, type PersonalDataVault } from './personal-data-vault';
import type { PersonalDataAccess } from './personal-data-access';
import { generateVaultKeys, loadVaultKeys, masterKeyId, type VaultKeys } from './vault-keys';

// Creating a PGlite database takes seconds on a busy machine.
jest.setTimeout(60_000);

const officer = { id: 'officer-1', role: 'case_officer' as const, divisionCode: '330402' };
const reader: PersonalDataAccess = { actor: officer, purpose: 'case-handling' };
const b64 = (key: Buffer) => key.toString('base64');

describe('vault master-key rotation without downtime', () => {
  let db: PGlite;
  const oldKeys = generateVaultKeys();
  const newMaster = generateVaultKeys().masterKey;

  beforeAll(async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    db = await PGlite.create();
  });
  afterAll(async () => {
    await db?.close();
  });

  const open = (keys: VaultKeys) => openPersonalDataVault({ client: db, keys });

  it('keeps sealing and opening while the data keys are re-wrapped, then needs only the new key', async () => {
    const before = await open(oldKeys);
    const records: { personRef: string; sealed: Awaited<ReturnType<PersonalDataVault['seal']>>; name: string }[] = [];
    for (let i = 0; i < 25; i++) {
      const personRef = await before.registerPerson({ name: `样例${i}` });
      records.push({ personRef, sealed: await before.seal(personRef, { name: `样例${i}` }), name: `样例${i}` });
    }

    // Step 1 of the roll-out: every instance accepts the new key, still wraps with the old one.
    const accepting = await open({ ...oldKeys, previousMasterKeys: [newMaster] });
    // Step 2: instances switch to the new key, keeping the old one to open what it wrapped.
    const rotated = await open({ masterKey: newMaster, indexKey: oldKeys.indexKey, previousMasterKeys: [oldKeys.masterKey] });
    expect(rotated.masterKeyId).toBe(masterKeyId(newMaster));

    // Step 3: re-wrap in small batches while both kinds of instance keep writing and reading.
    let serving = true;
    const served = { writes: 0, reads: 0 };
    const traffic = (vault: PersonalDataVault, tag: string) =>
      (async () => {
        for (let i = 0; serving || i < 3; i++) {
          const name = `${tag}-${i}`;
          const personRef = await vault.registerPerson({ name });
          const sealed = await vault.seal(personRef, { name });
          records.push({ personRef, sealed, name });
          served.writes += 1;
          for (const record of [records[i % records.length]!, records[records.length - 1]!]) {
            await expect(vault.open(record.sealed, reader)).resolves.toMatchObject({ erased: false, fields: { name: record.name } });
            served.reads += 1;
          }
        }
      })();
    const running = [traffic(rotated, 'new'), traffic(accepting, 'old')];
    let result: Awaited<ReturnType<PersonalDataVault['rewrapDataKeys']>>;
    try {
      result = await rotated.rewrapDataKeys({ batchSize: 4 });
    } finally {
      serving = false;
    }
    await Promise.all(running);
    expect(served.writes).toBeGreaterThanOrEqual(6);
    // What the old-key instance wrapped during the run is moved by a second pass (after step 2 is complete everywhere).
    const second = await rotated.rewrapDataKeys({ batchSize: 4 });
    expect(result.rewrapped + second.rewrapped).toBeGreaterThanOrEqual(25);
    expect(second.remaining).toEqual({});
    expect((await rotated.masterKeyUsage()).wrappedKeys).toEqual({ [masterKeyId(newMaster)]: records.length });

    // Step 4: the old key is dropped; every record still opens, the sealed data never changed.
    const onlyNew = await open({ masterKey: newMaster, indexKey: oldKeys.indexKey });
    for (const record of records) {
      await expect(onlyNew.open(record.sealed, reader)).resolves.toMatchObject({ erased: false, personRef: record.personRef, fields: { name: record.name } });
    }
    // A process still configured with only the old key refuses to start instead of failing on reads.
    await expect(open(oldKeys)).rejects.toMatchObject({ code: 'VAULT_MASTER_KEY_MISMATCH' });
  });

  it('leaves an erased person erased (a destroyed key is never re-wrapped)', async () => {
    const keys = { masterKey: newMaster, indexKey: oldKeys.indexKey };
    const vault = await open(keys);
    const personRef = await vault.registerPerson({ name: '待删除' });
    const sealed = await vault.seal(personRef, { name: '待删除' });
    await vault.destroyKey(personRef, { reason: 'test', actor: officer });
    const next = generateVaultKeys().masterKey;
    const rotated = await open({ ...keys, masterKey: next, previousMasterKeys: [newMaster] });
    await rotated.rewrapDataKeys();
    await expect(rotated.open(sealed, reader)).resolves.toMatchObject({ erased: true });
  });
});

describe('vault keys from a key file or the environment', () => {
  const keys = generateVaultKeys();
  const previous = generateVaultKeys().masterKey;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vault-key-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads BENEFITS_VAULT_KEY_FILE in any mode, with previous master keys', async () => {
    const path = join(dir, 'keys.json');
    writeFileSync(path, JSON.stringify({ version: 1, createdAt: '2026-01-01T00:00:00Z', masterKey: b64(keys.masterKey), indexKey: b64(keys.indexKey), previousMasterKeys: [b64(previous)] }), { mode: 0o600 });
    for (const mode of ['production', 'embedded'] as const) {
      const loaded = await loadVaultKeys({ mode, env: { BENEFITS_VAULT_KEY_FILE: path }, dataDir: join(dir, 'data') });
      expect(loaded).toEqual({ masterKey: keys.masterKey, indexKey: keys.indexKey, previousMasterKeys: [previous] });
    }
  });

  it('refuses a missing or malformed key file instead of generating one', async () => {
    await expect(loadVaultKeys({ mode: 'embedded', env: { BENEFITS_VAULT_KEY_FILE: join(dir, 'absent.json') } })).rejects.toMatchObject({ code: 'VAULT_MASTER_KEY_INVALID' });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ version: 1, masterKey: 'short', indexKey: b64(keys.indexKey) }));
    await expect(loadVaultKeys({ mode: 'embedded', env: { BENEFITS_VAULT_KEY_FILE: bad } })).rejects.toMatchObject({ code: 'VAULT_MASTER_KEY_INVALID' });
  });

  it('reads the keys and the previous master keys from the environment', async () => {
    const loaded = await loadVaultKeys({
      mode: 'production',
      env: { BENEFITS_VAULT_MASTER_KEY: b64(keys.masterKey), BENEFITS_VAULT_INDEX_KEY: b64(keys.indexKey), BENEFITS_VAULT_PREVIOUS_MASTER_KEYS: `${b64(previous)}, ${b64(keys.indexKey)}` },
    });
    expect(loaded.previousMasterKeys).toEqual([previous, keys.indexKey]);
  });
});
