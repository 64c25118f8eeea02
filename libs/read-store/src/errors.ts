import { defineError } from '@benefits/kernel';

/**
 * Errors of the read store. A bad cursor can come from a client (400); the others are bugs of the
 * caller (a projection writing a document its schema refuses, a query on an undeclared field) and
 * surface as 500.
 */
export const ReadStoreErrors = {
  INVALID_CURSOR: defineError(
    'INVALID_CURSOR',
    400,
    '分页游标无效或与查询条件不一致，请从第一页重新查询',
    'the page cursor is not valid or belongs to a different query; start again from the first page',
  ),
  READ_MODEL_QUERY_INVALID: defineError('READ_MODEL_QUERY_INVALID', 500, '系统内部错误，请联系系统管理员', 'the read-model query is not valid'),
  READ_MODEL_DOCUMENT_INVALID: defineError('READ_MODEL_DOCUMENT_INVALID', 500, '系统内部错误，请联系系统管理员', 'the read-model document does not fit its collection'),
} as const;
