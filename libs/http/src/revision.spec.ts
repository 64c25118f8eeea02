import { isDomainError } from '@benefits/kernel';
import { WrongExpectedRevisionError } from '@benefits/event-store';
import { appendOrStale, assertCurrentRevision, formatETag, parseIfMatch, setETag } from './revision';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return isDomainError(error) ? `${error.status} ${error.code}` : String(error);
  }
  return undefined;
};

describe('If-Match / ETag', () => {
  it('formats a revision as a strong ETag', () => {
    expect(formatETag(0)).toBe('"0"');
    expect(formatETag(12)).toBe('"12"');
    expect(() => formatETag(-1)).toThrow(RangeError);
    const headers: Record<string, string> = {};
    setETag({ setHeader: (name, value) => (headers[name] = value) }, 3);
    expect(headers).toEqual({ ETag: '"3"' });
  });

  it('reads the revision from the ETag sent back, quoted or bare', () => {
    expect(parseIfMatch('"0"')).toBe(0);
    expect(parseIfMatch(' "41" ')).toBe(41);
    expect(parseIfMatch('7')).toBe(7);
  });

  it('answers 428 when the header is missing, empty or a wildcard', () => {
    expect(codeOf(() => parseIfMatch(undefined))).toBe('428 PRECONDITION_REQUIRED');
    expect(codeOf(() => parseIfMatch(''))).toBe('428 PRECONDITION_REQUIRED');
    expect(codeOf(() => parseIfMatch('*'))).toBe('428 PRECONDITION_REQUIRED');
  });

  it('answers 400 for anything that is not one strong ETag of a revision', () => {
    for (const value of ['abc', 'W/"3"', '"1", "2"', '"-1"', '"01"', '"1.5"', '"99999999999999999"']) {
      expect({ value, code: codeOf(() => parseIfMatch(value)) }).toEqual({ value, code: '400 IF_MATCH_INVALID' });
    }
    expect(codeOf(() => parseIfMatch(['"1"', '"2"']))).toBe('400 IF_MATCH_INVALID');
  });

  it('answers 412 when the revision is not the current one', () => {
    expect(codeOf(() => assertCurrentRevision(2, 2))).toBeUndefined();
    expect(codeOf(() => assertCurrentRevision(1, 2))).toBe('412 STALE_REVISION');
    expect(codeOf(() => assertCurrentRevision(0, 'no_stream'))).toBe('412 STALE_REVISION');
  });

  it('maps a lost race at append time to 412, and leaves other errors alone', async () => {
    await expect(appendOrStale(async () => 'ok')).resolves.toBe('ok');
    const lost = appendOrStale(async () => {
      throw new WrongExpectedRevisionError('case-1', 2, 3);
    });
    await expect(lost).rejects.toMatchObject({ code: 'STALE_REVISION', status: 412, details: { expected: '2', actual: 3 } });
    await expect(appendOrStale(async () => { throw new Error('disk full'); })).rejects.toThrow('disk full');
  });
});
