import { canonicalJson, dateOfTurning, LocalDate, newId } from '@benefits/kernel';
import type { EventStore } from '@benefits/event-store';
import { BIRTH_DATE_ROLES, ROLES, countCandidatesFromDisclosures, maskResidentId, residentIdCheckChar, type BirthDisclosures } from '@benefits/identity';
import type { DeliveryContext, IntegrationEvent } from '@benefits/messaging';
import { readSeed } from '@benefits/standards';
import { startEligibilityApp, type EligibilityTestApp } from '../testing/eligibility-test-app';

jest.setTimeout(90_000);

/**
 * Masking over the determinations read route: for every role, the 身份证号 candidates left by the
 * mask of the case view plus everything GET /eligibility/cases/{caseId}/determinations returns
 * (members, traces, reasons, schedules), with the gender a 特扶 member's role gives away.
 */

/** SAMPLE DATA: made-up people and 身份证号 (registered in 330402), not real persons. */
const wife = { personRef: newId(), role: 'wife' as const, birthDate: '1972-01-10', gender: 'female' as const, sequence: '002' };
const husband = { personRef: newId(), role: 'husband' as const, birthDate: '1962-11-02', gender: 'male' as const, sequence: '013' };
const residentIdOf = (p: { birthDate: string; sequence: string }) => {
  const first17 = `330402${p.birthDate.replace(/-/g, '')}${p.sequence}`;
  return first17 + residentIdCheckChar(first17);
};

type Json = unknown;
const walk = (value: Json, visit: (o: Record<string, Json>) => void): void => {
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
  else if (value && typeof value === 'object') {
    visit(value as Record<string, Json>);
    Object.values(value).forEach((v) => walk(v, visit));
  }
};

/** Everything the answer discloses about a person's birth: member ages, age steps, the month a 60 switch takes effect. */
function disclosures(answer: { determinations: Record<string, Json>[]; schedules: Record<string, Json>[] }, personRef: string): BirthDisclosures {
  const ages: { years: number; on: string }[] = [];
  const ranges: { from: string; to: string }[] = [];
  let birthDate: string | undefined;
  for (const d of answer.determinations) {
    for (const m of (d.facts as { members?: Record<string, Json>[] }).members ?? []) {
      if (m.personRef !== personRef) continue;
      if (typeof m.birthDate === 'string') birthDate = m.birthDate;
      if (typeof m.ageYears === 'number') ages.push({ years: m.ageYears, on: d.effectiveFrom as string });
    }
  }
  walk(answer, (o) => {
    const facts = o.facts as Record<string, Json> | undefined;
    if (typeof o.id !== 'string' || !facts || facts.personId !== personRef) return;
    if (typeof facts.birthDate === 'string') birthDate = facts.birthDate;
    if (typeof facts.ageOnDate === 'number' && facts.ageOnDate >= 0) ages.push({ years: facts.ageOnDate, on: facts.evaluationDate as string });
    const from = (o.result as { from?: Json } | undefined)?.from;
    if (o.id === 'tefu.age60' && typeof from === 'string') {
      // The switch month is the month of turning 60 or the month after: born in one of two months, 60 years before.
      const month = LocalDate.parse(`${from}-01`).yearMonth();
      ranges.push({ from: month.plusMonths(-(60 * 12 + 1)).firstDay().toString(), to: month.plusMonths(-60 * 12).lastDay().toString() });
    }
  });
  return { ...(birthDate ? { birthDate } : {}), ages, ranges };
}

