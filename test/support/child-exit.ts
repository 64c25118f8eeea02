import type { ChildProcess } from 'node:child_process';

export interface ChildEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The child's end once its output has been read to the last byte: 'exit' can come before the last
 * chunks of stdout/stderr (a line printed just before `process.exit`), 'close' comes after them. A
 * grandchild still holding the pipes would delay 'close': 10 s after 'exit' the end is taken anyway.
 */
export function endOf(child: ChildProcess, drainMs = 10_000): Promise<ChildEnd> {
  return new Promise((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
    child.once('exit', (code, signal) => {
      setTimeout(() => resolve({ code, signal }), drainMs).unref();
    });
  });
}
