// The published declarations, as a strict TypeScript user gets them: the library's .d.ts files are emitted afresh
// (tsc --emitDeclarationOnly), installed as node_modules/flyconf with the package's own "exports", and two programs
// are type-checked against them with strict, exactOptionalPropertyTypes and noUncheckedIndexedAccess (skipLibCheck
// off, so the declarations themselves are checked too):
// - the README's "Platform builders" program, importing only from "flyconf" and "flyconf/node", with no casts;
// - a file of things that must NOT type-check (each under @ts-expect-error, which fails when the line compiles):
//   reading configs of a compile result without narrowing, a misspelt key in a compiled config, autostop "stop"
//   in output, bigint where numbers are promised.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../helpers/shared.js";
import { platformSection } from "../helpers/readme.js";

const tsc = join(projectRoot, "node_modules/typescript/bin/tsc");

const NEGATIVES = `import { compile, compileGroup, guestForSize, validateMachineBody, type CompiledMachineConfig, type RuleId } from "flyconf";

const bad = compile("[http_service]\\ninternal_port = 'x'\\n");
// @ts-expect-error configs must be narrowed on ok before use
bad.configs.app.services;
if (bad.ok) {
  const app = bad.configs.app;
  // @ts-expect-error noUncheckedIndexedAccess: a group may be absent
  app.services;
  if (app) {
    const min = app.services?.[0]?.min_machines_running;
    // integers are numbers: arithmetic type-checks
    const next: number | undefined = min === undefined ? undefined : min + 1;
    void next;
    const stop = app.services?.[0]?.autostop;
    // @ts-expect-error compile never emits "stop" (it is true)
    const s: typeof stop = "stop";
    void s;
  }
}
// @ts-expect-error a compiled config is closed: no misspelt keys
const typo: CompiledMachineConfig = { init: {}, gest: {} };
void typo;
// @ts-expect-error exactOptionalPropertyTypes: absent is not undefined
const undef: CompiledMachineConfig = { init: {}, image: undefined };
void undef;
const big = compile("", { bigint: true });
if (big.ok) {
  const n = big.configs.app?.guest?.cpus;
  // @ts-expect-error with bigint: true integers may be bigints
  const m: number | undefined = n;
  void m;
}
const g = compileGroup("", "web");
// @ts-expect-error narrow on ok first
g.config;
const v = validateMachineBody({});
// @ts-expect-error narrow on ok first
v.body;
const r: RuleId = "unknown-key";
// @ts-expect-error not a rule id
const r2: RuleId = "unknown-keys";
void r; void r2;
const guest = guestForSize("shared-cpu-1x");
if (guest.ok) {
  const mb: number | undefined = guest.guest.memory_mb;
  void mb;
}
`;

describe("the published declarations under strict settings", () => {
  const dir = mkdtempSync(join(tmpdir(), "flyconf-dts-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("type-check the README program (no casts) and refuse what they must", () => {
    const pkgDir = join(dir, "node_modules/flyconf");
    mkdirSync(pkgDir, { recursive: true });
    execFileSync(process.execPath, [tsc, "-p", join(projectRoot, "tsconfig.build.json"), "--emitDeclarationOnly", "--outDir", join(pkgDir, "dist")], { cwd: projectRoot, stdio: "pipe" });
    cpSync(join(projectRoot, "package.json"), join(pkgDir, "package.json"));
    // The declarations import zod; the programs use Node's types.
    symlinkSync(join(projectRoot, "node_modules/zod"), join(dir, "node_modules/zod"), "dir");
    mkdirSync(join(dir, "node_modules/@types"));
    symlinkSync(join(projectRoot, "node_modules/@types/node"), join(dir, "node_modules/@types/node"), "dir");
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", type: "module", private: true }));
    const { program } = platformSection();
    expect(program).not.toMatch(/\bas (unknown|any|[A-Z]\w*)\b/);
    writeFileSync(join(dir, "workflows.ts"), program);
    writeFileSync(join(dir, "negatives.ts"), NEGATIVES);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2023"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noImplicitOverride: true,
          skipLibCheck: false,
          types: ["node"],
          noEmit: true,
        },
        files: ["workflows.ts", "negatives.ts"],
      }),
    );
    let out = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { cwd: dir, stdio: "pipe", encoding: "utf8" });
    } catch (e) {
      out = String((e as { stdout?: string }).stdout ?? e);
    }
    // zod's own declarations are not ours to fix: only errors in flyconf's declarations or the programs count.
    const ours = out.split("\n").filter((l) => /error TS/.test(l) && !/node_modules\/(zod|@types)\//.test(l));
    expect(ours).toEqual([]);
    expect(readFileSync(join(pkgDir, "dist/node.d.ts"), "utf8")).toMatch(/createMachinesClient/);
  });
});
