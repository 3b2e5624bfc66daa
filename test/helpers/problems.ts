// Every problem message id a stage can report, with the kind (and schema definition) it is reported under. Typed
// `Record<ProblemMessageId, …>`: a message id added to src/diagnostic.ts ProblemData fails the typecheck here until
// it is listed, and the tests that read this table then hold it to a rule that renders it.
import type { Problem, ProblemKind, ProblemMessageId } from "../../src/diagnostic.js";

export const PROBLEM_MESSAGE_IDS: Readonly<Record<ProblemMessageId, { kind: ProblemKind; definition?: string }>> = {
  "toml-parse-error": { kind: "syntax" },
  "toml-unclosed-header": { kind: "syntax" },
  "toml-unterminated-table-key": { kind: "syntax" },
  "toml-missing-value": { kind: "syntax" },
  "toml-unterminated-array": { kind: "syntax" },
  "toml-unterminated-inline-table": { kind: "syntax" },
  "toml-unexpected": { kind: "syntax" },
  "toml-expected-newline": { kind: "syntax" },
  "toml-string": { kind: "syntax" },
  "toml-too-deep": { kind: "syntax" },
  "toml-nested-too-deep": { kind: "syntax" },
  "yaml-parse-error": { kind: "syntax", definition: "yaml" },
  "json-parse-error": { kind: "syntax" },
  "json-not-object": { kind: "syntax", definition: "json" },
  "invalid-utf8": { kind: "syntax" },
  "file-too-large": { kind: "syntax" },
  "too-large": { kind: "too-large" },
  "decode-failed": { kind: "decode" },
  "yaml-key-not-string": { kind: "decode" },
  "yaml-key-not-scalar": { kind: "decode" },
  "null-section": { kind: "decode" },
  "convert-failed": { kind: "convert" },
  "file-unreadable": { kind: "file" },
  "group-undefined": { kind: "group" },
  "not-machine-input": { kind: "schema" },
  "list-element-not-machine": { kind: "schema" },
  "schema-violation": { kind: "schema" },
  "update-not-machine": { kind: "update-target" },
  "update-undecodable": { kind: "update-target" },
  "update-moved": { kind: "update-target" },
  "update-detached": { kind: "update-target" },
  "integer-too-large": { kind: "precision" },
};

/** A problem of message id `id` as its stage reports it (kind, definition), with `data` (not checked here). */
export function problemOf(id: ProblemMessageId, data: unknown = {}): Problem {
  const { kind, definition } = PROBLEM_MESSAGE_IDS[id];
  return { kind, messageId: id, data, ...(definition !== undefined ? { definition } : {}) } as Problem;
}
