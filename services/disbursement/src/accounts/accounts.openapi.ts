import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { authenticatedErrors, ProblemSchema, z } from '@benefits/http';
import { AccountViewSchema, AccountWriteResultSchema, CloseAccountSchema, PutAccountSchema } from './accounts.schemas';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const problem = (description: string) => json(ProblemSchema, description);
const params = z.object({ personRef: z.string().openapi({ example: '0192f3a0-0000-7000-8000-0000000000a1', description: 'the person in the personal-data vault' }) });
const tags = ['accounts'];

/** The 一卡通 account routes, registered by the service's describeRoutes. */
export function describeAccountRoutes(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'put',
    path: '/disbursement/accounts/{personRef}',
    summary: 'Record the beneficiary\'s 惠民惠农财政补贴资金"一卡通" account, or change the one on file',
    description:
      'Appends disbursement.AccountRecorded.v1 (no account on file, or the last one closed) or disbursement.AccountChanged.v1 (reason required) to account-<personRef>, as the next account version. ' +
      'The account (bank code, bank name, account number, holder name, card type) is sealed by the personal-data vault under the person\'s key: events and read models carry only the bank code, card type and masked number. ' +
      'The same account again records nothing (outcome unchanged). Evidence (kind and reference) is required. ' +
      'Roles case_officer (民政经办, at intake) and finance_clerk, for the division of the case the person belongs to (`divisionCode`) — and, when an account is on file, for the division it was recorded for. ' +
      'The answer never carries the account number or the name.',
    tags,
    request: { params, body: { content: { 'application/json': { schema: PutAccountSchema } } } },
    responses: {
      200: json(AccountWriteResultSchema, 'the account version on file (masked)'),
      400: problem(
        'INVALID_PERSON_REF, ACCOUNT_NUMBER_INVALID, ACCOUNT_HOLDER_NAME_INVALID, ACCOUNT_BANK_CODE_INVALID, ACCOUNT_BANK_NAME_INVALID, ACCOUNT_CARD_TYPE_INVALID, ACCOUNT_EVIDENCE_REQUIRED, ACCOUNT_REASON_REQUIRED, VALIDATION_FAILED, UNKNOWN_FIELD, MALFORMED_JSON; nothing was written',
      ),
      401: authenticatedErrors[401],
      403: problem('FORBIDDEN, DIVISION_OUT_OF_SCOPE'),
      404: problem('PERSON_NOT_FOUND (not in the personal-data vault)'),
      409: problem('PERSON_ERASED (the person\'s data was erased), CONFLICT (changed meanwhile; send again)'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/disbursement/accounts/{personRef}/close',
    summary: 'Close the beneficiary\'s account (销户); payments are then held as ACCOUNT_MISSING until a new account is recorded',
    description:
      'Appends disbursement.AccountClosed.v1 with evidence and a reason (both required). A closed account cannot be changed or closed again; PUT records a new one. ' +
      'Roles case_officer and finance_clerk, for the division in the body and the division the account was recorded for.',
    tags,
    request: { params, body: { content: { 'application/json': { schema: CloseAccountSchema } } } },
    responses: {
      200: json(AccountWriteResultSchema, 'the closed account (masked)'),
      400: problem('INVALID_PERSON_REF, ACCOUNT_EVIDENCE_REQUIRED, ACCOUNT_REASON_REQUIRED, VALIDATION_FAILED, UNKNOWN_FIELD; nothing was written'),
      401: authenticatedErrors[401],
      403: problem('FORBIDDEN, DIVISION_OUT_OF_SCOPE'),
      404: problem('ACCOUNT_NOT_FOUND'),
      409: problem('ACCOUNT_CLOSED, CONFLICT'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/disbursement/accounts/{personRef}',
    summary: 'The beneficiary\'s account, masked: usable or not, version, bank code, card type, last four digits',
    description:
      'From the disb-accounts read model after it has applied everything committed before the request (503 READ_MODEL_BEHIND otherwise). Never the account number or the name. ' +
      'Roles finance_clerk, auditor, admin, for the division the account was recorded for (their own or one under it).',
    tags,
    request: { params },
    responses: {
      200: json(AccountViewSchema, 'the account, masked'),
      400: problem('INVALID_PERSON_REF'),
      401: authenticatedErrors[401],
      403: problem('FORBIDDEN, DIVISION_OUT_OF_SCOPE'),
      404: problem('ACCOUNT_NOT_FOUND'),
      503: problem('READ_MODEL_BEHIND (Retry-After), READ_MODEL_UNAVAILABLE'),
    },
  });
}
