import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteEventStore } from '@benefits/event-store';
import { vaultFromEnvironment } from '@benefits/http';
import { backupCommand, readErasureRegister, restoreCommand } from './backup-command';

jest.setTimeout(240_000);

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env }, out: () => out.join(''), err: () => err.join('') };
}

const officer = { id: 'admin-1', role: 'admin' as const, divisionCode: '330000' };

describe('benefits restore --erasures: persons erased after the backup', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'benefits-erasures-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports the erased persons whose data key the restore brought back, and only them', async () => {
    const dataDir = join(root, 'data');
    const env = { BENEFITS_DATA_DIR: dataDir };
    const store = await openPgliteEventStore(join(dataDir, 'events'));
    await store.appendToStream('case-c-1', [{ type: 'dibao.CaseOpened.v1', data: { caseId: 'c-1', divisionCode: '330402' }, metadata: { correlationId: 'k-1' } }], { expectedRevision: 'no_stream' });
    await store.close();
    // Three sample persons; one erased before the backup, two after.
    let handle = await vaultFromEnvironment(env)();
    const [before, after1, after2] = [await handle.vault.registerPerson({ name: '示例甲' }), await handle.vault.registerPerson({ name: '示例乙' }), await handle.vault.registerPerson({ name: '示例丙' })];
    await handle.vault.destroyKey(before, { reason: '依法删除（示例）', actor: officer });
    await handle.close();

    const backupDir = join(root, 'backup');
    const b = capture(env);
    expect(await backupCommand([backupDir], b.io)).toBe(0);

    handle = await vaultFromEnvironment(env)();
    for (const ref of [after1, after2]) await handle.vault.destroyKey(ref, { reason: '依法删除（示例）', actor: officer });
    await handle.close();
    // The register as a CSV export of the vault's destruction rows would look, plus a person unknown to the backup.
    const register = join(root, 'erasures.csv');
    writeFileSync(register, ['person_ref,destroyed_at,reason', `${before},2026-01-01T00:00:00Z,示例`, `"${after1}",2026-02-01T00:00:00Z,示例`, `${after2.toUpperCase()} later`, '00000000-0000-4000-8000-00000000abcd,2026-03-01,示例', '# comment', ''].join('\n'));
    expect(readErasureRegister(register)).toHaveLength(4);

    const target = join(root, 'restored');
    const r = capture();
    expect(await restoreCommand([backupDir, '--data-dir', target, '--erasures', register], r.io)).toBe(0);
    expect(r.out()).toContain('register of erasures: 4 persons');
    expect(r.out()).toContain('WARNING: 2 erased persons have their data key back');
    const listed = r.out().split('\n').filter((line) => /^ {4}[0-9a-f-]{36}$/.test(line)).map((line) => line.trim());
    expect(listed.sort()).toEqual([after1, after2].sort());

    // Without a register the report says what it cannot know.
    const plain = capture();
    expect(await restoreCommand([backupDir, '--data-dir', join(root, 'restored-2')], plain.io)).toBe(0);
    expect(plain.out()).toContain('no register of erasures given');
  });

  it('refuses an unreadable or empty register before restoring anything (exit 2)', async () => {
    const target = join(root, 'never');
    const missing = capture();
    expect(await restoreCommand([join(root, 'backup'), '--data-dir', target, '--erasures', join(root, 'nope.csv')], missing.io)).toBe(2);
    expect(missing.err()).toContain('[ERASURES_FILE_UNREADABLE]');
    const emptyFile = join(root, 'empty.csv');
    writeFileSync(emptyFile, 'person_ref,destroyed_at\n');
    const empty = capture();
    expect(await restoreCommand([join(root, 'backup'), '--data-dir', target, '--erasures', emptyFile], empty.io)).toBe(2);
    expect(empty.err()).toContain('[ERASURES_FILE_EMPTY]');
    expect(existsSync(target)).toBe(false);
    const backupWith = capture();
    expect(await backupCommand([join(root, 'b2'), '--erasures', emptyFile], backupWith.io)).toBe(2);
    expect(backupWith.err()).toContain('[USAGE]');
  });
});
