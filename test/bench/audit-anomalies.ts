/** `npm run bench -- audit-anomalies` (ADR 0012). */
export async function main(_argv: string[]): Promise<void> {
  throw new Error('not built yet');
}
