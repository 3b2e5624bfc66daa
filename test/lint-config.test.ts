// The lint config file (.flyconf.json / flyconf.config.json): validation, upward discovery, --rule parsing,
// ignore globs.
import { compileGlob } from "../src/lint/glob.js";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  compileIgnorePattern,
  ConfigError,
  ConfigResolver,
  didYouMean,
  findConfigFile,
  isIgnoredPath,
  loadConfigFile,
  parseConfig,
  parseRuleOption,
} from "../src/lint/config.js";

const root = mkdtempSync(join(tmpdir(), "flyconf-config-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).exitCode).toBe(2);
    return e as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("\"machines\" (the language server's Machine JSON patterns) is a valid key for flyconf lint too", () => {
    expect(parseConfig('{"machines": ["deploy/*.json"], "rules": {}}', "/p/.flyconf.json").rules).toEqual({});
  });

  it("accepts rules, ignore and $schema", () => {
    const c = parseConfig(JSON.stringify({ $schema: "x", rules: { "autostart-type": "warn", "unknown-key": "off", "autostop-value": "info" }, ignore: ["legacy/"] }), "/p/.flyconf.json");
    expect(c.rules).toEqual({ "autostart-type": "warn", "unknown-key": "off", "autostop-value": "info" });
    expect(c.ignore).toEqual(["legacy/"]);
    expect(c.dir).toBe("/p");
    expect(c.path).toBe("/p/.flyconf.json");
  });

  it("accepts an empty object and a BOM", () => {
    expect(parseConfig("\uFEFF{}", "/p/.flyconf.json").rules).toEqual({});
  });

  it("rejects bad JSON with the parser's reason", () => {
    expect(errorOf(() => parseConfig("{rules: 1}", "/p/c.json", "c.json")).message).toMatch(/^c\.json: not valid JSON \(/);
  });

  it("rejects a non-object, unknown keys, bad severities, wrong types; all problems in one message", () => {
    expect(errorOf(() => parseConfig("[]", "/p/c.json", "c.json")).message).toContain("top level: Invalid input: expected object");
    const m = errorOf(() => parseConfig(JSON.stringify({ rule: {}, rules: { "autostart-type": "warnings", "autostop-value": true }, ignore: "x" }), "/p/c.json", "c.json")).message;
    expect(m).toMatch(/^c\.json: invalid configuration:\n {2}/);
    expect(m).toContain('Unrecognized key: "rule"; allowed keys are "rules", "ignore", "machines" and "$schema"');
    expect(m).toContain('rules.autostart-type: expected "off", "warn" (or "warning"), "error" or "info", got "warnings"');
    expect(m).toContain('rules.autostop-value: expected "off", "warn" (or "warning"), "error" or "info", got true');
    expect(m).toContain("ignore: Invalid input: expected array");
  });

  it("rejects unknown rule ids with a suggestion", () => {
    const m = errorOf(() => parseConfig(JSON.stringify({ rules: { "autostart-typ": "off", "zzzzzzzz-qqqq": "warn" } }), "/p/c.json", "c.json")).message;
    expect(m).toContain('rules.autostart-typ: unknown rule "autostart-typ" (did you mean "autostart-type"?)');
    expect(m).toContain('rules.zzzzzzzz-qqqq: unknown rule "zzzzzzzz-qqqq"; `flyconf rules` lists them');
  });

  it("rejects bad ignore globs: negation, unclosed brackets, ** inside a segment, empty", () => {
    const m = errorOf(() => parseConfig(JSON.stringify({ ignore: ["!keep", "a[b", "x**y", "", "{a,b"] }), "/p/c.json", "c.json")).message;
    expect(m).toContain("ignore.0:");
    expect(m).toContain("negated patterns are not supported");
    expect(m).toContain('ignore.1: "a[b": unclosed "["');
    expect(m).toContain('"**" must be a whole path segment');
    expect(m).toContain("ignore.3: an empty pattern");
    expect(m).toContain('ignore.4: "{a,b": unclosed "{"');
  });
});

describe("finding the config file", () => {
  const top = join(root, "find");
  mkdirSync(join(top, "a/b/c"), { recursive: true });
  writeFileSync(join(top, ".flyconf.json"), JSON.stringify({ rules: { "autostart-type": "warn" } }));
  writeFileSync(join(top, "a/b/flyconf.config.json"), JSON.stringify({ rules: { "autostart-type": "off" } }));

  it("searches upward from the file's directory; the nearest wins; both names are recognised", () => {
    expect(findConfigFile(join(top, "a/b/c"))).toBe(join(top, "a/b/flyconf.config.json"));
    expect(findConfigFile(join(top, "a"))).toBe(join(top, ".flyconf.json"));
    expect(findConfigFile(top)).toBe(join(top, ".flyconf.json"));
  });

  it("returns undefined when no config exists up to the root", () => {
    // tmpdir() normally holds no config; guard in case the machine has one above it.
    const lonely = mkdtempSync(join(root, "lonely-"));
    const found = findConfigFile(lonely);
    if (found !== undefined) expect(found.startsWith(root)).toBe(false);
  });

  it("two config names in one directory is an error", () => {
    const dir = join(root, "both");
    mkdirSync(dir);
    writeFileSync(join(dir, ".flyconf.json"), "{}");
    writeFileSync(join(dir, "flyconf.config.json"), "{}");
    expect(errorOf(() => findConfigFile(dir)).message).toContain("both .flyconf.json and flyconf.config.json exist");
  });

  it("a directory named like a config file is not one", () => {
    const dir = join(root, "dirnamed");
    mkdirSync(join(dir, ".flyconf.json"), { recursive: true });
    const found = findConfigFile(dir);
    expect(found === undefined || !found.startsWith(dir)).toBe(true);
  });

  it("ConfigResolver caches per directory, and an explicit config governs everything", () => {
    const r = new ConfigResolver();
    const c1 = r.forDirectory(join(top, "a/b/c"));
    expect(c1.rules).toEqual({ "autostart-type": "off" });
    expect(r.forDirectory(join(top, "a/b"))).toBe(c1);
    expect(r.forDirectory(join(top, "a")).rules).toEqual({ "autostart-type": "warn" });
    const explicit = loadConfigFile(join(top, ".flyconf.json"));
    expect(new ConfigResolver(explicit).forDirectory(join(top, "a/b/c"))).toBe(explicit);
  });

  it("loadConfigFile: missing file and directory are clear errors", () => {
    expect(errorOf(() => loadConfigFile(join(root, "nope.json"))).message).toContain("config file not found");
    expect(errorOf(() => loadConfigFile(top)).message).toContain("is a directory");
  });
});

describe("--rule ID=severity", () => {
  it("parses, tolerating spaces", () => {
    expect(parseRuleOption("autostart-type=warn")).toEqual(["autostart-type", "warn"]);
    expect(parseRuleOption(" autostart-type = off ")).toEqual(["autostart-type", "off"]);
  });
  it("rejects a missing '=', an unknown rule (with did you mean) and a bad severity", () => {
    expect(errorOf(() => parseRuleOption("autostart-type")).message).toContain("expected ID=off|warn|error|info");
    expect(errorOf(() => parseRuleOption("autostart-typ=off")).message).toContain('did you mean "autostart-type"?');
    expect(errorOf(() => parseRuleOption("autostart-type=warnings")).message).toContain('got "warnings"');
  });
});

describe("didYouMean", () => {
  it("suggests the closest id within a small distance, else nothing", () => {
    expect(didYouMean("autostop-valeu", ["autostop-value", "autostart-type"])).toBe("autostop-value");
    expect(didYouMean("AUTOSTART-TYPE", ["autostart-type"])).toBe("autostart-type");
    expect(didYouMean("completely-different", ["autostart-type"])).toBeUndefined();
  });
});

describe("ignore globs", () => {
  const m = (glob: string, s: string) => compileGlob(glob).test(s);
  it("* ? [] {} and escapes", () => {
    expect(m("fly.*.toml", "fly.staging.toml")).toBe(true);
    expect(m("fly.*.toml", "fly.toml")).toBe(false);
    expect(m("*.toml", "a/b.toml")).toBe(false);
    expect(m("fly.?.toml", "fly.a.toml")).toBe(true);
    expect(m("fly.[ab].toml", "fly.b.toml")).toBe(true);
    expect(m("fly.[!ab].toml", "fly.b.toml")).toBe(false);
    expect(m("fly.{dev,test}.toml", "fly.test.toml")).toBe(true);
    expect(m("fly.{dev,test}.toml", "fly.prod.toml")).toBe(false);
    expect(m("a\\*b", "a*b")).toBe(true);
    expect(m("a\\*b", "axb")).toBe(false);
    expect(m("a.b", "axb")).toBe(false); // dots are literal
  });
  it("** spans any number of segments, including none", () => {
    expect(m("**/fly.toml", "fly.toml")).toBe(true);
    expect(m("**/fly.toml", "a/b/fly.toml")).toBe(true);
    expect(m("apps/**/fly.toml", "apps/fly.toml")).toBe(true);
    expect(m("apps/**/fly.toml", "apps/x/y/fly.toml")).toBe(true);
    expect(m("apps/**", "apps/x/fly.toml")).toBe(true);
    expect(m("apps/**/fly.toml", "other/apps/fly.toml")).toBe(false);
  });

  const ignored = (patterns: string[], rel: string) => isIgnoredPath(rel, patterns.map(compileIgnorePattern))?.source;
  it("a pattern without / matches a name at any depth; a directory match ignores what is inside", () => {
    expect(ignored(["fly.*.toml"], "apps/web/fly.staging.toml")).toBe("fly.*.toml");
    expect(ignored(["legacy"], "legacy/fly.toml")).toBe("legacy");
    expect(ignored(["legacy"], "apps/legacy/web/fly.toml")).toBe("legacy");
    expect(ignored(["legacy"], "apps/web/fly.toml")).toBeUndefined();
  });
  it("a pattern with / is anchored at the config's directory (leading / and ./ dropped)", () => {
    expect(ignored(["apps/old"], "apps/old/fly.toml")).toBe("apps/old");
    expect(ignored(["apps/old"], "x/apps/old/fly.toml")).toBeUndefined();
    expect(ignored(["/fly.toml"], "fly.toml")).toBe("/fly.toml");
    expect(ignored(["/fly.toml"], "a/fly.toml")).toBeUndefined();
    expect(ignored(["./apps/*/fly.toml"], "apps/a/fly.toml")).toBe("./apps/*/fly.toml");
  });
  it("a trailing / matches directories only", () => {
    expect(ignored(["fly.toml/"], "fly.toml")).toBeUndefined();
    expect(ignored(["vendor/"], "vendor/fly.toml")).toBe("vendor/");
  });
  it("paths outside the config's directory are never ignored by it", () => {
    expect(ignored(["**"], "../fly.toml")).toBeUndefined();
    expect(ignored(["**"], "fly.toml")).toBe("**");
  });
});
