import { givenWhenThen } from '@benefits/kernel';
import type { SealedPersonalData } from '@benefits/identity';
import {
  ACCOUNT_CHANGED,
  ACCOUNT_CLOSED,
  ACCOUNT_RECORDED,
  accountDecider,
  maskAccountNumber,
  normalizeAccount,
  type AccountEvent,
  type AccountEventData,
  type AccountFields,
  type AccountInput,
  type ChangeAccount,
  type CloseAccount,
  type RecordAccount,
} from './account';

// Sample data: a made-up person, bank account and sealed records (the decider never opens them).
const personRef = '0192f3a0-0000-7000-8000-0000000000a1';
const now = new Date('2025-03-03T02:00:00Z');
const sealed = (n: number): SealedPersonalData => ({ personRef, keyVersion: 1, alg: 'A256GCM', iv: `iv${n}`, tag: `tag${n}`, ct: `ct${n}` });
const first: AccountFields = { bankCode: '402', bankName: '某农村商业银行（样例）', accountNumber: '6230910000001234', holderName: '沈秀英', cardType: '社保卡' };
const second: AccountFields = { ...first, bankCode: '102', bankName: '某工商银行支行（样例）', accountNumber: '6212260000005678', cardType: '银行卡' };
const opening = { kind: '银行开户回执' as const, reference: 'KH-2025-0001' };
const application = { kind: '本人申请' as const, reference: 'SQ-2025-0042', note: '原卡挂失' };

const input = (account: AccountFields, n: number, extra: Partial<AccountInput> = {}): AccountInput => ({
  personRef,
  divisionCode: '330402',
  account,
  sealed: sealed(n),
  evidence: opening,
  current: null,
  ...extra,
});
const record = (data: AccountInput): RecordAccount => ({ type: 'RecordAccount', data, metadata: { now } });
const change = (data: AccountInput): ChangeAccount => ({ type: 'ChangeAccount', data, metadata: { now } });
const close = (data: Partial<CloseAccount['data']> = {}): CloseAccount => ({
  type: 'CloseAccount',
  data: { personRef, divisionCode: '330402', evidence: { kind: '银行销户回执', reference: 'XH-9' }, reason: '银行卡已销户', ...data },
  metadata: { now },
});

const eventData = (account: AccountFields, n: number, accountVersion: number, extra: Partial<AccountEventData> = {}): AccountEventData => ({
  personRef,
  accountVersion,
  divisionCode: '330402',
  sealed: sealed(n),
  bankCode: account.bankCode,
  masked: maskAccountNumber(account.accountNumber),
  cardType: account.cardType,
  evidence: opening,
  ...extra,
});
const recorded: AccountEvent = { type: ACCOUNT_RECORDED, data: eventData(first, 1, 1) };
const changed: AccountEvent = { type: ACCOUNT_CHANGED, data: { ...eventData(second, 2, 2, { evidence: application }), reason: '原卡挂失，改用新卡' } };
const closed: AccountEvent = {
  type: ACCOUNT_CLOSED,
  data: { ...eventData(first, 1, 1), evidence: { kind: '银行销户回执', reference: 'XH-9' }, reason: '银行卡已销户' },
};

const spec = givenWhenThen(accountDecider);

describe('recording an account (一卡通)', () => {
  it('records the first account as version 1 with the sealed record, bank code, masked number and evidence — no clear number', () => {
    spec.given([]).when(record(input(first, 1))).then([recorded]);
    const [event] = accountDecider.decide(record(input(first, 1)), accountDecider.initialState());
    expect(JSON.stringify(event)).not.toContain('6230910000001234');
    expect(JSON.stringify(event)).not.toContain('沈秀英');
    expect(event.data.masked).toBe('************1234');
  });

  it('normalises what was typed: spaces and hyphens in the number, a lower-case bank code, blanks around names', () => {
    const typed = { ...first, accountNumber: '6230 9100-0000 1234', bankCode: ' 402 ', holderName: ' 沈秀英 ' };
    spec.given([]).when(record(input(typed, 1))).then([recorded]);
    expect(normalizeAccount({ ...first, bankCode: 'rcc01' }).bankCode).toBe('RCC01');
  });

  it('records nothing when the same account is recorded again', () => {
    spec.given([recorded]).when(record(input(first, 9, { current: { accountVersion: 1, fields: first } }))).thenNothingHappens();
  });

  it('refuses to record a different account over an open one (that is a change)', () => {
    spec.given([recorded]).when(record(input(second, 2, { current: { accountVersion: 1, fields: first } }))).thenThrows('ACCOUNT_ALREADY_RECORDED');
  });

  it('records a new account after a closure as the next version', () => {
    spec.given([recorded, closed]).when(record(input(second, 2))).then([{ type: ACCOUNT_RECORDED, data: eventData(second, 2, 2) }]);
  });

  it.each([
    ['7 digits', { accountNumber: '1234567' }],
    ['31 digits', { accountNumber: '1'.repeat(31) }],
    ['letters', { accountNumber: '62309100000A1234' }],
    ['nothing', { accountNumber: '' }],
  ])('refuses an account number of %s (ACCOUNT_NUMBER_INVALID)', (_what, bad) => {
    spec.given([]).when(record(input({ ...first, ...bad }, 1))).thenThrows('ACCOUNT_NUMBER_INVALID');
  });

  it('accepts account numbers of 8 and of 30 digits', () => {
    for (const accountNumber of ['12345678', '1'.repeat(30)]) {
      expect(accountDecider.decide(record(input({ ...first, accountNumber }, 1)), accountDecider.initialState())).toHaveLength(1);
    }
  });

  it('refuses an empty or over-long holder name, a malformed bank code, an empty bank name and an unknown card type', () => {
    spec.given([]).when(record(input({ ...first, holderName: '   ' }, 1))).thenThrows('ACCOUNT_HOLDER_NAME_INVALID');
    spec.given([]).when(record(input({ ...first, holderName: '张'.repeat(51) }, 1))).thenThrows('ACCOUNT_HOLDER_NAME_INVALID');
    expect(accountDecider.decide(record(input({ ...first, holderName: '张'.repeat(50) }, 1)), accountDecider.initialState())).toHaveLength(1);
    for (const bankCode of ['10', '1234567890123', '10-2', '中国银行']) {
      spec.given([]).when(record(input({ ...first, bankCode }, 1))).thenThrows('ACCOUNT_BANK_CODE_INVALID');
    }
    spec.given([]).when(record(input({ ...first, bankName: '' }, 1))).thenThrows('ACCOUNT_BANK_NAME_INVALID');
    spec.given([]).when(record(input({ ...first, cardType: '存折' as never }, 1))).thenThrows('ACCOUNT_CARD_TYPE_INVALID');
  });

  it('refuses a record without evidence, or with an unknown kind or an empty reference (ACCOUNT_EVIDENCE_REQUIRED)', () => {
    spec.given([]).when(record(input(first, 1, { evidence: undefined as never }))).thenThrows('ACCOUNT_EVIDENCE_REQUIRED');
    spec.given([]).when(record(input(first, 1, { evidence: { kind: '口头' as never, reference: 'x' } }))).thenThrows('ACCOUNT_EVIDENCE_REQUIRED');
    spec.given([]).when(record(input(first, 1, { evidence: { kind: '社保卡', reference: '  ' } }))).thenThrows('ACCOUNT_EVIDENCE_REQUIRED');
  });

  it('refuses a malformed personRef and a sealed record of another person', () => {
    spec.given([]).when(record(input(first, 1, { personRef: 'not-a-uuid' }))).thenThrows('INVALID_PERSON_REF');
    const foreign = { ...sealed(1), personRef: '0192f3a0-0000-7000-8000-0000000000b2' };
    spec.given([]).when(record(input(first, 1, { sealed: foreign }))).thenThrows('ACCOUNT_SEALED_INVALID');
  });
});

