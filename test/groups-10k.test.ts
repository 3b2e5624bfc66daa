// 10,000 generated Machines in four process groups, some deviating: group-inconsistent names exactly the deviating
// Machines with the differing path, and equivalent spellings (autostop aliases, null ≡ absent, key order) stay
// clean. Correctness only; timing is scripts/bench-groups.ts's job.
import { beforeAll, describe, expect, it } from "vitest";
import { messageOf } from "../src/lint/report.js";
import { readMachineInput } from "../src/model/machine-input.js";
import groupInconsistent from "../src/rules/group-inconsistent.js";
import type { Report } from "../src/rules/types.js";
import { PositionedDocument, SpanIndex } from "../src/reader/document.js";
import { generateMachines } from "./helpers/machines-gen.js";
import { ensureValidators } from "./helpers/validators.js";

const N = 10_000;
const { machines, deviating } = generateMachines(N);

describe("group-inconsistent on 10,000 Machines", () => {
  beforeAll(() => ensureValidators());

  it("the group check alone reports each deviating Machine once, with its differing path", () => {
    const reports: Report[] = [];
    const doc = new PositionedDocument<unknown>("[]", machines, new SpanIndex());
    groupInconsistent.checkMachines!({ doc, input: readMachineInput(machines), report: (r) => reports.push(r) });
    expect(deviating.size).toBe(40);
    const got = new Map<string, string>();
    for (const r of reports) {
      const text = messageOf(groupInconsistent, r);
      const m = /^Machine (\S+) in process group "(\w+)" differs from the group's majority configuration \((\d+) of 2500 Machines\): (\S+) is /.exec(text);
      expect(m, text).not.toBeNull();
      expect(got.has(m![1]!), `${m![1]} reported twice`).toBe(false);
      got.set(m![1]!, m![4]!);
      expect(("path" in r ? (r.path ?? []) : []).slice(2).join(".")).toBe(m![4]!.replace(/\[(\d+)\]/g, ".$1"));
    }
    expect(got).toEqual(deviating);
  });

  it("through the whole JSON linter: positions point into the right Machine, nothing else is reported", async () => {
    const { lintMachineJson } = await import("../src/lint/machine-lint.js");
    const text = JSON.stringify(machines, null, 1);
    const r = lintMachineJson(text);
    const lines = text.split("\n");
    const found = r.diagnostics.filter((d) => d.ruleId === "group-inconsistent");
    expect(r.diagnostics.filter((d) => d.ruleId !== "group-inconsistent")).toEqual([]);
    expect(found).toHaveLength(deviating.size);
    for (const d of found) {
      const id = /^Machine (\S+)/.exec(d.message)![1]!;
      const index = Number.parseInt(id.slice(1), 16);
      expect(d.keyPath).toBe(`[${index}].config.${deviating.get(id)}`);
      const key = deviating.get(id)!.endsWith("autostop") ? '"autostop": "suspend"' : '"port": 8443';
      expect(lines[d.line - 1]).toContain(key);
    }
  });

  it("a clean list stays clean", async () => {
    const { lintMachineJson } = await import("../src/lint/machine-lint.js");
    const clean = generateMachines(2000).machines.filter((m) => !deviating.has(m.id as string));
    expect(lintMachineJson(JSON.stringify(clean)).diagnostics).toEqual([]);
  });
});
