// Every problem message id a stage can report, with the kind (and schema definition) it is reported under. Typed
// `Record<ProblemMessageId, …>`: a message id added to src/diagnostic.ts ProblemData fails the typecheck here until
// it is listed, and the tests that read this table then hold it to a rule that renders it.
import type { KeyPath, Problem, ProblemKind, ProblemMessageId } from "../../src/diagnostic.js";

/** Each id's kind, its schema definition when it has one, and where it is reported when only one place reports it. */
export const PROBLEM_MESSAGE_IDS: Readonly<Record<ProblemMessageId, { kind: ProblemKind; definition?: string; path?: KeyPath }>> = {
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
  "yaml-not-mapping": { kind: "syntax", definition: "yaml" },
  "yaml-too-many-values": { kind: "syntax", definition: "yaml" },
  "yaml-nested-too-deep": { kind: "syntax", definition: "yaml" },
  "yaml-unknown-anchor": { kind: "syntax", definition: "yaml" },
  "yaml-merge-not-map": { kind: "syntax", definition: "yaml" },
  "json-parse-error": { kind: "syntax" },
  "json-not-object": { kind: "syntax", definition: "json" },
  "invalid-utf8": { kind: "syntax" },
  "file-too-large": { kind: "syntax" },
  "too-large": { kind: "too-large" },
  "decode-failed": { kind: "decode" },
  "yaml-key-not-string": { kind: "decode" },
  "yaml-key-not-scalar": { kind: "decode" },
  "null-section": { kind: "decode" },
  "vm-size-unknown": { kind: "convert" },
  "vm-memory-invalid": { kind: "convert" },
  "machine-config-source": { kind: "convert" },
  "machine-config-json": { kind: "convert" },
  "machine-config-value": { kind: "convert" },
  "container-not-found": { kind: "convert" },
  "container-no-image": { kind: "convert" },
  "process-command": { kind: "convert" },
  "check-type": { kind: "convert" },
  "check-no-port": { kind: "convert" },
  "restart-policy-invalid": { kind: "convert", path: ["restart", 0, "policy"] },
  "release-command": { kind: "convert" },
  "test-machine-command": { kind: "convert" },
  "test-machine-image": { kind: "convert" },
  "machine-config-unreadable": { kind: "file" },
  "local-file-unreadable": { kind: "file" },
  "group-undefined": { kind: "group" },
  "group-not-a-name": { kind: "group" },
  "not-machine-input": { kind: "schema" },
  "list-element-not-machine": { kind: "schema" },
  "schema-violation": { kind: "schema" },
  "not-json-number": { kind: "schema" },
  "not-json-type": { kind: "schema" },
  "not-json-cycle": { kind: "schema" },
  "not-json-class": { kind: "schema" },
  "update-not-machine": { kind: "update-target" },
  "update-undecodable": { kind: "update-target" },
  "update-moved": { kind: "update-target" },
  "update-detached": { kind: "update-target" },
  "integer-too-large": { kind: "precision" },
};

/** A problem of message id `id` as its stage reports it (kind, definition), with `data` (not checked here). */
export function problemOf(id: ProblemMessageId, data: unknown = {}): Problem {
  const { kind, definition, path } = PROBLEM_MESSAGE_IDS[id];
  return { kind, messageId: id, data, ...(definition !== undefined ? { definition } : {}), ...(path ? { path } : {}) } as Problem;
}
