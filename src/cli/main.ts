// The thin CLI: parse arguments, call the core, print, return an exit code. Never a stack trace.
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { CliError, printError } from "./io.js";
import { escapeLine } from "../escape.js";
import type { LintIO } from "./lint.js";
import { FORMAT_NAMES } from "../format/types.js";
import { adaptTiering } from "./tiering.js";

// Each command's module loads when that command runs: start-up is what a pre-commit hook waits for.

const VERSION = "0.1.0";

function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError("must be a whole number, 0 or more");
  return n;
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError("must be a positive integer");
  return n;
}

/**
 * The real process; TTY checks are getters and each stream is taken on its first write, because touching
 * process.stdout / process.stderr creates the stream (loading node:stream and friends, ~3 ms), which a clean run
 * never needs.
 * Write errors on the standard streams end output, never the run with a stack trace: EPIPE (`flyconf … | head -1`)
 * quietly, as if the output were complete; anything else (ENOSPC on `>/dev/full`) with one line and exit 2.
 */
let outputFailed = false;
const processIO = (): LintIO => ({
  stdout: guarded(() => process.stdout, "standard output"),
  stderr: guarded(() => process.stderr, "standard error"),
  get isTTY() {
    return process.stdout.isTTY === true;
  },
  get stderrIsTTY() {
    return process.stderr.isTTY === true;
  },
});

function guarded(open: () => NodeJS.WriteStream, name: string): (s: string) => void {
  let stream: NodeJS.WriteStream | undefined;
  let broken = false;
  const fail = (err: NodeJS.ErrnoException) => {
    if (broken) return;
    broken = true;
    if (err.code === "EPIPE") return;
    outputFailed = true;
    process.exitCode = 2;
    if (stream !== process.stderr) {
      try {
        process.stderr.write(`flyconf: cannot write to ${name}: ${err.code === "ENOSPC" ? "no space left on device" : (err.message ?? String(err))}\n`);
      } catch {
        /* stderr is gone too */
      }
    }
  };
  return (s) => {
    if (broken) return;
    if (stream === undefined) {
      stream = open();
      stream.on("error", fail);
    }
    try {
      stream.write(s);
    } catch (err) {
      fail(err as NodeJS.ErrnoException);
    }
  };
}

/** Text commander writes (help, version, usage errors) as lines, each through escape.ts. */
function escapeLines(s: string): string {
  const body = s.endsWith("\n") ? s.slice(0, -1) : s;
  return `${body.split("\n").map(escapeLine).join("\n")}${body === s ? "" : "\n"}`;
}

const SUGGESTION = "\n(Did you mean ";

/**
 * A commander usage error quotes argv as typed (`error: unknown option '…'`, `argument '…' is invalid`), so a
 * newline or an escape sequence in an argument would reach the terminal or the CI log raw. The message is one line
 * with every control character shown (`\n`, `\u001b`); only commander's own "(Did you mean --fix?)" suffix, which
 * names nothing but our commands and options, keeps its line break.
 */
function escapeUsageError(s: string): string {
  const message = s.endsWith("\n") ? s.slice(0, -1) : s;
  const at = message.lastIndexOf(SUGGESTION);
  const suggestion = at >= 0 ? message.slice(at + 1) : "";
  const ours = suggestion.endsWith("?)") && [...suggestion.slice(SUGGESTION.length - 1, -2)].every((c) => (c >= "a" && c <= "z") || c === "-" || c === "," || c === " ");
  return ours ? `${escapeLine(message.slice(0, at))}\n${suggestion}\n` : `${escapeLine(message)}\n`;
}

/**
 * Runs the CLI on `argv` (without node and the script). `launch.turbofan` switches V8's optimizing compiler: the
 * command line (bin/flyconf.js) passes it, and a short lint runs without (tiering.ts).
 */
export async function main(argv: string[], io: LintIO = processIO(), launch: { turbofan?: (on: boolean) => void } = {}): Promise<number> {
  if (launch.turbofan) adaptTiering(launch.turbofan);
  const code = await run(argv, io);
  return outputFailed ? 2 : code;
}

