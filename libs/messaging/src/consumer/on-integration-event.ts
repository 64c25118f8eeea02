import { applyDecorators, Catch, UseFilters, type RpcExceptionFilter } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import type { IntegrationEventType } from '../contracts/integration-events';

/**
 * Hands a handler's error to the delivery pipeline unchanged. Nest's default RPC filter replaces
 * unknown errors with "Internal server error", which would leave the DLT headers and the parked
 * record without the reason.
 */
@Catch()
export class PassErrorsToDeliveryPipeline implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * `@EventPattern` for an integration event: the handler receives the decoded event (int64 as
 * numbers) with `@Payload()` and a DeliveryContext with `@Ctx()` — its `session` is the inbox
 * transaction. Works on both transports (KafkaIntegrationServer, EventLogServer).
 */
export function OnIntegrationEvent(type: IntegrationEventType): MethodDecorator {
  return applyDecorators(EventPattern(type), UseFilters(PassErrorsToDeliveryPipeline));
}
