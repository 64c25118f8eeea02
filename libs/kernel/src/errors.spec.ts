import { DomainError, Errors, defineError, isDomainError, toProblem } from './errors';

describe('domain errors', () => {
  it('carry a stable code, an HTTP status and messages in Chinese and English', () => {
    const error = Errors.STALE_REVISION({ expected: 3, actual: 5 });
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'STALE_REVISION', status: 412, name: 'DomainError', details: { expected: 3, actual: 5 } });
    expect(error.message).toBe(error.messageEn);
    expect(error.messageZh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('has the statuses the HTTP contract promises', () => {
    const statuses = Object.fromEntries(Object.values(Errors).map((f) => [f.code, f.status]));
    expect(statuses).toMatchObject({
      VALIDATION_FAILED: 400,
      UNKNOWN_FIELD: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      STALE_REVISION: 412,
      PRECONDITION_REQUIRED: 428,
    });
    expect(Errors.VALIDATION_FAILED().messageZh).toBe('请求参数不合法，请检查后重新提交');
  });

  it('catalog keys equal the codes they produce', () => {
    for (const [key, factory] of Object.entries(Errors)) expect(factory().code).toBe(key);
  });

  it('every catalog entry has a Chinese message', () => {
    for (const factory of Object.values(Errors)) expect(factory().messageZh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('maps to the problem body, omitting details when there are none', () => {
    expect(toProblem(Errors.NOT_FOUND())).toEqual({
      code: 'NOT_FOUND',
      message: { zh: '未找到相应的记录', en: 'not found' },
    });
    expect(JSON.parse(JSON.stringify(toProblem(Errors.CONFLICT({ state: 'approved' }))))).toEqual({
      code: 'CONFLICT',
      message: { zh: Errors.CONFLICT().messageZh, en: Errors.CONFLICT().messageEn },
      details: { state: 'approved' },
    });
  });

  it('maps errors of the same shape from other libraries', () => {
    const foreign = { code: 'PERSON_ERASED', messageZh: '已删除', messageEn: 'erased', details: { personRef: 'x' } };
    expect(toProblem(foreign)).toEqual({ code: 'PERSON_ERASED', message: { zh: '已删除', en: 'erased' }, details: { personRef: 'x' } });
  });

  it('defineError makes factories for service-specific codes and refuses malformed definitions', () => {
    const alreadyApproved = defineError('CASE_ALREADY_APPROVED', 409, '案件已审核确认，不能重复审批', 'the case is already approved');
    expect(alreadyApproved.code).toBe('CASE_ALREADY_APPROVED');
    expect(alreadyApproved({ caseId: 'c' })).toMatchObject({ status: 409, details: { caseId: 'c' } });
    expect(() => defineError('caseAlreadyApproved', 409, 'x', 'x')).toThrow(/UPPER_SNAKE/);
    expect(() => defineError('OK', 200, 'x', 'x')).toThrow(/4xx or 5xx/);
  });

  it('isDomainError narrows, optionally by code', () => {
    const error: unknown = Errors.FORBIDDEN();
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(error, 'FORBIDDEN')).toBe(true);
    expect(isDomainError(error, 'NOT_FOUND')).toBe(false);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError({ code: 'FORBIDDEN', status: 403 })).toBe(false);
  });
});
