import { createHash } from 'node:crypto';
import { createReadStream, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DataDirectoryLock, DataDirectoryLockedError, LOCK_FILE_NAME, openPgliteEventStore } from '@benefits/event-store';
import type { CliIo } from '@benefits/identity';
import { verifyLog } from '../../services/audit/src/integrity/verify-all';
import { openPgliteDatabase } from '@benefits/sql';

/**
 * `benefits backup <dir>` / `benefits restore <dir>`: the embedded data directory (BENEFITS_DATA_DIR,
 * default ./.data) — the PGlite event store (`events/`), the local database of inbox, checkpoints,
 * parked messages and read models (`messaging/`), the personal-data vault (`vault/`) and its keys,
 * the development signing key (`identity/`), the audit anchors and their key — copied as files.
 *
 * Consistency: PGlite has one writer, the process that holds the event store's lock file, and the
 * other databases are opened only by that process. So both commands refuse while it runs
 * (DATA_DIRECTORY_IN_USE), and the backup holds that same lock while it copies, so `npm start` cannot
 * begin meanwhile. The copy is then opened as an event store and its whole log is verified with the
 * audit service's hash-chain verifier; the manifest records the log head, every stream's head
 * (revision and hash), a digest of those heads and the SHA-256 of every file. A restore checks every
 * file against the manifest, restores into a staging directory beside the target, opens it, verifies
 * the chains again and that every stream head of the manifest is there, and only then moves it into
 * place. Restores only into a missing or empty data directory.
 */

export const BACKUP_FORMAT = 'benefits-embedded-backup';
export const BACKUP_FORMAT_VERSION = 1;
const MANIFEST = 'manifest.json';
const DATA = 'data';

export const BACKUP_USAGE = [
  'usage: benefits backup <backup dir> [--data-dir <dir>]',
  '       benefits restore <backup dir> [--data-dir <dir>] [--erasures <register file>]',
  '',
  '嵌入式数据目录的备份与恢复 / Back up or restore the embedded data directory (npm start).',
  '  backup    复制数据目录（事件库、消息与读模型库、个人信息库、密钥、锚定）到新的空目录，核验哈希链并写清单',
  '            / copy the data directory (event store, messaging and read models, vault, keys, anchors) into a new',
  '            empty directory, verify the hash chains and write a manifest (head position, stream heads, file hashes)',
  '  restore   按清单校验每个文件，恢复到空的数据目录，再核验哈希链与清单中每个流的链头',
  '            / check every file against the manifest, restore into an empty data directory, verify the chains and',
  '            that every stream head recorded in the manifest is present',
  '  --data-dir  数据目录 / data directory (default $BENEFITS_DATA_DIR or ./.data)',
  '  --erasures  删除登记（每行以 personRef 开头）：报告恢复后仍有数据密钥、须重新删除的人员',
  '              / register of erasures (each line starts with a personRef): report the persons whose data key',
  '              is back in the restored vault and must be erased again (docs/operations/backup-and-restore.md)',
  '',
  '服务运行时两者都会拒绝（须先停止 npm start）/ Both refuse while the services run on the directory (stop npm start first).',
  'PostgreSQL / KurrentDB 部署的备份见 docs/operations/backup-and-restore.md',
  '/ for PostgreSQL or KurrentDB deployments see docs/operations/backup-and-restore.md',
  '',
].join('\n');

export class BackupFailure extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly exitCode = 1,
  ) {
    super(en);
    this.name = 'BackupFailure';
  }
}

const usageFailure = (zh: string, en: string) => new BackupFailure('USAGE', zh, en, 2);

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  store: {
    headPosition: string;
    events: number;
    streams: number;
    /** SHA-256 over every stream head, `streamId\nrevision\nhash\n` in stream id order. */
    chainHead: string;
    intact: boolean;
    brokenStreams: number;
  };
  /** Every stream's head at backup time: [streamId, revision, hash], by stream id. */
  streamHeads: [string, number, string][];
  files: ManifestFile[];
}

interface ParsedOptions {
  dir: string;
  dataDir?: string;
  erasures?: string;
}

