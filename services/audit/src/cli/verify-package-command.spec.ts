import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, eventHash, GENESIS_HASH, type EventEnvelope } from '@benefits/kernel';
import { auditCommand } from './audit-command';
import { buildEvidencePackage, sha256Of, type EvidencePackage, type ManifestSigner } from '../evidence/evidence-package';

/** A stream as an event store would have stored it: revisions from 0, each event linked to the one before. */
function chained(streamId: string, items: { type: string; data: unknown }[]): EventEnvelope[] {
  let prevHash = GENESIS_HASH;
  return items.map((item, revision) => {
    const metadata = { correlationId: 'corr-1', causationId: null, actor: { id: 'officer-1', role: 'case_officer', divisionCode: '330402' }, schemaVersion: 1, prevHash };
    const hash = eventHash({ streamId, streamRevision: revision, type: item.type, data: item.data, metadata });
    prevHash = hash;
    return { eventId: `e-${streamId}-${revision}`, type: item.type, streamId, streamRevision: revision, position: String(revision + 1), recordedAt: '2026-03-02T01:00:00.000Z', data: item.data, metadata: { ...metadata, hash } };
  });
}

const caseId = '0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b';
const streams = () => [
  {
    streamId: `case-${caseId}`,
    events: chained(`case-${caseId}`, [
      { type: 'tefu.CaseCreated.v1', data: { caseId, divisionCode: '330402', benefit: 'tefu' } },
      { type: 'tefu.CaseApproved.v1', data: { effectiveFrom: '2026-03-01' } },
      { type: 'tefu.FactRecorded.v1', data: { fact: { kind: 'income', amount: { fen: 120_000 } } } },
    ]),
  },
  { streamId: `payment-${caseId}-p1-2026-03`, events: chained(`payment-${caseId}-p1-2026-03`, [{ type: 'disbursement.PaymentCreated.v1', data: { amount: { fen: 100_000 } } }]) },
];

function makePackage(sign?: ManifestSigner): EvidencePackage {
  return buildEvidencePackage({
    packageId: 'pkg-1',
    createdAt: '2026-03-05T02:00:00.000Z',
    createdBy: { id: 'auditor-1', role: 'auditor', divisionCode: '330400' },
    scope: { kind: 'case', caseId, divisionCode: '330402', benefit: 'tefu' },
    streams: streams(),
    people: { xlsx: Buffer.from('not really a workbook, bytes are bytes'), count: 0, erased: 0, masking: 'test' },
    sign,
  });
}

/** Re-seals what a forger can recompute: the part digests and the manifest digest (not a signature). */
function reseal(pkg: EvidencePackage): EvidencePackage {
  for (const part of pkg.manifest.parts) {
    const bytes = Buffer.from(pkg.parts[part.name], 'base64');
    part.sha256 = sha256Of(bytes);
    part.bytes = bytes.length;
  }
  pkg.manifestSha256 = sha256Of(canonicalJson(pkg.manifest));
  return pkg;
}

function editEvents(pkg: EvidencePackage, edit: (events: { streams: { streamId: string; events: EventEnvelope[] }[] }) => void): EvidencePackage {
  const events = JSON.parse(Buffer.from(pkg.parts['events.json'], 'base64').toString('utf8'));
  edit(events);
  pkg.parts['events.json'] = Buffer.from(JSON.stringify(events)).toString('base64');
  return pkg;
}

