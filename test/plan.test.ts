// flyconf plan: what `fly deploy` does to an app's Machines, from flyctl ad0172f internal/command/deploy
// (resolveProcessGroupChanges, deployCreateMachinesForGroups, launchInputForUpdate) and fly-go v0.9.6 flaps
// ListFlyAppsMachines. fixtures/plan/machines.json holds one Machine per case; the expected outputs are golden files
// (UPDATE_GOLDEN=1 rewrites them; review the diff).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { formatPlanJson, formatPlanMarkdown, formatPlanText } from "../src/format/plan.js";
import { plan, type PlanAction } from "../src/index.js";
import { compile } from "../src/pipeline.js";
import { projectRoot } from "./helpers/shared.js";

const dir = join(projectRoot, "fixtures/plan");
const TOML = readFileSync(join(dir, "fly.toml"), "utf8");
const MACHINES = JSON.parse(readFileSync(join(dir, "machines.json"), "utf8")) as Record<string, unknown>[];
const update = process.env.UPDATE_GOLDEN === "1";

function golden(name: string, got: string): void {
  const p = join(dir, name);
  if (update) writeFileSync(p, got);
  expect(got).toBe(readFileSync(p, "utf8"));
}

const byMachine = (actions: PlanAction[], id: string) => actions.find((a) => a.machine === id)!;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false, stderrIsTTY: false });
  return { code, out, err };
}

describe("plan() on the fixture Machines list", () => {
  const p = plan(TOML, MACHINES);

  it("ListFlyAppsMachines: only v2, active, non-release-command, non-console Machines are managed; the rest are ignored with the reason", () => {
    expect(p.diagnostics).toBeUndefined();
    expect(byMachine(p.actions, "d8901a5")).toMatchObject({ action: "ignore", reason: expect.stringMatching(/no fly_platform_version = "v2"/) });
    expect(byMachine(p.actions, "d8901a6")).toMatchObject({ action: "ignore", group: "fly_app_release_command", reason: expect.stringMatching(/release-command/) });
    expect(byMachine(p.actions, "d8901a7")).toMatchObject({ action: "ignore", group: "web", reason: expect.stringMatching(/^destroyed/) });
    expect(byMachine(p.actions, "d8901a8")).toMatchObject({ action: "ignore", group: "fly_app_console" });
  });

  it("resolveProcessGroupChanges: a removed group and a group-less v2 Machine (group \"\") are destroyed", () => {
    expect(byMachine(p.actions, "d8901a3")).toMatchObject({ action: "destroy", group: "legacy" });
    expect(byMachine(p.actions, "d8901a4")).toMatchObject({ action: "destroy", group: "" });
  });

  it("deployCreateMachinesForGroups: a group with no Machine is created, 1 with mounts, 1 + a standby without services", () => {
    const creates = p.actions.filter((a) => a.action === "create");
    expect(creates.map((a) => [a.group, a.count, a.standbys])).toEqual([
      ["cron", 1, undefined],
      ["worker", 2, 1],
    ]);
    // The compiled config of the new Machines, as ToMachineConfig(group, nil) builds it.
    expect(creates[0]!.config).toEqual(compile(TOML, { group: "cron" }).configs.cron);
  });

  it("update: field-level changes from ToMachineConfig(group, machine); image and release metadata are deploy's own", () => {
    expect(byMachine(p.actions, "d8901a1")).toMatchObject({ action: "unchanged", group: "web" });
    expect(byMachine(p.actions, "d8901a2")).toEqual({
      action: "update",
      group: "web",
      machine: "d8901a2",
      changes: [
        { path: "env.HOTFIX", before: "1" },
        { path: "env.LOG_LEVEL", before: "debug", after: "info" },
        { path: "services[0].autostop", before: "suspend", after: true },
      ],
      reason: "3 fields differ from what fly.toml sets",
    });
  });

  it("text, markdown and json renderings (golden)", () => {
    golden("expected.txt", formatPlanText(p));
    golden("expected.md", formatPlanMarkdown(p));
    golden("expected.json", formatPlanJson(p));
  });

  it("the json format is exactly plan()'s object", () => {
    expect(JSON.parse(formatPlanJson(p))).toEqual(JSON.parse(JSON.stringify(p)));
    expect(p.version).toBe(1);
  });
});

