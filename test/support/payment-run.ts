import type { Test } from 'supertest';

/** What the cross-service suites read from a payment run: its control totals and the payments it created. */
export interface RunOutcome {
  runId: string;
  created: number;
  alreadyExisted: number;
  totals: { createdAmount: { fen: number }; arrears: { fen: number }; recovery: { fen: number } };
  /** Every payment the run created (all pages of GET /disbursement/runs/{runId}/payments). */
  payments: { paymentStreamId: string; personRef: string; periodKey: string; kind: 'regular' | 'arrears' | 'recovery'; amount: { fen: number }; outcome: 'created' }[];
}

interface Http {
  post(path: string): Test;
  get(path: string): Test;
}

/** POST /disbursement/runs, then the run's payments page by page (a small page size, so paging is exercised). */
export async function runPayments(http: () => Http, headers: Record<string, string>, body: { benefit: string; divisionCode: string; period: string }): Promise<RunOutcome> {
  const res = await http().post('/disbursement/runs').set(headers).send(body).expect(200);
  const payments: RunOutcome['payments'] = [];
  let cursor: string | null = null;
  do {
    const page = await http()
      .get(`/disbursement/runs/${res.body.runId as string}/payments`)
      .query({ limit: 50, ...(cursor ? { cursor } : {}) })
      .set(headers)
      .expect(200);
    payments.push(...(page.body.items as RunOutcome['payments']).map((p) => ({ ...p, outcome: 'created' as const })));
    cursor = page.body.nextCursor as string | null;
  } while (cursor);
  const counts = res.body.counts as { created: number; alreadyExisted: number; createdFen: number; arrearsFen: number; recoveryFen: number };
  return {
    runId: res.body.runId,
    created: counts.created,
    alreadyExisted: counts.alreadyExisted,
    totals: { createdAmount: { fen: counts.createdFen }, arrears: { fen: counts.arrearsFen }, recovery: { fen: counts.recoveryFen } },
    payments,
  };
}
