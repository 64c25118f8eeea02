import type { AuditCliIo } from './audit-cli-io';

/** `benefits audit anomalies …` (ADR 0012). */
export async function anomaliesCommand(_argv: string[], io: AuditCliIo): Promise<number> {
  io.stderr.write('错误：尚未提供 / error: not available yet\n');
  return 2;
}
