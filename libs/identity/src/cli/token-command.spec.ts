import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevTokenVerifier, devSigningKeyPath } from '../tokens/dev-tokens';
import { existsSync } from 'node:fs';
import { tokenCommand } from './token-command';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const code = await tokenCommand(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  return { code, stdout, stderr };
}

describe('benefits token', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'identity-cli-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints only a token that the services of the same data directory accept', async () => {
    const result = await run(['--role', 'case_officer', '--division', '330402', '--sub', 'officer-3', '--ttl', '120', '--data-dir', dataDir]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const verifier = await createDevTokenVerifier({ dataDir });
    await expect(verifier.verify(`Bearer ${result.stdout.trim()}`)).resolves.toEqual({ id: 'officer-3', role: 'case_officer', divisionCode: '330402' });
  });

  it('uses BENEFITS_DATA_DIR, BENEFITS_TOKEN_ISSUER and BENEFITS_TOKEN_AUDIENCE, and --opt=value', async () => {
    const env = { BENEFITS_DATA_DIR: dataDir, BENEFITS_TOKEN_ISSUER: 'county-idp', BENEFITS_TOKEN_AUDIENCE: 'benefits-test' };
    const result = await run(['--role=auditor', '--division=110105'], env);
    expect(result.code).toBe(0);
    expect(existsSync(devSigningKeyPath(dataDir))).toBe(true);
    const verifier = await createDevTokenVerifier({ dataDir, issuer: 'county-idp', audience: 'benefits-test' });
    await expect(verifier.verify(`Bearer ${result.stdout.trim()}`)).resolves.toMatchObject({ role: 'auditor', divisionCode: '110105' });
  });

  it.each([
    [['--division', '330402'], /--role/],
    [['--role', 'auditor'], /--division/],
    [['--role', 'superuser', '--division', '330402'], /superuser/],
    [['--role', 'auditor', '--division', '33040'], /33040/],
    [['--role', 'auditor', '--division', '330402', '--ttl', 'soon'], /--ttl/],
    [['--role', 'auditor', '--division', '330402', '--ttl', '0'], /ttl/],
    [['--role', 'auditor', '--division', '330402', '--colour', 'red'], /--colour/],
    [['--role', '--division', '330402'], /--role/],
    [['auditor'], /auditor/],
  ])('%j → exit 2 with a message in Chinese and English, nothing on stdout', async (argv, mentions) => {
    const result = await run([...argv, '--data-dir', dataDir]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/错误：/);
    expect(result.stderr).toMatch(/error: /);
    expect(result.stderr).toMatch(mentions);
  });

  it('prints usage on --help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/usage: benefits token --role <role> --division <code>/);
    expect(result.stdout).toMatch(/intake_officer \(窗口受理\)/);
  });

  it('warns that production services will not accept a dev token', async () => {
    const result = await run(['--role', 'auditor', '--division', '330402', '--data-dir', dataDir], { BENEFITS_JWKS_URL: 'https://idp.example/jwks' });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/BENEFITS_JWKS_URL/);
  });
});
