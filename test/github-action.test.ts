// action.yml: the composite GitHub Action. Checked for structure (inputs, composite steps, no input spliced into a
// script), and its Lint step's script is run with bash as the runner would, when the CLI is built.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { projectRoot } from "./helpers/shared.js";

interface Step {
  name?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  "working-directory"?: string;
}
interface Action {
  name: string;
  description: string;
  branding?: { icon: string; color: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(projectRoot, "action.yml"), "utf8")) as Action;
const lintStep = action.runs.steps.find((s) => s.run?.includes("flyconf.js\" lint"));
const planStep = action.runs.steps.find((s) => s.name === "Plan");

describe("action.yml", () => {
  it("declares name, description, branding and the inputs with their defaults", () => {
    expect(action.name).toBe("flyconf");
    expect(action.description.length).toBeGreaterThan(10);
    expect(action.branding).toBeDefined();
    expect(action.inputs.paths?.default).toBe("fly.toml");
    expect(action.inputs.format?.default).toBe("github");
    expect(action.inputs.args?.default).toBe("");
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(input.required, name).toBe(false);
    }
  });

  it("is a composite action whose run steps all name a shell", () => {
    expect(action.runs.using).toBe("composite");
    expect(action.runs.steps.length).toBeGreaterThanOrEqual(2);
    for (const s of action.runs.steps) if (s.run !== undefined) expect(s.shell, s.name).toBe("bash");
  });

  it("installs in the action's own directory and runs bin/flyconf.js lint", () => {
    const install = action.runs.steps[0]!;
    expect(install["working-directory"]).toBe("${{ github.action_path }}");
    expect(install.run).toMatch(/npm ci --omit=dev/);
    expect(lintStep).toBeDefined();
    expect(lintStep!.run).toContain('node "$GITHUB_ACTION_PATH/bin/flyconf.js" lint --format "$FLYCONF_FORMAT"');
    expect(existsSync(join(projectRoot, "bin/flyconf.js"))).toBe(true);
  });

  it("passes inputs through the environment, never spliced into a script (no script injection)", () => {
    for (const s of action.runs.steps) expect(s.run ?? "", s.name).not.toMatch(/\$\{\{/);
    expect(lintStep!.env).toEqual({
      FLYCONF_PATHS: "${{ inputs.paths }}",
      FLYCONF_FORMAT: "${{ inputs.format }}",
      FLYCONF_ARGS: "${{ inputs.args }}",
      FLYCONF_OUTPUT: "${{ inputs.output }}",
      FLYCONF_CONFIG_LOOKUP: "${{ inputs.config-lookup }}",
      FLYCONF_INLINE_CONFIG: "${{ inputs.inline-config }}",
    });
  });

  const builtMain = join(projectRoot, "dist/cli/main.js");
  const built = existsSync(builtMain);
  const hasLint = built && /\.command\(\s*["']lint["']/.test(readFileSync(builtMain, "utf8"));
  const why = !built ? "dist/ is missing (npm run build)" : !hasLint ? "the built CLI (dist/) has no `lint` command yet" : undefined;
  if (why) console.warn(`[flyconf tests] action.yml lint step: skipped, ${why}`);

  describe.skipIf(why !== undefined)("the Lint step's script, run as the runner would", () => {
    function runLint(env: Record<string, string>, files: Record<string, string>) {
      const dir = mkdtempSync(join(tmpdir(), "flyconf-action-"));
      try {
        for (const [name, fixture] of Object.entries(files)) cpSync(join(projectRoot, "fixtures/schema", fixture), join(dir, name), { recursive: true });
        const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", lintStep!.run!], {
          cwd: dir,
          encoding: "utf8",
          env: { PATH: process.env.PATH ?? "", GITHUB_ACTION_PATH: projectRoot, FLYCONF_ARGS: "", FLYCONF_OUTPUT: "", FLYCONF_FORMAT: "github", ...env },
        });
        const output = env.FLYCONF_OUTPUT ? readFileSync(join(dir, env.FLYCONF_OUTPUT), "utf8") : "";
        return { ...r, output };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    it("annotates a bad fly.toml and fails", () => {
      const r = runLint({ FLYCONF_PATHS: "fly.toml" }, { "fly.toml": "bad-internal-port-string.toml" });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/^::error file=fly\.toml,line=4/m);
    });

    it("passes a good one, with several paths and a glob", () => {
      const r = runLint({ FLYCONF_PATHS: "fly.toml\n**/fly.*.toml" }, { "fly.toml": "good-legacy.toml", "fly.staging.toml": "good-legacy.toml" });
      expect(r.status, r.stdout + r.stderr).toBe(0);
    });

    it("writes SARIF to the output file", () => {
      const r = runLint({ FLYCONF_PATHS: "fly.toml", FLYCONF_FORMAT: "sarif", FLYCONF_OUTPUT: "flyconf.sarif" }, { "fly.toml": "bad-internal-port-string.toml" });
      expect(r.status).toBe(1);
      const sarif = JSON.parse(r.output) as { version: string; runs: { results: unknown[] }[] };
      expect(sarif.version).toBe("2.1.0");
      expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
    });
  });

  describe.skipIf(why !== undefined)("the Plan step (command: plan), run as the runner would", () => {
    function runPlan(env: Record<string, string>) {
      const dir = mkdtempSync(join(tmpdir(), "flyconf-action-plan-"));
      try {
        cpSync(join(projectRoot, "fixtures/plan"), dir, { recursive: true });
        const summary = join(dir, "summary.md");
        const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", planStep!.run!], {
          cwd: dir,
          encoding: "utf8",
          env: { PATH: process.env.PATH ?? "", GITHUB_ACTION_PATH: projectRoot, GITHUB_STEP_SUMMARY: summary, FLYCONF_CONFIG: "fly.toml", FLYCONF_MACHINES: "machines.json", FLYCONF_APP: "", FLYCONF_ARGS: "", FLYCONF_FAIL_ON_CHANGES: "false", ...env },
        });
        return { ...r, summary: existsSync(summary) ? readFileSync(summary, "utf8") : "" };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }

    it("runs only for command: plan, with inputs through the environment", () => {
      expect(planStep).toBeDefined();
      expect((planStep as { if?: string }).if).toBe("inputs.command == 'plan'");
      expect((lintStep as { if?: string }).if).toBe("inputs.command != 'plan'");
      expect(action.inputs.command?.default).toBe("lint");
    });

    it("writes the markdown plan to the job summary and the log; changes pass unless fail-on-changes", () => {
      const r = runPlan({});
      expect(r.status, r.stderr).toBe(0);
      expect(r.summary).toBe(readFileSync(join(projectRoot, "fixtures/plan/expected.md"), "utf8"));
      expect(r.stdout).toBe(r.summary);
      expect(runPlan({ FLYCONF_FAIL_ON_CHANGES: "true" }).status).toBe(1);
    });

    it("usage and I/O errors fail the step", () => {
      expect(runPlan({ FLYCONF_MACHINES: "missing.json" }).status).toBe(2);
    });
  });
});
