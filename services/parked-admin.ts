import type { ServiceDefinition } from '@benefits/http';
import { registerParkedMessages, type ParkedMessagesSource } from '@benefits/messaging';
import { APPLICATIONS_CONSUMER } from './applications/src/service';
import { DISBURSEMENT_CONSUMER } from './disbursement/src/service';
import { ELIGIBILITY_CONSUMER } from './eligibility/src/service';

/** In `npm start` each consumer is named after the service whose app serves its parked messages. */
const CONSUMER_OF: Readonly<Record<string, string>> = { applications: APPLICATIONS_CONSUMER, eligibility: ELIGIBILITY_CONSUMER, disbursement: DISBURSEMENT_CONSUMER };

/**
 * Connects the service's parked-message routes (`/admin/messaging/consumers/<consumer>/parked`,
 * mounted and described by the service itself: libs/http/src/parked-messages.ts) to its consumer
 * in `npm start`, for `npx benefits parked`. The consumer is looked up in `sources` on each request,
 * so the app may listen before the consumer exists; until then a request is answered with 503
 * CONSUMER_NOT_STARTED. The definition itself is returned unchanged.
 */
export function withParkedMessages(definition: ServiceDefinition, sources: ReadonlyMap<string, ParkedMessagesSource>): ServiceDefinition {
  const consumer = CONSUMER_OF[definition.name];
  if (consumer !== undefined) registerParkedMessages(consumer, () => sources.get(consumer));
  return definition;
}
