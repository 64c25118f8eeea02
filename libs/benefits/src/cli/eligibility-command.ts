import { readFile } from 'node:fs/promises';
import { Errors, isDomainError, type DomainError } from '@benefits/kernel';
import { evaluate } from '../evaluate/evaluate';
import { EvaluateRequestSchema } from '../evaluate/schema';
import { shippedPacks } from '../packs/shipped';

/** Same shape as the other `benefits` commands: anything with `write`, e.g. process.stdout. */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export const ELIGIBILITY_USAGE = [
  '用法 Usage: benefits eligibility evaluate --file <request.json> [--compact]',
  '  试算：按请求中的规则包和事实计算资格、金额和计算过程，不写入任何数据。',
  '  What-if: evaluates the request (rule pack, parameter values, facts) and prints the result with',
  '  its trace as JSON. Writes nothing and opens no data directory.',
  '  --file      请求文件（JSON，格式见 libs/benefits/README.md）/ the request (JSON, see libs/benefits/README.md)',
  '  --compact   单行输出 / print the JSON on one line',
].join('\n');

/** Same limit as a JSON request body over HTTP. */
const MAX_REQUEST_BYTES = 1024 * 1024;

interface Failure {
  code: string;
  zh: string;
  en: string;
  details?: unknown;
}

type Parsed = { kind: 'run'; file: string; compact: boolean } | { kind: 'help' } | { kind: 'usage' };

function parseArgs(argv: string[]): Parsed {
  const args = argv[0] === 'eligibility' ? argv.slice(1) : argv;
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) return { kind: 'help' };
  const [sub, ...rest] = args;
  if (sub !== 'evaluate') return { kind: 'usage' };
  if (rest.includes('--help') || rest.includes('-h')) return { kind: 'help' };
  let file: string | undefined;
  let compact = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--compact' && !compact) compact = true;
    else if (arg === '--file' && file === undefined && rest[i + 1] !== undefined && !rest[i + 1].startsWith('--')) file = rest[++i];
    else if (arg.startsWith('--file=') && file === undefined && arg.length > '--file='.length) file = arg.slice('--file='.length);
    else return { kind: 'usage' };
  }
  return file === undefined ? { kind: 'usage' } : { kind: 'run', file, compact };
}

/**
 * `benefits eligibility evaluate --file <json> [--compact]`: the what-if calculator in process,
 * against the shipped rule packs. Exit codes: 0 ok, 1 the request could not be read or was refused
 * (error on stderr, nothing on stdout), 2 wrong usage.
 */
export async function eligibilityCommand(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv);
  if (args.kind === 'help') {
    io.stdout.write(`${ELIGIBILITY_USAGE}\n`);
    return 0;
  }
  if (args.kind === 'usage') {
    io.stderr.write(`${ELIGIBILITY_USAGE}\n`);
    return 2;
  }
  const request = await readRequest(args.file);
  if ('failure' in request) {
    io.stderr.write(formatFailure(request.failure, args.file));
    return 1;
  }
  try {
    const result = evaluate(validate(request.json), shippedPacks());
    io.stdout.write(`${args.compact ? JSON.stringify(result) : JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!isDomainError(error) || error.status >= 500) throw error;
    io.stderr.write(formatFailure(fromDomainError(error), args.file));
    return 1;
  }
}

/**
 * The request checked the way `POST /eligibility/evaluate` checks it, so both report the same
 * codes: UNKNOWN_FIELD when the only problems are fields the schema does not know, otherwise
 * VALIDATION_FAILED; each issue with its JSON path (`$` for the whole request).
 */
function validate(json: unknown): unknown {
  const result = EvaluateRequestSchema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '$',
    code: issue.code,
    message: issue.message,
  }));
  const onlyUnknownKeys = result.error.issues.every((issue) => issue.code === 'unrecognized_keys');
  throw onlyUnknownKeys ? Errors.UNKNOWN_FIELD({ issues }) : Errors.VALIDATION_FAILED({ issues });
}

async function readRequest(file: string): Promise<{ json: unknown } | { failure: Failure }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unknown';
    return { failure: { code: 'UNREADABLE_FILE', zh: `无法读取文件 ${file}（${reason}）。`, en: `Cannot read file ${file} (${reason}).` } };
  }
  if (bytes.length > MAX_REQUEST_BYTES) {
    return {
      failure: {
        code: 'PAYLOAD_TOO_LARGE',
        zh: `请求文件超过 ${MAX_REQUEST_BYTES} 字节。`,
        en: `The request file is larger than ${MAX_REQUEST_BYTES} bytes.`,
      },
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { failure: { code: 'NOT_UTF8', zh: `文件 ${file} 不是 UTF-8 文本，请先转换编码。`, en: `File ${file} is not UTF-8 text; convert it first.` } };
  }
  try {
    // A byte-order mark (as some editors save UTF-8) is not part of the JSON.
    return { json: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { failure: { code: 'MALFORMED_JSON', zh: `文件 ${file} 不是有效的 JSON（${reason}）。`, en: `File ${file} is not valid JSON (${reason}).` } };
  }
}

function fromDomainError(error: DomainError): Failure {
  return { code: error.code, zh: error.messageZh, en: error.messageEn, details: error.details };
}

function formatFailure(failure: Failure, file: string): string {
  const lines = [`错误 Error [${failure.code}]: ${failure.zh} / ${failure.en} (${file})`];
  const details = failure.details as { issues?: { path: string; message: string }[] } | undefined;
  if (details && Array.isArray(details.issues)) {
    for (const issue of details.issues) lines.push(`  ${issue.path}: ${issue.message}`);
  } else if (details !== undefined) {
    lines.push(`  详情 details: ${JSON.stringify(details)}`);
  }
  return `${lines.join('\n')}\n`;
}
