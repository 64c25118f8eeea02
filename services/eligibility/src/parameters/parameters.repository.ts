import { Errors, newId, type Actor } from '@benefits/kernel';
import { InvalidPositionError, WrongExpectedRevisionError, type EventStore } from '@benefits/event-store';
import {
  decidePublish,
  divisionChain,
  foldSeries,
  lookupParameter,
  parameterStreamId,
  type KnownAt,
  type ParameterEntry,
  type ParameterLookup,
  type ParameterSource,
  type PublishCommand,
  type PublishDecision,
} from '@benefits/standards';

/** A publish command as the HTTP layer has it: the entry id is assigned here. */
export type PublishInput = Omit<PublishCommand, 'entryId'>;

export class ParametersRepository {
  constructor(private readonly store: EventStore) {}

  async publish(input: PublishInput): Promise<PublishDecision> {
    const streamId = parameterStreamId(input.name, input.divisionCode);
    const events = await this.store.readStream(streamId);
    const decision = decidePublish(foldSeries(events), { ...input, entryId: newId() });
    if (decision.kind === 'publish') {
      try {
        await this.store.appendToStream(streamId, [decision.event], {
          expectedRevision: events.length === 0 ? 'no_stream' : events[events.length - 1].streamRevision,
        });
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError) throw Errors.CONFLICT({ streamId, reason: 'concurrent change; retry' });
        throw error;
      }
    }
    return decision;
  }

  /** One entry of a series by id (e.g. the one a correction supersedes). */
  async entry(name: string, divisionCode: string, entryId: string): Promise<ParameterEntry | null> {
    return foldSeries(await this.store.readStream(parameterStreamId(name, divisionCode))).find((e) => e.entryId === entryId) ?? null;
  }

  /**
   * As effective on `date`, as known at `knownAt` (a recording time) and/or `knownAtPosition` (a log
   * position: only events written at or before it are read). Recording times are transaction start
   * times, so a time is the coarser of the two.
   */
  async lookup(name: string, divisionCode: string, query: { date: string; knownAt?: string; knownAtPosition?: string }): Promise<ParameterLookup | null> {
    const series = new Map<string, ParameterEntry[]>();
    for (const level of divisionChain(divisionCode)) {
      try {
        series.set(level, foldSeries(await this.store.readStream(parameterStreamId(name, level), { toPosition: query.knownAtPosition })));
      } catch (error) {
        if (error instanceof InvalidPositionError) throw Errors.VALIDATION_FAILED({ reason: 'knownAtPosition is not a position of this store' });
        throw error;
      }
    }
    const knownAt: KnownAt | undefined = query.knownAt ? { time: new Date(query.knownAt).toISOString() } : undefined;
    return lookupParameter((code) => series.get(code) ?? [], divisionCode, { date: query.date, knownAt });
  }
}
