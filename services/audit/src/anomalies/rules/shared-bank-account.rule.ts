import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AnomalyCandidate, AnomalyRule, RuleScanContext } from '../rule';
import { divisionScope, eachDocument } from './read-models/procedure-cases';
import {
  FINANCE_ACCOUNT_GROUPS,
  FINANCE_PERSON_CASES,
  FINANCE_PROJECTION,
  financeProjection,
  type FinanceAccountGroupDoc,
  type FinancePersonCaseDoc,
} from './read-models/finance-ledger';

/**
 * A8 代持一卡通 — one bank account receiving for unrelated households. Accounts are matched on the
 * keyed fingerprint the account events carry (`accountFingerprint`, the vault's HMAC of bank code and
 * number); the number itself is never read. Persons whose open account has the same fingerprint
 * are grouped; persons of one case are one household, and a person in two cases joins them, so two
 * spouses, or one person in 低保 and 特扶, are one household. A fingerprint used by at least
 * `minimumHouseholds` households is a candidate.
 */
export const SharedBankAccountConfigSchema = z
  .object({
    /** Distinct households on one account from which it is listed (default 2). */
    minimumHouseholds: z.number().int().min(2).max(1000),
  })
  .strict();
export type SharedBankAccountConfig = z.infer<typeof SharedBankAccountConfigSchema>;

export const SHARED_BANK_ACCOUNT_DEFAULTS: SharedBankAccountConfig = { minimumHouseholds: 2 };

export const sharedBankAccountRule: AnomalyRule<SharedBankAccountConfig> = {
  id: 'A8-shared-bank-account',
  title: { zh: '同一银行账户为多个无关家庭收款（疑似代持一卡通）', en: 'One bank account receiving for unrelated households' },
  description: {
    zh:
      '检查“一卡通”收款账户：按账户事件中的账户指纹（个人数据保管库以密钥对“银行代码|账号”计算的HMAC，不含账号明文）归并，同一账户当前为不同案件（家庭）的人员收款，' +
      '且涉及家庭数达到阈值（默认2个）的，列为疑点。同一案件的成员视为一户；同一人参加多个案件时，这些案件视为一户。数据：审计读模型 audit.finance（账户指纹、人员所属案件）。' +
      '依据：惠民惠农财政补贴资金“一卡通”专项治理重点查处村干部等违规代持群众一卡通、截留挪用（A8）。',
    en:
      'Groups the 一卡通 accounts by the fingerprint their account events carry (the vault’s keyed HMAC of "bank code|account number"; the number is never ' +
      'read) and lists an account that is the current open account of persons of different cases (households), from the configured number of households ' +
      '(default 2). Members of one case are one household; a person in several cases joins them into one. Data: the audit read model audit.finance ' +
      '(account fingerprints, which cases each person belongs to). Why: cadres holding beneficiaries’ 一卡通 cards (代持) and diverting the money is a ' +
      'target of the 一卡通 special governance and a finding auditors list (A8).',
  },
  configSchema: SharedBankAccountConfigSchema,
  defaults: SHARED_BANK_ACCOUNT_DEFAULTS,
  projections: () => [financeProjection()],
  scan: scanSharedAccounts,
};

/** Households: cases joined through the persons they share; a person without any known case is a household of their own. */
function householdsOf(personRefs: readonly string[], links: readonly FinancePersonCaseDoc[]): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  for (const personRef of personRefs) add(`p:${personRef}`);
  for (const link of links) {
    add(`c:${link.caseId}`);
    parent.set(find(`p:${link.personRef}`), find(`c:${link.caseId}`));
  }
  const groups = new Map<string, string[]>();
  for (const personRef of personRefs) {
    const root = find(`p:${personRef}`);
    groups.set(root, [...(groups.get(root) ?? []), personRef]);
  }
  return [...groups.values()];
}

async function* scanSharedAccounts(context: RuleScanContext<SharedBankAccountConfig>): AsyncIterable<AnomalyCandidate> {
  const { minimumHouseholds } = context.config;
  const view = await context.view(FINANCE_PROJECTION);
  const personCases = view.collection<FinancePersonCaseDoc>(FINANCE_PERSON_CASES);
  let examined = 0;
  const groups = eachDocument(view.collection<FinanceAccountGroupDoc>(FINANCE_ACCOUNT_GROUPS), {
    filter: { personCount: { gte: 2 }, divisionCodes: divisionScope(context.divisionCode) },
    pageSize: 100,
  });
  for await (const group of groups) {
    examined += 1;
    if (examined % 500 === 0) context.progress(examined);
    const refs = group.persons.map((p) => p.personRef);
    const links: FinancePersonCaseDoc[] = [];
    for (let i = 0; i < refs.length; i += 1000) {
      for await (const link of eachDocument(personCases, { filter: { personRef: { in: refs.slice(i, i + 1000) } } })) links.push(link);
    }
    const households = householdsOf(refs, links);
    if (households.length < minimumHouseholds) continue;
    const accountDivision = new Map(group.persons.map((p) => [p.personRef, p.divisionCode]));
    const cases = new Map<string, { caseId: string; divisionCode: string; benefit?: string }>();
    for (const link of links) {
      const divisionCode = link.divisionCode ?? accountDivision.get(link.personRef)!;
      cases.set(link.caseId, { caseId: link.caseId, divisionCode, ...(link.benefit ? { benefit: link.benefit } : {}) });
    }
    const withoutCase = refs.filter((r) => !links.some((l) => l.personRef === r)).length;
    // The subject is the account, named by a hash of its fingerprint (the fingerprint itself stays in the account events).
    const subject = createHash('sha256').update(`A8|${group.fingerprint}`).digest('hex').slice(0, 32);
    yield {
      subjectKey: `bank-account-${subject}`,
      cases: [...cases.values()],
      summary: {
        zh: `同一银行账户（行别 ${group.bankCode}）为 ${households.length} 个家庭的 ${refs.length} 人收款`,
        en: `one bank account (bank ${group.bankCode}) receives for ${refs.length} persons of ${households.length} households`,
      },
      evidence: group.persons.map((p) => ({ streamId: `account-${p.personRef}`, revision: p.revision, note: `account version ${p.accountVersion}` })),
      details: {
        bankCode: group.bankCode,
        households: households.length,
        persons: refs.length,
        personsWithoutCase: withoutCase,
        divisions: [...new Set([...cases.values()].map((c) => c.divisionCode))].length,
        minimumHouseholds,
      },
    };
  }
  context.progress(examined);
}
