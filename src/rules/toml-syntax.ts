// Reported by the reader: the file is not TOML 1.0 (flyctl's go-toml v2 rejects it before anything else).
import type { ProblemMessages, Rule } from "./types.js";
import type { TomlSyntaxNotes } from "../diagnostic.js";

/** What any TOML syntax message may add: the document reads as TOML 1.1; a fly.yml flyctl reads as TOML; it is JSON. */
const notes = (text: string, { toml11, renameTo, jsonHint }: TomlSyntaxNotes): string =>
  `${text}${toml11 ? " (this is valid TOML 1.1 only; flyctl parses TOML 1.0)" : ""}${renameTo ? ` (flyctl reads a .yml file as TOML; only .yaml is read as YAML: rename it to ${renameTo})` : ""}${jsonHint ? JSON_HINT : ""}`;

const JSON_HINT = ': this looks like JSON; lint Machines API JSON (a Machine, a list, a {"config": …} body) with lintMachineJson(), or fly.json with { filePath: "fly.json" }';

const VALUE_FORMS = "a string in quotes, a number, true or false, a date, an [array] or an {inline table}";

/** What flyconf's own scan of a string too long for the parser found wrong in it. */
const LONG_STRING_FAULTS = {
  "control-character": "control characters other than tab are not allowed in strings",
  "unicode-escape": "invalid unicode escape in a string",
  "escape-sequence": "invalid escape sequence in a string",
} as const;

/** What the parser expected where it met something else, by the reader's code for the place. */
const EXPECTED = {
  key: 'a key (letters, digits, "_" and "-", or a quoted string), a [table] header or a # comment',
  value: `a value (${VALUE_FORMS})`,
  "table-key": 'a key name or "]"',
  equals: '"=" after the key (key = value)',
  "end-of-line": "the end of the line or a # comment",
} as const;

const rule: Rule = {
  meta: {
    id: "toml-syntax",
    severity: "error",
    description: "the file is not valid TOML 1.0 (or not UTF-8 text)",
    fixable: false,
    inputs: ["fly.toml"],
    // The reader reports what went wrong as a message id and data; these are the words for it.
    messages: {
      "toml-parse-error": (d) => notes(d.detail, d),
      "toml-unclosed-header": (d) => notes(`Unterminated table header: expected "${d.close}" to close ${d.header} on its line`, d),
      "toml-unterminated-table-key": (d) => notes(`Unterminated table header: expected "]" here (a table name is keys joined by dots; quote one that has spaces)`, d),
      "toml-missing-value": (d) => notes(`Missing value: expected a value after "=" on the same line (${VALUE_FORMS})`, d),
      "toml-unterminated-array": (d) => notes(`Unterminated array: expected another value or "]"`, d),
      "toml-unterminated-inline-table": (d) => notes(`Unterminated inline table: expected "}" on the same line (an inline table ends on the line it starts)`, d),
      "toml-unexpected": (d) => notes(`${d.token ? "Unexpected" : "Unexpected character"} ${d.found}: expected ${EXPECTED[d.expected]}`, d),
      "toml-expected-newline": (d) => notes("Expected the end of the line after the value (one key = value per line; a # comment may follow)", d),
      "toml-string": (d) => notes(LONG_STRING_FAULTS[d.fault], d),
      "toml-too-deep": (d) => notes("document is too deeply nested or holds a string too long to parse", d),
      "toml-nested-too-deep": (d) => notes(`keys or values nest more than ${d.max} levels deep; flyconf refuses such documents`, d),
      "invalid-utf8": (d) => notes(`invalid UTF-8 at byte ${d.byte}: fly.toml must be UTF-8 text`, d),
      "file-too-large": (d) => notes(`file is ${d.size} bytes, over the ${d.max}-byte limit (raise it with --max-bytes)`, d),
    } satisfies ProblemMessages,
    suppressible: false,
    docs: `flyctl parses fly.toml with go-toml v2 (TOML 1.0). A syntax error stops \`fly deploy\` before anything else, with a
message that names a row and column. flyconf reports the same position, 1-based, and says when the text is valid
only in TOML 1.1 (for example a newline inside an inline table).

Bad:
\`\`\`toml
[http_service]
internal_port = 8080
internal_port = 8081   # a key defined twice
\`\`\`

Good:
\`\`\`toml
[http_service]
internal_port = 8080
\`\`\``,
  },
  claims: [{ kinds: ["syntax"] }],
};
export default rule;
