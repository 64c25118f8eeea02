import { LocalDate } from '@benefits/kernel';
import { isWithinDivision, readSeed, RULE_PACKS } from '@benefits/standards';
import { ApiError, type Api, type Who } from './api';
import { SAMPLE_B_FEN, SAMPLE_LABEL, SAMPLE_SOURCE, type Benefit } from './caseload';
import { countiesUnder, provinceOf } from './divisions';

/**
 * What a server needs before sample cases can be decided, put there through the same public API an
 * administrator would use — and only where it is missing:
 * - a standard in force for each benefit and division: the shipped document that covers the
 *   division is imported; a draft or undated one (北京, 瓯海, 万州) is activated with a reason that
 *   says it is for sample data;
 * - a 低保标准 B for each division (临时救助 caps are multiples of it too): if none is in effect, a
 *   SAMPLE value is published with `sampleData: true` and a source that says it is not official.
 * Everything done is returned so that the run's summary can show it.
 */

/** The standards documents shipped in libs/standards/data/seeds, by the division that issued them. */
export const SHIPPED_STANDARDS: readonly { file: string; divisionCode: string }[] = [
  { file: '000_0f5b4a98bdcb2c7b.txt', divisionCode: '330304' },
  { file: '001_40e26111df30cc0a.txt', divisionCode: '330400' },
  { file: '003_d2c032a64aa52382.txt', divisionCode: '110000' },
  { file: '004_252413ab3c819ab5.txt', divisionCode: '500101' },
];

export type SetupAction =
  | { action: 'standardImported'; file: string; divisionCode: string; standardId: string; versionId: string; created: boolean }
  | { action: 'standardWarningsAcknowledged'; standardId: string; versionId: string; count: number; note: string }
  | { action: 'standardActivated'; standardId: string; versionId: string; divisionCode: string; effectiveFrom: string; reason: string }
  | { action: 'standardInForce'; benefit: Benefit; divisionCode: string; standardId: string }
  | { action: 'sampleStandardBPublished'; divisionCode: string; effectiveFrom: string; fen: number; sampleData: true }
  | { action: 'standardBInEffect'; divisionCode: string; fen: number; sampleData: boolean; inherited: boolean };

export class SetupError extends Error {}

export const adminOf = (division: string): Who => ({ role: 'admin', division: provinceOf(division), sub: `sample-admin-${provinceOf(division)}` });

/**
 * Where 临时救助 sample cases go. Most shipped standards delegate 临时救助 amounts to local rules
 * the product does not hold yet (no band table), so a case there can never be decided. The sample
 * cases therefore go to the given divisions only if a shipped rule pack computes 临时救助 for them,
 * else to the first county of a jurisdiction whose pack does (北京's 2023 draft, activated as sample).
 */
export function linshiDivisionFor(divisions: readonly string[]): string {
  const computing = RULE_PACKS.filter((p) => p.benefit === 'linshi' && p.parameters.some((q) => q.key === 'linshi.jinan.maxMonthsOfB'));
  const own = divisions.find((d) => computing.some((p) => isWithinDivision(d, p.jurisdiction.divisionCode)));
  if (own) return own;
  if (computing.length === 0) return divisions[0];
  return countiesUnder(computing[0].jurisdiction.divisionCode)[0];
}

async function inForce(api: Api, who: Who, division: string, benefit: Benefit, date: string) {
  const res = await api.get('eligibility', `/standards/in-force?division=${division}&benefit=${benefit}&date=${date}`, who, { accept: [404] });
  return res.status === 404 ? null : (res.body as { standardId: string; versionId: string });
}

