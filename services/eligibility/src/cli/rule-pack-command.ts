import { readFileSync } from 'node:fs';
import type { AuditCliIo } from '../../../audit/src/cli/audit-cli-io';
import { COMMON_USAGE, auditRequest, parseCommonOptions, runAuditCommand, usageFailure, type CommonOptions } from '../../../audit/src/cli/http-client';
import { serviceUrl } from './simulate-command';

/**
 * `benefits standards publish-pack <pack.json>` and `benefits standards packs`: rule packs through
 * the running eligibility service (`POST /rule-packs`, `GET /rule-packs`). A pack is a JSON file of the
 * shape the shipped ones have (libs/standards/data/rule-packs); the service checks it against the
 * engine and the catalogued text and records it on the standard's stream.
 */
export const RULE_PACK_USAGE = [
  'usage:',
  '  benefits standards publish-pack <pack.json> [common]',
  '  benefits standards packs [common]',
  '  publish-pack  发布规则包（核对标准原文引文，发布后不可修改）/ publish a rule pack (quotes checked against the catalogued text; never edited)',
  '  packs         列出规则包（随产品提供的和已发布的）/ list the rule packs (shipped and published)',
  COMMON_USAGE.replace(/audit 服务地址 \/ the audit service \(default http:\/\/\$BENEFITS_HOST:\$BENEFITS_PORT_BASE\+3/, 'eligibility 服务地址 / the eligibility service (default http://$BENEFITS_HOST:$BENEFITS_PORT_BASE+1').replace('(default cli-auditor)', '(default cli-admin)').replace('auditor (default) or admin', 'admin (default)'),
  '',
].join('\n');

export const isRulePackSubcommand = (argv: readonly string[]) => ['publish-pack', 'packs'].includes(argv[0] === 'standards' ? (argv[1] ?? '') : (argv[0] ?? ''));

interface Published {
  id: string;
  created: boolean;
  packHash: string;
  supersedes: string | null;
  requiresActivation: boolean;
  parameterCount: number;
}

interface Listed {
  rulePacks: { id: string; benefit: string; jurisdiction: { nameZh: string }; standard: { standardId: string; versionId: string }; source: string; inUse: boolean; parameterCount: number }[];
}

export async function rulePackCommand(rawArgv: readonly string[], io: AuditCliIo): Promise<number> {
  const argv = rawArgv[0] === 'standards' ? rawArgv.slice(1) : rawArgv;
  return runAuditCommand(io, RULE_PACK_USAGE, async () => {
    const [sub, ...rest] = argv;
    const parsed = parseCommonOptions(rest, { options: [], flags: [], command: `standards ${sub}` });
    if (parsed === 'help') {
      io.stdout.write(RULE_PACK_USAGE);
      return 0;
    }
    const env = io.env ?? process.env;
    const options: CommonOptions = { ...parsed.options, role: parsed.options.role ?? 'admin', user: parsed.options.user ?? 'cli-admin' };
    const eligibility = { ...options, url: serviceUrl(options, env, 1) };
    if (sub === 'packs') {
      const { body } = await auditRequest<Listed>(io, eligibility, 'GET', '/rule-packs');
      for (const p of body.rulePacks) {
        io.stdout.write(`${p.id}\t${p.benefit}\t${p.jurisdiction.nameZh}\t${p.standard.standardId}/${p.standard.versionId}\t${p.source}${p.inUse ? '' : '（已被替换 replaced）'}\t${p.parameterCount} 参数 parameters\n`);
      }
      return 0;
    }
    const file = parsed.positional[0];
    if (!file) throw usageFailure('缺少规则包文件', 'the pack file is missing');
    let pack: unknown;
    try {
      pack = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw usageFailure(`无法读取规则包 ${file}：${(error as Error).message}`, `cannot read the pack ${file}: ${(error as Error).message}`);
    }
    const { body } = await auditRequest<Published>(io, eligibility, 'POST', '/rule-packs', pack);
    io.stdout.write(
      `${body.created ? '规则包已发布 published' : '规则包已存在，内容相同，未写入 already published identically, nothing written'}: ${body.id}\n` +
        `  参数 parameters ${body.parameterCount}, 哈希 hash ${body.packHash}${body.supersedes ? `, 替换 replaces ${body.supersedes}` : ''}${body.requiresActivation ? '\n  该标准版本须经授权启用后方可使用 / the standard version must be activated before the pack is used' : ''}\n`,
    );
    return 0;
  });
}
