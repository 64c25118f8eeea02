import type { BankFileEnvelope, BankFileLine } from './bank-file.writer';
import { layoutById, type BankFileLayout } from './layout';

/** Test data for the bank-file specs (sample data, no real person or account). */

export const utf8Layout = (): BankFileLayout => layoutById('sample-csv-utf8');
export const gbkLayout = (): BankFileLayout => layoutById('sample-pipe-gbk');

export const ENVELOPE: BankFileEnvelope = {
  envelopeId: 'tefu-330402-2025-01-1',
  benefit: 'tefu',
  divisionCode: '330402',
  period: '2025-01',
  preparedOn: '2025-01-20',
};

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);

/** A payment stream id of the shape the service uses, from a number. */
export function paymentId(n: number): string {
  return `payment-${hex(n, 8)}-0000-4000-8000-${hex(n, 12)}-${hex(n + 7, 8)}-1111-4111-8111-${hex(n, 12)}-2025-01`;
}

const NAMES = ['张三', '李四', '王五', '赵六', '阿依古丽·买买提', '欧阳娜娜', '䶮明', '钱七'];

export function line(seq: number, overrides: Partial<BankFileLine> = {}): BankFileLine {
  return {
    seq,
    paymentId: paymentId(seq),
    accountNumber: `621700${String(seq).padStart(13, '0')}`,
    holderName: NAMES[seq % NAMES.length],
    bankCode: 'B001',
    bankName: '样例银行',
    amountFen: 50000 + seq,
    summary: '计生特扶金2025年01月',
    period: '2025-01',
    ...overrides,
  };
}

export function lines(count: number): BankFileLine[] {
  return Array.from({ length: count }, (_, i) => line(i + 1));
}