export async function ensureStandards(api: Api, needs: { benefit: Benefit; division: string }[], today: string): Promise<SetupAction[]> {
  const actions: SetupAction[] = [];
  for (const { benefit, division } of needs) {
    const admin = adminOf(division);
    let found = await inForce(api, admin, division, benefit, today);
    if (!found) {
      const shipped = SHIPPED_STANDARDS.find((s) => isWithinDivision(division, s.divisionCode));
      if (!shipped) {
        throw new SetupError(
          `没有适用于 ${division} 的${benefit}标准，且随附文件不覆盖该区划；请先导入标准 (POST /standards/import)\n` +
            `no standard in force for ${benefit} in ${division} and no shipped document covers it; import one first (POST /standards/import)`,
        );
      }
      const imported = await api.post('eligibility', `/standards/import?division=${shipped.divisionCode}&sourceName=${shipped.file}`, adminOf(shipped.divisionCode), {
        text: readSeed(shipped.file),
      });
      const { standardId, versionId, created } = imported.body as { standardId: string; versionId: string; created: boolean };
      actions.push({ action: 'standardImported', file: shipped.file, divisionCode: shipped.divisionCode, standardId, versionId, created });
      found = await inForce(api, admin, division, benefit, today);
      if (!found) {
        // A draft or undated document is never in force by itself: activate it, saying why. A version
        // with open parse warnings cannot be activated: for the sample caseload they are acknowledged
        // with a note that says so (an official activation checks each against the source first).
        const acknowledged = await acknowledgeWarningsForSample(api, adminOf(shipped.divisionCode), standardId, versionId);
        if (acknowledged) actions.push(acknowledged);
        const effectiveFrom = `${today.slice(0, 4)}-01-01`;
        const reason = `${SAMPLE_LABEL}：为演示样例案件启用（非正式启用）/ activated for a sample caseload, not an official activation`;
        await api.post('eligibility', `/standards/${standardId}/activations`, adminOf(shipped.divisionCode), {
          body: { versionId, divisionCode: shipped.divisionCode, effectiveFrom, reason },
        });
        actions.push({ action: 'standardActivated', standardId, versionId, divisionCode: shipped.divisionCode, effectiveFrom, reason });
        found = await inForce(api, admin, division, benefit, today);
      }
      if (!found) throw new SetupError(`no standard in force for ${benefit} in ${division} after importing ${shipped.file}`);
    }
    actions.push({ action: 'standardInForce', benefit, divisionCode: division, standardId: found.standardId });
  }
  return actions;
}

/** The note kept with each parse warning the sample setup acknowledges. */
export const SAMPLE_WARNING_NOTE = `${SAMPLE_LABEL}：为演示样例案件确认，未逐条核对原件（非正式确认）/ acknowledged for a sample caseload, not checked against the source`;

async function acknowledgeWarningsForSample(api: Api, who: Who, standardId: string, versionId: string): Promise<SetupAction | null> {
  const listed = await api.get('eligibility', `/standards/${standardId}/versions/${versionId}/warnings`, who);
  const open = (listed.body.warnings as { warningId: string; acknowledged: unknown }[]).filter((w) => w.acknowledged === null);
  for (const warning of open) {
    await api.post('eligibility', `/standards/${standardId}/versions/${versionId}/warnings/${warning.warningId}/acknowledgements`, who, {
      body: { note: SAMPLE_WARNING_NOTE },
    });
  }
  return open.length === 0 ? null : { action: 'standardWarningsAcknowledged', standardId, versionId, count: open.length, note: SAMPLE_WARNING_NOTE };
}

/** A B in effect on `today` for each division, publishing the labelled sample value where there is none. */
export async function ensureStandardB(api: Api, divisions: readonly string[], today: string): Promise<SetupAction[]> {
  const actions: SetupAction[] = [];
  for (const division of divisions) {
    const admin = adminOf(division);
    const res = await api.get('eligibility', `/parameters/dibao.standard?division=${division}&date=${today}`, admin, { accept: [404] });
    if (res.status === 200) {
      const entry = res.body.entry as { value: { fen: number }; source?: { sampleData?: boolean }; sampleData?: boolean };
      actions.push({ action: 'standardBInEffect', divisionCode: division, fen: entry.value.fen, sampleData: Boolean(entry.sampleData ?? entry.source?.sampleData), inherited: Boolean(res.body.inherited) });
      continue;
    }
    const effectiveFrom = LocalDate.parse(today).yearMonth().plusMonths(-(Number(today.slice(5, 7)) - 1)).firstDay().toString();
    try {
      await api.post('eligibility', '/parameters/dibao.standard', admin, {
        body: { divisionCode: division, effectiveFrom, value: { fen: SAMPLE_B_FEN }, source: SAMPLE_SOURCE, sampleData: true },
      });
    } catch (error) {
      if (error instanceof ApiError) throw new SetupError(`publishing the sample 低保标准 for ${division} failed: ${error.code} ${error.message}`);
      throw error;
    }
    actions.push({ action: 'sampleStandardBPublished', divisionCode: division, effectiveFrom, fen: SAMPLE_B_FEN, sampleData: true });
  }
  return actions;
}
