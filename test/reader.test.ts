// The reader: bytes → text (strict UTF-8, one BOM, size cap) → positioned TOML document. Positions are 1-based
// line:column in UTF-16 code units; syntax errors are `toml-syntax` diagnostics, never throws.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { analyze, compile } from "../src/pipeline.js";
import { decodeSource, DEFAULT_MAX_BYTES, LineIndex } from "../src/reader/source.js";
import { MAX_DEPTH, readToml } from "../src/reader/toml.js";
import type { Diagnostic, Problem } from "../src/diagnostic.js";
import { problemMessage } from "../src/lint/report.js";

const enc = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[])[]) => {
  const chunks = parts.map((p) => (typeof p === "string" ? enc(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
};

function doc(text: string) {
  const r = readToml(text);
  if (!r.ok) throw new Error(`unexpected syntax error: ${problemMessage(r.problem, "fly.toml")}`);
  return r.doc;
}

/** Source text at a path's key / value span. */
function at(text: string, path: (string | number)[], which: "key" | "value") {
  const s = doc(text).get(path)?.[which];
  expect(s, `${JSON.stringify(path)} has a ${which} span`).toBeDefined();
  return text.slice(s!.start, s!.end);
}

/** 1-based line:column of a path's key / value start. */
function pos(text: string, path: (string | number)[], which: "key" | "value" = "value") {
  const d = doc(text);
  const s = d.get(path)?.[which];
  expect(s).toBeDefined();
  const p = d.lines.position(s!.start);
  return `${p.line}:${p.column}`;
}

const syntax = (r: { diagnostics: Diagnostic[] }) => {
  expect(r.diagnostics).toHaveLength(1);
  const d = r.diagnostics[0]!;
  expect(d.ruleId).toBe("toml-syntax");
  expect(d.severity).toBe("error");
  return d;
};

describe("decodeSource", () => {
  it("decodes UTF-8 and keeps non-ASCII text", () => {
    expect(decodeSource(enc('app = "café ☕ 🚀"\n'))).toEqual({ ok: true, text: 'app = "café ☕ 🚀"\n' });
  });

  it("strips exactly one leading BOM", () => {
    expect(decodeSource(bytes([0xef, 0xbb, 0xbf], 'app = "a"\n'))).toEqual({ ok: true, text: 'app = "a"\n' });
    const two = decodeSource(bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], 'app = "a"\n'));
    expect(two).toEqual({ ok: true, text: '\ufeffapp = "a"\n' });
  });

  it("a second BOM is then a TOML syntax error at 1:1, not silently accepted", () => {
    const d = syntax(analyze(bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], 'app = "a"\n')));
    expect([d.line, d.column]).toEqual([1, 1]);
  });

  it("a BOM does not shift positions", () => {
    const r = compile(bytes([0xef, 0xbb, 0xbf], 'app = "a"\n[http_service]\nauto_stop_machines = 42\n'));
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics[0]!.line).toBe(3);
    expect(r.diagnostics[0]!.column).toBe(22);
  });

  it("refuses invalid UTF-8 with the position of the first bad byte (never U+FFFD)", () => {
    const r = decodeSource(bytes('app = "a"\nname = "', [0xff], '"\n'));
    expect(r).toEqual({ ok: false, messageId: "invalid-utf8", data: { byte: 18 }, line: 2, column: 9 });
    if (!r.ok) expect(problemMessage({ kind: "syntax", messageId: r.messageId, data: r.data } as Problem, "fly.toml")).toBe("invalid UTF-8 at byte 18: fly.toml must be UTF-8 text");
  });

  it.each([
    ["lone continuation byte", [0x80]],
    ["truncated 2-byte sequence at EOF", [0xc3]],
    ["overlong encoding of '/'", [0xc0, 0xaf]],
    ["UTF-16 surrogate encoded in UTF-8", [0xed, 0xa0, 0x80]],
    ["code point beyond U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
  ])("refuses %s", (_name, bad) => {
    const r = decodeSource(bytes("a = 1\nb = '", bad, "'\n"));
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.line, r.column]).toEqual([2, 6]);
  });

  it("one decoder serves every file: a failure, a truncated sequence or a BOM leaves nothing for the next", () => {
    for (const before of [bytes('a = "', [0xff], '"\n'), bytes("a = '", [0xe2, 0x82]), bytes([0xef, 0xbb, 0xbf], "a = 1\n")]) {
      decodeSource(before);
      expect(decodeSource(bytes([0xac], "x"))).toEqual({ ok: false, messageId: "invalid-utf8", data: { byte: 0 }, line: 1, column: 1 });
      expect(decodeSource(enc("b = '€'\n"))).toEqual({ ok: true, text: "b = '€'\n" });
    }
  });

  it("counts columns in UTF-16 code units after non-ASCII text", () => {
    const r = decodeSource(bytes('x = "é🚀"', [0xff]));
    expect(r.ok).toBe(false);
    // x = "  (5) + é (1) + 🚀 (2 code units) + " (1) → the bad byte is at column 10
    if (!r.ok) expect([r.line, r.column]).toEqual([1, 10]);
  });

  it("enforces the size cap: default 1 MiB, configurable", () => {
    expect(DEFAULT_MAX_BYTES).toBe(1024 * 1024);
    const big = new Uint8Array(DEFAULT_MAX_BYTES + 1).fill(0x20);
    const r = decodeSource(big);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(problemMessage({ kind: "syntax", messageId: r.messageId, data: r.data } as Problem, "fly.toml")).toMatch(/over the 1048576-byte limit/);
    expect(decodeSource(new Uint8Array(DEFAULT_MAX_BYTES).fill(0x20)).ok).toBe(true);
    expect(decodeSource(enc("a = 1\n"), 5).ok).toBe(false);
    expect(decodeSource(enc("a = 1\n"), 6).ok).toBe(true);
  });

  it("the cap applies to string input too (in UTF-8 bytes), as one diagnostic", () => {
    const text = 'app = "éééé"\n'; // 9 ASCII bytes + 4 × 2
    const r = analyze(text, { maxBytes: 16 });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]!.message).toMatch(/17 bytes, over the 16-byte limit/);
    expect(analyze(text, { maxBytes: 17 }).diagnostics).toEqual([]);
  });
});

