// The one escaping boundary for text shown to people: terminals, logs and CI consoles. Input (keys, values, file
// names, Machine ids, API error text) can hold control characters that would drive a terminal (`\u001b]0;…\u0007`),
// start a new line that CI reads as a command (`\n::error …`), or reorder what a reader sees (bidi overrides).
// Every human-readable output renders them visibly instead: `\n`, `\t`, `\u001b`. Machine formats (json, sarif)
// escape through JSON itself; the github format adds the workflow-command rules (format/github.ts).
// Runtime-neutral: no Node built-ins.

/** C0, DEL, C1, the Unicode line/paragraph separators, and the bidi controls of "Trojan Source" (CVE-2021-42574). */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");
/** The same without CR and LF, for formats that encode line breaks their own way (GitHub's %0A). */
const UNSAFE_BUT_LINES = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_BUT_LINES_ALL = new RegExp(UNSAFE_BUT_LINES.source, "g");

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function visible(ch: string): string {
  return NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** Whether the text holds a character escapeControl would rewrite. */
export function hasControl(text: string): boolean {
  return UNSAFE.test(text) || text.includes("##[");
}

/**
 * `text` with every control character rendered visibly (`\n`, `\u001b`), and `##[` (GitHub's legacy workflow
 * command, recognised anywhere in a line) written `##\[`. Text without either is returned as it is.
 */
export function escapeControl(text: string, keepLineBreaks = false): string {
  let t = keepLineBreaks
    ? UNSAFE_BUT_LINES.test(text) ? text.replace(UNSAFE_BUT_LINES_ALL, visible) : text
    : UNSAFE.test(text) ? text.replace(UNSAFE_ALL, visible) : text;
  if (t.includes("##[")) t = t.split("##[").join("##\\[");
  return t;
}

/** What JSON.stringify leaves raw that a terminal or a reader should not get raw: DEL, C1, separators, bidi. */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const JSON_UNSAFE_ALL = new RegExp(JSON_UNSAFE.source, "g");

/**
 * JSON text (JSON.stringify's output) safe to print: the characters above as `\uXXXX` escapes and `##[` as
 * `##\u005b`. They can only occur inside strings, where those escapes mean the same characters, so the text parses
 * to the same value. C0 controls JSON escapes itself, and no line of JSON starts with `::`.
 */
export function escapeJsonText(json: string): string {
  let t = JSON_UNSAFE.test(json) ? json.replace(JSON_UNSAFE_ALL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`) : json;
  if (t.includes("##[")) t = t.split("##[").join("##\\u005b");
  return t;
}

/** The visible form of one UTF-16 unit (for layouts that map columns, like code frames). */
export function escapeChar(ch: string): string {
  return UNSAFE.test(ch) ? visible(ch) : ch;
}

/** GitHub reads a line as a workflow command when it starts with `::` after leading whitespace. */
function startsCommand(t: string): boolean {
  return t.trimStart().startsWith("::");
}

/** A file path shown at the start of a line: escaped, and `./`-prefixed when it would start a workflow command. */
export function escapePath(path: string): string {
  const t = escapeControl(path);
  return startsCommand(t) ? `./${t}` : t;
}

/** A line of human-readable output built from input: escaped, and never starting a workflow command. */
export function escapeLine(line: string): string {
  const t = escapeControl(line);
  return startsCommand(t) ? `\\${t}` : t;
}
