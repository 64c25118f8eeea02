import { Body, Controller, Get, HttpCode, Inject, Module, Param, Post, type DynamicModule } from '@nestjs/common';
import { defineError, Errors } from '@benefits/kernel';
import { CurrentActor, type Actor } from '@benefits/identity';
import { ParkedMessageError, type ParkedMessage, type ParkedMessages, type SettleResult } from './parked-messages';

/** Anything that exposes a consumer's parked messages once listening (both transports do). */
export interface ParkedMessagesSource {
  readonly parked: ParkedMessages;
}

const OPTIONS = Symbol('PARKED_MESSAGE_OPTIONS');

/** What a service's app mounts: which consumers it answers for, where they are, how texts are cleaned. */
export interface ParkedMessagesOptions {
  /** The consumers this app answers for; any other name is 404. */
  consumers: readonly string[];
  /** Where each consumer's parked messages are; default: those registered in this process. */
  sources?: Readonly<Record<string, ParkedMessagesSource>>;
  /** Applied to every `error` text before it is returned (the log scrubber: no personal data out). */
  scrub: (text: string) => string;
}

/** The consumers running in this process, by name (the consumer may start after the HTTP app). */
const runningConsumers = new Map<string, () => ParkedMessagesSource | undefined>();

/**
 * Makes a consumer's parked messages reachable through the admin routes of this process's apps;
 * `source` may be a lookup answered later (the consumer starts after the app). Returns the undo.
 */
export function registerParkedMessages(consumer: string, source: ParkedMessagesSource | (() => ParkedMessagesSource | undefined)): () => void {
  const lookup = typeof source === 'function' ? source : () => source;
  runningConsumers.set(consumer, lookup);
  return () => {
    if (runningConsumers.get(consumer) === lookup) runningConsumers.delete(consumer);
  };
}

export const ParkedMessageErrors = {
  /** The routes span every case of the consumer, of every division: province-level admins only. */
  PROVINCE_ONLY: defineError(
    'PARKED_MESSAGES_PROVINCE_ONLY',
    403,
    '搁置消息涉及各行政区划的案件，仅省级管理员可查看和处理',
    'parked messages span the cases of every division: only an admin of a province-level division (xx0000) may see or settle them',
  ),
  CONSUMER_NOT_STARTED: defineError('CONSUMER_NOT_STARTED', 503, '消息消费者尚未启动，请稍后重试', 'the message consumer has not started yet; try again shortly'),
} as const;

/**
 * HTTP face of ParkedMessages, for operators and the CLI (which talks to the running server):
 *   GET  /admin/messaging/consumers/:consumer/parked
 *   POST /admin/messaging/consumers/:consumer/parked/:parkId/retry
 *   POST /admin/messaging/consumers/:consumer/parked/:parkId/resolve   { "note": "…" }
 * Only `admin` of a province-level division may act (docs/operations/parked-messages.md); the actor
 * comes from the verified token (AuthGuard), never from the body. The `error` text of a parked
 * message goes through `scrub` before it leaves.
 */
@Controller('admin/messaging/consumers/:consumer/parked')
export class ParkedMessagesController {
  constructor(@Inject(OPTIONS) private readonly options: ParkedMessagesOptions) {}

  @Get()
  async list(@CurrentActor() actor: Actor, @Param('consumer') consumer: string): Promise<ParkedMessage[]> {
    const parked = await this.parkedOf(actor, consumer).list();
    return parked.map((p) => this.scrubbed(p));
  }

  private scrubbed(p: ParkedMessage): ParkedMessage {
    return { ...p, error: p.error === null ? null : this.options.scrub(p.error) };
  }

  private async settled(work: Promise<SettleResult>): Promise<SettleResult> {
    const result = await notFoundAsProblem(work);
    return { ...result, blockedBy: result.blockedBy && this.scrubbed(result.blockedBy) };
  }

  @Post(':parkId/retry')
  @HttpCode(200)
  retry(@CurrentActor() actor: Actor, @Param('consumer') consumer: string, @Param('parkId') parkId: string): Promise<SettleResult> {
    const parked = this.parkedOf(actor, consumer);
    return this.settled(parked.retry(validParkId(parkId)));
  }

  @Post(':parkId/resolve')
  @HttpCode(200)
  resolve(
    @CurrentActor() actor: Actor,
    @Param('consumer') consumer: string,
    @Param('parkId') parkId: string,
    @Body() body: unknown,
  ): Promise<SettleResult> {
    const parked = this.parkedOf(actor, consumer);
    const note = (body as { note?: unknown } | undefined)?.note;
    if (typeof note !== 'string' || note.trim() === '' || note.length > 500) {
      throw Errors.VALIDATION_FAILED({ issues: [{ path: 'note', message: 'a reason of 1–500 characters is required' }] });
    }
    return this.settled(parked.resolve(validParkId(parkId), note.trim()));
  }

  private parkedOf(actor: Actor, consumer: string): ParkedMessages {
    if (actor.role !== 'admin') throw Errors.FORBIDDEN({ requiredRole: 'admin' });
    if (!/^\d{2}0000$/.test(actor.divisionCode)) throw ParkedMessageErrors.PROVINCE_ONLY({ divisionCode: actor.divisionCode });
    if (!this.options.consumers.includes(consumer)) throw Errors.NOT_FOUND({ consumer });
    const given = this.options.sources;
    const source = given ? (Object.prototype.hasOwnProperty.call(given, consumer) ? given[consumer] : undefined) : runningConsumers.get(consumer)?.();
    if (!source) throw ParkedMessageErrors.CONSUMER_NOT_STARTED({ consumer });
    try {
      return source.parked;
    } catch {
      // A server's `parked` exists once it listens (integration-event-server.ts).
      throw ParkedMessageErrors.CONSUMER_NOT_STARTED({ consumer });
    }
  }
}

function validParkId(parkId: string): string {
  if (!/^[1-9]\d{0,17}$/.test(parkId)) throw Errors.INVALID_ID({ parkId });
  return parkId;
}

async function notFoundAsProblem<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ParkedMessageError) throw Errors.NOT_FOUND({ reason: error.message });
    throw error;
  }
}

/** `imports: [ParkedMessagesModule.register({ consumers: ['eligibility'], scrub })]` in a service's HTTP app. */
@Module({})
export class ParkedMessagesModule {
  static register(options: ParkedMessagesOptions): DynamicModule {
    return { module: ParkedMessagesModule, controllers: [ParkedMessagesController], providers: [{ provide: OPTIONS, useValue: options }] };
  }
}
