// SARIF 2.1.0 for code-scanning uploads. Only the subset we fill is typed here.
import { escapeJsonText } from "../escape.js";
import type { Diagnostic, Fix } from "../diagnostic.js";
import { SARIF_SCHEMA_URI, SRCROOT_DESCRIPTION, TOOL_NAME, TOOL_URI } from "./messages.js";
import type { FileResult, FormatOptions, RuleDoc } from "./types.js";
import { fileUri, relativeUri, repoPath, resolvePath, sarifLevel } from "./util.js";

const SRCROOT = "%SRCROOT%";

type Level = "error" | "warning" | "note";

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Level };
  properties: { fixable: boolean };
}

interface SarifReplacement {
  deletedRegion: { charOffset: number; charLength: number };
  insertedContent?: { text: string };
}

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: Level;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: ArtifactLocation;
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
    logicalLocations?: { fullyQualifiedName: string }[];
  }[];
  fixes?: {
    description: { text: string };
    artifactChanges: { artifactLocation: ArtifactLocation; replacements: SarifReplacement[] }[];
    /** `safe: false` marks a suggestion: it changes what the file means, and `--fix` never applies it. */
    properties: { safe: boolean };
  }[];
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    originalUriBaseIds?: Record<string, { uri: string; description: { text: string } }>;
    columnKind: "utf16CodeUnits";
    results: SarifResult[];
  }[];
}

/** `no-unknown-keys` → `NoUnknownKeys`: SARIF's `name` is meant to be an identifier-like label. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

function toRule(rule: RuleDoc): SarifRule {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    // The docs are markdown, which reads fine as plain text where markdown is not rendered.
    help: { text: rule.docs, markdown: rule.docs },
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: { fixable: rule.fixable },
  };
}

export function toSarif(results: readonly FileResult[], options: Pick<FormatOptions, "rules" | "cwd" | "root" | "toolVersion">): SarifLog {
  const cwd = options.cwd;
  // %SRCROOT% is the repository root when one is known (--sarif-root, $GITHUB_WORKSPACE), else the cwd.
  const base = options.root !== undefined ? (cwd !== undefined ? resolvePath(options.root, cwd).absolute : options.root) : cwd;
  const ruleIndex = new Map<string, number>();
  options.rules.forEach((r, i) => {
    if (!ruleIndex.has(r.id)) ruleIndex.set(r.id, i);
  });

  const sarifResults: SarifResult[] = [];
  for (const file of results) {
    const where = repoPath(file.path, cwd, options.root);
    // Code scanning needs repo-relative URIs; a file outside cwd can only be named absolutely.
    const artifactLocation: ArtifactLocation =
      where.relative !== undefined
        ? { uri: relativeUri(where.relative), uriBaseId: SRCROOT }
        : where.absolute !== undefined
          ? { uri: fileUri(where.absolute) }
          : { uri: relativeUri(file.path.replaceAll("\\", "/")) };
    for (const d of file.diagnostics) sarifResults.push(toResult(d, artifactLocation, ruleIndex.get(d.ruleId)));
  }

  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: options.toolVersion,
            informationUri: TOOL_URI,
            rules: options.rules.map(toRule),
          },
        },
        // Without a cwd (a library caller outside Node) the consumer resolves %SRCROOT% itself.
        ...(base !== undefined ? { originalUriBaseIds: { [SRCROOT]: { uri: fileUri(base, true), description: { text: SRCROOT_DESCRIPTION } } } } : {}),
        // Our columns and TextEdit offsets count UTF-16 code units; say so instead of relying on the default.
        columnKind: "utf16CodeUnits",
        results: sarifResults,
      },
    ],
  };
}

function toResult(d: Diagnostic, artifactLocation: ArtifactLocation, index: number | undefined): SarifResult {
  const result: SarifResult = {
    ruleId: d.ruleId,
    // ruleIndex only for rules the driver lists; a dangling index would make the log invalid.
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: sarifLevel(d.severity),
    message: { text: d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation,
          region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
        },
        // SARIF 2.1.0 puts logical locations on the location, not the result.
        ...(d.keyPath !== "" ? { logicalLocations: [{ fullyQualifiedName: d.keyPath }] } : {}),
      },
    ],
  };
  // The safe fix first, then the suggestions (SARIF has one list of proposed fixes; the property tells them apart).
  const fixes = [...(d.fix !== undefined ? [toFix(d.fix, artifactLocation, true)] : []), ...(d.suggestions ?? []).map((f) => toFix(f, artifactLocation, false))];
  if (fixes.length > 0) result.fixes = fixes;
  return result;
}

function toFix(fix: Fix, artifactLocation: ArtifactLocation, safe: boolean): NonNullable<SarifResult["fixes"]>[number] {
  return {
    description: { text: fix.description },
    artifactChanges: [
      {
        artifactLocation,
        replacements: fix.edits.map((e) => {
          const r: SarifReplacement = { deletedRegion: { charOffset: e.start, charLength: e.end - e.start } };
          // An absent insertedContent is SARIF's way of saying "pure deletion".
          if (e.text !== "") r.insertedContent = { text: e.text };
          return r;
        }),
      },
    ],
    properties: { safe },
  };
}

export function formatSarif(results: readonly FileResult[], options: Pick<FormatOptions, "rules" | "cwd" | "root" | "toolVersion">): string {
  return `${escapeJsonText(JSON.stringify(toSarif(results, options), null, 2))}\n`;
}