describe("LineIndex", () => {
  it("maps offsets to 1-based line:column with LF and CRLF", () => {
    const li = new LineIndex("ab\r\ncd\nef");
    expect(li.position(0)).toEqual({ line: 1, column: 1 });
    expect(li.position(2)).toEqual({ line: 1, column: 3 }); // the CR belongs to line 1
    expect(li.position(4)).toEqual({ line: 2, column: 1 });
    expect(li.position(7)).toEqual({ line: 3, column: 1 });
    expect(li.position(999)).toEqual({ line: 3, column: 3 });
    expect(li.offset(2, 2)).toBe(5);
    expect(li.lineCount).toBe(3);
  });
});

describe("CRLF", () => {
  const lf = 'app = "a"\n\n[http_service]\ninternal_port = 8080\nforce_https = "yes"\n';
  const crlf = lf.replace(/\n/g, "\r\n");

  it("parses CRLF files like LF files", () => {
    const a = compile(lf);
    const b = compile(crlf);
    expect(b.diagnostics.map((d) => [d.ruleId, d.line, d.column, d.endLine])).toEqual(a.diagnostics.map((d) => [d.ruleId, d.line, d.column, d.endLine]));
  });

  it("positions in CRLF files are the lines and columns an editor shows", () => {
    expect(pos(crlf, ["http_service", "force_https"], "key")).toBe("5:1");
    expect(pos(crlf, ["http_service", "force_https"], "value")).toBe("5:15");
    expect(at(crlf, ["http_service", "force_https"], "value")).toBe('"yes"');
  });

  it("a syntax error in a CRLF file has the right line:column", () => {
    const d = syntax(compile('app = "a"\r\nbad = = 1\r\n'));
    expect([d.line, d.column]).toEqual([2, 7]);
  });

  it("a bare CR is not a line break (TOML rejects it)", () => {
    syntax(compile('app = "a"\rx = 1\n'));
  });
});

