// Hostile inputs: prototype keys at every level, 10,000-deep nesting, a 10 MB file, CRLF, BOM, invalid UTF-8, NUL
// bytes, a binary file, an empty file, a directory named fly.toml, an unreadable file. The library never throws and
// never touches globals; the CLI gives one clear message and exit 1 (bad content) or 2 (cannot read), no stack trace.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import type { Diagnostic } from "../src/diagnostic.js";
import { lint } from "../src/lint/lint.js";
import { compile } from "../src/pipeline.js";
import { LineIndex } from "../src/reader/source.js";

const dir = mkdtempSync(join(tmpdir(), "flyconf-hostile-"));
afterAll(() => {
  try {
    chmodSync(join(dir, "unreadable.toml"), 0o644);
  } catch {
    /* not created */
  }
  rmSync(dir, { recursive: true, force: true });
});

const STACK = /\n\s+at .*(\(|:\d+)/;
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...argv: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io = { stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s), isTTY: false, stderrIsTTY: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** Snapshot of everything a prototype-pollution bug could change. */
function globalsSnapshot(): string {
  const protos = [
    Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Boolean.prototype,
    Map.prototype, Set.prototype, Promise.prototype, RegExp.prototype,
  ];
  return JSON.stringify([protos.map((p) => Object.getOwnPropertyNames(p).sort()), Object.getOwnPropertyNames(globalThis).sort()]);
}

function expectWellFormed(text: string | undefined, diagnostics: readonly Diagnostic[]): void {
  const lines = text === undefined ? Number.MAX_SAFE_INTEGER : new LineIndex(text).lineCount;
  for (const d of diagnostics) {
    const where = JSON.stringify(d);
    expect(typeof d.ruleId === "string" && d.ruleId.length > 0, where).toBe(true);
    expect(typeof d.message === "string" && d.message.trim().length > 0, where).toBe(true);
    expect(["error", "warning", "info"], where).toContain(d.severity);
    for (const n of [d.line, d.column, d.endLine, d.endColumn]) expect(Number.isSafeInteger(n) && n >= 1, where).toBe(true);
    expect(d.line, where).toBeLessThanOrEqual(lines);
    expect(d.endLine, where).toBeLessThanOrEqual(lines);
    expect(d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column), where).toBe(true);
  }
}

