import type { z } from 'zod';

/** The first message of a shared rule for a value, or undefined when it passes. */
export function ruleError(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}