function parse(argv: string[], accepted: readonly string[]): ParsedOptions | 'help' {
  const positional: string[] = [];
  const given: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    if (!match) {
      positional.push(arg);
      continue;
    }
    const name = match[1];
    if (!accepted.includes(name)) throw usageFailure(`未知选项 --${name}`, `unknown option --${name}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '' || (match[2] === undefined && value.startsWith('--'))) throw usageFailure(`选项 --${name} 缺少取值`, `option --${name} needs a value`);
    if (given[name] !== undefined) throw usageFailure(`选项 --${name} 重复`, `option --${name} given twice`);
    given[name] = value;
  }
  if (positional.length === 0) throw usageFailure('缺少备份目录', 'missing the backup directory');
  if (positional.length > 1) throw usageFailure(`无法识别的参数 ${positional[1]}`, `unexpected argument ${positional[1]}`);
  return { dir: positional[0], dataDir: given['data-dir'], erasures: given.erasures };
}

function dataDirOf(option: string | undefined, env: NodeJS.ProcessEnv): string {
  if (env.BENEFITS_EVENT_STORE && env.BENEFITS_EVENT_STORE !== 'pglite') {
    throw new BackupFailure(
      'BACKUP_NOT_EMBEDDED',
      `BENEFITS_EVENT_STORE=${env.BENEFITS_EVENT_STORE}：事件库不在数据目录中；请按 docs/operations/backup-and-restore.md 备份该数据库`,
      `BENEFITS_EVENT_STORE=${env.BENEFITS_EVENT_STORE}: the event store is not in the data directory; back that database up as docs/operations/backup-and-restore.md describes`,
    );
  }
  return resolve(option ?? (env.BENEFITS_DATA_DIR || './.data'));
}

function isEmptyOrMissing(dir: string): boolean {
  if (!existsSync(dir)) return true;
  if (!statSync(dir).isDirectory()) return false;
  return readdirSync(dir).length === 0;
}

function inUse(dataDir: string, pid: number | null): BackupFailure {
  const who = pid === null ? { zh: '另一进程', en: 'another process' } : { zh: `进程 ${pid} `, en: `process ${pid}` };
  return new BackupFailure(
    'DATA_DIRECTORY_IN_USE',
    `数据目录 ${dataDir} 正被${who.zh}使用（npm start 是否在运行？）。请先停止服务：只有在无人写入时复制，备份才一致`,
    `data directory ${dataDir} is in use by ${who.en} (is npm start running?). Stop the services first: only a copy taken while nothing writes is consistent`,
  );
}

/** Holds the event store's lock on `dataDir` (so the services cannot start) or refuses. */
export function lockDataDirectory(dataDir: string): DataDirectoryLock {
  try {
    return DataDirectoryLock.acquire(join(dataDir, 'events'));
  } catch (error) {
    if (error instanceof DataDirectoryLockedError) throw inUse(dataDir, error.holderPid);
    throw error;
  }
}

/** Every regular file under `root`, as `/`-separated paths relative to it, in sorted order. */
function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolveHash, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolveHash(hash.digest('hex')));
  });
}

async function describeFiles(root: string): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  for (const path of filesUnder(root)) {
    const full = join(root, ...path.split('/'));
    files.push({ path, bytes: statSync(full).size, sha256: await sha256File(full) });
  }
  return files;
}

export interface StoreSummary {
  store: BackupManifest['store'];
  streamHeads: BackupManifest['streamHeads'];
}

function chainHeadOf(heads: BackupManifest['streamHeads']): string {
  const hash = createHash('sha256');
  for (const [streamId, revision, head] of heads) hash.update(`${streamId}\n${revision}\n${head}\n`);
  return hash.digest('hex');
}

/** Opens the event store in `eventsDir` (takes its lock), verifies the whole log with the audit verifier and closes it. */
export async function summariseStore(eventsDir: string): Promise<StoreSummary> {
  const store = await openPgliteEventStore(eventsDir);
  try {
    const { verdict, verifier } = await verifyLog(store);
    const streamHeads: BackupManifest['streamHeads'] = [...verifier.heads()]
      .map(([streamId, head]): [string, number, string] => [streamId, head.revision, head.hash])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const headPosition = await store.headPosition();
    return {
      store: {
        headPosition,
        events: verdict.events,
        streams: verdict.streams,
        chainHead: chainHeadOf(streamHeads),
        intact: verdict.brokenStreams.length === 0 && verdict.positionViolations === 0,
        brokenStreams: verdict.brokenStreams.length,
      },
      streamHeads,
    };
  } finally {
    await store.close();
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Copies `from` into `to`, leaving out the lock file (and the aside copies a stale-lock takeover makes). */
function copyData(from: string, to: string): void {
  const lock = join(from, 'events', LOCK_FILE_NAME);
  cpSync(from, to, { recursive: true, errorOnExist: true, force: false, filter: (src) => src !== lock && !src.startsWith(`${lock}.`) });
}

export async function backup(dir: string, dataDirOption: string | undefined, io: CliIo): Promise<BackupManifest> {
  const env = io.env ?? process.env;
  const dataDir = dataDirOf(dataDirOption, env);
  const target = resolve(dir);
  if (!existsSync(join(dataDir, 'events', 'PG_VERSION'))) {
    throw new BackupFailure('BACKUP_NO_DATA', `${dataDir} 中没有嵌入式事件库（events/）`, `no embedded event store (events/) in ${dataDir}`);
  }
  if (target === dataDir || target.startsWith(`${dataDir}${sep}`) || dataDir.startsWith(`${target}${sep}`)) {
    throw new BackupFailure('BACKUP_TARGET_OVERLAPS_DATA', `备份目录 ${target} 不能在数据目录之内或包含它`, `the backup directory ${target} must not be inside the data directory or contain it`);
  }
  if (!isEmptyOrMissing(target)) {
    throw new BackupFailure('BACKUP_TARGET_NOT_EMPTY', `备份目录 ${target} 已存在且不为空；请指定新的目录`, `backup directory ${target} exists and is not empty; name a new one`);
  }
  const started = Date.now();
  const createdAt = new Date().toISOString();
  const lock = lockDataDirectory(dataDir);
  const staging = join(target, DATA);
  let created = false;
  try {
    mkdirSync(target, { recursive: true });
    created = true;
    copyData(dataDir, staging);
  } catch (error) {
    if (created) rmSync(target, { recursive: true, force: true });
    throw error;
  } finally {
    lock.release();
  }
  io.stdout.write(`已复制 / copied ${dataDir} in ${seconds(Date.now() - started)}; 核验中 / verifying the copy …\n`);
  try {
    // Opened once so the copy is recovered and cleanly closed: the files hashed are the files restored.
    const summary = await summariseStore(join(staging, 'events'));
    const files = await describeFiles(staging);
    const manifest: BackupManifest = { format: BACKUP_FORMAT, formatVersion: BACKUP_FORMAT_VERSION, createdAt, ...summary, files };
    writeFileSync(join(target, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`, { flag: 'wx' });
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    const s = manifest.store;
    io.stdout.write(
      [
        `备份完成 / backup written: ${target}`,
        `  创建时间 created at ${createdAt}  用时 took ${seconds(Date.now() - started)}  文件 files ${files.length}  大小 size ${mib(bytes)}`,
        `  事件 events ${s.events}  流 streams ${s.streams}  日志头 head position ${s.headPosition}`,
        `  链头摘要 chain head ${s.chainHead}`,
        s.intact
          ? '  哈希链完好 / hash chains intact'
          : `  警告：备份时已有 ${s.brokenStreams} 个流的哈希链断裂（已原样备份），请运行 npx benefits audit verify --all / WARNING: ${s.brokenStreams} streams had broken chains at backup time (backed up as they are); run npx benefits audit verify --all`,
        '',
      ].join('\n'),
    );
    return manifest;
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    throw error;
  }
}

