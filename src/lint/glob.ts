// Glob matching without backtracking. Ignore globs come from config files a repository commits; a regex built
// from `*a*a*a*a*b` backtracks for minutes on a long name. Here a glob is parsed once into alternatives (braces
// expanded, at most MAX_ALTERNATIVES), each a list of segments, and matched with the two-pointer wildcard algorithm
// at both levels (`*` within a segment, `**` across segments): O(pattern × path) per alternative, whatever the input.
// Syntax: `*` any characters but `/`, `?` one, `[a-z]` / `[!a-z]` a class, `{a,b}` alternatives, `\x` a literal x,
// `**` as a whole segment any number of segments (as the last segment: at least one).

export const MAX_ALTERNATIVES = 256;

type Tok = { t: "lit"; c: string } | { t: "one" } | { t: "star" } | { t: "class"; neg: boolean; set: string[]; ranges: [number, number][] };
type Item = Tok | { t: "slash" } | { t: "alt"; options: Item[][] };
/** A segment: `**` (any number of segments) or the tokens of one segment. */
type Segment = "**" | Tok[];

export interface Glob {
  source: string;
  test(path: string): boolean;
}

export function compileGlob(glob: string, shown = glob): Glob {
  const fail = (why: string): never => {
    throw new Error(`${JSON.stringify(shown)}: ${why}`);
  };
  let i = 0;
  // Recursive descent over braces; a brace nests at most as deep as the pattern is long (configs are small, and
  // the nesting is capped below so the recursion stays shallow).
  const seq = (depth: number): Item[] => {
    if (depth > 32) fail("braces nest too deep");
    const items: Item[] = [];
    while (i < glob.length) {
      const c = glob[i]!;
      if (c === "}" || c === ",") {
        if (depth === 0) {
          if (c === "}") fail('"}" without "{"');
          items.push({ t: "lit", c });
          i++;
          continue;
        }
        return items;
      }
      i++;
      if (c === "\\") {
        if (i >= glob.length) fail('ends with a lone "\\"');
        items.push({ t: "lit", c: glob[i++]! });
      } else if (c === "*") items.push({ t: "star" });
      else if (c === "?") items.push({ t: "one" });
      else if (c === "/") items.push({ t: "slash" });
      else if (c === "[") {
        const close = glob.indexOf("]", i + 1);
        if (close < 0) fail('unclosed "["');
        let body = glob.slice(i, close);
        const neg = body.startsWith("!") || body.startsWith("^");
        if (neg) body = body.slice(1);
        const set: string[] = [];
        const ranges: [number, number][] = [];
        for (let j = 0; j < body.length; j++) {
          if (body[j + 1] === "-" && j + 2 < body.length) {
            ranges.push([body.charCodeAt(j), body.charCodeAt(j + 2)]);
            j += 2;
          } else set.push(body[j]!);
        }
        items.push({ t: "class", neg, set, ranges });
        i = close + 1;
      } else if (c === "{") {
        const options: Item[][] = [seq(depth + 1)];
        while (glob[i] === ",") {
          i++;
          options.push(seq(depth + 1));
        }
        if (glob[i] !== "}") fail('unclosed "{"');
        i++;
        items.push({ t: "alt", options });
      } else items.push({ t: "lit", c });
    }
    if (depth > 0) fail('unclosed "{"');
    return items;
  };
  const alternatives = expand(seq(0), fail);
  const compiled = alternatives.map((flat) => toSegments(flat, fail));
  return { source: glob, test: (path) => compiled.some((segs) => matchPath(segs, path.split("/"))) };
}

/** Every choice of the braces, as flat token lists (capped: `{a,b}{c,d}…` multiplies). */
function expand(items: Item[], fail: (why: string) => never): (Tok | { t: "slash" })[][] {
  let out: (Tok | { t: "slash" })[][] = [[]];
  for (const it of items) {
    if (it.t !== "alt") {
      for (const o of out) o.push(it);
      continue;
    }
    const next: (Tok | { t: "slash" })[][] = [];
    for (const opt of it.options) {
      for (const tail of expand(opt, fail)) for (const o of out) next.push([...o, ...tail]);
      if (next.length > MAX_ALTERNATIVES) fail(`expands to more than ${MAX_ALTERNATIVES} alternatives`);
    }
    out = next;
  }
  return out;
}

function toSegments(flat: (Tok | { t: "slash" })[], fail: (why: string) => never): Segment[] {
  const segs: Tok[][] = [[]];
  for (const t of flat) {
    if (t.t === "slash") segs.push([]);
    else segs[segs.length - 1]!.push(t);
  }
  const out: Segment[] = [];
  segs.forEach((s, k) => {
    const globstar = s.length === 2 && s[0]!.t === "star" && s[1]!.t === "star";
    if (globstar) {
      // `a/**` matches what is inside a, not a itself: one segment at least.
      if (k === segs.length - 1) out.push([{ t: "star" }]);
      out.push("**");
      return;
    }
    for (let j = 1; j < s.length; j++) if (s[j]!.t === "star" && s[j - 1]!.t === "star") fail('"**" must be a whole path segment (like "a/**/b")');
    out.push(s);
  });
  return out;
}

function matchOne(t: Tok, ch: string): boolean {
  switch (t.t) {
    case "lit":
      return t.c === ch;
    case "one":
      return true;
    case "class": {
      const code = ch.charCodeAt(0);
      const hit = t.set.includes(ch) || t.ranges.some(([lo, hi]) => code >= lo && code <= hi);
      return hit !== t.neg;
    }
    default:
      return false;
  }
}

/** `*`-only wildcard matching of one segment: greedy with one remembered star, O(pattern × text). */
function matchSegment(toks: readonly Tok[], s: string): boolean {
  let ti = 0;
  let si = 0;
  let starT = -1;
  let starS = 0;
  while (si < s.length) {
    const t = toks[ti];
    if (t !== undefined && t.t === "star") {
      starT = ti++;
      starS = si;
    } else if (t !== undefined && matchOne(t, s[si]!)) {
      ti++;
      si++;
    } else if (starT >= 0) {
      ti = starT + 1;
      si = ++starS;
    } else return false;
  }
  while (ti < toks.length && toks[ti]!.t === "star") ti++;
  return ti === toks.length;
}

/** The same algorithm one level up: `**` is the star, each other segment matches exactly one path segment. */
function matchPath(segs: readonly Segment[], parts: readonly string[]): boolean {
  let gi = 0;
  let pi = 0;
  let starG = -1;
  let starP = 0;
  while (pi < parts.length) {
    const g = segs[gi];
    if (g === "**") {
      starG = gi++;
      starP = pi;
    } else if (g !== undefined && matchSegment(g, parts[pi]!)) {
      gi++;
      pi++;
    } else if (starG >= 0) {
      gi = starG + 1;
      pi = ++starP;
    } else return false;
  }
  while (gi < segs.length && segs[gi] === "**") gi++;
  return gi === segs.length;
}
