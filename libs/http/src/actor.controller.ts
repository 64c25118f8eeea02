import { Controller, Get } from '@nestjs/common';
import type { Actor } from '@benefits/kernel';
import { CurrentActor } from '@benefits/identity';

/** `GET /whoami`: the actor exactly as the verified token states it — what every event will record. */
@Controller('whoami')
export class ActorController {
  @Get()
  whoami(@CurrentActor() actor: Actor): { actor: Actor } {
    return { actor };
  }
}
