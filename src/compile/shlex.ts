// github.com/google/shlex Split at e7afc7f (the version flyctl pins): a port of its tokenizer state machine.
// It is not POSIX: in double quotes a backslash escapes any character, `#` opens a comment only at the start of a
// word (to the end of the line), and only space, tab, CR and LF separate words. Every other rune is word text.

export type ShlexResult = { ok: true; words: string[] } | { ok: false; error: string };

type State = "start" | "word" | "escaping" | "escapingQuoted" | "quotingEscaping" | "quoting" | "comment";

const isSpace = (r: string): boolean => r === " " || r === "\t" || r === "\r" || r === "\n";

export function shlexSplit(s: string): ShlexResult {
  const words: string[] = [];
  let state: State = "start";
  let value = "";

  // Iterating by code point matches Go's ReadRune; EOF is handled after the loop.
  for (const r of s) {
    switch (state) {
      case "start":
        if (isSpace(r)) break;
        if (r === '"') state = "quotingEscaping";
        else if (r === "'") state = "quoting";
        else if (r === "\\") state = "escaping";
        else if (r === "#") state = "comment";
        else {
          value = r;
          state = "word";
        }
        break;
      case "word":
        if (isSpace(r)) {
          words.push(value);
          value = "";
          state = "start";
        } else if (r === '"') state = "quotingEscaping";
        else if (r === "'") state = "quoting";
        else if (r === "\\") state = "escaping";
        else value += r; // includes `#`: a comment only starts a word
        break;
      case "escaping":
        value += r;
        state = "word";
        break;
      case "escapingQuoted":
        value += r;
        state = "quotingEscaping";
        break;
      case "quotingEscaping":
        if (r === '"') state = "word";
        else if (r === "\\") state = "escapingQuoted";
        else value += r;
        break;
      case "quoting":
        if (r === "'") state = "word";
        else value += r;
        break;
      case "comment":
        if (r === "\n") state = "start";
        break;
    }
  }

  switch (state) {
    case "escaping":
    case "escapingQuoted":
      return { ok: false, error: "EOF found after escape character" };
    case "quotingEscaping":
    case "quoting":
      return { ok: false, error: "EOF found when expecting closing quote" };
    case "word":
      words.push(value);
      return { ok: true, words };
    default:
      return { ok: true, words };
  }
}
