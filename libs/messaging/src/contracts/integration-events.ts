import type { DescMessage, Message } from '@bufbuild/protobuf';
import { CaseApprovedSchema, CaseFactsSnapshottedSchema, PaymentResumedSchema, PaymentSuspendedSchema } from '../gen/benefits/integration/v1/applications_pb';
import type { CaseApproved, CaseFactsSnapshotted, PaymentResumed, PaymentSuspended } from '../gen/benefits/integration/v1/applications_pb';
import { PaymentCreatedSchema } from '../gen/benefits/integration/v1/disbursement_pb';
import type { PaymentCreated } from '../gen/benefits/integration/v1/disbursement_pb';
import { EligibilityDeterminedSchema, EntitlementScheduleIssuedSchema } from '../gen/benefits/integration/v1/eligibility_pb';
import type { EligibilityDetermined, EntitlementScheduleIssued } from '../gen/benefits/integration/v1/eligibility_pb';
import { StoredEventSchema } from '../gen/benefits/integration/v1/replication_pb';
import type { StoredEvent } from '../gen/benefits/integration/v1/replication_pb';

/** Topics by publishing service (architecture §2). Each has a dead-letter companion `<topic>.dlt`. */
export const Topics = {
  applications: 'benefits.applications',
  eligibility: 'benefits.eligibility',
  disbursement: 'benefits.disbursement',
  /** Every service's recorded events, verbatim, for the audit replica (not integration events). */
  replication: 'benefits.replication',
} as const;
export type TopicName = (typeof Topics)[keyof typeof Topics];

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlt`;
}

/** Short name → what the contract is: its protobuf schema and the topic it travels on. */
export const IntegrationEventContracts = {
  CaseFactsSnapshotted: { schema: CaseFactsSnapshottedSchema, topic: Topics.applications },
  CaseApproved: { schema: CaseApprovedSchema, topic: Topics.applications },
  PaymentSuspended: { schema: PaymentSuspendedSchema, topic: Topics.applications },
  PaymentResumed: { schema: PaymentResumedSchema, topic: Topics.applications },
  EligibilityDetermined: { schema: EligibilityDeterminedSchema, topic: Topics.eligibility },
  EntitlementScheduleIssued: { schema: EntitlementScheduleIssuedSchema, topic: Topics.eligibility },
  PaymentCreated: { schema: PaymentCreatedSchema, topic: Topics.disbursement },
  StoredEvent: { schema: StoredEventSchema, topic: Topics.replication },
} as const satisfies Record<string, { schema: DescMessage; topic: TopicName }>;

export type IntegrationEventName = keyof typeof IntegrationEventContracts;

interface ProtoMessages {
  CaseFactsSnapshotted: CaseFactsSnapshotted;
  CaseApproved: CaseApproved;
  PaymentSuspended: PaymentSuspended;
  PaymentResumed: PaymentResumed;
  EligibilityDetermined: EligibilityDetermined;
  EntitlementScheduleIssued: EntitlementScheduleIssued;
  PaymentCreated: PaymentCreated;
  StoredEvent: StoredEvent;
}

/**
 * The `type` header value and `@EventPattern` pattern of each integration event: the fully
 * qualified protobuf message name, e.g. `benefits.integration.v1.CaseApproved`.
 */
export const IntegrationEventTypes = Object.fromEntries(
  Object.entries(IntegrationEventContracts).map(([name, contract]) => [name, contract.schema.typeName]),
) as { [N in IntegrationEventName]: ProtoMessages[N]['$typeName'] };
export type IntegrationEventType = (typeof IntegrationEventTypes)[IntegrationEventName];

/**
 * A decoded protobuf message as business code sees it: int64 as a JavaScript number (range-checked
 * at the codec, since fen amounts fit easily and `JSON.stringify` rejects bigint) and no protobuf
 * bookkeeping fields (`$typeName`).
 */
export type Plain<T> = T extends bigint
  ? number
  : T extends Uint8Array
    ? Uint8Array
    : T extends readonly (infer U)[]
      ? Plain<U>[]
      : T extends object
        ? { [K in keyof T as K extends `$${string}` ? never : K]: Plain<T[K]> }
        : T;

/** What a handler of integration event `N` receives. */
export type IntegrationEvent<N extends IntegrationEventName = IntegrationEventName> = Plain<ProtoMessages[N]>;
/** An integration event's body without its header: what a mapping produces from a domain event. */
export type IntegrationEventBody<N extends IntegrationEventName = IntegrationEventName> = Omit<IntegrationEvent<N>, 'header'>;

export function contractByType(type: string): { name: IntegrationEventName; schema: DescMessage; topic: TopicName } | null {
  for (const [name, contract] of Object.entries(IntegrationEventContracts)) {
    if (contract.schema.typeName === type) return { name: name as IntegrationEventName, ...contract };
  }
  return null;
}

export type { Message };