function readManifest(backupDir: string): BackupManifest {
  const path = join(backupDir, MANIFEST);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? '不存在 / missing' : error instanceof Error ? error.message : String(error);
    throw new BackupFailure('BACKUP_MANIFEST_INVALID', `无法读取备份清单 ${path}：${reason}`, `cannot read the backup manifest ${path}: ${reason}`);
  }
  const valid =
    manifest?.format === BACKUP_FORMAT &&
    Array.isArray(manifest.files) &&
    Array.isArray(manifest.streamHeads) &&
    typeof manifest.store?.headPosition === 'string' &&
    typeof manifest.store?.chainHead === 'string';
  if (!valid) throw new BackupFailure('BACKUP_MANIFEST_INVALID', `${path} 不是本产品的备份清单`, `${path} is not a backup manifest of this product`);
  if (manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupFailure('BACKUP_MANIFEST_INVALID', `不支持的备份格式版本 ${manifest.formatVersion}`, `unsupported backup format version ${manifest.formatVersion}`);
  }
  return manifest;
}

/** Every file of the manifest present with its size and hash, and no other file: else BACKUP_CORRUPT naming the first few. */
async function checkFiles(root: string, manifest: BackupManifest): Promise<void> {
  const problems: string[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const file of manifest.files) {
    if (isAbsolute(file.path) || file.path.split('/').includes('..')) {
      problems.push(`${file.path}: path outside the backup`);
      continue;
    }
    const full = join(root, ...file.path.split('/'));
    if (!existsSync(full)) problems.push(`${file.path}: missing`);
    else if (statSync(full).size !== file.bytes) problems.push(`${file.path}: size differs`);
    else if ((await sha256File(full)) !== file.sha256) problems.push(`${file.path}: SHA-256 differs`);
  }
  if (existsSync(root)) for (const path of filesUnder(root)) if (!listed.has(path)) problems.push(`${path}: not in the manifest`);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    throw new BackupFailure(
      'BACKUP_CORRUPT',
      `备份与清单不符（${problems.length} 处），未恢复任何内容：${shown}`,
      `the backup does not match its manifest (${problems.length} problems); nothing restored: ${shown}`,
    );
  }
}

