import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../actor';
import { IdentityErrors } from '../errors';
import { requireValidResidentId } from '../resident-id';
import { masterKeyId, type VaultKeys } from './vault-keys';
import { VaultKeyStore, type VaultSqlClient } from './vault-key-store';
import {
  assertAccess,
  normaliseAccessLogQuery,
  type AccessLogPage,
  type AccessLogQuery,
  type AccessLogVerdict,
  type NewAccessLogEntry,
  type PersonalDataAccess,
} from './personal-data-access';

import { isSealedPersonalData, type SealedPersonalData } from './sealed-personal-data';

export * from './personal-data-access';

export { isSealedPersonalData, type SealedPersonalData } from './sealed-personal-data';

export type PersonalFields = Record<string, string>;

/** What `open` gives: the fields, or — after crypto-shredding — the fact that they were erased. */
export type OpenedPersonalData =
  | { erased: false; personRef: string; fields: PersonalFields }
  | { erased: true; personRef: string; erasedAt: string };

export interface KeyDestruction {
  personRef: string;
  destroyedAt: string;
  destroyedBy: Actor;
  reason: string;
  /** True when the key had been destroyed by an earlier call; nothing changed this time. */
  alreadyDestroyed: boolean;
}

const ALG = 'A256GCM';
const KEY_VERSION = 1;
const PADDING_BLOCK = 64;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const b64 = (bytes: Buffer) => bytes.toString('base64url');
const unb64 = (text: string) => Buffer.from(text, 'base64url');

// Associated data binds a ciphertext to its person and key version, and a wrapped key to its
// person: swapping either between persons fails authentication instead of decrypting.
const sealedAad = (personRef: string, keyVersion: number) => Buffer.from(`benefits/vault/sealed/v1|${personRef}|${keyVersion}`);
const wrapAad = (personRef: string, keyVersion: number) => Buffer.from(`benefits/vault/data-key/v1|${personRef}|${keyVersion}`);

function encrypt(key: Buffer, plaintext: Buffer, aad: Buffer): { iv: Buffer; tag: Buffer; ct: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ct };
}

/** @returns the plaintext, or null when authentication fails. */
function decrypt(key: Buffer, parts: { iv: Buffer; tag: Buffer; ct: Buffer }, aad: Buffer): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, parts.iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(parts.tag);
    return Buffer.concat([decipher.update(parts.ct), decipher.final()]);
  } catch {
    return null;
  }
}

function assertFields(fields: unknown): asserts fields is PersonalFields {
  const ok =
    typeof fields === 'object' && fields !== null && !Array.isArray(fields) &&
    Object.entries(fields).every(([name, value]) => name !== '' && typeof value === 'string');
  if (!ok) {
    throw IdentityErrors.INVALID_ARGUMENT('个人信息字段应为“字段名 → 文本”', 'personal fields must map field names to strings');
  }
}


export interface PersonalDataVaultOptions {
  /** The current time, for creation and destruction records; tests pass a fixed clock. */
  now?: () => Date;
}

/**
 * Per-person data keys and envelope encryption (architecture §3, ADR 0003). A person is known by a
 * random `personRef`; their fields are sealed under their own data key, which is wrapped by the
 * master key and stored in `vault_person_keys`. Destroying the data key (PIPL art. 47) makes every
 * sealed record of that person unreadable for good, while the streams that carry them stay intact
 * and readable: `open` reports such records as erased.
 *
 * Deciding who may destroy a key, and recording that as a business event, is the calling service's
 * job; the vault records who, when and why alongside the key.
 */
export class PersonalDataVault {
  private readonly kekId: string;
  /** Every master key this vault can unwrap with, by id: the current one and those it replaced. */
  private readonly keks: Map<string, Buffer>;
  private readonly now: () => Date;

  constructor(
    private readonly store: VaultKeyStore,
    private readonly keys: VaultKeys,
    options: PersonalDataVaultOptions = {},
  ) {
    this.kekId = masterKeyId(keys.masterKey);
    this.keks = new Map([...(keys.previousMasterKeys ?? []).map((k) => [masterKeyId(k), k] as const), [this.kekId, keys.masterKey]]);
    this.now = options.now ?? (() => new Date());
  }

