// Every user-facing word the formatters print lives here, apart from the layout logic.

export const TOOL_NAME = "flyconf";
export const TOOL_URI = "https://github.com/flyconf/flyconf";
export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
export const SRCROOT_DESCRIPTION = "The directory flyconf was run from; result paths are relative to it.";

export const SUMMARY_MARK = "\u2716"; // ✖

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `3 problems (2 errors, 1 warning)`; infos appear only when there are some. */
export function problemSummary(errors: number, warnings: number, infos: number): string {
  const parts = [plural(errors, "error"), plural(warnings, "warning")];
  if (infos > 0) parts.push(plural(infos, "info"));
  return `${SUMMARY_MARK} ${plural(errors + warnings + infos, "problem")} (${parts.join(", ")})`;
}

/** ESLint's wording, so users recognise it; infos only when some are fixable. */
export function fixableSummary(errors: number, warnings: number, infos: number): string {
  const counts =
    infos > 0
      ? `${plural(errors, "error")}, ${plural(warnings, "warning")} and ${plural(infos, "info")}`
      : `${plural(errors, "error")} and ${plural(warnings, "warning")}`;
  return `${counts} potentially fixable with the --fix option.`;
}

/** Findings whose only edits change the meaning: --fix leaves them, on purpose. */
export function suggestionSummary(n: number): string {
  return `${plural(n, "other problem")} ${n === 1 ? "has" : "have"} suggestions that change the meaning (not applied by --fix; --fix-unsafe applies the first).`;
}

/** The line under a finding that offers a suggestion. */
export function suggestionLine(description: string): string {
  return `suggestion: ${description}`;
}

/** Title of a GitHub annotation. */
export function annotationTitle(ruleId: string): string {
  return `${TOOL_NAME} (${ruleId})`;
}

export function unknownFormat(name: string, known: readonly string[]): string {
  return `Unknown format ${name}; expected one of: ${known.join(", ")}.`;
}
