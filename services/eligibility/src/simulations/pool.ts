import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { SimulationContextData } from './simulate';
import runPage, { encodeContext, type PageTask } from './simulation.worker';
import type { PageResult, SimulationBasis } from './types';

/**
 * Where the pages of a simulation are evaluated: worker threads (piscina), as many as
 * `BENEFITS_SIMULATION_THREADS` says (default: the machine's parallelism), or this thread when it
 * says 1. The pool starts with the first simulation and stays for the next ones.
 */
export interface PageEvaluator {
  readonly threads: number;
  /** Starts a simulation's pages: the context is encoded once and shared by every task. */
  begin(data: SimulationContextData): (cases: SimulationBasis[]) => Promise<PageResult>;
  close(): Promise<void>;
}

export function simulationThreads(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.BENEFITS_SIMULATION_THREADS;
  if (raw === undefined || raw === '') return Math.max(1, availableParallelism());
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`BENEFITS_SIMULATION_THREADS must be an integer 1..64, got ${raw}`);
  return n;
}

export function pageEvaluator(threads = simulationThreads()): PageEvaluator {
  if (threads <= 1) {
    return {
      threads: 1,
      begin(data) {
        const context = encodeContext(data);
        return async (cases) => runPage({ simulationId: data.simulationId, context, cases });
      },
      close: async () => undefined,
    };
  }
  let pool: Piscina | null = null;
  return {
    threads,
    begin(data) {
      pool ??= new Piscina({
        filename: require.resolve('./simulation-worker-entry.js'),
        minThreads: 0,
        maxThreads: threads,
        idleTimeout: 60_000,
        // Allocation-heavy work (traces): a larger young generation spends less time collecting.
        resourceLimits: { maxYoungGenerationSizeMb: 64 },
      });
      const context = encodeContext(data);
      const running = pool;
      return (cases) => running.run({ simulationId: data.simulationId, context, cases } satisfies PageTask) as Promise<PageResult>;
    },
    async close() {
      const closing = pool;
      pool = null;
      await closing?.destroy();
    },
  };
}
