// The zod API flyconf uses, by name: the one runtime import of zod. The CLI bundle holds these, and only what they
// need of zod, in a chunk loaded on first use (scripts/bundle.mjs): a well-formed fly.toml never loads zod, and a
// file that fails to decode loads ~70 KB of it rather than the whole package (its locales, JSON Schema tools, …).
export {
  any,
  array,
  enum,
  NEVER,
  object,
  preprocess,
  record,
  strictObject,
  string,
  union,
  unknown,
  ZodArray,
  ZodDefault,
  ZodNullable,
  ZodObject,
  ZodOptional,
  ZodPipe,
  ZodTransform,
  ZodUnion,
} from "zod";
export type { core, input, output, ZodRawShape, ZodType } from "zod";
