import type { z } from 'zod';
import type { PersonalDataVault } from '@benefits/identity';
import type { Projection, ReadModelView } from '@benefits/read-store';
import type { AuditSource } from '../replica/replica-store';

/**
 * One 疑点 rule (ADR 0012 §5). A rule is documented (title, description with the data it reads and
 * the audit finding it comes from), configurable (a zod schema and defaults; the deployment's
 * values are in services/audit/anomaly-rules.json) and reads only read models, in pages — never
 * the global log. It may declare the read models it needs; they follow AUDIT_SOURCE like every
 * audit read model.
 */
export interface AnomalyRule<Config = unknown> {
  /** Stable id, e.g. `A1-paid-after-death`; findings cite it. */
  id: string;
  title: { zh: string; en: string };
  /** What it checks, on which data, with which threshold, and why auditors look for it. */
  description: { zh: string; en: string };
  configSchema: z.ZodType<Config>;
  defaults: Config;
  projections?: () => Projection[];
  scan(context: RuleScanContext<Config>): AsyncIterable<AnomalyCandidate>;
}

export interface RuleScanContext<Config> {
  config: Config;
  /** The scan's scope: cases of this division and the divisions under it. */
  divisionCode: string;
  /** The day the scan judges time limits against (yyyy-mm-dd, China time). */
  asOf: string;
  /** A read model's view once it has caught up with the log as of the scan's start. */
  view(projection: string): Promise<ReadModelView>;
  /** Fingerprints and keyed hashes only; rules never open sealed personal data. */
  vault(): Promise<Pick<PersonalDataVault, 'fingerprintsOf' | 'keyedFingerprint'>>;
  /** Reads one stream by id (evidence revisions); never the global log. */
  source: Pick<AuditSource, 'readStream'>;
  /** Reports progress (cases or documents examined) for long scans. */
  progress(examined: number): void;
}

/** What a rule reports; the engine turns it into a finding stream with a deterministic id. */
export interface AnomalyCandidate {
  /** Identifies the subject within the rule (e.g. a payment stream id, a fingerprint-less person key, a case id): a re-scan that finds the same subject updates, never duplicates. Never personal data. */
  subjectKey: string;
  /** The cases concerned and their divisions: scope of who may see the finding (and which case ids each reader may see). */
  cases: { caseId: string; divisionCode: string; benefit?: string }[];
  /** For a subject without cases (an envelope, an account): the divisions it belongs to (default: the scan's division). */
  divisionCodes?: string[];
  summary: { zh: string; en: string };
  /** The amount at stake in fen, when there is one (e.g. paid after death). */
  amountFen?: number;
  /** Evidence links: the events that show it. */
  evidence: { streamId: string; revision: number; note?: string }[];
  /** Rule-specific figures (no personal data). */
  details?: Record<string, unknown>;
}
