// The language server in Emacs with eglot (Debian's emacs-nox + elpa-eglot: Emacs 28, eglot 1.9; .ci/run installs
// them): batch Emacs loads the README's eglot set-up verbatim, opens a fly.toml with a string autostart, and
// test/integration/emacs/lsp-e2e.el reports what flymake received (rule id, line), the code actions, the buffer
// after the preferred one, and the server's exit. A fly.yaml gets its diagnostics the same way.
// Without emacs (or eglot) the suite is skipped with a note, except under CI=true, where it fails.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lspBuilt, projectRoot, runEditor } from "../helpers/lsp-client.js";

const emacs = spawnSync("emacs", ["--batch", "-Q", "--eval", '(progn (require (quote package)) (add-to-list (quote package-directory-list) "/usr/share/emacs/site-lisp/elpa") (package-initialize) (princ (if (locate-library "eglot") "eglot" "none")))'], { encoding: "utf8" });
const hasEmacs = emacs.status === 0 && emacs.stdout.includes("eglot");
const ci = process.env.CI === "true";
if (!hasEmacs && !ci) console.warn("[flyconf tests] lsp-emacs: skipped, emacs with eglot is not installed (apt-get install emacs-nox elpa-eglot)");

interface Report {
  error?: string;
  mode?: string;
  server?: string;
  diagnostics?: { line: number; text: string }[];
  actions?: string[];
  "fixed-line"?: string;
  after?: string[];
  "exit-status"?: number;
}

describe.skipIf(!hasEmacs && !ci)("flyconf lsp in Emacs (eglot, batch)", () => {
  const dir = mkdtempSync(join(tmpdir(), "flyconf-emacs-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
  const snippet = /\*\*Emacs\*\*[^]*?```elisp\n([^]*?)```/.exec(readme)?.[1];
  const binDir = join(dir, "bin");
  mkdirSync(binDir);
  // `flyconf` on the PATH, as `npm install -g .` would put it.
  writeFileSync(join(binDir, "flyconf"), `#!/bin/sh\nexec "${process.execPath}" "${join(projectRoot, "bin/flyconf.js")}" "$@"\n`);
  chmodSync(join(binDir, "flyconf"), 0o755);
  writeFileSync(join(dir, "init.el"), snippet ?? "");

  const run = (name: string, text: string, fix: boolean): Report => {
    expect(hasEmacs, "emacs with eglot must be installed (CI=true): apt-get install emacs-nox elpa-eglot").toBe(true);
    expect(lspBuilt, "dist/flyconf-lsp.cjs is missing: run npm run build").toBe(true);
    expect(snippet, "README: an ```elisp block after **Emacs**").toBeDefined();
    const app = join(dir, name.replace(/\W/g, "-"));
    mkdirSync(app);
    const file = join(app, name);
    const out = join(app, "report.json");
    writeFileSync(file, text);
    const report = runEditor<Report>("emacs", ["--batch", "-Q", "-l", join(projectRoot, "test/integration/emacs/lsp-e2e.el")], out, {
      cwd: app,
      env: { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ""}`, HOME: dir, FLYCONF_SNIPPET: join(dir, "init.el"), FLYCONF_FILE: file, FLYCONF_OUT: out, FLYCONF_FIX: fix ? "1" : "0" },
    });
    expect(report.error).toBeUndefined();
    return report;
  };

  it("fly.toml: flymake shows the finding with its rule id and line; the preferred code action fixes the buffer", () => {
    const text = readFileSync(join(projectRoot, "fixtures/lsp/string-autostart.fly.toml"), "utf8");
    const report = run("fly.toml", text, true);
    expect(report.server).toBe("flyconf");
    expect(report.mode).toBe("conf-toml-mode");
    const d = report.diagnostics!.find((x) => x.text.includes("[autostart-type]"))!;
    expect(d.line).toBe(7); // auto_start_machines = "true"
    expect(d.text).toMatch(/^flyconf \[autostart-type\]: .*must be a boolean/);
    expect(report.actions).toEqual(expect.arrayContaining(["Disable autostart-type for this line", "Disable autostart-type for this file"]));
    expect(report["fixed-line"]).toBe("  auto_start_machines = true");
    expect(report.after).toEqual([]);
    expect(readFileSync(join(dir, "fly-toml/fly.toml"), "utf8")).toBe(text.replace('"true"', "true"));
    expect(report["exit-status"]).toBe(0);
  });

  it("fly.staging.yaml: the same set-up serves it, with flyconf lint's findings and lines", () => {
    const text = readFileSync(join(projectRoot, "fixtures/lsp/string-autostart.fly.yaml"), "utf8");
    const report = run("fly.staging.yaml", text, false);
    expect(report.server).toBe("flyconf");
    expect(report.diagnostics!.map((x) => [x.line, /\[([a-z-]+)\]/.exec(x.text)![1]])).toEqual([
      [3, "unknown-key"],
      [9, "autostart-type"],
    ]);
    expect(report["exit-status"]).toBe(0);
  });
});
