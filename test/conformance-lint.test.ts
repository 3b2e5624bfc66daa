// No false alarms on real configs: every conformance input that compiles lints without an error, except the few
// deliberate oddities in flyctl's own fixtures, each listed here with the finding that is right about it.
import { describe, expect, it } from "vitest";
import { lint } from "../src/lint/lint.js";
import { compile } from "../src/pipeline.js";
import { listVectors, readVector } from "./helpers/flyctl.js";

// flyctl's full-reference fixture exercises every key with placeholder values.
const FULL_REFERENCE = [
  "deploy-strategy-incompatible", // strategy = "rolling-eyes"
  "service-missing-processes", // [http_service] without processes while [processes] defines task and web
  "handler-value", // handlers = ["https"]
  "unknown-group", // [[vm]] with processes = ["app"] where the groups are task and web
  "unknown-group", // [[services]] with processes = ["app"], same
];
const EXPECTED_ERRORS: Record<string, string[]> = {
  "full-reference.toml": FULL_REFERENCE,
  "full-reference__machine-task.toml": FULL_REFERENCE,
  "full-reference__machine-web.toml": FULL_REFERENCE,
  // Stands for flyctl's NewConfig() (no file at all): compiles, but as a fly.toml it deploys nothing.
  "empty__nullify-managed-fields.toml": ["empty-config"],
  // Validation vectors: flyctl's Validate() fails on these, and so must we.
  "validate-groups__canary.toml": ["deploy-strategy-incompatible"],
  "validate-services.toml": ["service-missing-processes"], // also a [[services]] without ports (a warning)
  // initial_size "15Mb" (under 1GB), "unparseable", and two mounts for group app: the three problems the vector names.
  "validate-mounts.toml": ["mount-values", "mount-values", "mount-values"],
};

describe("conformance inputs that compile lint without errors", () => {
  const compiling = listVectors().filter((f) => f.endsWith(".toml") && compile(readVector(f), { files: "none" }).diagnostics.length === 0);

  it("every vector named above compiles (so its test below runs)", () => {
    for (const f of Object.keys(EXPECTED_ERRORS)) expect(compiling, f).toContain(f);
  });

  for (const f of compiling) {
    const text = readVector(f);
    it(f, () => {
      const errors = lint(text).diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => d.ruleId).sort()).toEqual([...(EXPECTED_ERRORS[f] ?? [])].sort());
    });
  }
});
