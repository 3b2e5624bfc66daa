// The thin CLI: parse arguments, call the core, print, return an exit code. Never a stack trace.
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { CliError } from "./io.js";
import { runCompile, type CliIO } from "./compile.js";

const VERSION = "0.1.0";

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError("must be a positive integer");
  return n;
}

export async function main(argv: string[], io: CliIO = { stdout: (s) => void process.stdout.write(s), stderr: (s) => void process.stderr.write(s) }): Promise<number> {
  let code = 0;
  const program = new Command("flyconf")
    .description("Compile and lint Fly.io fly.toml into the exact Machines API config flyctl would send")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .showHelpAfterError("(run flyconf --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command("compile")
    .description("compile fly.toml into Machine configs, one per process group (JSON on stdout)")
    .argument("[file]", "fly.toml to read; - reads stdin", "fly.toml")
    .option("-g, --group <name>", "only this process group's config")
    .option("--services", "only the services arrays")
    .option("--wrap", 'wrap as {"config": …}, the Machines API create/update body (needs --group or --merge)')
    .option("--merge <machine.json>", "start from this existing Machine (GET response or config): the update path")
    .option("--flyctl-version <version>", "add metadata.fly_flyctl_version as flyctl does")
    .addOption(new Option("--max-bytes <n>", "refuse input larger than this").argParser(positiveInt))
    .action(async (file: string, opts) => {
      code = await runCompile(file, opts, io);
    });

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
      io.stderr(`flyconf: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr(`flyconf: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    return 2;
  }
}