/** What the restored store holds against what the manifest says it held. */
function compareWithManifest(restored: StoreSummary, manifest: BackupManifest): string[] {
  const problems: string[] = [];
  if (!restored.store.intact && manifest.store.intact) problems.push(`${restored.store.brokenStreams} streams with broken hash chains`);
  if (restored.store.headPosition !== manifest.store.headPosition) problems.push(`head position ${restored.store.headPosition}, manifest ${manifest.store.headPosition}`);
  if (restored.store.events !== manifest.store.events) problems.push(`${restored.store.events} events, manifest ${manifest.store.events}`);
  const heads = new Map(restored.streamHeads.map(([id, revision, hash]) => [id, { revision, hash }]));
  for (const [id, revision, hash] of manifest.streamHeads) {
    const head = heads.get(id);
    if (!head) problems.push(`stream ${id} missing`);
    else if (head.revision !== revision || head.hash !== hash) problems.push(`stream ${id} at revision ${head.revision}, manifest ${revision}`);
  }
  if (restored.streamHeads.length !== manifest.streamHeads.length) problems.push(`${restored.streamHeads.length} streams, manifest ${manifest.streamHeads.length}`);
  if (restored.store.chainHead !== manifest.store.chainHead) problems.push('chain head digest differs');
  return problems;
}

const UUID_AT_START = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-z-])/i;

/**
 * The personRefs of a register of erasures: every line that starts with one (a CSV export of the
 * vault's destruction rows, or a hand-kept list with dates and reasons after the id); other lines
 * (a header, comments, blank) are skipped. Refused if unreadable or naming nobody.
 */
export function readErasureRegister(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new BackupFailure('ERASURES_FILE_UNREADABLE', `无法读取删除登记文件 ${file}`, `cannot read the register of erasures ${file}`, 2);
  }
  const refs = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const match = UUID_AT_START.exec(line.trim().replace(/^"/, ''));
    if (match) refs.add(match[1].toLowerCase());
  }
  if (refs.size === 0) throw new BackupFailure('ERASURES_FILE_EMPTY', `删除登记文件 ${file} 中没有以 personRef 开头的行`, `the register of erasures ${file} has no line starting with a personRef`, 2);
  return [...refs];
}

/** Of `refs`, those whose data key is present (not destroyed) in the vault database at `vaultDir`. */
async function erasuresUndone(vaultDir: string, refs: readonly string[]): Promise<string[]> {
  if (!existsSync(join(vaultDir, 'PG_VERSION'))) return [];
  const db = await openPgliteDatabase(vaultDir);
  try {
    const [table] = await db.query<{ t: string | null }>(`SELECT to_regclass('vault_person_keys')::text AS t`);
    if (!table?.t) return [];
    const rows = await db.query<{ person_ref: string }>(
      'SELECT person_ref::text AS person_ref FROM vault_person_keys WHERE destroyed_at IS NULL AND person_ref = ANY($1::uuid[]) ORDER BY person_ref',
      [refs],
    );
    return rows.map((r) => r.person_ref);
  } finally {
    await db.close();
  }
}

