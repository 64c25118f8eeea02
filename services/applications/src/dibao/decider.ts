/**
 * The 低保 decider, the module the rest of the service imports: it re-exports the slices (facts,
 * commands, events, state) and builds the `Decider` from `evolveDibao` and `decideDibao`. The
 * state machine of a case is described in `./decide`.
 */
import type { Decider } from '@benefits/kernel';
import type { DibaoPolicy } from './policy';
import type { DibaoCommand } from './commands';
import type { DibaoEvent } from './events';
import { evolveDibao, type DibaoCase } from './state';
import { decideDibao } from './decide';

export * from './types';
export * from './commands';
export * from './events';
export * from './state';

export function createDibaoDecider(policy: DibaoPolicy): Decider<DibaoCommand, DibaoEvent, DibaoCase> {
  return {
    initialState: () => ({ status: 'none' }),
    evolve: evolveDibao,
    decide(command, state) {
      return decideDibao(command, state, policy);
    },
  };
}