  /** The id of the master key new data keys are wrapped with. */
  get masterKeyId(): string {
    return this.kekId;
  }

  /**
   * HMAC-SHA256 of a valid 身份证号 under the index key (hex): finds a person again without storing
   * the number. Upper-case X, so `…x` and `…X` match.
   */
  residentIdFingerprint(residentId: string): string {
    const id = requireValidResidentId(residentId).residentId;
    return createHmac('sha256', this.keys.indexKey).update(`resident-id/v1|${id}`).digest('hex');
  }

  /**
   * The 身份证号 fingerprints (see `residentIdFingerprint`) of these persons, by personRef: audit
   * matches one person across divisions on them without anyone reading the number. A person
   * registered without a 身份证号, unknown or erased has none. One statement for all.
   */
  async fingerprintsOf(personRefs: readonly string[]): Promise<Map<string, string>> {
    const refs = [...new Set(personRefs.map((ref) => ref.toLowerCase()))].filter((ref) => UUID.test(ref));
    return this.store.fingerprintsOf(refs);
  }

  /**
   * A keyed hash (HMAC-SHA256 under the index key, hex) of another identifier — e.g. a bank account
   * number — within a named domain, so two records can be matched on it (one account paid for
   * unrelated households) without the identifier being stored or shown. Different domains never
   * collide with each other or with `residentIdFingerprint`.
   */
  keyedFingerprint(domain: string, value: string): string {
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(domain) || domain === 'resident-id') {
      throw IdentityErrors.INVALID_ARGUMENT('指纹用途名称无效', 'invalid fingerprint domain');
    }
    return createHmac('sha256', this.keys.indexKey).update(`${domain}/v1|${value}`).digest('hex');
  }

  /**
   * Creates a person with a fresh data key. If `fields.residentId` is present it must be a valid
   * 身份证号 and becomes searchable through `findPersonByResidentId`; a second registration with the
   * same number is refused (PERSON_ALREADY_REGISTERED, with the existing personRef). The fields are
   * not stored: seal them with `seal` and put the result in an event.
   */
  async registerPerson(fields: PersonalFields = {}): Promise<string> {
    assertFields(fields);
    const fingerprint = fields.residentId === undefined ? undefined : this.residentIdFingerprint(fields.residentId);
    const personRef = randomUUID();
    const dataKey = randomBytes(32);
    const wrappedKey = this.wrap(personRef, dataKey, KEY_VERSION);
    dataKey.fill(0);
    const inserted = await this.store.insertPerson({
      personRef,
      wrappedKey,
      keyVersion: KEY_VERSION,
      createdAt: this.now(),
      fingerprint,
    });
    if (!inserted) {
      const existing = fingerprint === undefined ? null : await this.store.findByFingerprint(fingerprint);
      throw IdentityErrors.PERSON_ALREADY_REGISTERED(existing ?? 'unknown');
    }
    return personRef;
  }

  /** The person registered with this 身份证号, if any (and not erased). */
  async findPersonByResidentId(residentId: string): Promise<string | null> {
    return this.store.findByFingerprint(this.residentIdFingerprint(residentId));
  }

  /** Encrypts one record of a person's fields under their data key. */
  async seal(personRef: string, fields: PersonalFields): Promise<SealedPersonalData> {
    assertFields(fields);
    const key = await this.dataKey(personRef);
    if (key === 'erased') throw IdentityErrors.PERSON_ERASED(personRef);
    // Sorted keys for a stable plaintext; padded so the ciphertext length does not tell a
    // two-character name from a four-character one.
    const json = JSON.stringify(Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
    const length = Buffer.byteLength(json);
    const padded = Buffer.alloc(Math.ceil((length + 1) / PADDING_BLOCK) * PADDING_BLOCK, ' ');
    padded.write(json);
    const sealed = encrypt(key.bytes, padded, sealedAad(personRef, key.version));
    key.bytes.fill(0);
    return { personRef, keyVersion: key.version, alg: ALG, iv: b64(sealed.iv), tag: b64(sealed.tag), ct: b64(sealed.ct) };
  }

  /**
   * Decrypts a sealed record for `access` (who reads and why; required, ACCESS_PURPOSE_INVALID
   * otherwise). The read is appended to the access log before the fields are returned; if that
   * fails, nothing is returned. A record whose key was destroyed opens as `{ erased: true }` —
   * never an error, so replaying a stream keeps working after crypto-shredding — and is logged as an
   * erased read.
   */
  async open(sealed: SealedPersonalData, access: PersonalDataAccess): Promise<OpenedPersonalData> {
    assertAccess(access);
    if (!isSealedPersonalData(sealed)) throw IdentityErrors.SEALED_DATA_INVALID();
    const { personRef } = sealed;
    const row = await this.store.get(personRef);
    if (!row) throw IdentityErrors.PERSON_NOT_FOUND(personRef);
    let opened: OpenedPersonalData;
    if (row.destruction) opened = { erased: true, personRef, erasedAt: row.destruction.destroyedAt.toISOString() };
    else {
      if (sealed.keyVersion !== row.keyVersion) throw IdentityErrors.SEALED_DATA_INVALID({ personRef, reason: 'unknown key version' });
      const key = this.unwrap(row.personRef, row.wrappedKey as string, row.keyVersion);
      const plaintext = decrypt(key, { iv: unb64(sealed.iv), tag: unb64(sealed.tag), ct: unb64(sealed.ct) }, sealedAad(personRef, sealed.keyVersion));
      key.fill(0);
      if (plaintext === null) throw IdentityErrors.VAULT_INTEGRITY_FAILURE({ personRef, what: 'sealed data' });
      opened = { erased: false, personRef, fields: JSON.parse(plaintext.toString('utf8')) as PersonalFields };
    }
    await this.store.appendAccess([this.accessEntry(access, personRef, 1, opened.erased)]);
    return opened;
  }

  /**
   * Opens many sealed records at once, with one key lookup for all their persons (a bank file of
   * thousands of beneficiaries): the same answers as `open` on each, in the same order. Each
   * person's data key is unwrapped once however many of their records are given. Fails like `open`
   * (SEALED_DATA_INVALID, PERSON_NOT_FOUND, VAULT_INTEGRITY_FAILURE) on the first record that does,
   * logging nothing. The reads are logged with one row per person (with the number of their
   * records) in one statement.
   */
  async openMany(sealed: readonly SealedPersonalData[], access: PersonalDataAccess): Promise<OpenedPersonalData[]> {
    assertAccess(access);
    for (const record of sealed) if (!isSealedPersonalData(record)) throw IdentityErrors.SEALED_DATA_INVALID();
    const refs = [...new Set(sealed.map((record) => record.personRef.toLowerCase()))];
    const rows = new Map((await this.store.getMany(refs)).map((row) => [row.personRef.toLowerCase(), row]));
    const keys = new Map<string, Buffer>();
    let opened: OpenedPersonalData[];
    try {
      opened = sealed.map((record) => {
        const { personRef } = record;
        const row = rows.get(personRef.toLowerCase());
        if (!row) throw IdentityErrors.PERSON_NOT_FOUND(personRef);
        if (row.destruction) return { erased: true as const, personRef, erasedAt: row.destruction.destroyedAt.toISOString() };
        if (record.keyVersion !== row.keyVersion) throw IdentityErrors.SEALED_DATA_INVALID({ personRef, reason: 'unknown key version' });
        let key = keys.get(row.personRef);
        if (!key) {
          key = this.unwrap(row.personRef, row.wrappedKey as string, row.keyVersion);
          keys.set(row.personRef, key);
        }
        const plaintext = decrypt(key, { iv: unb64(record.iv), tag: unb64(record.tag), ct: unb64(record.ct) }, sealedAad(personRef, record.keyVersion));
        if (plaintext === null) throw IdentityErrors.VAULT_INTEGRITY_FAILURE({ personRef, what: 'sealed data' });
        return { erased: false as const, personRef, fields: JSON.parse(plaintext.toString('utf8')) as PersonalFields };
      });
    } finally {
      for (const key of keys.values()) key.fill(0);
    }
    const perPerson = new Map<string, { records: number; erased: boolean }>();
    for (const record of opened) {
      const ref = record.personRef.toLowerCase();
      const seen = perPerson.get(ref);
      if (seen) seen.records += 1;
      else perPerson.set(ref, { records: 1, erased: record.erased });
    }
    await this.store.appendAccess([...perPerson].map(([personRef, { records, erased }]) => this.accessEntry(access, personRef, records, erased)));
    return opened;
  }

  /**
   * A page of the personal-data access log, newest first, filtered by person, reader, the reader's
   * division (and those under it) and time. Reads only the log's metadata — no personal data, and
   * it is not itself logged. Keyset pagination: pass `nextCursor` back as `cursor`.
   */
  async listAccessLog(query: AccessLogQuery = {}): Promise<AccessLogPage> {
    return this.store.listAccess(normaliseAccessLogQuery(query));
  }

  /** Recomputes the access log's hash chain from its first row; reports the first row that does not match. */
  async verifyAccessLog(): Promise<AccessLogVerdict> {
    return this.store.verifyAccess();
  }

  /**
   * Crypto-shredding (PIPL art. 47): destroys the person's data key and fingerprint, recording who,
   * when and why. Idempotent: a second call changes nothing and reports the first destruction.
   */
  async destroyKey(personRef: string, request: { reason: string; actor: Actor }): Promise<KeyDestruction> {
    if (typeof request.reason !== 'string' || request.reason.trim() === '') {
      throw IdentityErrors.INVALID_ARGUMENT('删除个人信息必须说明理由', 'a reason is required to erase personal data', { field: 'reason' });
    }
    if (!UUID.test(personRef)) throw IdentityErrors.PERSON_NOT_FOUND(personRef);
    const { id, role, divisionCode } = request.actor;
    const result = await this.store.destroy(personRef, {
      destroyedAt: this.now(),
      destroyedBy: { id, role, divisionCode },
      reason: request.reason.trim(),
    });
    if (!result) throw IdentityErrors.PERSON_NOT_FOUND(personRef);
    const destruction = result.row.destruction!;
    return {
      personRef,
      destroyedAt: destruction.destroyedAt.toISOString(),
      destroyedBy: destruction.destroyedBy,
      reason: destruction.reason,
      alreadyDestroyed: result.alreadyDestroyed,
    };
  }

  /**
   * Fails with VAULT_MASTER_KEY_MISMATCH if stored keys were wrapped by a master key this vault
   * does not have (neither the current one nor one of the previous ones).
   */
  async checkMasterKey(): Promise<void> {
    const counts = await this.store.wrappedKeyCounts();
    const unknown = Object.keys(counts).filter((id) => !this.keks.has(id));
    if (unknown.length > 0) {
      throw IdentityErrors.VAULT_MASTER_KEY_MISMATCH({ storedKeyId: unknown[0], configuredKeyId: this.kekId, knownKeyIds: [...this.keks.keys()] });
    }
  }

  /** How many data keys each master key wraps (destroyed keys excluded): a rotation is done when only the current id is left. */
  async masterKeyUsage(): Promise<{ current: string; wrappedKeys: Record<string, number> }> {
    return { current: this.kekId, wrappedKeys: await this.store.wrappedKeyCounts() };
  }

  /**
   * Master-key rotation (docs/operations/vault-keys.md): re-wraps every data key still wrapped by a
   * previous master key under the current one, in batches. Personal data is not re-encrypted (the
   * data keys do not change), so sealed records in events stay valid; each row is replaced only if
   * unchanged since it was read, so it runs while the services seal, open and erase.
   */
  async rewrapDataKeys(options: { batchSize?: number } = {}): Promise<{ rewrapped: number; remaining: Record<string, number> }> {
    const batchSize = options.batchSize ?? 500;
    let rewrapped = 0;
    for (;;) {
      const batch = await this.store.wrappedKeysNotUnder(this.kekId, batchSize);
      if (batch.length === 0) break;
      let changed = 0;
      for (const row of batch) {
        const dataKey = this.unwrap(row.personRef, row.wrappedKey, row.keyVersion);
        const wrapped = this.wrap(row.personRef, dataKey, row.keyVersion);
        dataKey.fill(0);
        if (await this.store.replaceWrappedKey(row.personRef, row.wrappedKey, wrapped)) changed += 1;
      }
      rewrapped += changed;
      // Rows that changed under us (destroyed or re-wrapped by another run) drop out of the next batch.
      if (changed === 0 && batch.length < batchSize) break;
    }
    const remaining = await this.store.wrappedKeyCounts();
    delete remaining[this.kekId];
    return { rewrapped, remaining };
  }

  private wrap(personRef: string, dataKey: Buffer, keyVersion: number): string {
    const wrapped = encrypt(this.keys.masterKey, dataKey, wrapAad(personRef, keyVersion));
    return ['v1', this.kekId, b64(wrapped.iv), b64(wrapped.tag), b64(wrapped.ct)].join('.');
  }

  private accessEntry(access: PersonalDataAccess, personRef: string, records: number, erased: boolean): NewAccessLogEntry {
    const { id, role, divisionCode } = access.actor;
    return {
      accessedAt: this.now().toISOString(),
      actor: { id, role, divisionCode },
      personRef: personRef.toLowerCase(),
      purpose: access.purpose,
      correlationId: access.correlationId ?? null,
      records,
      erased,
    };
  }

  private async dataKey(personRef: string): Promise<{ bytes: Buffer; version: number } | 'erased'> {
    if (!UUID.test(personRef)) throw IdentityErrors.PERSON_NOT_FOUND(personRef);
    const row = await this.store.get(personRef);
    if (!row) throw IdentityErrors.PERSON_NOT_FOUND(personRef);
    if (row.destruction) return 'erased';
    return { bytes: this.unwrap(personRef, row.wrappedKey as string, row.keyVersion), version: row.keyVersion };
  }

  private assertKekId(wrappedKey: string): string[] {
    const parts = wrappedKey.split('.');
    if (parts.length !== 5 || parts[0] !== 'v1') throw IdentityErrors.VAULT_INTEGRITY_FAILURE({ what: 'wrapped data key format' });
    if (!this.keks.has(parts[1]!)) {
      throw IdentityErrors.VAULT_MASTER_KEY_MISMATCH({ storedKeyId: parts[1], configuredKeyId: this.kekId });
    }
    return parts;
  }

  private unwrap(personRef: string, wrappedKey: string, keyVersion: number): Buffer {
    const [, kekId, iv, tag, ct] = this.assertKekId(wrappedKey);
    const key = decrypt(this.keks.get(kekId!)!, { iv: unb64(iv), tag: unb64(tag), ct: unb64(ct) }, wrapAad(personRef, keyVersion));
    if (key === null || key.length !== 32) throw IdentityErrors.VAULT_INTEGRITY_FAILURE({ personRef, what: 'wrapped data key' });
    return key;
  }
}

export interface OpenPersonalDataVaultOptions extends PersonalDataVaultOptions {
  /** `pg.Pool`, `pg.Client` or a PGlite instance. */
  client: VaultSqlClient;
  keys: VaultKeys;
}

/** Migrates the vault tables, checks the master key against stored keys, and returns the vault. */
export async function openPersonalDataVault(options: OpenPersonalDataVaultOptions): Promise<PersonalDataVault> {
  const store = new VaultKeyStore(options.client);
  await store.migrate();
  const vault = new PersonalDataVault(store, options.keys, options);
  await vault.checkMasterKey();
  return vault;
}
