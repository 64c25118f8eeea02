import { serviceUrlsFromBase } from './api';
import { demoCommand, parseDemoArgs } from './demo-command';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await demoCommand(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {} });
  return { code, stdout, stderr };
}

describe('benefits demo arguments', () => {
  it('parses seed and advance options', () => {
    expect(parseDemoArgs(['seed', '--cases', '200', '--division=330400', '--seed', '3', '--url', 'http://127.0.0.1:3801'])).toEqual({
      sub: 'seed',
      options: { cases: '200', division: '330400', seed: '3', url: 'http://127.0.0.1:3801' },
    });
    expect(parseDemoArgs(['advance', '--concurrency', '4'])).toEqual({ sub: 'advance', options: { concurrency: '4' } });
    expect(parseDemoArgs([])).toBe('help');
  });

  it.each([
    [['seed'], /--cases/],
    [['seed', '--cases', '0'], /--cases/],
    [['seed', '--cases', 'many'], /--cases/],
    [['seed', '--cases', '5', '--division', '3304'], /--division/],
    [['seed', '--cases', '5', '--url', 'localhost:3001'], /--url/],
    [['seed', '--cases', '5', '--colour', 'red'], /--colour/],
    [['advance', '--cases', '5'], /advance/],
    [['grow'], /grow/],
  ])('%j → exit 2 with a message in Chinese and English, nothing on stdout', async (argv, mentions) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/错误：/);
    expect(result.stderr).toMatch(/error: /);
    expect(result.stderr).toMatch(mentions);
  });

  it('prints usage on --help', async () => {
    const result = await run(['--help']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/usage: benefits demo seed --cases <n>/);
  });

  it('derives the four services from the applications URL (consecutive ports, as npm start listens)', () => {
    expect(serviceUrlsFromBase('http://127.0.0.1:3001')).toEqual({
      applications: 'http://127.0.0.1:3001',
      eligibility: 'http://127.0.0.1:3002',
      disbursement: 'http://127.0.0.1:3003',
      audit: 'http://127.0.0.1:3004',
    });
  });
});
