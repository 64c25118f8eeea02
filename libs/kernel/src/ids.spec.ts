import fc from 'fast-check';
import { isDomainError } from './errors';
import {
  UUID_NAMESPACE_DNS,
  UUID_NAMESPACE_URL,
  createUuidV7Generator,
  isUuid,
  newCaseId,
  newId,
  parseCaseId,
  parsePersonRef,
  uuidV5,
  uuidV7Time,
  uuidVersion,
  type CaseId,
} from './ids';

describe('uuidV5', () => {
  // Expected values computed independently with Python's uuid.uuid5.
  it.each([
    [UUID_NAMESPACE_DNS, 'python.org', '886313e1-3b8a-5372-9b90-0c9aee199e5d'],
    [UUID_NAMESPACE_URL, 'https://example.org/低保', '76871a46-6952-581f-91bd-e40c28547672'],
    ['0192f3a0-7c1e-7b5e-9a52-3c1d2e4f5a6b', 'disbursement.schedule-handler', '1c044ebb-1859-5894-b1be-dbdc3abcc014'],
  ])('uuidV5(%s, %j) = %s', (namespace, name, expected) => {
    expect(uuidV5(namespace, name)).toBe(expected);
  });

  it('is deterministic, versioned 5 and sensitive to both inputs', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const id = uuidV5(UUID_NAMESPACE_URL, a);
        expect(uuidV5(UUID_NAMESPACE_URL, a)).toBe(id);
        expect(uuidVersion(id)).toBe(5);
        if (a !== b) expect(uuidV5(UUID_NAMESPACE_URL, b)).not.toBe(id);
        expect(uuidV5(UUID_NAMESPACE_DNS, a)).not.toBe(id);
      }),
    );
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('dibao', 'x')).toThrow(expect.objectContaining({ code: 'INVALID_ID' }));
  });
});

describe('UUIDv7', () => {
  it('embeds the time and the version and variant bits', () => {
    const generate = createUuidV7Generator({ nowMs: () => Date.UTC(2024, 6, 22, 1, 2, 3, 456), randomBytes: (n) => new Uint8Array(n).fill(0xff) });
    const id = generate();
    // 1721610123456 ms = 0x0190d7f5b8c0; then version 7, twelve random bits, variant 10, 62 random bits.
    expect(id).toBe('0190d7f5-b8c0-7fff-bfff-ffffffffffff');
    expect(uuidV7Time(id)).toBe(Date.UTC(2024, 6, 22, 1, 2, 3, 456));
    expect(uuidVersion(id)).toBe(7);
  });

  it('stays strictly increasing when the clock stands still or goes back', () => {
    const times = [1000, 1000, 1000, 999, 1001, 1001, 5];
    let i = 0;
    const generate = createUuidV7Generator({ nowMs: () => times[i++], randomBytes: (n) => new Uint8Array(n).fill(0x11) });
    const ids = times.map(() => generate());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('rolls over into the next millisecond when the random part is exhausted', () => {
    const generate = createUuidV7Generator({ nowMs: () => 1000, randomBytes: (n) => new Uint8Array(n).fill(0xff) });
    const first = generate();
    const second = generate();
    expect(uuidV7Time(second)).toBe(1001);
    expect(second > first).toBe(true);
  });

  it('newId gives distinct, sortable, valid ids', () => {
    const ids = Array.from({ length: 2000 }, newId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every((id) => isUuid(id) && uuidVersion(id) === 7)).toBe(true);
    expect(Math.abs(uuidV7Time(ids[0]) - Date.now())).toBeLessThan(60_000);
  });
});

describe('id validation and branded ids', () => {
  it('accepts only lowercase RFC 9562 UUIDs', () => {
    expect(isUuid('886313e1-3b8a-5372-9b90-0c9aee199e5d')).toBe(true);
    expect(isUuid('886313E1-3B8A-5372-9B90-0C9AEE199E5D')).toBe(false);
    expect(isUuid('886313e13b8a53729b900c9aee199e5d')).toBe(false);
    expect(isUuid('00000000-0000-0000-0000-000000000000')).toBe(false);
    expect(isUuid('886313e1-3b8a-5372-cb90-0c9aee199e5d')).toBe(false); // wrong variant
    expect(isUuid(42)).toBe(false);
  });

  it('brands checked ids', () => {
    const id: CaseId = parseCaseId('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(id).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(isUuid(newCaseId())).toBe(true);
    let caught: unknown;
    try {
      parsePersonRef('张三');
    } catch (error) {
      caught = error;
    }
    expect(isDomainError(caught, 'INVALID_ID')).toBe(true);
    // @ts-expect-error a plain string is not a CaseId
    const unchecked: CaseId = 'not-checked';
    expect(unchecked).toBeDefined();
  });
});