/** compile() and lint() on the input: no throw, well-formed diagnostics, no globals changed. */
function library(input: string | Uint8Array, opts: { maxBytes?: number } = {}) {
  const before = globalsSnapshot();
  const c = compile(input, opts);
  const l = lint(input, opts);
  expect(globalsSnapshot()).toBe(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const text = typeof input === "string" ? input : c.analysis.doc?.text;
  expectWellFormed(text, c.diagnostics);
  expectWellFormed(text, l.diagnostics);
  return { c, l };
}

/** One clear message on stderr, the given exit code, nothing on stdout, no stack trace. */
function expectOneMessage(r: Run, code: number, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

async function expectLintCli(path: string, codes: number[]): Promise<void> {
  const r = await cli("lint", "--format", "compact", path);
  expect(codes, `${r.code}\n${r.stdout}\n${r.stderr}`).toContain(r.code);
  expect(r.stdout + r.stderr).not.toMatch(STACK);
  expect(r.stderr).not.toMatch(/internal error/);
}

describe("prototype keys at every level", () => {
  for (const k of ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"]) {
    const q = JSON.stringify(k);
    const text = [
      `app = "hostile"`,
      `[env]`,
      `${q} = "env"`,
      `FOO = "bar"`,
      `[processes]`,
      `app = "run"`,
      `${q} = "worker"`,
      `[build]`,
      `${q} = "b"`,
      `[build.args]`,
      `${q} = "arg"`,
      `[http_service]`,
      `internal_port = 8080`,
      `${q} = 1`,
      `processes = ["app"]`,
      `[http_service.concurrency]`,
      `${q} = { ${q} = { polluted = true } }`,
      `[[services]]`,
      `internal_port = 9000`,
      `protocol = "tcp"`,
      `processes = [${q}]`,
      `${q} = { polluted = true }`,
      `[[services.ports]]`,
      `port = 9000`,
      `${q} = [1, 2]`,
      `[checks.${q}]`,
      `type = "tcp"`,
      `port = 8080`,
      `${q} = "x"`,
      `[metadata]`,
      `${q} = "m"`,
      `[[vm]]`,
      `memory = 512`,
      `processes = [${q}]`,
      `${q} = "vm"`,
      `[[mounts]]`,
      `source = "data"`,
      `destination = "/data"`,
      `${q}.${q}.polluted = true`,
      `[[statics]]`,
      `guest_path = "/app/public"`,
      `url_prefix = "/static"`,
      `${q} = true`,
      `[${q}]`,
      `polluted = true`,
      `[${q}.${q}]`,
      `${q} = true`,
      ``,
    ].join("\n");

    it(`${k}: library compile()/lint() never throw nor pollute, and the key stays data`, () => {
      const { c } = library(text);
      // The file parses: whatever the model makes of the key, it is not a syntax error.
      expect(c.diagnostics.filter((d) => d.ruleId === "toml-syntax")).toEqual([]);
      const doc = c.analysis.doc!;
      const v = doc.value as Record<string, Record<string, unknown>>;
      expect(Object.prototype.hasOwnProperty.call(v, k)).toBe(true);
      expect(Object.prototype.hasOwnProperty.call(v.env, k)).toBe(true);
      expect(v.env![k]).toBe("env");
      // A process group named after the key keeps its own config.
      if (c.diagnostics.every((d) => d.severity !== "error")) {
        expect(c.groups).toContain(k);
        expect(Object.prototype.hasOwnProperty.call(c.configs, k)).toBe(true);
        expect(Object.getPrototypeOf(c.configs)).toBe(Object.prototype);
        const app = c.configs.app!;
        expect(Object.prototype.hasOwnProperty.call(app.env ?? {}, k)).toBe(true);
      }
    });

    it(`${k}: flyconf compile gives JSON (exit 0) or positioned diagnostics (exit 1), no stack trace`, async () => {
      const p = file(`proto-${k}.toml`, text);
      const before = globalsSnapshot();
      const r = await cli("compile", p);
      expect(globalsSnapshot()).toBe(before);
      expect([0, 1]).toContain(r.code);
      expect(r.stderr).not.toMatch(STACK);
      if (r.code === 0) {
        const out = JSON.parse(r.stdout) as Record<string, Record<string, Record<string, string>>>;
        expect(Object.keys(out)).toContain(k);
        expect(Object.keys(out.app!.env!)).toContain(k);
      } else for (const line of r.stderr.trimEnd().split("\n")) expect(line).toMatch(/:\d+:\d+: .+ \[[a-z0-9-]+\]$/);
      await expectLintCli(p, [0, 1]);
    });
  }
});

describe("nesting 10,000 deep", () => {
  const N = 10_000;
  const cases: Record<string, string> = {
    arrays: `app = "a"\nx = ${"[".repeat(N)}${"]".repeat(N)}\n`,
    "inline tables": `app = "a"\nx = ${"{ a = ".repeat(N)}1${" }".repeat(N)}\n`,
    "dotted keys": `app = "a"\n${Array.from({ length: N }, () => "k").join(".")} = 1\n`,
    "table header": `app = "a"\n[${Array.from({ length: N }, () => "k").join(".")}]\nx = 1\n`,
    "array-of-tables header": `app = "a"\n[[${Array.from({ length: N }, () => "k").join(".")}]]\nx = 1\n`,
    "unclosed arrays": `app = "a"\nx = ${"[".repeat(N)}\n`,
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`${name}: one toml-syntax diagnostic, fast, exit 1`, async () => {
      const t0 = performance.now();
      const { c, l } = library(text);
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(c.diagnostics).toHaveLength(1);
      expect(c.diagnostics[0]!.ruleId).toBe("toml-syntax");
      expect(l.diagnostics.filter((d) => d.severity === "error")).toHaveLength(1);
      const p = file(`deep-${name.replace(/\W/g, "-")}.toml`, text);
      const r = await cli("compile", p);
      expect(r.code).toBe(1);
      expect(r.stderr).not.toMatch(STACK);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/:\d+:\d+: .*\[toml-syntax\]/);
      await expectLintCli(p, [1]);
    });
  }
});

