// The Machine JSON linter imports the precompiled validators in generated/ (built by `npm run build`). Tests build
// them first when a fresh clone has none.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./shared.js";

export function ensureValidators(): void {
  const gen = join(projectRoot, "generated");
  if (existsSync(join(gen, "machine-config.validate.js")) && existsSync(join(gen, "machine.validate.js"))) return;
  execFileSync(process.execPath, [join(projectRoot, "scripts/build-validators.mjs")], { cwd: projectRoot, stdio: "pipe", timeout: 60_000 });
}
