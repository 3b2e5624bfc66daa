// One file with more findings than the cap (1,000 by default): the first ones are kept and this one finding stands
// for the rest. A hostile or generated file (4,000 groups each naming 4,000 unknown ones; a Machine list with one
// finding per element) must not turn a lint run into gigabytes of output or an out-of-memory crash.
import type { Severity } from "../diagnostic.js";
import { defineRule, type Rule } from "./types.js";

/** Findings kept per file before the rest are counted instead. */
export const DEFAULT_MAX_FINDINGS = 1000;

const messages = {
  more: ({ n, kept, counts }: { n: number; kept: number; counts: string }) => `…and ${n} more finding${n === 1 ? "" : "s"} (${counts}) not shown: flyconf reports at most ${kept} per file`,
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "too-many-findings",
    // The severity of the most severe finding it stands for (an error left out still fails the run).
    severity: "error",
    description: "a file has more findings than flyconf reports per file; this one counts the rest",
    fixable: false,
    inputs: ["fly.toml", "machine-json"],
    messages,
    suppressible: false,
    docs: `flyconf reports at most 1,000 findings per file (the library's \`maxFindings\` option). The rest are counted in one
finding, which takes the severity of the most severe finding it stands for, so the exit code is the same as if every
finding were shown. Fix the first ones and run again.

Bad:
\`\`\`toml
app = "a"
unknown_1 = 1
unknown_2 = 1
unknown_3 = 1
\`\`\`

Good:
\`\`\`toml
app = "a"
\`\`\``,
  },
};

/** The finding that stands for `dropped` findings beyond the cap, with their worst severity. */
export function moreFindings(dropped: { errors: number; warnings: number; infos: number }, kept: number): { severity: Severity; message: string } {
  const n = dropped.errors + dropped.warnings + dropped.infos;
  const parts = [
    [dropped.errors, "error"],
    [dropped.warnings, "warning"],
    [dropped.infos, "info"],
  ]
    .filter(([c]) => (c as number) > 0)
    .map(([c, w]) => `${c} ${w}${c === 1 ? "" : "s"}`);
  const severity: Severity = dropped.errors ? "error" : dropped.warnings ? "warning" : "info";
  return { severity, message: messages.more({ n, kept, counts: parts.join(", ") }) };
}

export default defineRule(rule);
