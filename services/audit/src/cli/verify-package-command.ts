import { readFileSync } from 'node:fs';
import type { AuditCliIo } from './audit-cli-io';
import { verifyEvidencePackage, type PackageVerdict } from '../evidence/verify-package';

const USAGE = [
  'usage: benefits audit verify-package <file> [--json] [--public-key <spki pem file>]',
  '  离线核验证据包（无需服务或数据库）/ checks an evidence package offline (no server, no database):',
  '  the manifest digest, each part’s SHA-256, every stream’s revisions, hash chain and head; the signature when present.',
  '  --json        以 JSON 输出结论 / print the verdict as JSON',
  '  --public-key  须由此公钥签名 / require a signature by this public key (the published audit anchor key)',
  '  exit: 0 通过 / verified, 1 未通过 / a check failed, 2 用法或文件错误 / bad arguments or unreadable file',
  '',
].join('\n');

/** `benefits audit verify-package <file> [--json]` (ADR 0012 §7): offline, exits 1 on any failure. */
export async function verifyPackageCommand(argv: string[], io: AuditCliIo): Promise<number> {
  const positional: string[] = [];
  let json = false;
  let publicKeyFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      io.stdout.write(USAGE);
      return 0;
    }
    if (arg === '--json') json = true;
    else if (arg === '--public-key' || arg.startsWith('--public-key=')) {
      publicKeyFile = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!publicKeyFile) return usage(io, '缺少 --public-key 的文件', 'missing the file of --public-key');
    } else if (arg.startsWith('--')) return usage(io, `未知选项 ${arg}`, `unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) return usage(io, '请给出一个证据包文件', 'give exactly one package file');
  let file: Buffer;
  let trustedPublicKey: Buffer | undefined;
  try {
    file = readFileSync(positional[0]);
    if (publicKeyFile) trustedPublicKey = readFileSync(publicKeyFile);
  } catch (error) {
    io.stderr.write(`错误：无法读取文件 / error: cannot read the file: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const verdict = verifyEvidencePackage(file, { trustedPublicKey });
  io.stdout.write(json ? `${JSON.stringify(verdict, null, 2)}\n` : render(verdict));
  return verdict.ok ? 0 : 1;
}

function usage(io: AuditCliIo, zh: string, en: string): number {
  io.stderr.write(`错误：${zh}\nerror: ${en}\n\n${USAGE}`);
  return 2;
}

function describeScope(scope: unknown): string {
  const s = scope as { kind?: string; caseId?: string; findingId?: string } | null;
  if (s?.kind === 'case') return `案件 / case ${s.caseId}`;
  if (s?.kind === 'finding') return `疑点 / finding ${s.findingId}`;
  return 'scope unknown';
}

function render(v: PackageVerdict): string {
  const lines: string[] = [];
  lines.push(`证据包 / evidence package ${v.packageId ?? '?'} — ${describeScope(v.scope)}, created ${v.createdAt ?? '?'}`);
  for (const p of v.problems) lines.push(`  ✗ ${p.reason}${p.detail ? `: ${p.detail}` : ''}`);
  for (const part of v.parts) {
    lines.push(part.ok ? `  ✓ 部件 / part ${part.name}: sha256 ${part.actualSha256}` : `  ✗ 部件 / part ${part.name}: ${part.problems.map((p) => `${p.reason}${p.detail ? ` (${p.detail})` : ''}`).join('; ')}`);
  }
  for (const s of v.streams) {
    const range = s.fromRevision === null || s.toRevision === null ? '' : ` revisions ${s.fromRevision}..${s.toRevision}`;
    lines.push(
      s.ok
        ? `  ✓ 流 / stream ${s.streamId}:${range}, ${s.events} events, chain intact`
        : `  ✗ 流 / stream ${s.streamId}:${s.brokenAt === null ? '' : ` broken at revision ${s.brokenAt}:`} ${s.problems.map((p) => `${p.reason}${p.detail ? ` (${p.detail})` : ''}`).join('; ')}`,
    );
  }
  const sig = v.signature;
  lines.push(
    sig.status === 'absent'
      ? '  · 签名 / signature: 无 / absent (digests only)'
      : sig.status === 'valid'
        ? `  ✓ 签名 / signature: valid, key ${sig.keyId}${sig.trusted ? ' (the trusted key)' : ' — compare the key id with the published audit anchor key'}`
        : `  ✗ 签名 / signature: invalid (${sig.reason})`,
  );
  const failures = v.problems.length + v.parts.filter((p) => !p.ok).length + v.streams.filter((s) => !s.ok).length;
  lines.push(v.ok ? '结论 / verdict: 通过 / VERIFIED' : `结论 / verdict: 未通过 / FAILED (${failures} failing check${failures === 1 ? '' : 's'})`);
  return `${lines.join('\n')}\n`;
}
