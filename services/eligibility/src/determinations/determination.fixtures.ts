import type { EventEnvelope } from '@benefits/kernel';
import {
  decideAcknowledgeWarning,
  decideActivation,
  decideImport,
  documentContentHash,
  foldStandard,
  openWarnings,
  parseStandardsDocument,
  readSeed,
  SAMPLE_BAND_TABLE_SOURCE,
  type ParameterEntry,
  type StandardState,
} from '@benefits/standards';
import { sampleBandTableValue } from '@benefits/benefits';
import type { DeterminationContext } from './context';

/** Test support: the catalog and 低保标准 series as the consumer would read them, without a store. */

const admin = { id: 'admin-1', role: 'admin', divisionCode: '110000' };

function envelope(type: string, streamId: string, streamRevision: number, data: unknown): EventEnvelope {
  return {
    eventId: `0190f1a2-0000-4000-8000-${String(streamRevision + 900).padStart(12, '0')}`,
    type,
    streamId,
    streamRevision,
    position: String(streamRevision + 1),
    recordedAt: '2024-07-01T00:00:00.000Z',
    data,
    metadata: { correlationId: 'c', causationId: null, actor: admin, schemaVersion: 1, prevHash: '', hash: '' },
  };
}

/** A seed document imported for a division, optionally with one activation (drafts, undated documents). */
export function seedStandard(file: string, divisionCode: string, activation?: { effectiveFrom: string }): StandardState {
  const text = readSeed(file);
  const decision = decideImport(null, {
    parsed: parseStandardsDocument(text, { sourceName: file }),
    contentHash: documentContentHash(text),
    divisionCode,
    sourceName: file,
    actor: admin,
    correlationId: 'c',
  });
  if (decision.kind !== 'publish') throw new Error('seed did not import');
  const streamId = `standard-${decision.standardId}`;
  const events = [envelope(decision.event.type, streamId, 0, decision.event.data)];
  let state = foldStandard(events);
  if (activation && state) {
    // A version with parse warnings is activated only once each is acknowledged.
    for (const warning of openWarnings(state, state.versions[0])) {
      const ack = decideAcknowledgeWarning(state, { versionId: state.versions[0].versionId, warningId: warning.warningId, note: '测试数据：已核对（测试用确认）', actor: admin, at: '2024-07-01T00:00:00.000Z', correlationId: 'c' });
      events.push(envelope(ack.type, streamId, events.length, ack.data));
    }
    state = foldStandard(events)!;
    const activated = decideActivation(state, { versionId: state.versions[0].versionId, divisionCode, effectiveFrom: activation.effectiveFrom, reason: '试运行（测试）', actor: admin, correlationId: 'c' });
    events.push(envelope(activated.type, streamId, events.length, activated.data));
    state = foldStandard(events);
  }
  if (!state) throw new Error('seed did not fold');
  return state;
}

export const JIAXING = () => seedStandard('001_40e26111df30cc0a.txt', '330400');
export const BEIJING_ACTIVATED = () => seedStandard('003_d2c032a64aa52382.txt', '110000', { effectiveFrom: '2025-01-01' });

/** SAMPLE DATA: a 低保标准 entry for tests, never an official figure. */
export function sampleB(divisionCode: string, effectiveFrom: string, fen: number, n = 0): ParameterEntry {
  return {
    entryId: `entry-${divisionCode}-${effectiveFrom}-${n}`,
    name: 'dibao.standard',
    divisionCode,
    effectiveFrom,
    effectiveTo: null,
    value: { fen },
    source: { docNo: '示例数据（非官方）', title: null },
    sampleData: true,
    supersedes: null,
    correctionReason: null,
    publishedBy: admin,
    eventId: `event-${divisionCode}-${effectiveFrom}-${n}`,
    streamRevision: n,
    recordedAt: '2024-07-01T00:00:00.000Z',
  };
}

/** SAMPLE DATA: a published 临时救助 band table entry (示例数据（非官方）), never an official table. */
export function sampleBandTableEntry(divisionCode: string, effectiveFrom: string, n = 0): ParameterEntry {
  return {
    ...sampleB(divisionCode, effectiveFrom, 0, n),
    entryId: `table-${divisionCode}-${effectiveFrom}-${n}`,
    name: 'linshi.band-table',
    value: sampleBandTableValue(`sample-${divisionCode}`),
    source: { ...SAMPLE_BAND_TABLE_SOURCE },
  };
}

export function contextOf(standards: StandardState[], series: ParameterEntry[] = [], bandTables: ParameterEntry[] = []): DeterminationContext {
  return {
    standards,
    dibaoSeriesOf: (code) => series.filter((e) => e.divisionCode === code),
    bandTableSeriesOf: (code) => bandTables.filter((e) => e.divisionCode === code),
  };
}
