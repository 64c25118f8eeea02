import { create, fromBinary, ScalarType, toBinary, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { contractByType, type IntegrationEvent, type IntegrationEventName, IntegrationEventContracts } from './integration-events';

/**
 * The protobuf codec both transports use. protobuf-es maps int64 to bigint; business code gets
 * numbers. The conversion happens here and only here, range-checked in both directions.
 */

export class IntegrationCodecError extends Error {
  readonly code = 'INTEGRATION_CODEC_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'IntegrationCodecError';
  }
}

const INT64_TYPES = new Set<ScalarType>([ScalarType.INT64, ScalarType.UINT64, ScalarType.SINT64, ScalarType.FIXED64, ScalarType.SFIXED64]);

function toBigInt(value: unknown, where: string): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new IntegrationCodecError(`${where}: expected an integer, got ${JSON.stringify(value)}`);
}

function toNumber(value: bigint, where: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new IntegrationCodecError(`${where}: ${value} is outside the safe integer range`);
  return n;
}

function scalarIn(field: DescField, value: unknown, where: string): unknown {
  return field.scalar !== undefined && INT64_TYPES.has(field.scalar) ? toBigInt(value, where) : value;
}

/** Plain object → message init: int64 fields become bigint, nested messages recurse. */
function toInit(schema: DescMessage, plain: Record<string, unknown>, path: string): Record<string, unknown> {
  const init: Record<string, unknown> = {};
  for (const field of schema.fields) {
    const value = plain[field.localName];
    if (value === undefined || value === null) continue;
    const where = `${path}.${field.localName}`;
    switch (field.fieldKind) {
      case 'scalar':
        init[field.localName] = scalarIn(field, value, where);
        break;
      case 'message':
        init[field.localName] = create(field.message, toInit(field.message, value as Record<string, unknown>, where));
        break;
      case 'list':
        if (!Array.isArray(value)) throw new IntegrationCodecError(`${where}: expected a list`);
        init[field.localName] = value.map((item, i) =>
          field.listKind === 'message'
            ? create(field.message, toInit(field.message, item as Record<string, unknown>, `${where}[${i}]`))
            : scalarIn(field, item, `${where}[${i}]`),
        );
        break;
      default:
        init[field.localName] = value;
    }
  }
  return init;
}

/** Decoded message → plain object: bigint → number, `$`-fields dropped. */
function toPlain(value: unknown, where: string): unknown {
  if (typeof value === 'bigint') return toNumber(value, where);
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((item, i) => toPlain(item, `${where}[${i}]`));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (!key.startsWith('$')) out[key] = toPlain(item, `${where}.${key}`);
    return out;
  }
  return value;
}

export function encodeIntegrationEvent<N extends IntegrationEventName>(name: N, event: IntegrationEvent<N>): Uint8Array {
  const schema: DescMessage = IntegrationEventContracts[name].schema;
  const message = create(schema, toInit(schema, event as unknown as Record<string, unknown>, name));
  return toBinary(schema, message);
}

/** Decodes a value whose `type` header names an integration event; throws for an unknown type. */
export function decodeIntegrationEvent(type: string, value: Uint8Array): IntegrationEvent {
  const contract = contractByType(type);
  if (!contract) throw new IntegrationCodecError(`unknown integration event type ${JSON.stringify(type)}`);
  try {
    return toPlain(fromBinary(contract.schema, value), contract.name) as IntegrationEvent;
  } catch (error) {
    if (error instanceof IntegrationCodecError) throw error;
    throw new IntegrationCodecError(`${type}: ${(error as Error).message}`);
  }
}
