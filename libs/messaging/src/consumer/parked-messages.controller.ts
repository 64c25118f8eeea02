import { Body, Controller, Get, HttpCode, Inject, Module, Param, Post, type DynamicModule } from '@nestjs/common';
import { Errors } from '@benefits/kernel';
import { CurrentActor, type Actor } from '@benefits/identity';
import { ParkedMessageError, type ParkedMessage, type ParkedMessages, type SettleResult } from './parked-messages';

/** Anything that exposes a consumer's parked messages once listening (both transports do). */
export interface ParkedMessagesSource {
  readonly parked: ParkedMessages;
}

const SOURCES = Symbol('PARKED_MESSAGE_SOURCES');

/**
 * HTTP face of ParkedMessages, for operators and the CLI (which talks to the running server):
 *   GET  /admin/messaging/consumers/:consumer/parked
 *   POST /admin/messaging/consumers/:consumer/parked/:parkId/retry
 *   POST /admin/messaging/consumers/:consumer/parked/:parkId/resolve   { "note": "…" }
 * Only `admin` may act; the actor comes from the verified token (AuthGuard), never from the body.
 */
@Controller('admin/messaging/consumers/:consumer/parked')
export class ParkedMessagesController {
  constructor(@Inject(SOURCES) private readonly sources: Readonly<Record<string, ParkedMessagesSource>>) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Param('consumer') consumer: string): Promise<ParkedMessage[]> {
    return this.parkedOf(actor, consumer).list();
  }

  @Post(':parkId/retry')
  @HttpCode(200)
  retry(@CurrentActor() actor: Actor, @Param('consumer') consumer: string, @Param('parkId') parkId: string): Promise<SettleResult> {
    const parked = this.parkedOf(actor, consumer);
    return notFoundAsProblem(parked.retry(validParkId(parkId)));
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
    return notFoundAsProblem(parked.resolve(validParkId(parkId), note.trim()));
  }

  private parkedOf(actor: Actor, consumer: string): ParkedMessages {
    if (actor.role !== 'admin') throw Errors.FORBIDDEN({ requiredRole: 'admin' });
    const source = Object.prototype.hasOwnProperty.call(this.sources, consumer) ? this.sources[consumer] : undefined;
    if (!source) throw Errors.NOT_FOUND({ consumer });
    return source.parked;
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

/** `imports: [ParkedMessagesModule.register({ eligibility: kafkaServer })]` in a service's HTTP app. */
@Module({})
export class ParkedMessagesModule {
  static register(sources: Readonly<Record<string, ParkedMessagesSource>>): DynamicModule {
    return { module: ParkedMessagesModule, controllers: [ParkedMessagesController], providers: [{ provide: SOURCES, useValue: sources }] };
  }
}
