// Reported by the reader: the input is over the byte cap (--max-bytes, 1 MiB for fly.toml by default). flyconf reads
// hostile repositories, so it refuses to parse unbounded input; the finding is a rule like any other, so `flyconf
// rules`, `explain` and the config file know its id.
import type { ProblemMessages, Rule } from "./types.js";

const rule: Rule = {
  meta: {
    id: "input-size",
    severity: "error",
    description: "the input is larger than the byte cap (--max-bytes; 1 MiB for fly.toml, 64 MiB for Machine JSON)",
    fixable: false,
    inputs: ["fly.toml", "machine-json"],
    messages: {
      "too-large": ({ subject, size, max, hint }) =>
        `${subject} is ${size === undefined ? "over" : `${size} bytes, over`} the ${max}-byte limit${hint ? " (raise it with --max-bytes)" : ""}`,
    } satisfies ProblemMessages,
    suppressible: false,
    docs: `flyconf reads files it does not control, so it reads at most a fixed number of bytes of each: 1 MiB of fly.toml
(real ones are a few kilobytes) and 64 MiB of Machine JSON (a list of thousands of Machines). A larger input is not
parsed at all and gets this one finding at 1:1. Raise the cap with \`--max-bytes N\` (or the \`maxBytes\` option of the
library) when the input is legitimately that large. A suppression comment cannot silence it (the file is never read
far enough to see one); \`--rule input-size=warn\` turns it into a warning, with nothing else reported for the file.

The examples are linted with \`--max-bytes 64\`.

Bad:
\`\`\`toml
# A comment long enough to push this small file over a 64-byte cap.
app = "x"
\`\`\`

Good:
\`\`\`toml
app = "x"
\`\`\``,
  },
  claims: [{ kinds: ["too-large"] }],
};
export default rule;
