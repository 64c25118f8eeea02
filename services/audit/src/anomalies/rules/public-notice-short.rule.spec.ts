import { newId } from '@benefits/kernel';
import { publicNoticeShortRule } from './public-notice-short.rule';
import { PROCEDURE_CASES, PROCEDURE_PROJECTION, procedureProjection, type ProcedureCaseDoc } from './read-models/procedure-cases';
import { dibaoCaseEvents, startRuleTestBed, type RuleTestBed } from './read-models/procedure-testing';

jest.setTimeout(180_000);

describe('A9-public-notice-short', () => {
  let bed: RuleTestBed;
  const fine = newId();
  const short = newId();
  const skipped = newId();
  const cutShort = newId();
  const pending = newId();
  const elsewhere = newId();

  beforeAll(async () => {
    bed = await startRuleTestBed([procedureProjection()]);
    // 7 days from 03-10 end on 03-16; the approval on 03-17 is the earliest allowed.
    await bed.append(`case-${fine}`, dibaoCaseEvents(fine, '330402', { appliedOn: '2026-03-02', acceptedOn: '2026-03-02', notices: [{ startedOn: '2026-03-10', endsOn: '2026-03-16' }], approvedOn: '2026-03-17' }));
    // A notice recorded for 3 days only (a policy set below the standard).
    await bed.append(`case-${short}`, dibaoCaseEvents(short, '330402', { appliedOn: '2026-03-02', acceptedOn: '2026-03-02', notices: [{ startedOn: '2026-03-10', endsOn: '2026-03-12' }], approvedOn: '2026-03-13' }));
    // Approved without any notice.
    await bed.append(`case-${skipped}`, dibaoCaseEvents(skipped, '330402', { appliedOn: '2026-03-02', acceptedOn: '2026-03-02', approvedOn: '2026-03-09' }));
    // A 7-day notice, but approved while it was still up (imported history, say).
    await bed.append(`case-${cutShort}`, dibaoCaseEvents(cutShort, '330402', { appliedOn: '2026-03-02', acceptedOn: '2026-03-02', notices: [{ startedOn: '2026-03-10', endsOn: '2026-03-16' }], approvedOn: '2026-03-14' }));
    // Not decided yet: nothing to judge.
    await bed.append(`case-${pending}`, dibaoCaseEvents(pending, '330402', { appliedOn: '2026-03-02', acceptedOn: '2026-03-02', notices: [{ startedOn: '2026-03-10', endsOn: '2026-03-11' }] }));
    // Skipped too, but in another county: out of the scan's scope.
    await bed.append(`case-${elsewhere}`, dibaoCaseEvents(elsewhere, '110105', { appliedOn: '2026-03-02', approvedOn: '2026-03-09' }));
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('is documented and configurable: defaults are the 低保 policy’s 7 calendar days; bad settings are refused', () => {
    expect(publicNoticeShortRule.defaults).toEqual({ minimumDays: 7, dayKind: 'calendar' });
    expect(publicNoticeShortRule.title.zh).toContain('公示');
    expect(publicNoticeShortRule.description.en).toContain('audit.procedure');
    expect(publicNoticeShortRule.configSchema.safeParse({ minimumDays: 0, dayKind: 'calendar' }).success).toBe(false);
    expect(publicNoticeShortRule.configSchema.safeParse({ minimumDays: 7, dayKind: 'lunar' }).success).toBe(false);
  });

  it('flags the short, the skipped and the cut-short notice of the county, with the case stream’s revisions as evidence; not a full 7-day notice', async () => {
    const found = await bed.scan(publicNoticeShortRule, { divisionCode: '330402', asOf: '2026-04-01' });
    const byCase = new Map(found.map((c) => [c.cases[0].caseId, c]));
    expect([...byCase.keys()].sort()).toEqual([short, skipped, cutShort].sort());
    expect(byCase.get(short)).toMatchObject({
      subjectKey: `case-${short}`,
      cases: [{ caseId: short, divisionCode: '330402', benefit: 'dibao' }],
      evidence: [
        { streamId: `case-${short}`, revision: 2, note: 'dibao.PublicNoticePosted.v1' },
        { streamId: `case-${short}`, revision: 3, note: 'dibao.CaseApproved.v1' },
      ],
      details: { kind: 'short', postedDays: 3, minimumDays: 7, requiredUntil: '2026-03-16', cause: 'notice-period-too-short', basis: 'calendar-days' },
    });
    expect(byCase.get(skipped)).toMatchObject({ evidence: [{ streamId: `case-${skipped}`, revision: 2 }], details: { kind: 'skipped', approvedOn: '2026-03-09' } });
    expect(byCase.get(cutShort)).toMatchObject({ details: { kind: 'short', postedDays: 4, cause: 'approved-before-notice-ended' } });
    expect(bed.progress.at(-1)).toBe(4);
  });

  it('a province scan sees both counties; a configured 3-day minimum clears the 3-day notice and the one cut short at 4 days', async () => {
    const province = await bed.scan(publicNoticeShortRule, { divisionCode: '110000', asOf: '2026-04-01' });
    expect(province.map((c) => c.cases[0].caseId)).toEqual([elsewhere]);
    const relaxed = await bed.scan(publicNoticeShortRule, { divisionCode: '330400', asOf: '2026-04-01', config: { minimumDays: 3 } });
    expect(relaxed.map((c) => c.cases[0].caseId)).toEqual([skipped]);
  });

  it('counted in working days (published calendar), the 2026-03-10 notice must stand until the 7th working day', async () => {
    const working = await bed.scan(publicNoticeShortRule, { divisionCode: '330402', asOf: '2026-04-01', config: { dayKind: 'working' } });
    // 03-10 (Tue) … 7th working day 03-18 (Wed): the approval of 03-17 is now early too.
    expect(working.find((c) => c.cases[0].caseId === fine)).toMatchObject({ details: { requiredUntil: '2026-03-18', basis: 'working-days', dayKind: 'working' } });
  });

  it('the read model is idempotent: the events applied again leave the documents as they were', async () => {
    const view = await bed.readModels.fresh(PROCEDURE_PROJECTION);
    const before = await view.collection<ProcedureCaseDoc>(PROCEDURE_CASES).get(short);
    const projection = procedureProjection();
    const documents = await import('@benefits/read-store').then((m) => m.createDocumentStore({ kind: 'pglite' }));
    try {
      const events = await bed.store.readStream(`case-${short}`);
      await documents.transaction(async (session) => {
        for (const event of [...events, ...events]) if (projection.handles!(event)) await projection.apply(event, session);
      });
      expect(await documents.collection<ProcedureCaseDoc>(PROCEDURE_CASES).get(short)).toEqual(before);
    } finally {
      await documents.close();
    }
  });
});
