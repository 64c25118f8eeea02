import { deepStrictEqual, fail } from 'node:assert/strict';
import { fold, type Decider } from './decider';
import { isDomainError } from './errors';

/**
 * Given/when/then for deciders:
 *   const spec = givenWhenThen(decider);
 *   spec.given([opened]).when(approve).then([approved]);
 *   spec.given([]).when(approve).thenThrows('CONFLICT');
 * Assertions use node:assert, so the helper works under any test runner.
 */
export function givenWhenThen<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(history: readonly Event[]) {
      return {
        when(command: Command) {
          const run = () => decider.decide(command, fold(decider, history));
          return {
            then(expected: readonly Event[]): void {
              deepStrictEqual(run(), expected);
            },
            thenNothingHappens(): void {
              deepStrictEqual(run(), []);
            },
            thenThrows(code: string): void {
              let events: Event[];
              try {
                events = run();
              } catch (error) {
                if (isDomainError(error, code)) return;
                const got = isDomainError(error) ? `DomainError ${error.code}` : String(error);
                fail(`expected DomainError ${code}, got ${got}`);
              }
              fail(`expected DomainError ${code}, but the decider returned ${JSON.stringify(events)}`);
            },
          };
        },
      };
    },
  };
}
