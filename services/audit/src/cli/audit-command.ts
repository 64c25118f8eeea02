import type { AuditCliIo } from './audit-cli-io';
import { replayCommand } from './replay-command';
import { recomputeCommand } from './recompute-command';
import { verifyCommand } from './verify-command';
import { verifyPackageCommand } from './verify-package-command';
import { anomaliesCommand } from './anomalies-command';

/**
 * `benefits audit <sub> …`: the auditor's steps. Each subcommand lives in its own file; all but
 * `verify-package` (offline) work through the running audit service's HTTP API.
 */
const SUBCOMMANDS: Record<string, { run: (argv: string[], io: AuditCliIo) => Promise<number>; summary: string }> = {
  replay: { run: replayCommand, summary: '案件回放（知悉时点 / 生效日期）/ replay a case as known at / as effective on' },
  recompute: { run: recomputeCommand, summary: '按锁定的标准版本重算 / recompute determinations and payments' },
  verify: { run: verifyCommand, summary: '哈希链与锚定核验 / verify hash chains (--all) and anchors' },
  'verify-package': { run: verifyPackageCommand, summary: '离线核验证据包 / verify an evidence package offline' },
  anomalies: { run: anomaliesCommand, summary: '疑点清单 / anomaly (疑点) scans and lists' },
};

export const AUDIT_USAGE = [
  'usage: benefits audit <subcommand> [options]   (--help after a subcommand for its options)',
  '',
  ...Object.entries(SUBCOMMANDS).map(([name, s]) => `  ${name.padEnd(16)}${s.summary}`),
  '',
].join('\n');

export async function auditCommand(argv: string[], io: AuditCliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    (sub === undefined ? io.stderr : io.stdout).write(AUDIT_USAGE);
    return sub === undefined ? 2 : 0;
  }
  const command = SUBCOMMANDS[sub];
  if (!command) {
    io.stderr.write(`错误：未知的子命令 ${sub}\nerror: unknown subcommand ${sub}\n\n${AUDIT_USAGE}`);
    return 2;
  }
  return command.run(rest, io);
}
