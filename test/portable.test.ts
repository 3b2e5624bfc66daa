// The main entry ("flyconf") runs in any JavaScript runtime: bundled for a browser with no polyfills it resolves no
// Node built-in, and run in a bare V8 context (no process, Buffer, require) it gives the same answers as in Node.
// The portable helpers that replaced Buffer, node:path and node:url are held equal to them.
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import * as nodePath from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { build, type Metafile } from "esbuild";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as core from "../src/index.js";
import { base64Encode, base64EncodeText, compareCodePoints, utf8ByteLength } from "../src/portable/bytes.js";
import { fileUri, resolvePath } from "../src/portable/paths.js";
import { projectRoot } from "./helpers/shared.js";

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

async function bundle(entry: string): Promise<{ code: string; errors: string[]; metafile?: Metafile }> {
  try {
    const r = await build({
      entryPoints: [entry],
      absWorkingDir: projectRoot,
      bundle: true,
      platform: "browser",
      format: "iife",
      globalName: "flyconf",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    return { code: r.outputFiles[0]!.text, errors: [], metafile: r.metafile };
  } catch (e) {
    return { code: "", errors: ((e as { errors?: { text: string }[] }).errors ?? [{ text: String(e) }]).map((x) => x.text) };
  }
}

const BROKEN = readFileSync(`${projectRoot}/fixtures/examples/demo/broken.fly.toml`, "utf8");
const FILES = `app = "files"\n[[files]]\nguest_path = "/etc/motd"\nraw_value = "héllo 😀\\n"\n[env]\n"é" = "1"\n"z" = "2"\n"\u{1F600}" = "3"\n"\uFFFD" = "4"\n`;

/** The same calls, in Node and in the bare context, must print the same. */
const SCRIPT = (api: string) => `(() => {
  const out = [];
  const lint = ${api}.lint(BROKEN);
  out.push(JSON.stringify(lint.diagnostics));
  const rules = ${api}.RULES.map((r) => ({ id: r.meta.id, severity: r.meta.severity, description: r.meta.description, docs: r.meta.docs, fixable: r.meta.fixable }));
  const results = [{ path: "apps/web/fly.toml", source: lint.source, diagnostics: lint.diagnostics }, { path: "/abs/fly.toml", diagnostics: lint.diagnostics }];
  for (const f of ["stylish", "compact", "json", "sarif", "github"]) {
    out.push(${api}.formatResults(f, results, { color: false, rules, toolVersion: "0" }));
    out.push(${api}.formatResults(f, results, { color: true, rules, toolVersion: "0", cwd: "/repo" }));
  }
  const c = ${api}.compile(FILES, { files: "deploy" });
  out.push(${api}.stringifyJson(c.configs), JSON.stringify(c.diagnostics));
  out.push(JSON.stringify(${api}.compile(new TextEncoder().encode(BROKEN)).diagnostics));
  out.push(JSON.stringify(${api}.compile("x".repeat(20), { maxBytes: 10 }).diagnostics));
  return out;
})()`;

describe("the main entry is browser-safe", () => {
  let bundled: Awaited<ReturnType<typeof bundle>>;
  beforeAll(async () => {
    bundled = await bundle("src/index.ts");
  });

  it("bundles for platform browser with no Node built-in anywhere in its import graph", () => {
    expect(bundled.errors).toEqual([]);
    const inputs = Object.keys(bundled.metafile!.inputs);
    expect(inputs.filter((i) => NODE_BUILTINS.has(i) || i.startsWith("node:"))).toEqual([]);
    for (const input of Object.values(bundled.metafile!.inputs))
      for (const imp of input.imports) expect(NODE_BUILTINS.has(imp.path), `${imp.path} imported`).toBe(false);
    // The CLI and the Node entry are not part of it.
    expect(inputs.filter((i) => i.startsWith("src/cli/") || i === "src/node.ts")).toEqual([]);
  });

  it("the test can fail: the Node entry does not bundle for a browser", async () => {
    const r = await bundle("src/node.ts");
    expect(r.errors.join("\n")).toMatch(/Could not resolve "node:(fs|path)"/);
  });

  it("runs without process, Buffer or require and answers as in Node", () => {
    // A fresh V8 context has only the language's globals; add the few Web APIs every browser has.
    const context = vm.createContext({ TextEncoder, TextDecoder, URL, structuredClone, BROKEN, FILES });
    vm.runInContext(bundled.code, context);
    expect(vm.runInContext("typeof process + typeof Buffer + typeof require + typeof global", context)).toBe("undefinedundefinedundefinedundefined");
    const inBrowser = vm.runInContext(SCRIPT("flyconf"), context) as string[];
    const inNode = new Function("core", "BROKEN", "FILES", `return ${SCRIPT("core")}`)(core, BROKEN, FILES) as string[];
    expect(inBrowser).toEqual(inNode);
    // And the outputs exercise what was ported: base64 of [[files]], code point key order, paths without a cwd.
    expect(inNode.join("\n")).toContain(Buffer.from("héllo 😀\n").toString("base64"));
    const sarif = JSON.parse(inBrowser[7]!) as { runs: { originalUriBaseIds?: unknown; results: { locations: { physicalLocation: { artifactLocation: unknown } }[] }[] }[] };
    const locations = sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
    expect(locations).toContainEqual({ uri: "apps/web/fly.toml", uriBaseId: "%SRCROOT%" });
    expect(locations).toContainEqual({ uri: "file:///abs/fly.toml" });
    expect(sarif.runs[0]!.originalUriBaseIds).toBeUndefined();
    expect(inBrowser[8]).toContain('"uri": "file:///repo/"');
    expect(inBrowser[9]).toContain("file=apps/web/fly.toml,");
  });
});

describe("portable helpers agree with Node's", () => {
  const text = fc.string({ unit: fc.constantFrom("a", "é", "\u07ff", "\u0800", "\uffff", "\ud83d", "\ude00", "😀", "\ud800\udc00", "\uFFFD", "\u0000") });
  it("utf8ByteLength = Buffer.byteLength", () => {
    fc.assert(fc.property(fc.oneof(text, fc.string({ unit: "binary" })), (s) => utf8ByteLength(s) === Buffer.byteLength(s, "utf8")), { numRuns: 2000 });
  });

  it("compareCodePoints = Buffer.compare of the UTF-8 encodings", () => {
    fc.assert(fc.property(text, text, (a, b) => compareCodePoints(a, b) === Buffer.compare(Buffer.from(a), Buffer.from(b))), { numRuns: 5000 });
  });

  it("base64 = Buffer's", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (b) => base64Encode(b) === Buffer.from(b).toString("base64")), { numRuns: 2000 });
    fc.assert(fc.property(text, (s) => base64EncodeText(s) === Buffer.from(s, "utf8").toString("base64")));
  });

  const segment = fc.constantFrom("a", "B", ".", "..", "", "x y", "ü", "%", "#", "c:", "a\\b");
  const posixPath = fc.tuple(fc.boolean(), fc.array(segment, { maxLength: 6 })).map(([abs, s]) => `${abs ? "/" : ""}${s.join("/")}`);
  const base = fc.array(fc.constantFrom("repo", "x y", "..", "ü", "A"), { maxLength: 4 }).map((s) => `/${s.join("/")}`);

  it("resolvePath = node:path (posix)", () => {
    fc.assert(
      fc.property(posixPath, base, (p, b) => {
        const abs = nodePath.posix.resolve(b, p);
        const rel = nodePath.posix.relative(b, abs);
        const outside = rel === "" || rel === ".." || rel.startsWith("../");
        expect(resolvePath(p, b)).toEqual({ absolute: abs, relative: outside ? undefined : rel });
      }),
      { numRuns: 3000 },
    );
  });

  it("resolvePath = node:path (win32)", () => {
    const winSeg = fc.constantFrom("a", "B", ".", "..", "x y", "Repo");
    const winPath = fc.tuple(fc.constantFrom("", "C:\\", "c:/", "D:\\", "\\"), fc.array(winSeg, { maxLength: 5 }), fc.constantFrom("\\", "/")).map(([root, s, sep]) => `${root}${s.join(sep)}`);
    const winBase = fc.tuple(fc.constantFrom("C:\\", "c:\\", "D:\\"), fc.array(fc.constantFrom("repo", "Repo", "x"), { maxLength: 3 })).map(([r, s]) => `${r}${s.join("\\")}`);
    fc.assert(
      fc.property(winPath, winBase, (p, b) => {
        const abs = nodePath.win32.resolve(b, p);
        const rel = nodePath.win32.relative(b, abs);
        const outside = rel === "" || rel === ".." || rel.startsWith("..\\") || nodePath.win32.isAbsolute(rel);
        const r = resolvePath(p, b);
        expect(r.absolute!.toLowerCase()).toBe(abs.toLowerCase());
        expect(r.relative).toBe(outside ? undefined : rel.split("\\").join("/"));
      }),
      { numRuns: 3000 },
    );
  });

  it("fileUri = url.pathToFileURL", () => {
    const chars = fc.string({ unit: fc.oneof(fc.constantFrom("/", "a", " ", "%", "#", "?", "\\", "ü", "😀", "\ud800", "[", "~", "\n"), fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c))) });
    fc.assert(
      fc.property(chars, (s) => {
        const abs = nodePath.posix.resolve("/", s);
        expect(fileUri(abs)).toBe(pathToFileURL(abs).href);
      }),
      { numRuns: 3000 },
    );
    expect(fileUri("C:\\Users\\me\\x y", true)).toBe("file:///C:/Users/me/x%20y/");
    expect(fileUri("\\\\Server\\share\\a")).toBe("file://server/share/a");
  });
});
