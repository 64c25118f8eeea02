import { innermostStore, WRAPPED_STORE, type EventStore } from '@benefits/event-store';
import { timed } from './metrics';

describe('views of a store (metrics timing) keep its identity', () => {
  const store = { appendToStream: async () => ({ nextExpectedRevision: 0n }), headPosition: async () => 0n } as unknown as EventStore;

  it('a timed view answers the store it wraps, and innermostStore follows nested views to it', () => {
    const once = timed(store, { appendToStream: 'append' }, () => undefined);
    const twice = timed(once, { appendToStream: 'append' }, () => undefined);
    expect(once).not.toBe(store);
    expect((once as unknown as Record<symbol, unknown>)[WRAPPED_STORE]).toBe(store);
    expect(innermostStore(twice)).toBe(store);
    expect(innermostStore(store)).toBe(store);
  });
});
