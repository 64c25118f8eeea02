import { DomainError } from '@benefits/kernel';
import { DEFAULT_PGLITE_SHARED_BUFFERS, embeddedPgliteOptions, pgliteSharedBuffers } from './pglite-options';

describe('the embedded PGlite settings', () => {
  it('start PostgreSQL with 16 MB shared_buffers unless BENEFITS_PGLITE_SHARED_BUFFERS says otherwise', () => {
    expect(pgliteSharedBuffers({})).toBe(DEFAULT_PGLITE_SHARED_BUFFERS);
    expect(DEFAULT_PGLITE_SHARED_BUFFERS).toBe('16MB');
    expect(pgliteSharedBuffers({ BENEFITS_PGLITE_SHARED_BUFFERS: '' })).toBe('16MB');
    expect(pgliteSharedBuffers({ BENEFITS_PGLITE_SHARED_BUFFERS: '128MB' })).toBe('128MB');
    expect(pgliteSharedBuffers({ BENEFITS_PGLITE_SHARED_BUFFERS: '131072kB' })).toBe('131072kB');
  });

  it.each(['16', '16 MB', '-1MB', '0MB', '16mb', '16MB; fsync=off', '1TB'])('refuse %j with CONFIGURATION_INVALID', (value) => {
    let thrown: unknown;
    try {
      pgliteSharedBuffers({ BENEFITS_PGLITE_SHARED_BUFFERS: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).code).toBe('CONFIGURATION_INVALID');
  });

  it("keep PGlite's own start parameters and add shared_buffers after them; durability settings are not touched", async () => {
    const defaults = ['--single', '-F', '-c', 'search_path=public'];
    const options = await embeddedPgliteOptions(defaults, { BENEFITS_PGLITE_SHARED_BUFFERS: '32MB' });
    expect(options.startParams).toEqual([...defaults, '-c', 'shared_buffers=32MB']);
    expect(options.relaxedDurability).toBeUndefined();
    expect(options.startParams!.join(' ')).not.toMatch(/fsync|synchronous_commit/);
    // One compiled module for every database of the process.
    expect((await embeddedPgliteOptions(defaults)).pgliteWasmModule).toBe(options.pgliteWasmModule);
  });
});
