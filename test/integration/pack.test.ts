// What `npm pack` ships: the CLI launcher, the built library with its types, the JSON Schemas and the README;
// never sources, tests, fixtures or CI files. Drives the real npm; needs dist/ (npm run build; .ci/run builds first).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/shared.js";

describe("npm pack contents", () => {
  it("dist/ is built (npm run build)", () => expect(existsSync(join(projectRoot, "dist/cli/main.js"))).toBe(true));
  // --ignore-scripts: do not rebuild (prepare) here, list what the current build would ship.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  // What a run leaves in dist/ of an install it may write to: a cache of other V8 flags (FILE.v8-TAG.cache, see
  // bin/flyconf.js) and the temporary file of an interrupted cache write. Neither belongs in the package.
  const leftovers = ["dist/flyconf.cjs.v8-1234567.cache", "dist/flyconf.cjs.cache.4242.tmp"].map((f) => join(projectRoot, f));
  for (const f of leftovers) writeFileSync(f, "");
  let out: string;
  try {
    out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: projectRoot, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } finally {
    for (const f of leftovers) rmSync(f, { force: true });
  }
  const packed = (JSON.parse(out) as { name: string; files: { path: string }[] }[])[0];
  const files = packed ? packed.files.map((f) => f.path).sort() : [];
  const pkg = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { bin: Record<string, string>; main?: string; types?: string };

  it("ships the CLI launcher and the built CLI", () => {
    expect(packed?.name).toBe("flyconf");
    expect(files).toContain("package.json");
    expect(files).toContain("bin/flyconf.js");
    // The launcher is CommonJS inside a "type": "module" package: bin/package.json says so.
    expect(files).toContain("bin/package.json");
    for (const bin of Object.values(pkg.bin)) expect(files).toContain(bin.replace(/^\.\//, ""));
    expect(files).toContain("dist/cli/main.js");
  });

  it("ships the CLI bundle and every chunk it loads (dist/flyconf-NAME.cjs, scripts/bundle.mjs)", () => {
    expect(files).toContain("dist/flyconf.cjs");
    const bundle = readFileSync(join(projectRoot, "dist/flyconf.cjs"), "utf8");
    const chunks = [...bundle.matchAll(/require\("\.\/(flyconf-[a-z-]+\.cjs)"\)/g)].map((m) => `dist/${m[1]!}`);
    expect(chunks).toContain("dist/flyconf-yaml.cjs");
    for (const c of chunks) expect(files).toContain(c);
    // The code caches the build primed, not what a run wrote beside them.
    expect(files).toContain("dist/flyconf.cjs.cache");
    expect(files.filter((f) => /\.v8-\d+\.cache$|\.tmp$/.test(f))).toEqual([]);
  });

  it("ships the library entry with type declarations", () => {
    expect(files.some((f) => /^dist\/.+\.d\.ts$/.test(f))).toBe(true);
    expect(files).toContain("dist/index.js");
    // The rule pages the language server links to and `flyconf explain` names.
    expect(files).toContain("docs/rules/README.md");
    expect(files).toContain("docs/rules/autostart-type.md");
    expect(files).toContain("dist/index.d.ts");
    expect(files).toContain(pkg.main!.replace(/^\.\//, ""));
    expect(files).toContain(pkg.types!.replace(/^\.\//, ""));
  });

  it("ships every export with its types (the portable main entry and flyconf/node)", () => {
    const exportsMap = (pkg as { exports?: Record<string, string | { types?: string; import?: string }> }).exports ?? {};
    expect(Object.keys(exportsMap)).toContain("./node");
    for (const [name, target] of Object.entries(exportsMap)) {
      if (typeof target === "string") expect(files, name).toContain(target.replace(/^\.\//, ""));
      else {
        expect(target.types, `${name} types`).toBeDefined();
        for (const f of [target.types, target.import]) if (f) expect(files, name).toContain(f.replace(/^\.\//, ""));
      }
    }
  });

  it("ships the JSON Schemas and the README", () => {
    expect(files).toContain("README.md");
    expect(files).toContain("schemas/fly-toml.schema.json");
    expect(files).toContain("schemas/machine-config.schema.json");
    for (const f of files.filter((x) => x.startsWith("schemas/"))) expect(f).toMatch(/^schemas\/[^/]+\.json$/);
  });

  it("ships no sources, tests, fixtures, scripts or CI files (of docs/, only the rule pages)", () => {
    const forbidden = /^(src|test|fixtures|scripts|\.ci|\.github|docs|node_modules|coverage)\/|^\.|(^|\/)tsconfig[^/]*\.json$|(^|\/)vitest\.config\./;
    const rulePage = (f: string) => f.startsWith("docs/rules/") && f.endsWith(".md") && !f.slice("docs/rules/".length).includes("/");
    expect(files.filter((f) => forbidden.test(f) && !rulePage(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".test.js") || f.endsWith(".test.ts"))).toEqual([]);
  });
});
