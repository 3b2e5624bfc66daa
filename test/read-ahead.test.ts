// The read-ahead thread of a large `flyconf lint` (src/cli/read-ahead.ts): whichever side reads a file, the lint
// side gets what readRegularFile gives (the same bytes, the same refusal), in order, with memory bounded; a thread
// that cannot start changes nothing but speed. The thread runs the built script (npm run build; .ci/run builds
// before testing); the built CLI is compared with the in-process one, which reads every file itself.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { ReadAhead, READ_AHEAD_FROM } from "../src/cli/read-ahead.js";
import { NEXT, PUBLISHED, WINDOW_BYTES } from "../src/cli/read-ahead-shared.js";
import { FileReadError, readRegularFile } from "../src/reader/file.js";
import { projectRoot } from "./helpers/shared.js";

const WORKER = join(projectRoot, "dist/cli/read-ahead-worker.js");
const tmpRoot = mkdtempSync(join(tmpdir(), "flyconf-read-ahead-"));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

beforeAll(() => {
  if (!existsSync(WORKER)) throw new Error("dist/ is missing: run npm run build before npm test");
});

/** What readRegularFile says of a file: its bytes, or its refusal. */
function direct(path: string, max: number): { bytes?: string; error?: { message: string; code: string; tooBig: unknown } } {
  try {
    return { bytes: Buffer.from(readRegularFile(path, max)).toString("hex") };
  } catch (e) {
    const err = e as FileReadError;
    return { error: { message: err.message, code: err.code, tooBig: err.tooBig } };
  }
}

