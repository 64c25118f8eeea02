import { tokenCommand, type CliIo } from '@benefits/identity';
import { standardsCommand } from '@benefits/standards';
import { eligibilityCommand } from '@benefits/benefits';
import { projectionsCommand } from './projections-command';
import { demoCommand } from '@benefits/demo';
import { disbursementCommand } from '../../services/disbursement/src/cli/disbursement-command';
import { auditCommand } from '../../services/audit/src/cli/audit-command';
import { calendarCommand } from '../../services/applications/src/cli/calendar-command';
import { isSimulationSubcommand, simulateCommand } from '../../services/eligibility/src/cli/simulate-command';
import { isRulePackSubcommand, rulePackCommand } from '../../services/eligibility/src/cli/rule-pack-command';
import { backupCommand, restoreCommand } from './backup-command';
import { parkedCommand } from './parked-command';
import { vaultCommand } from './vault-command';
import { loadBenefitModules } from '@benefits/http';

/** `benefits <command> [args]`: each command is an async function (argv, io) → exit code. */
type Command = (argv: string[], io: CliIo) => Promise<number>;

const commands: Record<string, { run: Command; summary: string }> = {
  token: { run: tokenCommand, summary: '签发本地开发令牌 / issue a local development bearer token' },
  standards: {
    run: (argv, io) => (isRulePackSubcommand(argv) ? rulePackCommand(argv, io) : standardsCommand(argv, io)),
    summary: '解析基本公共服务标准文本；发布、列出规则包 / parse a standards document (parse <file> [--json]); rule packs (publish-pack <pack.json> | packs)',
  },
  eligibility: {
    run: (argv, io) => (isSimulationSubcommand(argv) ? simulateCommand(argv, io) : eligibilityCommand(argv, io)),
    summary: '试算资格与金额，不写入数据；政策测算 / what-if evaluation (evaluate --file <json>); policy simulation (simulate --scenario <json> | simulation <id> | replay <id>)',
  },
  projections: { run: projectionsCommand, summary: '运行中服务的数据视图：查看、重建 / read models of the running services (list | rebuild <name>)' },
  disbursement: {
    run: disbursementCommand,
    summary: '发放批次财政流程：生成、审核、导出银行文件、导入回盘、对账 / finance steps (run | approve | export | import-returns | reconcile | holds | close)',
  },
  audit: {
    run: auditCommand,
    summary: '审计：回放、重算、哈希链核验、疑点清单、证据包 / audit (replay | recompute | verify | verify-package | anomalies)',
  },
  calendar: {
    run: calendarCommand,
    summary: '工作日历：发布年度节假日及调休、查看已有年度 / working-day calendar (publish --year <yyyy> --file <json> | list)',
  },
  parked: {
    run: parkedCommand,
    summary: '搁置消息：查看、重试、人工处理 / parked messages of the running consumers (list | retry <id> | resolve <id> --note <text>)',
  },
  backup: { run: backupCommand, summary: '备份嵌入式数据目录（服务须已停止）/ back up the embedded data directory (<dir> [--data-dir <dir>]; services stopped)' },
  restore: { run: restoreCommand, summary: '从备份恢复到空的数据目录并核验 / restore a backup into an empty data directory, verified (<dir> [--data-dir <dir>])' },
  vault: { run: vaultCommand, summary: '个人信息保管库主密钥轮换：查看、重新包装 / vault master-key rotation (status | rewrap [--batch <n>])' },
  demo: { run: demoCommand, summary: '经 HTTP 生成样例案件（样例数据）/ sample caseload through the running server (seed --cases <n> | advance)' },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(12)}${c.summary}`);
  return `usage: benefits <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    (name === undefined ? process.stderr : process.stdout).write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`错误：未知命令 ${name}\nerror: unknown command ${name}\n\n${usage()}`);
    return 2;
  }
  // The benefits added as modules (BENEFITS_MODULES), as the services load them: a command names them like the shipped ones.
  loadBenefitModules();
  return command.run(rest, io);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
