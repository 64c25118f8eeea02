import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryLock } from '@benefits/event-store';
import { vaultFromEnvironment } from '@benefits/http';
import { vaultKeyFilePath } from '@benefits/identity';
import { vaultCommand } from './vault-command';

jest.setTimeout(120_000);

function capture(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env }, out: () => out.join(''), err: () => err.join('') };
}

describe('benefits vault status | rewrap (embedded data directory)', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'benefits-vault-cmd-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const dirNamed = (name: string) => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  it('refuses with DATA_DIRECTORY_IN_USE while a live process holds the lock, creating neither keys nor a vault', async () => {
    const dataDir = dirNamed('held');
    mkdirSync(join(dataDir, 'events'));
    const lock = DataDirectoryLock.acquire(join(dataDir, 'events'));
    try {
      for (const sub of ['status', 'rewrap']) {
        const c = capture({ BENEFITS_DATA_DIR: dataDir });
        expect(await vaultCommand([sub], c.io)).toBe(1);
        expect(c.err()).toContain('[DATA_DIRECTORY_IN_USE]');
        expect(c.err()).toMatch(/正被进程 \d+ 使用/);
        expect(c.out()).toBe('');
      }
    } finally {
      lock.release();
    }
    expect(existsSync(vaultKeyFilePath(dataDir))).toBe(false);
    expect(existsSync(join(dataDir, 'vault'))).toBe(false);
    expect(readdirSync(dataDir)).toEqual(['events']);
  });

  it('refuses without keys (VAULT_KEYS_NOT_FOUND) and without a vault (VAULT_NOT_FOUND), creating nothing', async () => {
    const empty = dirNamed('empty');
    const c = capture({ BENEFITS_DATA_DIR: empty });
    expect(await vaultCommand(['status'], c.io)).toBe(1);
    expect(c.err()).toContain('[VAULT_KEYS_NOT_FOUND]');
    expect(c.err()).toContain('本命令不会生成密钥');
    expect(readdirSync(empty)).toEqual([]);

    const keysOnly = dirNamed('keys-only');
    const env = {
      BENEFITS_DATA_DIR: keysOnly,
      BENEFITS_VAULT_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
      BENEFITS_VAULT_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
    };
    const r = capture(env);
    expect(await vaultCommand(['rewrap'], r.io)).toBe(1);
    expect(r.err()).toContain('[VAULT_NOT_FOUND]');
    expect(r.err()).toContain('never creates one');
    expect(readdirSync(keysOnly)).toEqual([]);
  });

  it('works on an existing vault, holds the lock meanwhile and releases it', async () => {
    const dataDir = dirNamed('existing');
    const env = { BENEFITS_DATA_DIR: dataDir };
    // The vault and its key file as the services create them on first use.
    const handle = await vaultFromEnvironment(env)();
    await handle.close();
    expect(existsSync(vaultKeyFilePath(dataDir))).toBe(true);

    mkdirSync(join(dataDir, 'events'), { recursive: true });
    const lock = DataDirectoryLock.acquire(join(dataDir, 'events'));
    try {
      const held = capture(env);
      expect(await vaultCommand(['rewrap'], held.io)).toBe(1);
      expect(held.err()).toContain('[DATA_DIRECTORY_IN_USE]');
    } finally {
      lock.release();
    }

    const c = capture(env);
    expect(await vaultCommand(['status'], c.io)).toBe(0);
    expect(() => JSON.parse(c.out())).not.toThrow();
    const r = capture(env);
    expect(await vaultCommand(['rewrap'], r.io)).toBe(0);
    expect(JSON.parse(r.out())).toHaveProperty('current');
    // Released: the services (or the next command) can take the directory again.
    DataDirectoryLock.acquire(join(dataDir, 'events')).release();
  });
});
