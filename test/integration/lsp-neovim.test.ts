// The language server in a real editor: headless Neovim (Debian's neovim, 0.7.x; .ci/run installs it) starts
// `flyconf lsp --stdio` with its built-in client (vim.lsp.start_client), opens a fly.toml with a string
// autostart, receives the diagnostics (rule id, line), sees a .flyconf.json written beside it take effect without an
// edit, applies the preferred code action and sees the finding go.
// Without nvim the suite is skipped with a note, except under CI=true, where it fails.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lspBuilt, projectRoot, runEditor } from "../helpers/lsp-client.js";

const nvim = spawnSync("nvim", ["--version"], { encoding: "utf8" });
const hasNvim = nvim.status === 0;
const ci = process.env.CI === "true";
if (!hasNvim && !ci) console.warn("[flyconf tests] lsp-neovim: skipped, nvim is not installed (apt-get install neovim)");

const FLY_TOML = readFileSync(join(projectRoot, "fixtures/lsp/string-autostart.fly.toml"), "utf8");

interface Report {
  error?: string;
  first?: { code: string; range: { start: { line: number } }; message: string; source: string }[];
  reloaded?: { code: string; severity: number; range: { start: { line: number } } }[];
  vim_diagnostics?: { lnum: number; code?: string; source?: string; message: string }[];
  actions?: { title: string; kind: string; isPreferred: boolean }[];
  fixed_line?: string;
  after?: { code: string }[];
  stopped?: boolean;
}

describe.skipIf(!hasNvim && !ci)("flyconf lsp in headless Neovim", () => {
  const dir = mkdtempSync(join(tmpdir(), "flyconf-nvim-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("diagnostics arrive with the rule id and line; the preferred code action fixes the buffer", () => {
    expect(hasNvim, "nvim must be installed (CI=true): apt-get install neovim").toBe(true);
    expect(lspBuilt, "dist/flyconf-lsp.cjs is missing: run npm run build").toBe(true);
    expect(nvim.stdout).toMatch(/^NVIM v0\.(7|8|9|1\d)\./);
    const file = join(dir, "fly.toml");
    const out = join(dir, "report.json");
    writeFileSync(file, FLY_TOML);
    const report = runEditor<Report>("nvim", ["--headless", "--clean", "-n", "-i", "NONE", "-u", "NONE", "-c", `luafile ${join(projectRoot, "test/integration/nvim/lsp-e2e.lua")}`], out, {
      env: { ...process.env, FLYCONF_ROOT: projectRoot, FLYCONF_FILE: file, FLYCONF_OUT: out, HOME: dir, XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    });
    expect(report.error).toBeUndefined();

    // What the server published, as Neovim received it.
    const autostart = report.first!.find((d) => d.code === "autostart-type")!;
    expect(autostart.range.start.line).toBe(6); // line 7: auto_start_machines = "true"
    expect(autostart.source).toBe("flyconf");
    // And in Neovim's diagnostic framework.
    expect(report.vim_diagnostics!.some((d) => d.lnum === 6 && d.source === "flyconf" && /must be a boolean/.test(d.message))).toBe(true);

    // .flyconf.json written with no edit to the buffer: the server (watching it itself: Neovim 0.7 has no dynamic
    // registration of workspace/didChangeWatchedFiles) re-publishes with the configured severity.
    expect(report.reloaded!.filter((d) => d.code === "autostart-type").map((d) => [d.range.start.line, d.severity])).toEqual([[6, 2]]);

    // The preferred quick fix, the disable actions beside it; applied, it fixes the line and the finding goes.
    expect(report.actions!.filter((a) => a.isPreferred).map((a) => a.kind)).toEqual(["quickfix"]);
    expect(report.actions!.map((a) => a.title)).toContain("Disable autostart-type for this line");
    expect(report.fixed_line).toBe("  auto_start_machines = true");
    expect(report.after!.map((d) => d.code)).not.toContain("autostart-type");
    expect(readFileSync(file, "utf8")).toBe(FLY_TOML.replace('"true"', "true"));
    expect(report.stopped).toBe(true);
  });

  it("the README's Neovim set-up works as written (flyconf on the PATH)", () => {
    expect(hasNvim, "nvim must be installed (CI=true): apt-get install neovim").toBe(true);
    const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
    const snippet = /\*\*Neovim\*\*[^]*?```lua\n([^]*?)```/.exec(readme)?.[1];
    expect(snippet, "README: a ```lua block after **Neovim**").toBeDefined();
    const home = join(dir, "readme");
    const binDir = join(home, "bin");
    mkdirSync(binDir, { recursive: true });
    // `flyconf` on the PATH, as `npm install -g .` would put it.
    writeFileSync(join(binDir, "flyconf"), `#!/bin/sh\nexec "${process.execPath}" "${join(projectRoot, "bin/flyconf.js")}" "$@"\n`);
    chmodSync(join(binDir, "flyconf"), 0o755);
    writeFileSync(join(home, "init.lua"), snippet!);
    const file = join(home, "fly.staging.toml");
    writeFileSync(file, FLY_TOML);
    const out = join(home, "report.json");
    const r = spawnSync("nvim", ["--headless", "-n", "-i", "NONE", "-u", join(home, "init.lua"), file, "-c", `luafile ${join(projectRoot, "test/integration/nvim/readme-check.lua")}`], {
      cwd: home,
      env: { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ""}`, FLYCONF_OUT: out, HOME: home, XDG_STATE_HOME: home, XDG_DATA_HOME: home, XDG_CONFIG_HOME: home },
      encoding: "utf8",
      timeout: 120_000,
    });
    let report: { error?: string; diagnostics?: { lnum: number; source: string; message: string }[]; clients?: string[] };
    try {
      report = JSON.parse(readFileSync(out, "utf8"));
    } catch {
      throw new Error(`nvim wrote no report (exit ${r.status}, signal ${r.signal}): ${r.stderr}${r.stdout}`);
    }
    expect(report.error).toBeUndefined();
    expect(report.clients).toEqual(["flyconf"]);
    expect(report.diagnostics!.some((d) => d.lnum === 6 && d.source === "flyconf" && /must be a boolean/.test(d.message))).toBe(true);
  });
});
