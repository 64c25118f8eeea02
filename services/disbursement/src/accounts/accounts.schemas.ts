import { z } from '@benefits/http';
import { isDivisionCode } from '@benefits/identity';
import { CARD_TYPES, EVIDENCE_KINDS } from './account';

/**
 * Request and response bodies of the account routes. The account fields are only typed here
 * (strings, bounded); their rules (digits 8–30, bank code, name length) are the decider's, so a bad
 * value gets its own error code (ACCOUNT_NUMBER_INVALID, …) and no validation message ever echoes
 * an account number.
 */
const DivisionCodeSchema = z.string().refine(isDivisionCode, '6-digit GB/T 2260 division code (行政区划代码)').openapi({
  example: '330402',
  description: 'The division of the case the person belongs to; the caller must act for it (its own division or one under it).',
});

export const AccountFieldsSchema = z
  .object({
    bankCode: z.string().max(40).openapi({ example: '402', description: '3–12 digits or capital letters: 行别代码 or 12-digit 联行号, as the bank file layout wants' }),
    bankName: z.string().max(200).openapi({ example: '某农村商业银行（样例）' }),
    accountNumber: z.string().max(60).openapi({ example: '6230 9100 0000 1234', description: '8–30 digits; spaces and hyphens between groups are removed' }),
    holderName: z.string().max(200).openapi({ example: '沈秀英', description: '户名, 1–50 characters' }),
    cardType: z.string().max(10).openapi({ example: '社保卡', description: CARD_TYPES.join(' | ') }),
  })
  .strict()
  .openapi('AccountFields');

export const AccountEvidenceSchema = z
  .object({
    kind: z.string().max(20).openapi({ example: '银行开户回执', description: EVIDENCE_KINDS.join(' | ') }),
    reference: z.string().max(200).openapi({ example: 'KH-2025-0001', description: 'number or file reference of the document (1–100 characters)' }),
    note: z.string().max(1000).optional(),
  })
  .strict()
  .openapi('AccountEvidence');

export const PutAccountSchema = z
  .object({
    divisionCode: DivisionCodeSchema,
    account: AccountFieldsSchema,
    evidence: AccountEvidenceSchema.optional(),
    reason: z.string().max(1000).optional().openapi({ description: 'required when the request changes an account on file' }),
  })
  .strict()
  .openapi('PutAccount');

export const CloseAccountSchema = z
  .object({
    divisionCode: DivisionCodeSchema,
    evidence: AccountEvidenceSchema.optional(),
    reason: z.string().max(1000).optional(),
  })
  .strict()
  .openapi('CloseAccount');

export const AccountWriteResultSchema = z
  .object({
    personRef: z.string(),
    outcome: z.enum(['recorded', 'changed', 'unchanged', 'closed']).openapi({ description: 'unchanged: the same account was already on file; nothing was written' }),
    accountVersion: z.number().int(),
    usable: z.boolean(),
    bankCode: z.string(),
    masked: z.string().openapi({ example: '************1234' }),
    cardType: z.enum(CARD_TYPES),
  })
  .openapi('AccountWriteResult');

export const AccountViewSchema = z
  .object({
    personRef: z.string(),
    usable: z.boolean().openapi({ description: 'an open account is on file' }),
    accountVersion: z.number().int(),
    bankCode: z.string(),
    masked: z.string().openapi({ example: '************1234' }),
    cardType: z.enum(CARD_TYPES),
    divisionCode: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AccountView');
