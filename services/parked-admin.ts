import type { DynamicModule } from '@nestjs/common';
import type { ServiceDefinition } from '@benefits/http';
import { ParkedMessagesModule, type ParkedMessagesSource } from '@benefits/messaging';
import { APPLICATIONS_CONSUMER } from './applications/src/service';
import { DISBURSEMENT_CONSUMER } from './disbursement/src/service';
import { ELIGIBILITY_CONSUMER } from './eligibility/src/service';

/** In `npm start` each consumer is named after the service whose app serves its parked messages. */
const CONSUMER_OF: Readonly<Record<string, string>> = { applications: APPLICATIONS_CONSUMER, eligibility: ELIGIBILITY_CONSUMER, disbursement: DISBURSEMENT_CONSUMER };

/**
 * The service with its consumer's parked-message endpoints (`/admin/messaging/consumers/<consumer>/parked`,
 * admin only) mounted in its HTTP app, for `npx benefits parked`. The consumer is looked up in
 * `sources` on each request, so the app may listen before the consumer exists; until it listens a
 * request is answered with an error. A service without a consumer is returned as it is.
 */
export function withParkedMessages(definition: ServiceDefinition, sources: ReadonlyMap<string, ParkedMessagesSource>): ServiceDefinition {
  const consumer = CONSUMER_OF[definition.name];
  if (consumer === undefined) return definition;
  const lazy: ParkedMessagesSource = {
    get parked() {
      const source = sources.get(consumer);
      if (!source) throw new Error(`consumer ${consumer} is not started yet`);
      return source.parked;
    },
  };
  return {
    ...definition,
    module(runtime): DynamicModule {
      const inner = definition.module(runtime);
      return { ...inner, imports: [...(inner.imports ?? []), ParkedMessagesModule.register({ [consumer]: lazy })] };
    },
  };
}
