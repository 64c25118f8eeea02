/**
 * Preloaded into the server by `npm run bench -- scale --cpu-prof` (node -r): SIGUSR2 starts the V8
 * CPU profiler, the next SIGUSR2 stops it and writes the profile to $BENCH_CPU_PROFILE. Node's own
 * --cpu-prof covers the whole process life (start-up included); this covers one phase of the bench.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const target = process.env.BENCH_CPU_PROFILE;
if (target) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  let running = false;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.start');
      return;
    }
    running = false;
    session.post('Profiler.stop', (error, result) => {
      if (error) console.error(`cpu profile not written: ${error.message}`);
      else writeFileSync(target, JSON.stringify(result.profile));
    });
  });
}
