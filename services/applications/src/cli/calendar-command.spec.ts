import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calendarCommand } from './calendar-command';

const captured = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } } };
};

describe('benefits calendar', () => {
  const dir = mkdtempSync(join(tmpdir(), 'calendar-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const entry = { year: 2027, origin: 'published', status: 'inEffect', source: { docNo: 'sample-2027', title: '示例数据（非官方）' }, sampleData: true, effectiveFrom: '2026-12-04', holidays: ['2027-01-01'], workdays: [] };

  it('publishes the file for --year to the applications service with the token given', async () => {
    // SAMPLE DATA: not the State Council's calendar.
    const file = join(dir, 'cal.json');
    writeFileSync(file, JSON.stringify({ holidays: ['2027-01-01'], workdays: [], source: entry.source, sampleData: true }));
    const calls: { url: string; init: RequestInit }[] = [];
    const fake = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ unchanged: false, year: 2027, calendar: entry }), { status: 201 });
    }) as unknown as typeof fetch;
    const { out, io } = captured();
    const code = await calendarCommand(['publish', '--year', '2027', '--file', file, '--url', 'http://127.0.0.1:9', '--token', 'abc'], { ...io, env: {}, fetch: fake });
    expect(code).toBe(0);
    expect(calls[0].url).toBe('http://127.0.0.1:9/applications/working-day-calendars');
    expect(JSON.parse(String(calls[0].init.body))).toMatchObject({ year: 2027, sampleData: true });
    expect((calls[0].init.headers as Record<string, string>).Authorization).toBe('Bearer abc');
    expect(out.join('')).toContain('sample-2027');
  });

  it('prints the service refusal with its code in both languages (exit 1)', async () => {
    const fake = (async () =>
      new Response(JSON.stringify({ code: 'CALENDAR_PUBLISHER_NOT_ALLOWED', message: { zh: '只能由省级管理员发布', en: 'only a province-level admin' } }), { status: 403 })) as unknown as typeof fetch;
    const { err, io } = captured();
    expect(await calendarCommand(['list', '--url', 'http://127.0.0.1:9', '--token', 'abc'], { ...io, env: {}, fetch: fake })).toBe(1);
    expect(err.join('')).toContain('CALENDAR_PUBLISHER_NOT_ALLOWED');
  });

  it('refuses bad arguments (exit 2)', async () => {
    const { io } = captured();
    expect(await calendarCommand(['publish', '--file', 'x.json'], { ...io, env: {} })).toBe(2);
    expect(await calendarCommand(['nothing'], { ...io, env: {} })).toBe(2);
    expect(await calendarCommand(['publish', '--year', '2027', '--file', join(dir, 'cal.json'), '--division', '330400'], { ...io, env: {} })).toBe(2);
  });
});
