// Sentences for the problems several rules claim in the same words: a decode issue of the model, a Machines API
// schema violation. A rule that claims such problems lists these under the problem's message id in its own
// meta.messages (the id says which problems it can own; src/lint/report.ts ownerOf).
import type { ProblemData, SchemaPlace } from "../../diagnostic.js";
import type { ProblemMessages } from "../types.js";

/** The model's decode issue led by the key path it is about ("http_service.internal_port must be an integer, …"). */
export const decodeFailed = ({ at, detail }: ProblemData["decode-failed"]): string =>
  !at ? detail : detail.startsWith("must ") || detail.startsWith("is ") ? `${at} ${detail}` : `${at}: ${detail}`;

/** The Machine (if any) and the key path a schema sentence starts with. */
const where = ({ subject, at }: SchemaPlace): string => `${subject}${at || "the document"}`;

/** Every schema problem, in words: rules that claim schema problems spread these into their messages. */
export const schemaMessages = {
  "schema-missing-key": (d) => `${where(d)} is missing the required key ${JSON.stringify(d.key)}`,
  "schema-expected": (d) => `${where(d)} must be ${d.expected.join(" or ")}, not ${d.actual}`,
  "schema-no-alternative": (d) => `${where(d)} is not valid: ${d.detail}`,
  "schema-enum": (d) => `${where(d)} must be one of ${d.allowed.join(", ")}, not ${d.actual}`,
  "schema-limit": (d) => `${where(d)} must be ${d.comparison} ${d.limit}, not ${d.actual}`,
  "schema-duration": (d) => `${where(d)} must be a Go duration with a unit, such as "10s", "1m30s" or "500ms", not ${d.actual}`,
  "schema-pattern": (d) => `${where(d)} does not have the expected form (${d.pattern}): ${d.actual}`,
  "schema-min-length": (d) => `${where(d)} must not be shorter than ${d.limit} characters`,
  "schema-min-items": (d) => `${where(d)} must have at least ${d.limit} items`,
  "schema-other": (d) => `${where(d)} ${d.detail}`,
} as const satisfies ProblemMessages;