describe("a 10 MB file", () => {
  const size = 10 * 1024 * 1024;
  const line = `K${"x".repeat(20)} = "${"v".repeat(60)}"\n`;
  const makeText = () => {
    const parts = ['app = "big"\n[env]\n'];
    let n = parts[0]!.length;
    for (let i = 0; n < size; i++) {
      const l = line.replace("K", `K${i}_`);
      parts.push(l);
      n += l.length;
    }
    return parts.join("");
  };
  let big = "";
  let p = "";
  beforeAll(() => {
    big = makeText();
    p = file("big.toml", big);
  });

  it("over the default 1 MiB cap: one diagnostic from the library, without parsing", () => {
    const t0 = performance.now();
    const { c } = library(Buffer.from(big));
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(c.diagnostics).toHaveLength(1);
    expect(c.diagnostics[0]!.message).toMatch(/over the 1048576-byte limit/);
    const s = compile(big);
    expect(s.diagnostics).toHaveLength(1);
    expect(s.diagnostics[0]!.message).toMatch(/over the 1048576-byte limit/);
  });

  it("flyconf compile: one line naming the limit and --max-bytes, exit 1", async () => {
    expectOneMessage(await cli("compile", p), 1, /over the 1048576-byte limit.*--max-bytes/);
    await expectLintCli(p, [1, 2]);
  });

  it("with the cap raised, a 10 MB file compiles (linear time)", () => {
    const t0 = performance.now();
    const r = compile(Buffer.from(big), { maxBytes: 2 * size });
    expect(r.diagnostics).toEqual([]);
    expect(Object.keys(r.configs.app!.env!).length).toBeGreaterThan(100_000);
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});

describe("encodings and bytes", () => {
  const good = 'app = "hostile"\nprimary_region = "ams"\n\n[http_service]\n  internal_port = 8080\n  force_https = true\n';

  it("CRLF compiles exactly as LF does", async () => {
    const lf = await cli("compile", file("lf.toml", good));
    const crlf = await cli("compile", file("crlf.toml", good.replace(/\n/g, "\r\n")));
    expect(crlf.code).toBe(0);
    expect(crlf.stdout).toBe(lf.stdout);
    library(good.replace(/\n/g, "\r\n"));
  });

  it("CRLF: a diagnostic's line:column is the editor's", async () => {
    const bad = good.replace("force_https = true", 'force_https = "yes"').replace(/\n/g, "\r\n");
    const r = await cli("compile", file("crlf-bad.toml", bad));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/crlf-bad\.toml:6:17: /);
  });

  it("a UTF-8 BOM is accepted and compiles as without", async () => {
    const plain = await cli("compile", file("nobom.toml", good));
    const r = await cli("compile", file("bom.toml", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(good)])));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(plain.stdout);
    await expectLintCli(join(dir, "bom.toml"), [0]);
  });

  it("a UTF-16 file (BOM FF FE) is refused as not UTF-8", async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good, "utf16le")]);
    const r = await cli("compile", file("utf16.toml", utf16));
    expectOneMessage({ ...r, stdout: "" }, 1, /utf16\.toml:1:1: invalid UTF-8 at byte 0/);
    library(utf16);
  });

  it("invalid UTF-8: one diagnostic at the bad byte, exit 1", async () => {
    const bytes = Buffer.concat([Buffer.from('app = "a"\nprimary_region = "'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n')]);
    const r = await cli("compile", file("badutf8.toml", bytes));
    expectOneMessage(r, 1, /badutf8\.toml:2:19: invalid UTF-8 at byte 28.*\[toml-syntax\]$/);
    const { c } = library(bytes);
    expect(c.diagnostics).toHaveLength(1);
    await expectLintCli(join(dir, "badutf8.toml"), [1]);
  });

  it.each([
    ["in a string", 'app = "a\0b"\n', 1],
    ["in a key", "app\0 = 1\n", 1],
    ["in a comment", 'app = "a" # nul \0 here\n', 1],
    ["between lines", 'app = "a"\n\0\n', 2],
    ["only NULs", "\0\0\0\0", 1],
  ])("NUL bytes %s: one toml-syntax diagnostic, exit 1", async (name, text, line) => {
    const { c } = library(text);
    expect(c.diagnostics).toHaveLength(1);
    expect(c.diagnostics[0]!.ruleId).toBe("toml-syntax");
    expect(c.diagnostics[0]!.line).toBe(line);
    const p = file(`nul-${name.replace(/\W/g, "-")}.toml`, text);
    expectOneMessage(await cli("compile", p), 1, new RegExp(`:${line}:\\d+: .*\\[toml-syntax\\]$`));
  });

  it("a binary file (PNG header and pseudo-random bytes): one diagnostic, exit 1", async () => {
    const bytes = new Uint8Array(4096);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    let x = 0x12345678;
    for (let i = 8; i < bytes.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes[i] = x & 0xff;
    }
    const { c } = library(bytes);
    expect(c.diagnostics).toHaveLength(1);
    expectOneMessage(await cli("compile", file("image.png.toml", bytes)), 1, /image\.png\.toml:1:1: invalid UTF-8 at byte 0/);
    await expectLintCli(join(dir, "image.png.toml"), [1]);
  });

  it("a binary file that happens to be valid UTF-8 (control characters): one toml-syntax diagnostic", async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i % 0x20);
    const { c } = library(bytes);
    expect(c.diagnostics).toHaveLength(1);
    expect(c.diagnostics[0]!.ruleId).toBe("toml-syntax");
    expectOneMessage(await cli("compile", file("ctl.toml", bytes)), 1, /\[toml-syntax\]$/);
  });
});

