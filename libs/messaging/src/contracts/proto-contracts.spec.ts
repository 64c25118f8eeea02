import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');
const protoDir = join(root, 'proto');
const genDir = join(root, 'libs', 'messaging', 'src', 'gen');

function buf(args: string[], cwd: string): { status: number | null; output: string } {
  const bin = join(root, 'node_modules', '.bin');
  const run = spawnSync(join(bin, 'buf'), args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, BUF_CACHE_DIR: join(tmpdir(), 'benefits-buf-cache') },
    timeout: 50_000,
  });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A copy of proto/ laid out like the workspace, so buf.gen.yaml's relative output path lands inside it. */
function copyOfProto(): { dir: string; proto: string } {
  const dir = mkdtempSync(join(tmpdir(), 'benefits-proto-'));
  const proto = join(dir, 'proto');
  cpSync(protoDir, proto, { recursive: true });
  return { dir, proto };
}

function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

describe('proto/ integration-event contracts', () => {
  const temps: string[] = [];
  afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('pass buf lint', () => {
    const result = buf(['lint'], protoDir);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('have committed TypeScript codecs identical to a fresh `buf generate`', () => {
    const { dir, proto } = copyOfProto();
    temps.push(dir);
    const result = buf(['generate'], proto);
    expect(result.status).toBe(0);
    const fresh = filesUnder(join(dir, 'libs', 'messaging', 'src', 'gen'));
    const committed = filesUnder(genDir);
    expect([...committed.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [file, text] of fresh) expect({ file, text: committed.get(file) }).toEqual({ file, text });
  });

  it('make no breaking change against the published baseline (proto/baseline/v1.binpb)', () => {
    const result = buf(['breaking', '--against', 'baseline/v1.binpb'], protoDir);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it.each([
    ['a field number changed', 'int64 amount_fen = 8;', 'int64 amount_fen = 12;', /amount_fen|deleted|8/i],
    ['a field type changed', 'int64 amount_fen = 8;', 'int32 amount_fen = 8;', /type/i],
    ['a field removed without reserving it', '  string schedule_id = 9;\n', '', /deleted|9/i],
  ])('would fail the suite if %s in a published message', (_what, from, to, mention) => {
    const { dir, proto } = copyOfProto();
    temps.push(dir);
    const file = join(proto, 'benefits', 'integration', 'v1', 'disbursement.proto');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(from);
    writeFileSync(file, text.replace(from, to));
    const result = buf(['breaking', '--against', 'baseline/v1.binpb'], proto);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/PaymentCreated/);
    expect(result.output).toMatch(mention);
  });
});