describe("toml-syntax diagnostics", () => {
  it("a syntax error is one positioned diagnostic, never a throw", () => {
    const d = syntax(compile('app = "a"\n[http_service\ninternal_port = 1\n'));
    // The parser reads on past the unclosed `[http_service` and stops at `internal_port` (line 3); the reader points
    // back at the header that is open (issue 12: "an unterminated table key is reported a line late").
    expect([d.line, d.column]).toEqual([2, 1]);
    expect(d.endLine).toBe(2);
    expect(d.endColumn).toBeGreaterThan(d.column);
    expect(d.message).not.toMatch(/\n/);
  });

  it("a missing value at the end of a line is reported on that line or the next, within the text", () => {
    const d = syntax(compile("a = 1\nb = \n"));
    expect(d.line === 2 || (d.line === 3 && d.column === 1)).toBe(true);
  });

  it("an unterminated string is reported where it is", () => {
    const d = syntax(compile('app = "a"\nprimary_region = "ams\n'));
    expect(d.line).toBe(2);
  });

  it.each([
    ["trailing comma in an inline table", "a = { b = 1, }\n"],
    ["newline inside an inline table", "a = {\n  b = 1 }\n"],
    ["\\e escape", 's = "\\e"\n'],
    ["\\x escape", 's = "\\x41"\n'],
    ["time without seconds", "t = 07:32\n"],
  ])("TOML 1.1-only syntax (%s) says so: flyctl parses TOML 1.0", (_n, text) => {
    const d = syntax(compile(text));
    expect(d.message).toContain("valid TOML 1.1 only; flyctl parses TOML 1.0");
  });

  it("invalid in both versions: no TOML 1.1 remark", () => {
    expect(syntax(compile("a = = 1\n")).message).not.toContain("TOML 1.1");
  });

  it.each([
    ["a key twice", "a = 1\na = 2\n", 2, 1],
    ["a table twice", "[a]\nx = 1\n[a]\ny = 2\n", 3, 2],
    ["a dotted key then its table", "a.b = 1\n[a]\nc = 1\n", 2, 2],
    ["an array of tables then a table", "[[x]]\n[x]\n", 2, 2],
    ["a key then a table of the same name", "a = 1\n[a]\n", 2, 2],
    ["an inline table extended by a header", "a = { b = 1 }\n[a.c]\n", 2, 2],
  ])("duplicate definitions are toml-syntax errors: %s", (_n, text, line, column) => {
    const d = syntax(compile(text));
    expect(d.message).toMatch(/multiple times|already|defin/i);
    expect([d.line, d.column]).toEqual([line, column]);
  });

  it("a key with different quoting is the same key", () => {
    syntax(compile('a = 1\n"a" = 2\n'));
    syntax(compile("[env]\nFOO = '1'\n'FOO' = '2'\n"));
  });

  it("an empty document is valid TOML and compiles to the default app group", () => {
    const r = compile("");
    expect(r.diagnostics).toEqual([]);
    expect(r.groups).toEqual(["app"]);
  });

  it(`nesting deeper than ${MAX_DEPTH} levels is one diagnostic at the offending key, not a slow parse or a crash`, () => {
    const deep = "x = 1\n" + Array.from({ length: MAX_DEPTH + 1 }, () => "k").join(".") + " = 1\n";
    const d = syntax(compile(deep));
    expect([d.line, d.column]).toEqual([2, 1]);
    expect(d.message).toMatch(/nest/);
    const ok = Array.from({ length: MAX_DEPTH }, () => "k").join(".") + " = 1\n";
    expect(readToml(ok).ok).toBe(true);
  });
});

