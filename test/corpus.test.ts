// Every file in ../shared/corpus/real/ and ../shared/corpus/flyctl-fixtures/ goes through compile() and lint():
// no throw, and every diagnostic is well formed (1 ≤ line ≤ lines, columns ≥ 1, end ≥ start, a message and a
// rule id). A sample also goes through `flyconf compile` in process: exit 0 with JSON, or exit 1 with positioned
// diagnostics — never a stack trace. Skips with a note when ../shared is absent.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import type { Diagnostic } from "../src/diagnostic.js";
import { lint } from "../src/lint/lint.js";
import { compile } from "../src/pipeline.js";
import { LineIndex } from "../src/reader/source.js";
import { hasShared, listShared, noteSkip, sharedPath } from "./helpers/shared.js";

const DIRS = ["corpus/real", "corpus/flyctl-fixtures"] as const;
const STACK = /\n\s+at .*(\(|:\d+)/;

noteSkip("corpus");

function problems(text: string | undefined, diagnostics: readonly Diagnostic[]): string[] {
  const lines = text === undefined ? Number.MAX_SAFE_INTEGER : new LineIndex(text).lineCount;
  const out: string[] = [];
  for (const d of diagnostics) {
    const bad: string[] = [];
    if (typeof d.ruleId !== "string" || d.ruleId === "") bad.push("no ruleId");
    if (typeof d.message !== "string" || d.message.trim() === "") bad.push("no message");
    if (!["error", "warning", "info"].includes(d.severity)) bad.push(`severity ${String(d.severity)}`);
    for (const [k, n] of Object.entries({ line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn }))
      if (!Number.isSafeInteger(n) || n < 1) bad.push(`${k} ${n}`);
    if (d.line > lines || d.endLine > lines) bad.push(`line beyond the file's ${lines} lines`);
    if (d.endLine < d.line || (d.endLine === d.line && d.endColumn < d.column)) bad.push("end before start");
    if (bad.length) out.push(`${d.ruleId} ${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${JSON.stringify(d.message)}: ${bad.join(", ")}`);
  }
  return out;
}

describe.skipIf(!hasShared)("corpus: every file compiles or yields positioned diagnostics", () => {
  for (const dir of DIRS) {
    const files = listShared(dir).filter((f) => f.endsWith(".toml"));

    it(`${dir} holds files`, () => {
      expect(files.length).toBeGreaterThan(0);
    });

    it(`${dir}: compile() and lint() never throw; diagnostics are well formed`, () => {
      const failures: string[] = [];
      let compiled = 0;
      for (const f of files) {
        const bytes = readFileSync(sharedPath(dir, f));
        try {
          const c = compile(bytes);
          const text = c.analysis.doc?.text;
          for (const p of problems(text, c.diagnostics)) failures.push(`${f} compile: ${p}`);
          if (c.diagnostics.every((d) => d.severity !== "error")) {
            compiled++;
            if (Object.keys(c.configs).length === 0) failures.push(`${f}: no error yet no configs`);
          } else if (Object.keys(c.configs).length > 0) failures.push(`${f}: errors yet configs`);
          const l = lint(bytes, { filePath: f });
          for (const p of problems(text, l.diagnostics)) failures.push(`${f} lint: ${p}`);
        } catch (e) {
          failures.push(`${f}: threw ${(e as Error)?.stack ?? String(e)}`);
        }
      }
      expect(failures, failures.slice(0, 20).join("\n")).toEqual([]);
      // Most real files compile: a collapse here means the model rejects what flyctl accepts.
      expect(compiled / files.length).toBeGreaterThan(0.5);
    });

    it(`${dir}: flyconf compile on a sample exits 0 with JSON or 1 with FILE:LINE:COL lines`, async () => {
      const sample = files.filter((_, i) => i % 7 === 0);
      for (const f of sample) {
        const p = sharedPath(dir, f);
        let stdout = "";
        let stderr = "";
        const code = await main(["compile", p], { stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s), isTTY: false, stderrIsTTY: false });
        expect([0, 1], `${f}: exit ${code}\n${stderr}`).toContain(code);
        expect(stderr, f).not.toMatch(STACK);
        expect(stderr, f).not.toMatch(/internal error/);
        if (code === 0) expect(() => JSON.parse(stdout), f).not.toThrow();
        else {
          expect(stdout, f).toBe("");
          const lines = stderr.trimEnd().split("\n");
          expect(lines.length, f).toBeGreaterThan(0);
          for (const line of lines) expect(line, f).toMatch(/^.+:\d+:\d+: .+ \[[a-z0-9-]+\]$/);
        }
      }
    });
  }
});