describe("empty and odd files", () => {
  it("an empty file: no throw; the library compiles it as flyctl does, the CLI gives one clear diagnostic and exit 1", async () => {
    const { c } = library("");
    library(new Uint8Array(0));
    expect(c.diagnostics).toEqual([]);
    expect(lint("").diagnostics.map((d) => d.ruleId)).toEqual(["empty-config"]);
    const r = await cli("compile", file("empty.toml", ""));
    expect(r.stderr).not.toMatch(STACK);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/empty\.toml:1:1: the file sets nothing.*\[empty-config\]/);
    await expectLintCli(join(dir, "empty.toml"), [1]);
  });

  it("a file of only whitespace and comments behaves as an empty one", () => {
    const a = compile("");
    const b = compile("\n\n# nothing here\n   \n");
    expect(b.diagnostics).toEqual(a.diagnostics);
    expect(b.configs).toEqual(a.configs);
  });
});

describe("files that cannot be read", () => {
  it("a directory named fly.toml: exit 2, one line, no stack trace", async () => {
    const d = join(dir, "isdir", "fly.toml");
    mkdirSync(d, { recursive: true });
    expectOneMessage(await cli("compile", d), 2, /^flyconf: .*fly\.toml: is a directory, not a file$/);
    const r = await cli("lint", d);
    expect([1, 2]).toContain(r.code);
    expect(r.stdout + r.stderr).not.toMatch(STACK);
  });

  it("a missing file: exit 2, one line", async () => {
    expectOneMessage(await cli("compile", join(dir, "nope", "fly.toml")), 2, /no such file$/);
  });

  it.skipIf(isRoot)("an unreadable file (mode 000): exit 2, permission denied", async () => {
    const p = file("unreadable.toml", 'app = "a"\n');
    chmodSync(p, 0o000);
    expectOneMessage(await cli("compile", p), 2, /unreadable\.toml: permission denied$/);
    await expectLintCli(p, [2]);
  });
  if (isRoot) it("(running as root: mode 000 cannot be tested, root reads it; the I/O-error case below stands in)", () => undefined);

  it.skipIf(!existsSync("/proc/self/mem"))("a file whose read fails with EIO (/proc/self/mem): exit 2, one line", async () => {
    expectOneMessage(await cli("compile", "/proc/self/mem"), 2, /^flyconf: \/proc\/self\/mem: .*(EIO|i\/o error|permission denied)/i);
  });

  it("a --merge file that is a directory or not JSON: exit 2, one line", async () => {
    const p = file("ok.toml", 'app = "a"\n');
    expectOneMessage(await cli("compile", "--merge", dir, p), 2, /is a directory, not a file$/);
    expectOneMessage(await cli("compile", "--merge", file("m.json", "{nope"), p), 2, /m\.json: not valid JSON/);
    expectOneMessage(await cli("compile", "--merge", file("m2.json", Buffer.from([0xff, 0xfe, 0])), p), 2, /m2\.json: not valid JSON/);
  });
});
