import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Reads a JSON secret file, creating it with `create()` if it does not exist. Creation is atomic
 * and create-if-absent: the content is written to a private temporary file and hard-linked into
 * place, so two processes starting together agree on one secret and nobody reads a half-written
 * file. The file is 0600 and its directory 0700: only the service's own user may read keys.
 */
export async function readOrCreateSecretFile<T>(path: string, create: () => Promise<T> | T, isValid: (value: unknown) => value is T): Promise<T> {
  const existing = await readSecretFile(path, isValid);
  if (existing !== undefined) return existing;
  await fs.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const value = await create();
  const temporary = join(dirname(path), `.${randomBytes(8).toString('hex')}.tmp`);
  await fs.writeFile(temporary, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await fs.chmod(temporary, 0o600); // the umask cannot widen it, but be explicit
    await fs.link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await fs.rm(temporary, { force: true });
  }
  const stored = await readSecretFile(path, isValid);
  if (stored === undefined) throw new Error(`secret file ${path} vanished while it was being created`);
  return stored;
}

async function readSecretFile<T>(path: string, isValid: (value: unknown) => value is T): Promise<T | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`secret file ${path} is not valid JSON; restore it from backup or remove it to start over (losing what it protects)`);
  }
  if (!isValid(parsed)) throw new Error(`secret file ${path} does not have the expected content`);
  return parsed;
}
