import type { z } from 'zod';

/**
 * Declares one method: its zod input schema and (as a type only) its result.
 * Curried so the result type can be written while the input type is inferred.
 */
export const method =
  <Result>() =>
  <Input extends z.ZodType>(input: Input) => ({ input, result: undefined as unknown as Result });
