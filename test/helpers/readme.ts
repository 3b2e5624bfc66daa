// The README's "Platform builders" section as code: its fly.toml block and its ```ts blocks joined in order (one
// program). Used by the test that runs the program and by the one that type-checks it against the declarations.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./shared.js";

export function platformSection(): { toml: string; program: string } {
  const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
  const start = readme.indexOf("\n## Platform builders\n");
  if (start < 0) throw new Error("README has no Platform builders section");
  const end = readme.indexOf("\n## ", start + 5);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/```(ts|toml)\n([^]*?)```/g)];
  const toml = blocks.find((b) => b[1] === "toml")?.[2];
  if (!toml) throw new Error("no fly.toml block");
  return { toml, program: blocks.filter((b) => b[1] === "ts").map((b) => b[2]).join("\n") };
}
