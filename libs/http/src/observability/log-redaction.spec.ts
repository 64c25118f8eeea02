import { REDACTED, redactLogFields, scrubLogText } from './log-redaction';
import { configureLogging, NestPinoLogger, serviceLogger } from './logger';
import { defaultLogLevel, observabilityConfigOf } from './log-config';
import { loadRuntimeConfig } from '../config';

// Sample values only (made up; the resident id has a valid check character).
const RESIDENT_ID = '33040219700315002X';
const MOBILE = '13912345678';
const ACCOUNT = '6230910000000777';

describe('log redaction', () => {
  it('scrubs resident ids, mobile numbers and long digit runs (grouped or not) from any text', () => {
    const text = `身份证 ${RESIDENT_ID}, tel:${MOBILE}, 卡号 ${ACCOUNT} / 6230 9100 0000 0777 / 6230-9100-0000-0777; lower x: 33040219700315002x`;
    const scrubbed = scrubLogText(text);
    for (const value of [RESIDENT_ID, MOBILE, ACCOUNT, '6230 9100 0000 0777', '6230-9100-0000-0777', '33040219700315002x']) expect(scrubbed).not.toContain(value);
    expect(scrubbed).toContain('身份证 [redacted]');
  });

  it.each([
    ['a mobile in 3-4-4 groups with spaces', '139 1234 5678'],
    ['a mobile in 3-4-4 groups with hyphens', '139-1234-5678'],
    ['a resident id in 6-8-4 groups with spaces', '330402 19700315 0022'],
    ['a resident id in 6-8-4 groups with hyphens and an X', '330402-19700315-002X'],
    ['a landline with its area code and a hyphen', '0571-88886666'],
    ['a landline with a 3-digit area code and a space', '010 6512345'],
    ['a landline with the area code in brackets', '(0571)88886666'],
  ])('scrubs %s', (_what, value) => {
    const scrubbed = scrubLogText(`联系 ${value}，tel:${value}; "${value}"`);
    expect(scrubbed).not.toContain(value);
    expect(scrubbed).toBe(`联系 ${REDACTED}，tel:${REDACTED}; "${REDACTED}"`);
  });

  it('leaves ids, hashes, trace ids, dates, amounts and short numbers alone', () => {
    for (const text of [
      '0193a7e2-5c1f-7b3e-9a41-2f6d8c0b1e55',
      '4bf92f3577b34da6a3ce929d0e0e4736',
      'a3f1c2d4e5f60718293a4b5c6d7e8f90a3f1c2d4e5f60718293a4b5c6d7e8f9',
      '2024-08-05T02:00:00.000Z',
      'amount 100000 fen, division 330402, period 2024-09, item 52',
      'tefu-330402-2024-09-1',
      'tefu-330402-2024-09-12 and tefu-330402-2024-10-3',
      'period 2024-09-01 to 2024-09-30, 2024 09 30, 20240930',
      'run 2024-09 0571',
      'case c-0571-1234, version 0001-0002',
      '00000000-0000-0000-0000-000000000000',
      '12345678-1234-1234-1234-123456789abc',
    ]) {
      expect(scrubLogText(text)).toBe(text);
    }
  });

  it('redacts personal fields by name at any depth, and scrubs every other string', () => {
    const redacted = redactLogFields({
      caseId: 'c-1',
      member: { name: '示例甲', residentId: RESIDENT_ID, birthDate: '1970-03-15' },
      members: [{ full_name: '示例乙', Phone: MOBILE }],
      account: { accountNumber: ACCOUNT },
      headers: { authorization: 'Bearer x', 'user-agent': 'jest' },
      note: `call ${MOBILE}`,
      err: new Error(`duplicate ${RESIDENT_ID}`),
    }) as Record<string, any>;
    expect(redacted.caseId).toBe('c-1');
    expect(redacted.member).toEqual({ name: REDACTED, residentId: REDACTED, birthDate: '1970-03-15' });
    expect(redacted.members).toEqual([{ full_name: REDACTED, Phone: REDACTED }]);
    expect(redacted.account).toBe(REDACTED);
    expect(redacted.headers).toEqual({ authorization: REDACTED, 'user-agent': 'jest' });
    expect(redacted.note).toBe(`call ${REDACTED}`);
    expect(redacted.err.message).toBe(`duplicate ${REDACTED}`);
    expect(JSON.stringify(redacted)).not.toMatch(/示例|\d{11}/);
  });

  it('a careless message through the service logger or Nest reaches the destination scrubbed, as JSON with the service', () => {
    const lines: string[] = [];
    configureLogging({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    try {
      const logger = serviceLogger('applications');
      logger.info({ member: { name: '示例甲' } }, `registered ${RESIDENT_ID} ${MOBILE} ${ACCOUNT}`);
      new NestPinoLogger(logger).error(`failed for ${RESIDENT_ID}`, `Error: failed for ${RESIDENT_ID}\n    at x (y.ts:1:1)`, 'ProblemFilter');
      logger.debug('below the level');
      expect(lines).toHaveLength(2);
      for (const line of lines) {
        expect(line).not.toMatch(new RegExp([RESIDENT_ID, MOBILE, ACCOUNT, '示例甲'].join('|')));
        expect(JSON.parse(line)).toMatchObject({ service: 'applications' });
      }
      expect(JSON.parse(lines[1])).toMatchObject({ level: 'error', context: 'ProblemFilter', msg: 'failed for [redacted]' });
    } finally {
      configureLogging();
    }
  });
});

describe('log and trace configuration', () => {
  it('BENEFITS_LOG_LEVEL and BENEFITS_TRACES_EXPORTER are validated with the runtime configuration', () => {
    expect(loadRuntimeConfig({ BENEFITS_LOG_LEVEL: 'warn', BENEFITS_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318' })).toMatchObject({
      BENEFITS_LOG_LEVEL: 'warn',
      BENEFITS_TRACES_EXPORTER: 'otlp',
    });
    expect(() => loadRuntimeConfig({ BENEFITS_LOG_LEVEL: 'loud' })).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
    expect(() => loadRuntimeConfig({ BENEFITS_TRACES_EXPORTER: 'jaeger' })).toThrow(expect.objectContaining({ code: 'CONFIGURATION_INVALID' }));
  });

  it('defaults: tracing off; logs at info, or error under jest so test output stays small', () => {
    expect(observabilityConfigOf({}).BENEFITS_TRACES_EXPORTER).toBe('none');
    expect(defaultLogLevel({})).toBe('info');
    expect(defaultLogLevel({ JEST_WORKER_ID: '1' })).toBe('error');
    expect(defaultLogLevel({ JEST_WORKER_ID: '1', BENEFITS_LOG_LEVEL: 'debug' })).toBe('debug');
  });
});
