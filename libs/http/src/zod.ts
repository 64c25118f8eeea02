import type { z } from 'zod';
import { Errors } from '@benefits/kernel';

export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
}

/**
 * Parses untrusted input with a zod schema; on failure throws a DomainError whose details list every
 * issue with its JSON path. Unknown fields get their own code because officers' client software
 * must not silently lose what it sent.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '$',
    code: issue.code,
    message: issue.message,
  }));
  const onlyUnknownKeys = result.error.issues.every((issue) => issue.code === 'unrecognized_keys');
  throw onlyUnknownKeys ? Errors.UNKNOWN_FIELD({ issues }) : Errors.VALIDATION_FAILED({ issues });
}