describe("plan: details from launchInputForUpdate and --ha", () => {
  it("Machines fly deploy just made are unchanged: aliases (autostop \"stop\" = true), null = absent, unknown API fields, key order", () => {
    const web = compile(TOML, { group: "web" }).configs.web!;
    const config = JSON.parse(JSON.stringify(web)) as Record<string, unknown>;
    const svc = (config.services as Record<string, unknown>[])[0]!;
    svc.autostop = "stop";
    svc.force_instance_key = null;
    config.a_field_newer_than_fly_go = { x: 1 };
    const reordered = Object.fromEntries(Object.entries(config).reverse());
    expect(plan(TOML, [{ id: "w", state: "started", config: reordered }]).actions[0]).toMatchObject({ action: "unchanged" });
  });

  const cron = compile(TOML, { group: "cron" }).configs.cron!;
  const withVolume = (name: string) => ({ id: "c1", state: "started", config: { ...structuredClone(cron), mounts: [{ name, path: "/data", volume: "vol_123" }] } });

  it("the Machine keeps its volume (same name): unchanged, not a change of mounts[0].volume", () => {
    expect(plan(TOML, [withVolume("cron_data")]).actions[0]).toMatchObject({ action: "unchanged", machine: "c1" });
  });

  it("a different volume name replaces the Machine", () => {
    expect(plan(TOML, [withVolume("other")]).actions[0]).toMatchObject({ action: "update", replace: true, reason: expect.stringMatching(/replaces the Machine/) });
  });

  it("a standby that now has services stops being one (standbys and FLY_STANDBY_FOR cleared)", () => {
    const web = compile(TOML, { group: "web" }).configs.web!;
    const m = { id: "s1", state: "stopped", config: { ...structuredClone(web), standbys: ["x"], env: { ...web.env, FLY_STANDBY_FOR: "x" } } };
    const a = plan(TOML, [m]).actions[0]!;
    expect(a.changes).toEqual([{ path: "env.FLY_STANDBY_FOR", before: "x" }, { path: "standbys", before: ["x"] }]);
  });

  it("--ha=false: one Machine per new group; with services 2 under the default", () => {
    expect(plan(TOML, [], { highAvailability: false }).actions.map((a) => a.count)).toEqual([1, 1, 1]);
    expect(plan(TOML, []).actions.map((a) => [a.group, a.count])).toEqual([
      ["cron", 1],
      ["web", 2],
      ["worker", 2],
    ]);
  });

  it("a fly.toml that does not compile plans nothing and says why", () => {
    const r = plan('app = "a"\n[http_service]\ninternal_port = "x"\n', MACHINES);
    expect(r.actions).toEqual([]);
    expect(r.diagnostics!.map((d) => d.ruleId)).toEqual(["invalid-type"]);
  });
});

describe("flyconf plan (CLI)", () => {
  const toml = join(dir, "fly.toml");
  const machines = join(dir, "machines.json");

  it("exit 1 when something would change; the same text as the library", async () => {
    const r = await cli(["plan", toml, "--machines", machines]);
    expect(r.code).toBe(1);
    expect(r.out).toBe(readFileSync(join(dir, "expected.txt"), "utf8"));
  });

  it("exit 0 when nothing would change (each group's Machine as fly deploy made it)", async () => {
    const deployed = plan(TOML, [])
      .actions.filter((a) => a.action === "create")
      .map((a, i) => ({ id: `n${i}`, state: "started", config: { ...a.config, image: "registry.fly.io/shop:deployment-09" } }));
    const d = mkdtempSync(join(tmpdir(), "flyconf-plan-"));
    writeFileSync(join(d, "machines.json"), JSON.stringify(deployed));
    const r = await cli(["plan", toml, "--machines", join(d, "machines.json")]);
    expect(r.out).toBe(
      [
        '= unchanged Machine n0 (group "cron"): fly deploy sends the config this Machine already has (a new image and release metadata aside)',
        '= unchanged Machine n1 (group "web"): fly deploy sends the config this Machine already has (a new image and release metadata aside)',
        '= unchanged Machine n2 (group "worker"): fly deploy sends the config this Machine already has (a new image and release metadata aside)',
        "",
        "Plan: 0 to create, 0 to update, 0 to destroy, 3 unchanged, 0 ignored.",
        "",
      ].join("\n"),
    );
    expect(r.code).toBe(0);
  });

  it("diff is plan under its former name: the same output for the same input, old and new argument forms", async () => {
    const a = await cli(["plan", toml, "--machines", machines, "--format", "json"]);
    const b = await cli(["diff", toml, machines, "--format", "json"]);
    const c = await cli(["diff", toml, "--machines", machines, "--format", "json"]);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it("exit 2 for usage and I/O errors", async () => {
    expect((await cli(["plan", toml])).code).toBe(2);
    expect((await cli(["plan", toml, "--machines", machines, "--app", "x"])).code).toBe(2);
    expect((await cli(["plan", join(dir, "missing.toml"), "--machines", machines])).code).toBe(2);
    expect((await cli(["plan", toml, "--machines", toml])).code).toBe(2);
  });
});

describe("plan output escaping (issue 9's boundary, plus markdown punctuation)", () => {
  const hostile = { id: "x|y\u001b]0;t\u0007<img src=x>`z`\n::error::forged", state: "started", config: { metadata: { fly_platform_version: "v2", fly_process_group: "old|<b>" } } };
  const p = plan(TOML, [hostile]);
  it("text: control characters shown, not sent", () => {
    const t = formatPlanText(p);
    expect(t).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(t).not.toMatch(/\n::error/);
  });
  it("markdown: no raw HTML, no cell break, no code span from input", () => {
    const m = formatPlanMarkdown(p);
    // Every "<" from input is backslash-escaped (CommonMark renders `\<` as a literal "<").
    expect(m).not.toMatch(/[^\\]<img/);
    expect(m).not.toMatch(/[^\\]<b>/);
    expect(m).toContain("x\\|y");
    expect(m).not.toMatch(/[^\\]`z/);
    expect(m).not.toMatch(/\n::error/);
  });
});

describe("README", () => {
  it("its plan example is the fixture's real output", () => {
    const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
    const start = readme.indexOf("$ flyconf plan fixtures/plan/fly.toml --machines fixtures/plan/machines.json\n");
    expect(start).toBeGreaterThan(0);
    const body = readme.slice(readme.indexOf("\n", start) + 1, readme.indexOf("```", start));
    expect(body).toBe(readFileSync(join(dir, "expected.txt"), "utf8"));
  });
});
