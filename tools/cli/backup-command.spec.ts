import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteEventStore, type EventStore } from '@benefits/event-store';
import { verifyLog } from '../../services/audit/src/integrity/verify-all';
import { backupCommand, restoreCommand, type BackupManifest } from './backup-command';
import { openPgliteDatabase } from '@benefits/sql';

jest.setTimeout(240_000);

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env }, out: () => out.join(''), err: () => err.join('') };
}

const opened = (caseNo: number, revision: number) => ({
  type: revision === 0 ? 'dibao.CaseOpened.v1' : 'dibao.CaseFactsSnapshotted.v1',
  data: { caseId: `c-${caseNo}`, divisionCode: '330402', step: revision },
  metadata: { correlationId: `corr-${caseNo}-${revision}` },
});

/** Appends `count` events to each of the cases `from..to-1`, continuing their streams. */
async function writeCases(store: EventStore, from: number, to: number, count: number): Promise<void> {
  for (let c = from; c < to; c++) {
    const current = await store.readStream(`case-c-${c}`).catch(() => []);
    const events = Array.from({ length: count }, (_, i) => opened(c, current.length + i));
    await store.appendToStream(`case-c-${c}`, events, { expectedRevision: current.length === 0 ? 'no_stream' : current.length - 1 });
  }
}