function viaReadAhead(ra: ReadAhead, i: number): ReturnType<typeof direct> {
  try {
    return { bytes: Buffer.from(ra.take(i)).toString("hex") };
  } catch (e) {
    expect(e).toBeInstanceOf(FileReadError);
    const err = e as FileReadError;
    return { error: { message: err.message, code: err.code, tooBig: err.tooBig } };
  }
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Waits (at most 5 s) until the thread has claimed `n` files, or until the count stops growing for 100 ms. */
function untilClaimed(ra: ReadAhead, n: number): void {
  const deadline = Date.now() + 5000;
  let last = -1;
  let still = 0;
  while (Date.now() < deadline && ra.claimed() < n) {
    const c = ra.claimed();
    still = c === last && c > 0 ? still + 10 : 0;
    if (still >= 100) return;
    last = c;
    sleep(10);
  }
}

/** A tree of fly.toml files with every kind of input the reader refuses among them. */
function makeInputs(dir: string): { paths: string[]; caps: number[] } {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  const caps: number[] = [];
  for (let i = 0; i < 150; i++) {
    const p = join(dir, `f${String(i).padStart(3, "0")}.toml`);
    // Sizes from empty to ~12 KB, bytes that are not text among them.
    writeFileSync(p, Buffer.concat([Buffer.from(`app = "a${i}"\n`), Buffer.alloc((i * 83) % 12000, i % 251)]));
    paths.push(p);
    caps.push(1 << 20);
  }
  const odd = [
    ["missing.toml", undefined],
    ["a-directory", "dir"],
    ["fifo.toml", "fifo"],
    ["zero.toml", "/dev/zero"],
    ["over-cap.toml", "big"],
  ] as const;
  for (const [name, kind] of odd) {
    const p = join(dir, name);
    if (kind === "dir") mkdirSync(p);
    else if (kind === "fifo") expect(spawnSync("mkfifo", [p]).status).toBe(0);
    else if (kind === "big") writeFileSync(p, Buffer.alloc(5000, 65));
    else if (kind !== undefined) symlinkSync(kind, p);
    // Spread among the regular files, so both sides meet them.
    const at = (paths.length * 7) % paths.length;
    paths.splice(at, 0, p);
    caps.splice(at, 0, kind === "big" ? 4096 : 1 << 20);
  }
  return { paths, caps };
}

describe("ReadAhead", () => {
  // One tree for the tests that only read it.
  let inputs: { paths: string[]; caps: number[] };
  beforeAll(() => {
    inputs = makeInputs(join(tmpRoot, "mixed"));
  });

  it("gives each file what readRegularFile gives, in order, whichever side read it", () => {
    const { paths, caps } = inputs;
    const ra = new ReadAhead(paths, caps, { workerFile: WORKER });
    try {
      // Let the thread start and read ahead, then take every file.
      untilClaimed(ra, paths.length);
      for (let i = 0; i < paths.length; i++) expect(viaReadAhead(ra, i), paths[i]).toEqual(direct(paths[i]!, caps[i]!));
      expect(ra.counts.thread + ra.counts.here).toBe(paths.length);
      expect(ra.counts.thread).toBeGreaterThan(paths.length / 2);
    } finally {
      ra.close();
    }
  });

  it("reads everything on the lint side when the thread cannot start", () => {
    const { paths, caps } = inputs;
    const ra = new ReadAhead(paths, caps, { workerFile: join(tmpRoot, "no-such-worker.js") });
    try {
      sleep(50);
      for (let i = 0; i < paths.length; i++) expect(viaReadAhead(ra, i)).toEqual(direct(paths[i]!, caps[i]!));
      expect(ra.counts).toEqual({ thread: 0, here: paths.length });
    } finally {
      ra.close();
    }
  });

  it("reads a file itself when the thread claimed it and went quiet", () => {
    const { paths, caps } = inputs;
    // A thread that claims the first ten files, says it posted something, and then never posts anything.
    const quiet = join(tmpRoot, "quiet-worker.cjs");
    writeFileSync(
      quiet,
      `const { workerData } = require("node:worker_threads");
const ctl = new Int32Array(workerData.job.control);
Atomics.store(ctl, ${NEXT}, 10);
Atomics.add(ctl, ${PUBLISHED}, 1);
Atomics.notify(ctl, ${PUBLISHED});
setInterval(() => {}, 1000);
`,
    );
    const ra = new ReadAhead(paths, caps, { workerFile: quiet, patienceMs: 300 });
    try {
      untilClaimed(ra, 10);
      const started = Date.now();
      for (let i = 0; i < paths.length; i++) expect(viaReadAhead(ra, i)).toEqual(direct(paths[i]!, caps[i]!));
      expect(ra.counts).toEqual({ thread: 0, here: paths.length });
      // Patience is spent once: then the thread is stopped and this side reads on without waiting.
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      ra.close();
    }
  });

  it("reads no further ahead than its window", () => {
    const dir = join(tmpRoot, "window");
    mkdirSync(dir);
    const size = 1024 * 1024;
    const paths = Array.from({ length: 40 }, (_, i) => join(dir, `big${i}.toml`));
    for (const p of paths) writeFileSync(p, Buffer.alloc(size, 66));
    const ra = new ReadAhead(paths, paths.map(() => 2 * size), { workerFile: WORKER });
    try {
      // Until the thread stops at its window (its count stops growing).
      untilClaimed(ra, paths.length);
      // The window plus what the thread holds unposted (under a batch's 512 KB, and the file that tips it over).
      const held = ra.claimed();
      expect(held).toBeGreaterThan(0);
      expect(held * size).toBeLessThanOrEqual(WINDOW_BYTES + 2 * size);
      // Taking files lets it go on, to the end.
      for (let i = 0; i < paths.length; i++) expect(ra.take(i).length).toBe(size);
      expect(ra.counts.thread).toBeGreaterThan(WINDOW_BYTES / size);
    } finally {
      ra.close();
    }
  });
});

describe("flyconf lint with read-ahead", () => {
  it(`gives the same report and exit code as reading on one thread (${READ_AHEAD_FROM}+ files, some unreadable)`, async () => {
    const dir = join(tmpRoot, "tree");
    const demo = `app = "demo"\n[http_service]\ninternal_port = 8080\nauto_stop_machines = "stop"\nauto_start_machines = false\n`;
    for (let i = 0; i < READ_AHEAD_FROM + 4; i++) {
      mkdirSync(join(dir, `app${String(i).padStart(2, "0")}`), { recursive: true });
      writeFileSync(join(dir, `app${String(i).padStart(2, "0")}`, "fly.toml"), i % 3 ? demo : `${demo}kill_timeout = 5\n[[vm]]\nmemory = "1gb"\n`);
    }
    // Over the byte cap (an input-size finding, from the read) and a link to a device (skipped by the walk).
    writeFileSync(join(dir, "app10", "fly.toml"), `app = "big"\n# ${"x".repeat(2000)}\n`);
    rmSync(join(dir, "app20", "fly.toml"));
    symlinkSync("/dev/zero", join(dir, "app20", "fly.toml"));
    const args = ["lint", dir, "--format", "json", "--max-bytes", "1500"];

    const r = spawnSync(process.execPath, [join(projectRoot, "bin/flyconf.js"), ...args], { cwd: tmpRoot, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
    // In-process, the thread's script is not beside the TypeScript sources: every file is read on this side.
    let out = "";
    let err = "";
    const code = await main(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: tmpRoot, env: {}, isTTY: false });
    expect(r.stdout).toBe(out);
    expect(r.stderr).toBe(err);
    expect(r.status).toBe(code);
    expect(JSON.parse(out).files).toHaveLength(READ_AHEAD_FROM + 3);
    expect(err).toContain("skipped");
    expect(JSON.parse(out).files.find((f: { path: string }) => f.path.endsWith("app10/fly.toml")).diagnostics[0].ruleId).toBe("input-size");
  });
});