describe('changing an account', () => {
  const current = { accountVersion: 1, fields: first };

  it('records the new account as the next version with its evidence and reason', () => {
    spec.given([recorded]).when(change(input(second, 2, { evidence: application, reason: ' 原卡挂失，改用新卡 ', current }))).then([changed]);
  });

  it('records nothing when the content is the same (whatever the evidence and reason)', () => {
    spec.given([recorded]).when(change(input({ ...first, accountNumber: '6230-9100-0000-1234' }, 7, { evidence: application, reason: '核对', current }))).thenNothingHappens();
  });

  it('records nothing for the same content without a reason (a retried record)', () => {
    spec.given([recorded]).when(change(input(first, 7, { current }))).thenNothingHappens();
  });

  it('changes when only the holder name or the bank name differs', () => {
    const events = accountDecider.decide(change(input({ ...first, bankName: '某农商银行营业部（样例）' }, 2, { reason: '银行更名', current })), accountDecider.evolve(accountDecider.initialState(), recorded));
    expect(events).toMatchObject([{ type: ACCOUNT_CHANGED, data: { accountVersion: 2, masked: '************1234' } }]);
  });

  it('needs a reason', () => {
    spec.given([recorded]).when(change(input(second, 2, { current }))).thenThrows('ACCOUNT_REASON_REQUIRED');
    spec.given([recorded]).when(change(input(second, 2, { reason: '  ', current }))).thenThrows('ACCOUNT_REASON_REQUIRED');
  });

  it('refuses to change an account never recorded (ACCOUNT_NOT_FOUND) or closed (ACCOUNT_CLOSED)', () => {
    spec.given([]).when(change(input(second, 2, { reason: '换卡' }))).thenThrows('ACCOUNT_NOT_FOUND');
    spec.given([recorded, closed]).when(change(input(second, 2, { reason: '换卡' }))).thenThrows('ACCOUNT_CLOSED');
  });

  it('refuses a request decided on an account that has changed since it was opened (CONFLICT)', () => {
    spec.given([recorded, changed]).when(change(input(first, 3, { reason: '改回', current }))).thenThrows('CONFLICT');
  });

  it('validates the new account like a record', () => {
    spec.given([recorded]).when(change(input({ ...second, accountNumber: '12' }, 2, { reason: '换卡', current }))).thenThrows('ACCOUNT_NUMBER_INVALID');
  });
});

describe('closing an account', () => {
  it('records the closure of the current version with its evidence and reason', () => {
    spec.given([recorded]).when(close()).then([closed]);
  });

  it('closes the changed account, keeping its version and masked number', () => {
    const events = accountDecider.decide(close(), [recorded, changed].reduce(accountDecider.evolve, accountDecider.initialState()));
    expect(events).toMatchObject([{ type: ACCOUNT_CLOSED, data: { accountVersion: 2, masked: '************5678', bankCode: '102', sealed: sealed(2) } }]);
  });

  it('refuses to close an account never recorded or already closed', () => {
    spec.given([]).when(close()).thenThrows('ACCOUNT_NOT_FOUND');
    spec.given([recorded, closed]).when(close()).thenThrows('ACCOUNT_CLOSED');
  });

  it('needs evidence and a reason', () => {
    spec.given([recorded]).when(close({ reason: '' })).thenThrows('ACCOUNT_REASON_REQUIRED');
    spec.given([recorded]).when(close({ evidence: undefined as never })).thenThrows('ACCOUNT_EVIDENCE_REQUIRED');
  });
});