describe('benefits audit verify-package (offline)', () => {
  let dir: string;
  let n = 0;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'verify-package-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (content: unknown) => {
    const file = join(dir, `package-${n++}.json`);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const run = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await auditCommand(['verify-package', ...argv], { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
    return { code, stdout, stderr };
  };

  it('verifies an intact package: every stream, every part, exit 0', async () => {
    const res = await run(write(makePackage()));
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`✓ 流 / stream case-${caseId}: revisions 0..2, 3 events, chain intact`);
    expect(res.stdout).toContain('✓ 部件 / part people.xlsx');
    expect(res.stdout).toContain('signature: 无 / absent');
    expect(res.stdout).toContain('通过 / VERIFIED');
    const json = await run(write(makePackage()), '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, packageId: 'pkg-1', streams: [{ ok: true, events: 3 }, { ok: true, events: 1 }], signature: { status: 'absent' } });
  });

  it('finds an edited event by stream and revision, even when the forger recomputed every digest', async () => {
    const pkg = reseal(editEvents(makePackage(), (e) => (e.streams[0].events[1].data = { effectiveFrom: '2026-01-01' })));
    const res = await run(write(pkg), '--json');
    expect(res.code).toBe(1);
    const verdict = JSON.parse(res.stdout);
    expect(verdict.parts.every((p: { ok: boolean }) => p.ok)).toBe(true);
    expect(verdict.streams[0]).toMatchObject({ streamId: `case-${caseId}`, ok: false, brokenAt: 1, problems: [{ reason: 'chain-hash' }] });
    expect(verdict.streams[1].ok).toBe(true);
    const human = await run(write(pkg));
    expect(human.stdout).toContain(`✗ 流 / stream case-${caseId}: broken at revision 1: chain-hash`);
    expect(human.stdout).toContain('未通过 / FAILED');
  });

  it('an edit without new digests fails the part digest as well', async () => {
    const pkg = editEvents(makePackage(), (e) => (e.streams[1].events[0].data = { amount: { fen: 999_999 } }));
    const verdict = JSON.parse((await run(write(pkg), '--json')).stdout);
    expect(verdict.parts.find((p: { name: string }) => p.name === 'events.json')).toMatchObject({ ok: false, problems: expect.arrayContaining([expect.objectContaining({ reason: 'digest-mismatch' })]) });
    expect(verdict.streams[1]).toMatchObject({ ok: false, brokenAt: 0, problems: [{ reason: 'chain-hash' }] });
  });

  it('finds a tampered xlsx by its digest', async () => {
    const pkg = makePackage();
    pkg.parts['people.xlsx'] = Buffer.from('not really a workbook, bytes are bytez').toString('base64');
    const res = await run(write(pkg));
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/✗ 部件 \/ part people\.xlsx: digest-mismatch/);
    expect(res.stdout).toContain(`✓ 流 / stream case-${caseId}`);
  });

  it('finds a dropped event (revisions not contiguous), a truncated stream (head and range) and a stream added outside the manifest', async () => {
    const dropped = reseal(editEvents(makePackage(), (e) => e.streams[0].events.splice(1, 1)));
    const v1 = JSON.parse((await run(write(dropped), '--json')).stdout);
    expect(v1.streams[0]).toMatchObject({ ok: false, brokenAt: 1, problems: expect.arrayContaining([expect.objectContaining({ reason: 'revisions-not-contiguous' })]) });

    const truncated = reseal(editEvents(makePackage(), (e) => e.streams[0].events.pop()));
    const v2 = JSON.parse((await run(write(truncated), '--json')).stdout);
    expect(v2.streams[0].problems.map((p: { reason: string }) => p.reason)).toEqual(expect.arrayContaining(['range-mismatch', 'head-mismatch']));

    const extra = reseal(editEvents(makePackage(), (e) => e.streams.push({ streamId: 'case-other', events: [] })));
    const v3 = JSON.parse((await run(write(extra), '--json')).stdout);
    expect(v3).toMatchObject({ ok: false, problems: [{ reason: 'stream-not-in-manifest', detail: 'case-other' }] });
  });

  it('finds an edited manifest by its digest', async () => {
    const pkg = makePackage();
    pkg.manifest.createdBy.id = 'someone-else';
    const verdict = JSON.parse((await run(write(pkg), '--json')).stdout);
    expect(verdict).toMatchObject({ ok: false, problems: [{ reason: 'manifest-digest-mismatch' }] });
  });

  describe('signature', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519');
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const signer: ManifestSigner = (canonical) => {
      const { sign } = jest.requireActual('node:crypto') as typeof import('node:crypto');
      return { alg: 'Ed25519', keyId: sha256Of(der).slice(0, 16), publicKey: der.toString('base64'), value: sign(null, canonical, privateKey).toString('base64') };
    };

    it('checks a signature, and against a trusted key when given', async () => {
      const file = write(makePackage(signer));
      const res = await run(file, '--json');
      expect(JSON.parse(res.stdout)).toMatchObject({ ok: true, signature: { status: 'valid', keyId: sha256Of(der).slice(0, 16), trusted: false } });
      const keyFile = join(dir, 'trusted.pem');
      writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
      expect(JSON.parse((await run(file, '--json', '--public-key', keyFile)).stdout).signature).toMatchObject({ status: 'valid', trusted: true });
      const otherFile = join(dir, 'other.pem');
      writeFileSync(otherFile, other.publicKey.export({ type: 'spki', format: 'pem' }));
      const wrongKey = await run(file, '--json', `--public-key=${otherFile}`);
      expect(wrongKey.code).toBe(1);
      expect(JSON.parse(wrongKey.stdout).signature).toMatchObject({ status: 'invalid', reason: 'signed with another key than the trusted one' });
      // An unsigned package is refused when a trusted key is required.
      expect((await run(write(makePackage()), '--public-key', keyFile)).code).toBe(1);
    });

    it('a manifest re-sealed after an edit no longer matches its signature', async () => {
      const pkg = makePackage(signer);
      pkg.manifest.people.count = 7;
      const verdict = JSON.parse((await run(write(reseal(pkg)), '--json')).stdout);
      expect(verdict).toMatchObject({ ok: false, signature: { status: 'invalid', reason: 'the signature does not match the manifest' } });
    });
  });

  it('refuses bad arguments and unreadable files with exit 2, and anything but a package with exit 1', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('a.json', 'b.json')).code).toBe(2);
    expect((await run('--frobnicate', 'a.json')).code).toBe(2);
    const missing = await run(join(dir, 'no-such-file.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the file');
    expect((await run('--help')).code).toBe(0);
    const notJson = await run(write('{ nope'), '--json');
    expect(notJson.code).toBe(1);
    expect(JSON.parse(notJson.stdout).problems[0].reason).toBe('not-json');
    expect(JSON.parse((await run(write({ format: 'zip' }), '--json')).stdout).problems[0].reason).toBe('not-an-evidence-package');
  });
});