describe('backup and restore of the embedded data directory (restore drill)', () => {
  let root: string;
  let dataDir: string;
  let backupDir: string;
  let atBackup: Map<string, { revision: number; hash: string }[]>;
  /** Open from the set-up to the first test: the services "running" on the directory. */
  let running: EventStore | null = null;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'benefits-backup-'));
    dataDir = join(root, 'data');
    backupDir = join(root, 'backup');
    // The local database (parked messages, read models) and a key file come back too.
    mkdirSync(dataDir, { recursive: true });
    const db = await openPgliteDatabase(join(dataDir, 'messaging'));
    await db.query('CREATE TABLE drill (id int primary key, note text)');
    await db.query('INSERT INTO drill VALUES (1, $1)', ['before backup']);
    await db.close();
    mkdirSync(join(dataDir, 'identity'), { recursive: true });
    writeFileSync(join(dataDir, 'identity', 'dev-signing-key.json'), '{"sample":true}\n');
    const store = await openPgliteEventStore(join(dataDir, 'events'));
    running = store;
    await writeCases(store, 0, 20, 3);
    await writeCases(store, 0, 10, 2);
    atBackup = new Map();
    for (let c = 0; c < 20; c++) {
      atBackup.set(`case-c-${c}`, (await store.readStream(`case-c-${c}`)).map((e) => ({ revision: e.streamRevision, hash: e.metadata.hash as string })));
    }
  });
  afterAll(async () => {
    await running?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('refuses while the services hold the data directory, writing nothing', async () => {
    try {
      const c = capture();
      expect(await backupCommand([backupDir, '--data-dir', dataDir], c.io)).toBe(1);
      expect(c.err()).toContain('[DATA_DIRECTORY_IN_USE]');
      expect(c.err()).toMatch(/正被进程 \d+ 使用/);
      expect(c.err()).toContain('Stop the services first');
      const r = capture();
      expect(await restoreCommand([backupDir, '--data-dir', dataDir], r.io)).toBe(1);
      expect(r.err()).toContain('[DATA_DIRECTORY_IN_USE]');
    } finally {
      await running?.close();
      running = null;
    }
    expect(() => readFileSync(join(backupDir, 'manifest.json'))).toThrow();
  });

  it('backs up, more is written, restores: chains verify, all acknowledged before the backup is there, the rest is gone', async () => {
    await running?.close(); // stopped, as a backup needs (when this test runs alone)
    running = null;
    const b = capture();
    expect(await backupCommand([backupDir, '--data-dir', dataDir], b.io)).toBe(0);
    expect(b.out()).toContain('哈希链完好 / hash chains intact');
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(manifest.store).toMatchObject({ events: 80, streams: 20, intact: true });
    expect(manifest.files.some((f) => f.path === 'identity/dev-signing-key.json')).toBe(true);
    expect(manifest.files.some((f) => f.path.endsWith('event-store.lock'))).toBe(false);

    // After the backup: more events on old cases, new cases.
    const store = await openPgliteEventStore(join(dataDir, 'events'));
    await writeCases(store, 0, 5, 2);
    await writeCases(store, 20, 25, 3);
    const headAfter = await store.headPosition();
    await store.close();

    // A restore never overwrites: the live directory is refused.
    const refused = capture();
    expect(await restoreCommand([backupDir, '--data-dir', dataDir], refused.io)).toBe(1);
    expect(refused.err()).toContain('[RESTORE_TARGET_NOT_EMPTY]');

    const target = join(root, 'restored');
    const r = capture();
    expect(await restoreCommand([backupDir, '--data-dir', target], r.io)).toBe(0);
    expect(r.out()).toContain(`all 20 stream heads of the manifest present and equal`);
    expect(r.out()).toContain(`anything written after ${manifest.createdAt} is not in this backup`);

    const restored = await openPgliteEventStore(join(target, 'events'));
    try {
      // The audit service's verifier: every chain intact.
      const { verdict } = await verifyLog(restored);
      expect(verdict.brokenStreams).toEqual([]);
      expect(verdict.positionViolations).toBe(0);
      expect([verdict.events, verdict.streams]).toEqual([80, 20]);
      // Every revision acknowledged before the backup is present with the same hash …
      for (const [streamId, revisions] of atBackup) {
        const events = await restored.readStream(streamId);
        expect(events.map((e) => ({ revision: e.streamRevision, hash: e.metadata.hash }))).toEqual(revisions);
      }
      // … and what was written after is not.
      expect(await restored.readStream('case-c-22').catch(() => [])).toEqual([]);
      expect(await restored.headPosition()).toBe(manifest.store.headPosition);
      expect(await restored.headPosition()).not.toBe(headAfter);
      // The restored store takes writes where the backup left off.
      await writeCases(restored, 0, 1, 1);
    } finally {
      await restored.close();
    }
    const db = await openPgliteDatabase(join(target, 'messaging'));
    try {
      expect(await db.query('SELECT note FROM drill')).toEqual([{ note: 'before backup' }]);
    } finally {
      await db.close();
    }
    expect(readFileSync(join(target, 'identity', 'dev-signing-key.json'), 'utf8')).toBe('{"sample":true}\n');
  });

  it('refuses a backup that does not match its manifest, and a non-empty backup target', async () => {
    const again = capture();
    expect(await backupCommand([backupDir, '--data-dir', dataDir], again.io)).toBe(1);
    expect(again.err()).toContain('[BACKUP_TARGET_NOT_EMPTY]');

    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as BackupManifest;
    const victim = join(backupDir, 'data', 'identity', 'dev-signing-key.json');
    writeFileSync(victim, '{"sample":false}\n');
    const target = join(root, 'restored-from-tampered');
    const c = capture();
    expect(await restoreCommand([backupDir, '--data-dir', target], c.io)).toBe(1);
    expect(c.err()).toContain('[BACKUP_CORRUPT]');
    expect(c.err()).toContain('identity/dev-signing-key.json');
    expect(() => readFileSync(join(target, 'events', 'PG_VERSION'))).toThrow();
    expect(manifest.files.length).toBeGreaterThan(10);

    const bad = capture();
    expect(await restoreCommand([join(root, 'nowhere'), '--data-dir', target], bad.io)).toBe(1);
    expect(bad.err()).toContain('[BACKUP_MANIFEST_INVALID]');
  });

  it('bad arguments and production stores are refused with a code', async () => {
    const none = capture();
    expect(await backupCommand([], none.io)).toBe(2);
    expect(none.err()).toContain('[USAGE]');
    const pg = capture({ BENEFITS_EVENT_STORE: 'postgres' });
    expect(await backupCommand([join(root, 'pg')], pg.io)).toBe(1);
    expect(pg.err()).toContain('[BACKUP_NOT_EMBEDDED]');
    const empty = capture();
    expect(await backupCommand([join(root, 'x'), '--data-dir', join(root, 'empty')], empty.io)).toBe(1);
    expect(empty.err()).toContain('[BACKUP_NO_DATA]');
  });
});
