import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDomainError } from '@benefits/kernel';
import { anchoredHeads, anchorFiles, anchorSettings, loadAnchor, readAnchorHeader, signingKey, writeAnchor } from './anchors';

describe('anchors', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'anchors-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const heads = (): [string, { revision: number; hash: string; broken?: boolean }][] => [
    ['payment-b', { revision: 0, hash: 'bb'.repeat(32) }],
    ['case-a', { revision: 2, hash: 'aa'.repeat(32), broken: true }],
  ];
  const input = { logHead: { position: '9:12', at: '2026-12-04T01:00:00.000Z' }, streams: 2, events: 4, brokenStreams: 1, verificationId: 'v1' };

  it('defaults: anchors under the data dir, the key beside them, generated in development only', () => {
    expect(anchorSettings({ BENEFITS_DATA_DIR: dir })).toMatchObject({ dir: join(dir, 'anchors'), keyFile: join(dir, 'audit-anchor-key.pem'), mayGenerate: true });
    expect(anchorSettings({ BENEFITS_DATA_DIR: dir, BENEFITS_AUDIT_ANCHOR_DIR: '/elsewhere' }).dir).toBe('/elsewhere');
    const production = anchorSettings({ BENEFITS_DATA_DIR: dir, BENEFITS_JWKS_URL: 'https://idp/jwks' });
    let error: unknown;
    try {
      signingKey(production);
    } catch (e) {
      error = e;
    }
    expect(isDomainError(error) && error.code).toBe('ANCHOR_KEY_MISSING');
    signingKey(anchorSettings({ BENEFITS_DATA_DIR: dir }));
    expect(statSync(join(dir, 'audit-anchor-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('refuses a key that is not Ed25519', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyFile = join(dir, 'ec.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    expect(() => signingKey(anchorSettings({ BENEFITS_DATA_DIR: dir, BENEFITS_AUDIT_ANCHOR_KEY_FILE: keyFile }))).toThrow(expect.objectContaining({ code: 'ANCHOR_KEY_INVALID' }));
  });

  it('writes a signed file per day (Asia/Shanghai date), never over an earlier one; reads it back with its heads', () => {
    const settings = anchorSettings({ BENEFITS_DATA_DIR: dir });
    // 2026-12-04T17:00Z is already 12-05 in Shanghai.
    const first = writeAnchor(settings, input, heads(), new Date('2026-12-04T17:00:00Z'));
    const second = writeAnchor(settings, input, heads(), new Date('2026-12-04T18:00:00Z'));
    expect([first.file, second.file]).toEqual(['2026-12-05.jsonl', '2026-12-05-2.jsonl']);
    expect(anchorFiles(settings.dir)).toEqual(['2026-12-05.jsonl', '2026-12-05-2.jsonl']);
    const lines = readFileSync(join(settings.dir, first.file), 'utf8').trim().split('\n');
    expect(lines.slice(1)).toEqual([
      JSON.stringify({ streamId: 'case-a', revision: 2, hash: 'aa'.repeat(32), broken: true }),
      JSON.stringify({ streamId: 'payment-b', revision: 0, hash: 'bb'.repeat(32) }),
    ]);
    expect(readAnchorHeader(settings, first.file)).toMatchObject({ kind: 'benefits-audit-anchor', date: '2026-12-05', streams: 2, logHead: input.logHead });
    const loaded = loadAnchor(settings, first.file);
    expect(loaded.signature).toBe('valid');
    expect(anchoredHeads([loaded]).get('case-a')).toEqual([{ revision: 2, hash: 'aa'.repeat(32), anchor: first.file }]);
  });

  it('a changed byte, a missing signature or another key: not valid, and no heads are used', () => {
    const settings = anchorSettings({ BENEFITS_DATA_DIR: dir });
    const { file } = writeAnchor(settings, input, heads(), new Date('2026-12-04T02:00:00Z'));
    const path = join(settings.dir, file);
    const other = generateKeyPairSync('ed25519');
    const otherKey = join(dir, 'other.pub.pem');
    writeFileSync(otherKey, other.publicKey.export({ type: 'spki', format: 'pem' }));
    expect(loadAnchor({ ...settings, publicKeyFile: otherKey }, file).signature).toBe('invalid');
    const original = readFileSync(path, 'utf8');
    rmSync(path, { force: true }); // written read-only
    writeFileSync(path, original.replace('"revision":0', '"revision":1'));
    const edited = loadAnchor(settings, file);
    expect(edited).toMatchObject({ signature: 'invalid' });
    expect(edited.heads.size).toBe(0);
    rmSync(path + '.sig');
    expect(loadAnchor(settings, file).signature).toBe('missing');
  });
});
