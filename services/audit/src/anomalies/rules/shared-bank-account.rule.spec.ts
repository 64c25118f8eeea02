import { newId } from '@benefits/kernel';
import { sharedBankAccountRule } from './shared-bank-account.rule';
import { FINANCE_ACCOUNT_GROUPS, FINANCE_PROJECTION, financeProjection, type FinanceAccountGroupDoc } from './read-models/finance-ledger';
import { startRuleTestBed, type RuleTestBed } from './read-models/procedure-testing';

jest.setTimeout(180_000);

/** Sample accounts (made up); the events carry them only as the vault's keyed fingerprint, as the accounts handler writes them. */
describe('A8-shared-bank-account', () => {
  let bed: RuleTestBed;
  const shared = '6230910000001111';
  const family = '6230910000002222';
  const cadreCards = newId();
  const [householdA, householdB, householdC] = [newId(), newId(), newId()];
  const [a1, a2, b1, c1, c1other] = [newId(), newId(), newId(), newId(), newId()];

  const fingerprint = (number: string) => bed.vault.keyedFingerprint('bank-account', `402|${number}`);
  const accountEvent = (type: string, personRef: string, number: string | null, divisionCode: string, accountVersion = 1) => ({
    type,
    data: {
      personRef,
      accountVersion,
      divisionCode,
      sealed: { personRef, sealed: 'sample' },
      bankCode: '402',
      masked: '************1111',
      cardType: '社保卡',
      evidence: { kind: '银行开户回执', reference: 'KH-1' },
      ...(type === 'disbursement.AccountRecorded.v1' ? {} : { reason: '样例' }),
      ...(number ? { accountFingerprint: fingerprint(number) } : {}),
    },
  });
  const member = (personRef: string) => ({ personRef, relation: 'other', birthDate: '1970-01-01', personalData: { personRef, sealed: 'sample' } });
  const caseOf = (caseId: string, divisionCode: string, benefit: string, refs: string[]) =>
    bed.append(`case-${caseId}`, [{ type: `${benefit}.ApplicationSubmitted.v1`, data: { caseId, benefit, divisionCode, members: refs.map(member), effectiveFrom: '2026-01-05' } }]);

  beforeAll(async () => {
    bed = await startRuleTestBed([financeProjection()], { withVault: true });
    await caseOf(householdA, '330402', 'dibao', [a1, a2]);
    await caseOf(householdB, '330402', 'dibao', [b1]);
    await caseOf(householdC, '330411', 'linshi', [c1]);
    // c1 is also in a 特扶 case: the same household, not another one.
    await bed.append(`case-${cadreCards}`, [{ type: 'tefu.CaseCreated.v1', data: { caseId: cadreCards, benefit: 'tefu', divisionCode: '330411', members: [member(c1)], effectiveFrom: '2026-01-05' } }]);
    // One account for a1 (household A), b1 (household B) and c1 (household C, another county).
    await bed.append(`account-${a1}`, [accountEvent('disbursement.AccountRecorded.v1', a1, shared, '330402')]);
    await bed.append(`account-${b1}`, [accountEvent('disbursement.AccountRecorded.v1', b1, shared, '330402')]);
    await bed.append(`account-${c1}`, [accountEvent('disbursement.AccountRecorded.v1', c1, family, '330411'), accountEvent('disbursement.AccountChanged.v1', c1, shared, '330411', 2)]);
    // Spouses of one household on one account: not a finding.
    await bed.append(`account-${a2}`, [accountEvent('disbursement.AccountRecorded.v1', a2, family, '330402')]);
    // A person recorded before fingerprints existed: matched with nothing.
    await bed.append(`account-${c1other}`, [accountEvent('disbursement.AccountRecorded.v1', c1other, null, '330411')]);
  });

  afterAll(async () => {
    await bed?.close();
  });

  it('defaults to two households', () => {
    expect(sharedBankAccountRule.defaults).toEqual({ minimumHouseholds: 2 });
    expect(sharedBankAccountRule.configSchema.safeParse({ minimumHouseholds: 1 }).success).toBe(false);
  });

  it('lists the account used by three households, with each case and its division, evidence the account events, and no account number anywhere', async () => {
    const found = await bed.scan(sharedBankAccountRule, { divisionCode: '330400', asOf: '2026-04-01' });
    expect(found).toHaveLength(1);
    const [candidate] = found;
    expect(candidate.subjectKey).toMatch(/^bank-account-[0-9a-f]{32}$/);
    expect(candidate.details).toMatchObject({ households: 3, persons: 3, personsWithoutCase: 0, divisions: 2 });
    expect(candidate.cases.map((c) => [c.caseId, c.divisionCode, c.benefit]).sort()).toEqual(
      [
        [householdA, '330402', 'dibao'],
        [householdB, '330402', 'dibao'],
        [householdC, '330411', 'linshi'],
        [cadreCards, '330411', 'tefu'],
      ].sort(),
    );
    expect(candidate.evidence).toEqual(
      expect.arrayContaining([
        { streamId: `account-${a1}`, revision: 0, note: 'account version 1' },
        { streamId: `account-${c1}`, revision: 1, note: 'account version 2' },
      ]),
    );
    const text = JSON.stringify(found);
    for (const clear of [shared, family, fingerprint(shared)]) expect(text).not.toContain(clear);
  });

  it('a county scan sees the account when one of its households uses it; a higher threshold clears it', async () => {
    expect(await bed.scan(sharedBankAccountRule, { divisionCode: '330411', asOf: '2026-04-01' })).toHaveLength(1);
    expect(await bed.scan(sharedBankAccountRule, { divisionCode: '110105', asOf: '2026-04-01' })).toEqual([]);
    expect(await bed.scan(sharedBankAccountRule, { divisionCode: '330400', asOf: '2026-04-01', config: { minimumHouseholds: 4 } })).toEqual([]);
  });

  it('a change away from the shared account, and a closure, take the person out of the group', async () => {
    await bed.append(`account-${b1}`, [accountEvent('disbursement.AccountChanged.v1', b1, '6230910000003333', '330402', 2)]);
    await bed.append(`account-${c1}`, [{ ...accountEvent('disbursement.AccountClosed.v1', c1, null, '330411', 2) }]);
    expect(await bed.scan(sharedBankAccountRule, { divisionCode: '330400', asOf: '2026-04-01' })).toEqual([]);
    const view = await bed.readModels.fresh(FINANCE_PROJECTION);
    const group = await view.collection<FinanceAccountGroupDoc>(FINANCE_ACCOUNT_GROUPS).get(fingerprint(shared));
    expect(group).toMatchObject({ personCount: 1, persons: [{ personRef: a1 }] });
  });
});
