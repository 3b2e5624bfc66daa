// Sentences for the problems several rules claim in the same words: a decode issue of the model, a Machines API
// schema violation. A rule that claims such problems lists these under the problem's message id in its own
// meta.messages (the id says which problems it can own; src/lint/report.ts ownerOf).
import type { ProblemData } from "../../diagnostic.js";

/** The model's decode issue led by the key path it is about ("http_service.internal_port must be an integer, …"). */
export const decodeFailed = ({ at, detail }: ProblemData["decode-failed"]): string =>
  !at ? detail : detail.startsWith("must ") || detail.startsWith("is ") ? `${at} ${detail}` : `${at}: ${detail}`;

/** A schema violation: the Machine it is in (if any), the key path, what is wrong. */
export const schemaViolation = ({ subject, at, detail }: ProblemData["schema-violation"]): string => `${subject}${at} ${detail}`;