describe("integers", () => {
  it("keeps integers beyond 2^53 exact (bigint), safe ones as numbers", () => {
    const d = doc("a = 9007199254740993\nb = 9007199254740991\nc = -9223372036854775808\nd = 0x7fffffffffffffff\n");
    const v = d.value as Record<string, unknown>;
    expect(v.a).toBe(9007199254740993n);
    expect(v.b).toBe(9007199254740991);
    expect(v.c).toBe(-9223372036854775808n);
    expect(v.d).toBe(9223372036854775807n);
  });

  it("an integer beyond int64 is a diagnostic, not a throw", () => {
    const r = compile("a = 9223372036854775808\n");
    for (const x of r.diagnostics) expect(x.line).toBe(1);
  });

  describe("through `flyconf compile` to JSON output", () => {
    const dir = mkdtempSync(join(tmpdir(), "flyconf-reader-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("min_machines_running = 9007199254740993 appears exactly in the output", async () => {
      const file = join(dir, "fly.toml");
      writeFileSync(file, 'app = "big"\n[http_service]\ninternal_port = 8080\nmin_machines_running = 9007199254740993\n');
      let stdout = "";
      let stderr = "";
      const code = await main(["compile", file], { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
      expect(stderr).toBe("");
      expect(code).toBe(0);
      expect(stdout).toMatch(/"min_machines_running": 9007199254740993\b/);
      expect(stdout).not.toContain("9007199254740992");
    });
  });
});

describe("positions of keys and values", () => {
  const text = [
    'app = "demo"', // 1
    "[http_service]", // 2
    "  internal_port = 8080", // 3
    "  concurrency.soft_limit = 20", // 4
    "[[services]]", // 5
    "  internal_port = 9000", // 6
    "  [[services.ports]]", // 7
    "    port = 80", // 8
    "  [[services.ports]]", // 9
    "    port = 443", // 10
    "    handlers = ['tls', 'http']", // 11
    "[[services]]", // 12
    '  "internal_port" = 9001', // 13
    "[env]", // 14
    "  ÉTÉ = 'x'", // 15 (bare keys are ASCII, so this must be quoted)
  ];

  it("top-level key and value", () => {
    const t = text.slice(0, 4).join("\n") + "\n";
    expect(pos(t, ["app"], "key")).toBe("1:1");
    expect(pos(t, ["app"], "value")).toBe("1:7");
    expect(at(t, ["app"], "value")).toBe('"demo"');
  });

  it("keys in a [table]", () => {
    const t = text.slice(0, 4).join("\n") + "\n";
    expect(pos(t, ["http_service", "internal_port"], "key")).toBe("3:3");
    expect(pos(t, ["http_service", "internal_port"], "value")).toBe("3:19");
    expect(pos(t, ["http_service"], "key")).toBe("2:2");
  });

  it("dotted keys: each segment is positioned; the leaf key is its last segment", () => {
    const t = text.slice(0, 4).join("\n") + "\n";
    expect(at(t, ["http_service", "concurrency", "soft_limit"], "key")).toBe("soft_limit");
    expect(pos(t, ["http_service", "concurrency", "soft_limit"], "key")).toBe("4:15");
    expect(pos(t, ["http_service", "concurrency", "soft_limit"], "value")).toBe("4:28");
    expect(at(t, ["http_service", "concurrency"], "key")).toBe("concurrency");
    expect(pos(t, ["http_service", "concurrency"], "key")).toBe("4:3");
  });

  it("arrays of tables: every element and its keys", () => {
    const t = text.slice(0, 13).join("\n") + "\n";
    expect(pos(t, ["services", 0, "internal_port"], "value")).toBe("6:19");
    expect(pos(t, ["services", 0, "ports", 0, "port"], "key")).toBe("8:5");
    expect(pos(t, ["services", 0, "ports", 1, "port"], "value")).toBe("10:12");
    expect(pos(t, ["services", 0, "ports", 1, "handlers", 1], "value")).toBe("11:24");
    expect(at(t, ["services", 0, "ports", 1, "handlers", 1], "value")).toBe("'http'");
    expect(pos(t, ["services", 1], "value")).toBe("12:1");
    expect(pos(t, ["services", 1, "internal_port"], "key")).toBe("13:3");
    expect(at(t, ["services", 1, "internal_port"], "key")).toBe('"internal_port"');
  });

  it("a [a.b] header's key span ends at its last segment", () => {
    const t = "[http_service.concurrency]\nsoft_limit = 3\n";
    const s = doc(t).get(["http_service", "concurrency"])?.key;
    expect(s).toBeDefined();
    expect(t.slice(0, s!.end).endsWith("concurrency")).toBe(true);
    expect(at(t, ["http_service"], "key")).toBe("http_service");
  });

  it("columns count UTF-16 code units after non-ASCII text", () => {
    const t = '[env]\n"ÉTÉ🚀" = 1\n';
    expect(pos(t, ["env", "ÉTÉ🚀"], "value")).toBe("2:11");
  });

  it("a diagnostic about a value points at that value", () => {
    const r = compile(text.slice(0, 3).join("\n") + "\n  auto_stop_machines = 42\n");
    const d = r.diagnostics.find((x) => x.keyPath === "http_service.auto_stop_machines");
    expect(d, JSON.stringify(r.diagnostics)).toBeDefined();
    expect([d!.line, d!.column, d!.endLine, d!.endColumn]).toEqual([4, 24, 4, 26]);
  });
});

describe("hostile keys stay plain data", () => {
  it("__proto__, constructor, prototype, toString are ordinary own keys of null-prototype tables", () => {
    const d = doc('__proto__ = 1\nconstructor = 2\n[prototype]\ntoString = 3\n[x.__proto__]\npolluted = true\n');
    const v = d.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(null);
    expect(Object.keys(v).sort()).toEqual(["__proto__", "constructor", "prototype", "x"]);
    expect(v["__proto__"]).toBe(1);
    expect((v.prototype as Record<string, unknown>).toString).toBe(3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
