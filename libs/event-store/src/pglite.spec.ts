import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyChain } from '@benefits/kernel';
import { createEventStore } from './create-event-store';
import { DataDirectoryLockedError } from './errors';
import { eventStoreContract } from './event-store.contract';
import type { EventStore } from './event-store';
import { LOCK_FILE_NAME } from './pglite/data-directory-lock';

// Creating a PGlite cluster takes seconds; each suite creates one and re-opens it.
jest.setTimeout(60_000);

async function rawPglite(dataDir: string, sql: string): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dataDir);
  try {
    await db.exec(sql);
  } finally {
    await db.close();
  }
}

eventStoreContract('PGlite', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'event-store-contract-'));
  return {
    open: () => createEventStore({ kind: 'pglite', dataDir }),
    rawSql: (sql) => rawPglite(dataDir, sql),
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});

describe('PGlite event store: the data directory', () => {
  let dataDir: string;
  let store: EventStore | undefined;
  const open = () => createEventStore({ kind: 'pglite', dataDir });
  const lockFile = () => join(dataDir, LOCK_FILE_NAME);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'event-store-dir-'));
    store = await open();
  });

  afterAll(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps events across close and reopen', async () => {
    const event = { type: 'dibao.CaseOpened.v1', data: { caseId: 'c-1' }, metadata: { correlationId: 'corr' } };
    const { position } = await store!.appendToStream('case-c-1', [event, event], { expectedRevision: 'no_stream' });
    const before = await store!.readStream('case-c-1');
    await store!.close();
    store = await open();
    const after = await store.readStream('case-c-1');
    expect(after).toEqual(before);
    expect(verifyChain(after).ok).toBe(true);
    expect(await store.headPosition()).toBe(position);
  });

  it('refuses a second open while the directory is held, naming the holder', async () => {
    const error = await open().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DataDirectoryLockedError);
    expect(error).toMatchObject({ code: 'DATA_DIRECTORY_LOCKED', holderPid: process.pid });
    expect(await store!.streamExists('case-c-1')).toBe(true);
  });

  it('refuses a lock held by another live process', async () => {
    await store!.close();
    store = undefined;
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(lockFile(), `${other.pid}\n`);
      await expect(open()).rejects.toMatchObject({ code: 'DATA_DIRECTORY_LOCKED', holderPid: other.pid });
    } finally {
      other.kill();
      rmSync(lockFile(), { force: true });
    }
  });

  it('takes over a stale lock left by a process that is gone, and removes its own on close', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(lockFile(), `${gone}\n`);
    store = await open();
    expect(readFileSync(lockFile(), 'utf8').split('\n')[0]).toBe(String(process.pid));
    expect(await store.streamRevision('case-c-1')).toBe(1);
    await store.close();
    store = undefined;
    expect(existsSync(lockFile())).toBe(false);
  });
});
