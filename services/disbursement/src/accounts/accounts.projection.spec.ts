import type { SealedPersonalData } from '@benefits/identity';
import { ACCOUNT_CHANGED, ACCOUNT_CLOSED, ACCOUNT_RECORDED, type AccountEventData } from './account';
import { accountsProjection, withAccountEvent } from './accounts.projection';

// Sample data.
const personRef = '0192f3a0-0000-7000-8000-0000000000c3';
const sealed = (n: number): SealedPersonalData => ({ personRef, keyVersion: 1, alg: 'A256GCM', iv: `iv${n}`, tag: `tag${n}`, ct: `ct${n}` });
const data = (accountVersion: number, masked: string, extra: Partial<AccountEventData> = {}): AccountEventData => ({
  personRef,
  accountVersion,
  divisionCode: '330402',
  sealed: sealed(accountVersion),
  bankCode: '402',
  masked,
  cardType: '社保卡',
  evidence: { kind: '银行开户回执', reference: 'KH-1' },
  ...extra,
});
const at = (streamRevision: number, type: string, d: AccountEventData) => ({ type, data: d, streamRevision, recordedAt: `2025-03-0${streamRevision + 1}T02:00:00.000Z` });

describe('accounts read model (pure)', () => {
  it('keeps the current account per person: usable, version, bank code, masked number, sealed record — no clear number', () => {
    let doc = withAccountEvent(null, at(0, ACCOUNT_RECORDED, data(1, '************1234')));
    expect(doc).toEqual({
      personRef,
      usable: true,
      accountVersion: 1,
      bankCode: '402',
      masked: '************1234',
      cardType: '社保卡',
      sealed: sealed(1),
      divisionCode: '330402',
      revision: 0,
      updatedAt: '2025-03-01T02:00:00.000Z',
    });
    doc = withAccountEvent(doc, at(1, ACCOUNT_CHANGED, data(2, '****5678', { bankCode: '102', cardType: '银行卡', reason: '换卡' })));
    expect(doc).toMatchObject({ usable: true, accountVersion: 2, bankCode: '102', masked: '****5678', cardType: '银行卡', sealed: sealed(2), revision: 1 });
    doc = withAccountEvent(doc, at(2, ACCOUNT_CLOSED, data(2, '****5678', { bankCode: '102', cardType: '银行卡', reason: '销户' })));
    expect(doc).toMatchObject({ usable: false, accountVersion: 2, masked: '****5678', revision: 2 });
    doc = withAccountEvent(doc, at(3, ACCOUNT_RECORDED, data(3, '****9999')));
    expect(doc).toMatchObject({ usable: true, accountVersion: 3, revision: 3 });
  });

  it('changes nothing for a redelivered or older event', () => {
    const doc = withAccountEvent(withAccountEvent(null, at(0, ACCOUNT_RECORDED, data(1, '****1234'))), at(1, ACCOUNT_CLOSED, data(1, '****1234')));
    expect(withAccountEvent(doc, at(1, ACCOUNT_CLOSED, data(1, '****1234')))).toBe(doc);
    expect(withAccountEvent(doc, at(0, ACCOUNT_RECORDED, data(1, '****1234')))).toBe(doc);
  });

  it('follows only the account streams', () => {
    const projection = accountsProjection();
    const envelope = (streamId: string, type: string) => ({ streamId, type }) as never;
    expect(projection.handles!(envelope(`account-${personRef}`, ACCOUNT_RECORDED))).toBe(true);
    expect(projection.handles!(envelope(`account-${personRef}`, 'disbursement.PaymentCreated.v1'))).toBe(false);
    expect(projection.handles!(envelope(`payment-${personRef}`, ACCOUNT_RECORDED))).toBe(false);
  });
});