export async function restore(dir: string, dataDirOption: string | undefined, io: CliIo, erasuresFile?: string): Promise<StoreSummary> {
  const env = io.env ?? process.env;
  const dataDir = dataDirOf(dataDirOption, env);
  const backupDir = resolve(dir);
  const erasures = erasuresFile === undefined ? null : readErasureRegister(erasuresFile);
  // A live lock first: the clearest reason when the services run on the target.
  if (existsSync(join(dataDir, 'events', LOCK_FILE_NAME))) lockDataDirectory(dataDir).release();
  if (!isEmptyOrMissing(dataDir)) {
    throw new BackupFailure(
      'RESTORE_TARGET_NOT_EMPTY',
      `数据目录 ${dataDir} 不为空；恢复不会覆盖现有数据。请先将其移走（例如 mv ${basename(dataDir)} ${basename(dataDir)}.old）`,
      `data directory ${dataDir} is not empty; a restore never overwrites data. Move it aside first (e.g. mv ${basename(dataDir)} ${basename(dataDir)}.old)`,
    );
  }
  const started = Date.now();
  const manifest = readManifest(backupDir);
  await checkFiles(join(backupDir, DATA), manifest);
  const staging = join(dirname(dataDir), `.${basename(dataDir)}.restoring-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  let summary: StoreSummary;
  let undone: string[] | null = null;
  try {
    cpSync(join(backupDir, DATA), staging, { recursive: true, errorOnExist: true, force: false });
    summary = await summariseStore(join(staging, 'events'));
    const problems = compareWithManifest(summary, manifest);
    if (problems.length > 0) {
      throw new BackupFailure(
        'RESTORE_VERIFICATION_FAILED',
        `恢复后的事件库与清单不符，未恢复：${problems.slice(0, 5).join('; ')}`,
        `the restored event store does not match the manifest; nothing restored: ${problems.slice(0, 5).join('; ')}`,
      );
    }
    // Checked in the staging copy, where nothing can be serving yet.
    undone = erasures && (await erasuresUndone(join(staging, 'vault'), erasures));
    // Still empty (checked above): the directory itself gives way to the verified copy.
    if (existsSync(dataDir)) rmdirSync(dataDir);
    renameSync(staging, dataDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const s = summary.store;
  io.stdout.write(
    [
      `恢复完成 / restored into ${dataDir} from ${backupDir} in ${seconds(Date.now() - started)}`,
      `  备份时间 backup taken at ${manifest.createdAt}`,
      `  事件 events ${s.events}  流 streams ${s.streams}  日志头 head position ${s.headPosition}`,
      `  清单中 ${manifest.streamHeads.length} 个流的链头全部存在且一致 / all ${manifest.streamHeads.length} stream heads of the manifest present and equal`,
      `  链头摘要 chain head ${s.chainHead}${s.intact ? '  哈希链完好 / hash chains intact' : `  ${s.brokenStreams} 个流断链（备份时即如此）/ ${s.brokenStreams} broken streams (as at backup time)`}`,
      `  注意：${manifest.createdAt} 之后写入的数据不在此备份中，恢复后不存在 / note: anything written after ${manifest.createdAt} is not in this backup and is not in the restored directory`,
      ...erasureReport(erasures, undone),
      '',
    ].join('\n'),
  );
  return summary;
}

function erasureReport(erasures: readonly string[] | null, undone: readonly string[] | null): string[] {
  if (erasures === null) {
    return ['  删除登记未提供：本备份之后删除的人员，其数据密钥已随恢复回来 / no register of erasures given: persons erased after this backup have their data keys back (--erasures)'];
  }
  const lines = [`  删除登记 ${erasures.length} 人 / register of erasures: ${erasures.length} persons`];
  if (!undone || undone.length === 0) return [...lines, '  登记中的人员在恢复的保管库中均无数据密钥 / none of them has a data key in the restored vault'];
  return [
    ...lines,
    `  警告：${undone.length} 人的数据密钥随恢复回来，须在服务对外前重新删除 / WARNING: ${undone.length} erased persons have their data key back; erase them again before the services serve anyone:`,
    ...undone.map((ref) => `    ${ref}`),
  ];
}

function run(work: (dir: string, dataDir: string | undefined, io: CliIo, erasures?: string) => Promise<unknown>, accepted: readonly string[]) {
  return async (argv: string[], io: CliIo): Promise<number> => {
    try {
      const options = parse(argv, accepted);
      if (options === 'help') {
        io.stdout.write(BACKUP_USAGE);
        return 0;
      }
      await work(options.dir, options.dataDir, io, options.erasures);
      return 0;
    } catch (error) {
      if (!(error instanceof BackupFailure)) throw error;
      io.stderr.write(`错误 Error [${error.code}]: ${error.zh}\n  ${error.en}\n${error.exitCode === 2 ? `\n${BACKUP_USAGE}` : ''}`);
      return error.exitCode;
    }
  };
}

/** `benefits backup <dir>`: exit 0 written, 1 refused, 2 bad arguments. */
export const backupCommand = run(backup, ['data-dir']);
/** `benefits restore <dir>`: exit 0 restored, 1 refused or not verified, 2 bad arguments. */
export const restoreCommand = run(restore, ['data-dir', 'erasures']);
