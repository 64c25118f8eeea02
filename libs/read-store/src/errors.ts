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
  READ_MODEL_BEHIND: defineError(
    'READ_MODEL_BEHIND',
    503,
    '数据正在同步，请稍后重试',
    'the read model has not caught up with the latest changes yet; retry shortly (see Retry-After)',
  ),
  READ_MODEL_UNAVAILABLE: defineError('READ_MODEL_UNAVAILABLE', 503, '查询数据暂时不可用，请稍后重试', 'the read models are not available right now; retry shortly'),
  PROJECTION_NOT_FOUND: defineError('PROJECTION_NOT_FOUND', 404, '没有这个名称的数据视图', 'no read model (projection) of this name'),
} as const;
