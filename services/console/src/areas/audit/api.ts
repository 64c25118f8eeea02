import type { z } from '@benefits/http';
import type { CaseHistorySchema } from '../../../../audit/src/history/history.schemas';
import type { ChainReport } from '../../../../audit/src/chain.schemas';
import type { AnchorListSchema, VerificationJobSchema } from '../../../../audit/src/integrity/integrity.schemas';
import type { RecomputationReportSchema } from '../../../../audit/src/recompute/recompute.schemas';
import type { FindingDetailSchema, FindingListSchema, RuleListSchema, ScanViewSchema } from '../../../../audit/src/anomalies/anomalies.schemas';
import { api } from '../../api/client';

/**
 * What the audit service answers, typed from its own response schemas (types only: nothing of the
 * service is bundled from here), and the few reads the pages share.
 */
export type CaseHistory = z.infer<typeof CaseHistorySchema>;
export type TimelineEntry = CaseHistory['timeline'][number];
export type CaseState = CaseHistory['state'];
export type DeterminationEntry = CaseHistory['determinations'][number];
export type PaymentEntry = CaseHistory['payments'][number];
export type StandardRef = NonNullable<DeterminationEntry['standardRef']>;
export type { ChainReport };
export type VerificationJob = z.infer<typeof VerificationJobSchema>;
export type AnchorList = z.infer<typeof AnchorListSchema>;
export type RecomputationReport = z.infer<typeof RecomputationReportSchema>;
export type RecomputeFinding = RecomputationReport['mismatches'][number];
export type ScanView = z.infer<typeof ScanViewSchema>;
export type FindingList = z.infer<typeof FindingListSchema>;
export type Finding = FindingList['items'][number];
export type FindingDetail = z.infer<typeof FindingDetailSchema>;
export type RuleList = z.infer<typeof RuleListSchema>;
export type Rule = RuleList['rules'][number];

export type JobStatus = 'running' | 'completed' | 'failed' | 'interrupted';

/** How often a running job is asked again. */
export const POLL_MS = 1_000;

export const enc = encodeURIComponent;

export async function fetchHistory(caseId: string, asKnownAt: string | null, asEffectiveOn: string | null, signal?: AbortSignal): Promise<CaseHistory> {
  return (await api<CaseHistory>('audit', `/audit/cases/${enc(caseId)}/history`, { query: { asKnownAt, asEffectiveOn }, signal })).data;
}

export async function verifyStream(streamId: string, signal?: AbortSignal): Promise<ChainReport> {
  return (await api<ChainReport>('audit', `/audit/streams/${enc(streamId)}/verify`, { signal })).data;
}

export async function fetchRules(): Promise<RuleList> {
  return (await api<RuleList>('audit', '/audit/anomaly-rules')).data;
}

/** The rules list is read by several pages and changes only with the deployment's configuration. */
export const rulesQuery = { queryKey: ['audit', 'anomaly-rules'], queryFn: fetchRules, staleTime: 5 * 60_000 } as const;
