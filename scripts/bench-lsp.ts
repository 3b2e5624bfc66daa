// (e) The language server as an editor meets it: didChange → publishDiagnostics latency for a realistic fly.toml
// (median and p95 over 100 edits, the server's default debounce included) beside a one-shot `flyconf lint` of the
// same file (median of interleaved runs): target median ≤ half the CLI. Then memory: the heap after a collection
// (node --expose-gc, request flyconf/memoryUsage) after a warm-up and after 10,000 more edits: target flat.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bin, LspClient, projectRoot } from "../test/helpers/lsp-client.js";

export interface LspFigures {
  editMedian: number;
  editP95: number;
  edits: number;
  cliMedian: number;
  cliRuns: number;
  heapWarm: number;
  heapEnd: number;
  memoryEdits: number;
  bytesPerEdit: number;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** Two edits that undo each other: `auto_start_machines = true` ↔ `= "true"` (a finding appears and goes). */
function toggler(text: string) {
  const lines = text.split("\n");
  const line = lines.findIndex((l) => /^\s*auto_start_machines = true$/.test(l));
  if (line < 0) throw new Error("bench-lsp: the file needs an `auto_start_machines = true` line");
  const col = lines[line]!.indexOf("true");
  let quoted = false;
  return () => {
    const change = quoted
      ? { range: { start: { line, character: col }, end: { line, character: col + 6 } }, text: "true" }
      : { range: { start: { line, character: col }, end: { line, character: col + 4 } }, text: '"true"' };
    quoted = !quoted;
    return change;
  };
}

export async function benchLsp(text: string, quick: boolean): Promise<LspFigures> {
  const dir = join(projectRoot, ".tmp/bench-lsp");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "fly.toml");
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;

  // Latency, with the server's own settings.
  const client = new LspClient(["lsp", "--stdio"], dir, ["--expose-gc"]);
  await client.initialize();
  await client.open(uri, text);
  const next = toggler(text);
  let version = 1;
  const edit = async () => {
    const t0 = process.hrtime.bigint();
    await client.change(uri, ++version, [next()]);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  for (let i = 0; i < 20; i++) await edit(); // warm-up
  const edits = 100;
  const times: number[] = [];
  for (let i = 0; i < edits; i++) times.push(await edit());

  // One-shot CLI lint of the same file, interleaved runs.
  const cliRuns = quick ? 7 : 21;
  const cli: number[] = [];
  for (let i = 0; i < cliRuns + 2; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, [bin, "lint", file], { stdio: "ignore" });
    if (i >= 2) cli.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }

  // Memory over many edits: heap after a collection, warm vs after the run.
  const memoryEdits = quick ? 2_000 : 10_000;
  for (let i = 0; i < 1_000; i++) await client.change(uri, ++version, [next()]);
  const warm = await client.request<{ heapUsed: number; collected: boolean }>("flyconf/memoryUsage", {});
  if (!warm.collected) throw new Error("bench-lsp: the server ran without --expose-gc");
  for (let i = 0; i < memoryEdits; i++) await client.change(uri, ++version, [next()]);
  const end = await client.request<{ heapUsed: number }>("flyconf/memoryUsage", {});
  await client.stop();

  const sorted = [...times].sort((a, b) => a - b);
  return {
    editMedian: pct(sorted, 50),
    editP95: pct(sorted, 95),
    edits,
    cliMedian: pct(cli, 50),
    cliRuns,
    heapWarm: warm.heapUsed,
    heapEnd: end.heapUsed,
    memoryEdits,
    bytesPerEdit: (end.heapUsed - warm.heapUsed) / memoryEdits,
  };
}
