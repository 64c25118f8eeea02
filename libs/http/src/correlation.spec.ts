import { correlationIdOf } from './correlation';

describe('X-Correlation-Id', () => {
  it("keeps the caller's id when it is a sane token", () => {
    expect(correlationIdOf({ headers: { 'x-correlation-id': 'window-7:ticket-42' } })).toBe('window-7:ticket-42');
  });

  it('makes a new id when there is none, or it is not a short token', () => {
    for (const header of [undefined, '', 'a b', 'x'.repeat(101), ['a', 'b']]) {
      const id = correlationIdOf({ headers: { 'x-correlation-id': header } });
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });
});
