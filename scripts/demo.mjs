#!/usr/bin/env node
// `npm run demo`: lint a clean example, lint one with the usual mistakes, then compile the clean one.
import { spawnSync } from "node:child_process";

const bin = new URL("../bin/flyconf.js", import.meta.url).pathname;
const dir = "fixtures/examples/demo";
const run = (args, expectCode) => {
  console.log(`\n$ flyconf ${args.join(" ")}`);
  const r = spawnSync(process.execPath, [bin, ...args], { stdio: "inherit", env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? "1" : "0" } });
  if (r.status !== expectCode) {
    console.error(`demo: expected exit ${expectCode}, got ${r.status}`);
    process.exit(1);
  }
  if (expectCode === 0 && args[0] === "lint") console.log("(no problems)");
};

run(["lint", `${dir}/fly.toml`], 0);
run(["lint", `${dir}/broken.fly.toml`], 1);
run(["compile", `${dir}/fly.toml`, "--group", "web"], 0);
