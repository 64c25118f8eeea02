import type { ActualRevision, ExpectedRevision } from './event-store';

/**
 * Someone else wrote to the stream since the caller read it (or the stream's existence is not what
 * the caller assumed). Nothing was written. Services map it to 412 STALE_REVISION, or — for a stream
 * created with `'no_stream'` such as a payment — to "already done".
 */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
  ) {
    super(
      `流 ${streamId} 已被修改：期望版本 ${String(expected)}，实际 ${String(actual)}，未写入任何事件 / ` +
        `stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}; nothing was written`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Another live process has the embedded data directory open; PGlite must never be opened twice. */
export class DataDirectoryLockedError extends Error {
  readonly code = 'DATA_DIRECTORY_LOCKED';

  constructor(
    readonly dataDir: string,
    readonly holderPid: number | null,
  ) {
    const holder = holderPid === null ? 'an unknown process' : `process ${holderPid}`;
    super(
      `数据目录 ${dataDir} 正被${holderPid === null ? '其他进程' : `进程 ${holderPid} `}使用；请先停止该进程 / ` +
        `data directory ${dataDir} is in use by ${holder}; stop it first (CLIs talk to the running server over HTTP)`,
    );
    this.name = 'DataDirectoryLockedError';
  }
}

/** A position that this store did not produce. */
export class InvalidPositionError extends Error {
  readonly code = 'INVALID_POSITION';

  constructor(readonly position: string) {
    super(`无效的日志位置 ${JSON.stringify(position)} / not a log position of this store: ${JSON.stringify(position)}`);
    this.name = 'InvalidPositionError';
  }
}