describe('GET /eligibility/cases/{caseId}/determinations: what each role reads cannot rebuild a 身份证号', () => {
  let t: EligibilityTestApp;
  let store: EventStore;
  const tokens: Record<string, string> = {};
  const caseId = newId();
  const answers: Record<string, { memberBirthDates: string; determinations: Record<string, Json>[]; schedules: Record<string, Json>[] }> = {};
  let recorded: unknown;

  beforeAll(async () => {
    t = await startEligibilityApp('eligibility-determinations-view-');
    store = t.store;
    for (const role of ROLES) tokens[role] = await t.token(role, '330402', `${role}-1`);
    const admin = await t.token('admin', '330400', 'admin-jx');
    await t.http().post('/standards/import?division=330400&sourceName=jiaxing.txt').set({ Authorization: `Bearer ${admin}` }).set('Content-Type', 'text/plain').send(readSeed('001_40e26111df30cc0a.txt')).expect(201);
    const { consumer } = t;
    const header = { eventId: newId(), sourceType: 'x', streamId: `facts-${caseId}`, streamRevision: 0, recordedAt: '2024-08-20T00:00:00Z', correlationId: 'corr', causationId: '', schemaVersion: 1, caseId };
    const facts = {
      members: [
        { personRef: wife.personRef, role: wife.role, birthDate: wife.birthDate },
        { personRef: husband.personRef, role: husband.role, birthDate: husband.birthDate, elderlyCareSubsidy: false },
      ],
      family: { familyType: 'childDisabled', childEventDate: '2023-05-10', childDisabilityGrade: 2 },
    };
    const snapshot = (effectiveFrom: string, caseRevision: number, value: unknown): IntegrationEvent<'CaseFactsSnapshotted'> => ({
      header: { ...header, eventId: newId() },
      caseId,
      benefit: 'tefu',
      divisionCode: '330402',
      effectiveFrom,
      caseRevision,
      factsJson: canonicalJson(value),
    });
    await consumer.onFacts(snapshot('2024-08-20', 1, facts), { eventId: newId() } as DeliveryContext);
    // Approved, then a change of facts from 2025-01-01 (the husband now receives 养老服务补贴): a second determination
    // and a superseding schedule, so the answer shows ages on two dates and schedules with their traces.
    const [first] = (await store.readStream(`determination-${caseId}`)).map((e) => e.data as { determinationId: string });
    const approval: IntegrationEvent<'CaseApproved'> = { header: { ...header, eventId: newId() }, caseId, benefit: 'tefu', divisionCode: '330402', determinationId: first.determinationId, effectiveFrom: '2024-09-10', overrideReasonCode: '', approvedAmounts: [] };
    await consumer.onApproved(approval, { eventId: newId() } as DeliveryContext);
    const changed = { ...facts, members: [facts.members[0], { ...facts.members[1], elderlyCareSubsidy: true }] };
    await consumer.onFacts(snapshot('2025-01-01', 2, changed), { eventId: newId() } as DeliveryContext);
    recorded = (await store.readStream(`determination-${caseId}`)).map((e) => e.data);
    for (const role of ROLES) {
      const res = await t.http().get(`/eligibility/cases/${caseId}/determinations`).set({ Authorization: `Bearer ${tokens[role]}` });
      expect(res.status).toBe(200);
      answers[role] = res.body;
    }
  });

  afterAll(() => t?.close());

  it('the recorded determinations quote the birth dates (the fixture exercises the age steps); two determinations, two schedules', () => {
    expect(answers.admin.determinations.map((d) => d.effectiveFrom)).toEqual(['2024-08-20', '2025-01-01']);
    expect(answers.admin.schedules).toHaveLength(2);
    const text = JSON.stringify(recorded);
    expect(text).toContain(wife.birthDate);
    expect(text).toContain(husband.birthDate);
    expect(text).toContain('"tefu.wifeAge"');
    expect(text).toContain('"tefu.age60"');
  });

  it.each(ROLES.map((role) => [role]))('%s: birth dates only to the roles that check documents; > 1,000 candidates for the others', (role) => {
    const answer = answers[role];
    const text = JSON.stringify(answer);
    const exact = BIRTH_DATE_ROLES.includes(role);
    expect(answer.memberBirthDates).toBe(exact ? 'exact' : 'age');
    for (const person of [wife, husband]) {
      const birth = LocalDate.parse(person.birthDate);
      // Every date a person reaches an age on (birthday + n years) pins the birth date as well as the birth date does.
      const derived = Array.from({ length: 100 }, (_, n) => dateOfTurning(birth, n).toString());
      if (exact) expect(text).toContain(person.birthDate);
      else for (const date of derived) expect(text).not.toContain(date);
      const known = disclosures(answer, person.personRef);
      const masked = maskResidentId(residentIdOf(person));
      expect(masked).toBe('330402************');
      const candidates = countCandidatesFromDisclosures({ masked, ...known, gender: person.gender, division: '330402' });
      if (process.env.MASKING_FIGURES) process.stdout.write(`${role} ${person.role}: ${candidates} candidates\n`);
      if (exact) expect(candidates).toBe(500);
      else {
        expect(known.birthDate).toBeUndefined();
        expect(known.ages!.length).toBeGreaterThan(0);
        expect(candidates).toBeGreaterThan(1000);
      }
    }
  });

  it('the view for finance, audit and administrators still answers the case: same amounts, outcome and steps; the stream is unchanged', async () => {
    const officer = answers.case_officer.determinations[0];
    for (const role of ROLES.filter((r) => !BIRTH_DATE_ROLES.includes(r))) {
      const d = answers[role].determinations[0];
      expect(d).toMatchObject({ amounts: officer.amounts, outcome: officer.outcome, eligible: officer.eligible });
      expect((d.trace as { id: string }[]).map((s) => s.id)).toEqual((officer.trace as { id: string }[]).map((s) => s.id));
      expect(answers[role].determinations.map((x) => (x.facts as { members: { ageYears: number }[] }).members.map((m) => m.ageYears))).toEqual([
        [52, 61],
        [52, 62],
      ]);
    }
    expect((await store.readStream(`determination-${caseId}`)).map((e) => e.data)).toEqual(recorded);
  });
});