async function run(argv: string[], io: LintIO): Promise<number> {
  let code = 0;
  const program = new Command("flyconf")
    .description("Compile and lint Fly.io fly.toml into the exact Machines API config flyctl would send")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .showHelpAfterError("(run flyconf --help for usage)")
    .configureOutput({
      writeOut: (s) => io.stdout(escapeLines(s)),
      writeErr: (s) => io.stderr(escapeLines(s)),
      outputError: (s, write) => write(escapeUsageError(s)),
    });

  program
    .command("compile")
    .description("compile fly.toml into Machine configs, one per process group (JSON on stdout)")
    .argument("[file]", "fly.toml to read; - reads stdin", "fly.toml")
    .option("-g, --group <name>", "only this process group's config")
    .option("--services", "only the services arrays")
    .option("--wrap", 'wrap as {"config": …}, the Machines API create/update body (needs --group or --merge)')
    .option("--merge <machine.json>", "start from this existing Machine (GET response or config): the update path")
    .option("--allow-group-change", "with --merge and --group: let the Machine move into another process group")
    .option("--attach", "with --merge: let a detached Machine (no fly_platform_version/fly_process_group) join the group")
    .option("--image <ref>", "set config.image (fly.toml's conversion leaves it to fly deploy)")
    .option("--release", "print the release_command Machine's config instead (as fly deploy runs it)")
    .addOption(new Option("--input-format <format>", "the config's format when its name does not say (stdin): toml, yaml or json").choices(["toml", "yaml", "json"]))
    .option("--console", "print the `fly console` Machine's config instead")
    .option("--flyctl-version <version>", "add metadata.fly_flyctl_version as flyctl does")
    .addOption(new Option("--max-bytes <n>", "refuse input larger than this").argParser(positiveInt))
    .option("--allow-read <dir>", "also read files fly.toml names (local_path, machine_config) from DIR, not only the project root (repeatable)", collect)
    .action(async (file: string, opts) => {
      const { runCompile } = await import("./compile.js");
      code = await runCompile(file, opts, io);
    });

  program
    .command("lint")
    .description("lint fly.toml files: exit 0 clean or warnings only, 1 errors (or over --max-warnings), 2 usage/I/O/config error")
    .argument("[paths...]", "files, or directories searched for fly.toml and fly.*.toml (default ./fly.toml); - reads stdin")
    .addOption(new Option("-f, --format <name>", "output format (default stylish; github inside GitHub Actions)").choices(FORMAT_NAMES))
    .option("-o, --output-file <path>", "write the report to this file instead of stdout")
    .option("--rule <id=severity>", "set a rule to off, warn (or warning), error or info (repeatable; overrides the config file)", collect)
    .option("-c, --config <path>", "use this config file instead of the nearest .flyconf.json / flyconf.config.json")
    .option("--no-config-lookup", "read no .flyconf.json / flyconf.config.json from the repository: only -c FILE, --rule and the defaults (pinned CI)")
    .option("--no-inline-config", "ignore flyconf-disable comments (each is reported as info): the file cannot switch rules off (pinned CI)")
    .addOption(new Option("--max-warnings <n>", "exit 1 when there are more than n warnings").argParser(nonNegativeInt))
    .option("--fix", "apply safe fixes to the file (temp file and rename; in place, checked and restored on failure, for a hard link); with - the fixed text goes to stdout and the report to stderr")
    .option("--fix-dry-run", "print the fixes as a unified diff on stdout (the report goes to stderr); write nothing")
    .option("--fix-unsafe", "like --fix, and also apply each remaining finding's first suggestion (changes meaning; with --fix-dry-run: show them)")
    .option("--quiet", "report errors only (warnings and infos are neither shown nor counted)")
    .option("--print-config <file>", "print the effective rule settings for this file (config file and --rule) as JSON; lint nothing")
    .option("--sarif-root <dir>", "SARIF: make artifact URIs relative to this directory (default $GITHUB_WORKSPACE, else the cwd)")
    .option("--stdin-filename <path>", "the path stdin stands for (shown in output; config lookup and ignores)")
    .addOption(new Option("--max-bytes <n>", "refuse input larger than this").argParser(positiveInt))
    .option("--app <name>", "lint the app's Machines from the Machines API (token: FLY_API_TOKEN or FLY_TOKEN; GET only)")
    .option("--api-url <url>", "Machines API base URL for --app (default FLY_API_HOSTNAME or https://api.machines.dev/v1)")
    .option("--insecure", "allow a plain http:// --api-url that is not loopback (the token crosses the network unencrypted)")
    .addOption(new Option("--timeout <seconds>", "Machines API timeout for --app").argParser(positiveInt))
    .option("--app-config <fly.toml>", "Machine JSON: report Machines whose process group this fly.toml does not define")
    .option("--body", "Machine JSON: the input is a create/update request body, which must be {\"config\": …}")
    .action(async (paths: string[], opts) => {
      const { runLint } = await import("./lint.js");
      code = await runLint(paths, opts, io, VERSION);
    });

  program
    .command("rules")
    .description("list the rules: id, default severity, fixable, description")
    .addOption(new Option("--format <format>", "table for people, json for machines").choices(["table", "json"]).default("table"))
    .action(async (opts) => {
      const { runRules } = await import("./rules.js");
      code = runRules(opts, io);
    });

  program
    .command("explain")
    .description("print one rule's documentation, or what a fly.toml key does (e.g. http_service.auto_stop_machines)")
    .argument("<id>", "a rule id, as `flyconf rules` lists it, or a dotted key path")
    .action(async (id: string) => {
      const { runExplain } = await import("./rules.js");
      code = runExplain(id, io);
    });

  program
    .command("lsp")
    .description("run the language server (Language Server Protocol over stdin/stdout) for editors")
    .option("--stdio", "talk over stdin/stdout (the only transport; editors pass it)")
    .action(async (opts) => {
      // Its own bundle (dist/flyconf-lsp.cjs): lint and compile never load the language server.
      const { runLsp } = await import("../lsp/main.js");
      code = await runLsp(opts);
    });

  const planCommand = (name: string, description: string) => {
    const cmd = program
      .command(name)
      .description(description)
      .argument("[file]", "the app's config: fly.toml (default), fly.yaml or fly.json");
    // `diff` keeps its old form too: `flyconf diff fly.toml machines.json`.
    if (name === "diff") cmd.argument("[machines.json]", "the same as --machines");
    return cmd
      .option("--machines <machines.json>", "the app's Machines: GET /v1/apps/APP/machines or fly machines list --json")
      .option("--app <name>", "fetch the app's Machines from the Machines API (token: FLY_API_TOKEN or FLY_TOKEN; GET only)")
      .addOption(new Option("-f, --format <name>", "text for people, markdown for a pull request or $GITHUB_STEP_SUMMARY, json for tools").choices(["text", "markdown", "json"]).default("text"))
      .option("--no-ha", "plan as fly deploy --ha=false: one Machine per new group")
      .option("--api-url <url>", "Machines API base URL (default FLY_API_HOSTNAME or https://api.machines.dev/v1)")
      .option("--insecure", "allow a plain http:// --api-url that is not loopback (the token crosses the network unencrypted)")
      .addOption(new Option("--timeout <seconds>", "Machines API timeout").argParser(positiveInt))
      .addOption(new Option("--max-bytes <n>", "refuse input larger than this").argParser(positiveInt))
      .option("--allow-read <dir>", "also read files fly.toml names (local_path, machine_config) from DIR, not only the project root (repeatable)", collect)
      .action(async (file: string | undefined, ...rest: unknown[]) => {
        const legacy = name === "diff" ? (rest[0] as string | undefined) : undefined;
        const opts = (name === "diff" ? rest[1] : rest[0]) as Record<string, unknown>;
        if (legacy !== undefined) {
          if (opts.machines !== undefined) throw new CliError("give the Machines once: as --machines or as the second argument");
          opts.machines = legacy;
        }
        const { runPlan } = await import("./plan.js");
        code = await runPlan(file, opts, io);
      });
  };
  planCommand("plan", "show what fly deploy would create, update and destroy: exit 0 no change, 1 changes, 2 usage/I/O/API error");
  planCommand("diff", "the same as plan (its former name)");

  try {
    await program.parseAsync(argv, { from: "user" });
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; anything else commander rejects is a usage error.
      return err.exitCode === 0 || err.code === "commander.helpDisplayed" || err.code === "commander.version" ? 0 : 2;
    }
    if (err instanceof CliError) {
      printError(io, err.message, err.details);
      return err.exitCode;
    }
    printError(io, `internal error: ${(err as Error)?.message ?? String(err)}`);
    return 2;
  }
}
