// --fix: text edits on source ranges. Properties: idempotent, every byte outside an edit unchanged, re-lint clean
// for the fixed rule; the write is atomic, so a failed write (read-only file or directory, full disk) leaves the
// original intact. Also the unified diff behind --fix-dry-run.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as realFs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Diagnostic, TextEdit } from "../src/diagnostic.js";
import { main } from "../src/cli/main.js";
import { writeFileAtomic } from "../src/cli/io.js";
import { applyFixes, fixText, MAX_FIX_PASSES } from "../src/lint/fix.js";
import { lint } from "../src/lint/lint.js";
import { diffLines, splitLinesKeepEnds, unifiedDiff } from "../src/lint/unified-diff.js";
import { projectRoot } from "./helpers/shared.js";

// A switchable fault in node:fs for the "disk full" test: when `failWrites` is set, writeSync fails with ENOSPC
// after writing part of the data (as a real full disk does). Everything else passes through to the real fs.
const fault = vi.hoisted(() => ({ failWrites: false }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const writeSync = ((fd: number, buf: Uint8Array, off?: number, len?: number) => {
    if (fault.failWrites) {
      if ((len ?? buf.length) > 4) (fs.writeSync as (fd: number, b: Uint8Array, o: number, l: number) => number)(fd, buf, off ?? 0, 4);
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });
    }
    return (fs.writeSync as (...a: unknown[]) => number)(fd, buf, off, len);
  }) as typeof fs.writeSync;
  return { ...fs, default: { ...fs, writeSync }, writeSync };
});

const FIXTURE = join(projectRoot, "fixtures/fix/autostart.toml");
const FIXED = join(projectRoot, "fixtures/fix/autostart.fixed.toml");
const isRoot = process.getuid?.() === 0;

const tmpRoot = mkdtempSync(join(tmpdir(), "flyconf-fix-"));
afterAll(() => {
  rmSync(tmpRoot, { recursive: true, force: true });
});
beforeEach(() => {
  fault.failWrites = false;
});

let tmpN = 0;
function tmpDirWith(name: string, content: string | Buffer): { dir: string; file: string } {
  const dir = join(tmpRoot, `d${tmpN++}`);
  mkdirSync(dir);
  const file = join(dir, name);
  writeFileSync(file, content);
  return { dir, file };
}

function capture() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), env: {}, isTTY: false } };
}

const d = (start: number, end: number, text: string, ruleId = "r"): Diagnostic => ({
  ruleId,
  severity: "error",
  message: "m",
  line: 1,
  column: 1,
  endLine: 1,
  endColumn: 1,
  keyPath: "",
  fix: { description: "f", edits: [{ start, end, text }] },
});

/** Every byte outside the edits is unchanged: walk the edits (sorted) and compare the gaps. */
function expectOnlyEditsChanged(before: string, after: string, edits: readonly TextEdit[]) {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let a = 0;
  let b = 0;
  for (const e of sorted) {
    const gap = before.slice(a, e.start);
    expect(after.slice(b, b + gap.length)).toBe(gap);
    b += gap.length;
    expect(after.slice(b, b + e.text.length)).toBe(e.text);
    b += e.text.length;
    a = e.end;
  }
  expect(after.slice(b)).toBe(before.slice(a));
}

describe("applyFixes (one pass)", () => {
  it("applies non-overlapping fixes in any diagnostic order, by offset", () => {
    const text = "0123456789";
    const r = applyFixes(text, [d(6, 8, "X"), d(0, 1, "AB"), d(3, 3, "+")]);
    expect(r.text).toBe("AB12+345X89");
    expect(r.applied).toBe(3);
  });

  it("skips a fix overlapping one already taken (the earlier one in the text wins)", () => {
    const r = applyFixes("abcdef", [d(2, 5, "X"), d(1, 3, "Y")]);
    expect(r.text).toBe("aYdef");
    expect(r.applied).toBe(1);
  });

  it("treats two edits starting at one offset as a conflict (order would be ambiguous) but allows touching ranges", () => {
    expect(applyFixes("abc", [d(1, 1, "X"), d(1, 1, "Y")]).text).toBe("aXbc");
    expect(applyFixes("abcd", [d(0, 2, "X"), d(2, 4, "Y")]).text).toBe("XY");
  });

  it("applies a multi-edit fix all or nothing", () => {
    const multi: Diagnostic = { ...d(0, 0, ""), fix: { description: "both", edits: [{ start: 5, end: 6, text: "F" }, { start: 0, end: 1, text: "A" }] } };
    expect(applyFixes("abcdef", [multi]).text).toBe("AbcdeF");
    // A second multi-edit fix whose first edit is free but whose second collides is skipped whole.
    const m1: Diagnostic = { ...d(0, 0, ""), fix: { description: "m1", edits: [{ start: 0, end: 1, text: "A" }, { start: 4, end: 5, text: "E" }] } };
    const m2: Diagnostic = { ...d(0, 0, ""), fix: { description: "m2", edits: [{ start: 2, end: 3, text: "C" }, { start: 4, end: 6, text: "Z" }] } };
    const r = applyFixes("abcdef", [m2, m1]);
    expect(r.text).toBe("AbcdEf");
    expect(r.applied).toBe(1);
    expect(r.fixed).toEqual([m1]);
  });

  it("skips invalid edits (out of range, reversed) and no-op fixes, and ignores diagnostics without a fix", () => {
    const noFix: Diagnostic = { ...d(0, 0, ""), fix: undefined };
    const r = applyFixes("abc", [d(2, 9, "X"), d(2, 1, "X"), d(0, 1, "a"), noFix]);
    expect(r).toEqual({ text: "abc", applied: 0, fixed: [] });
  });

  it("keeps everything outside the edits, including CRLF and non-ASCII text", () => {
    const text = "é = \"true\"\r\n# ünïcode 🚀\r\nx = \"false\"\r\n";
    const e1 = text.indexOf('"true"');
    const e2 = text.indexOf('"false"');
    const diags = [d(e1, e1 + 6, "true"), d(e2, e2 + 7, "false")];
    const r = applyFixes(text, diags);
    expect(r.text).toBe("é = true\r\n# ünïcode 🚀\r\nx = false\r\n");
    expectOnlyEditsChanged(text, r.text, diags.map((x) => x.fix!.edits[0]!));
  });
});

describe("fixText on the fixture (autostart-type)", () => {
  const before = readFileSync(FIXTURE, "utf8");
  const first = fixText(before);

  it("matches the golden output", () => {
    expect(first.text).toBe(readFileSync(FIXED, "utf8"));
    expect(first.applied).toBe(3);
  });

  it("changes only the bytes inside the fixes' edits (comments, spacing, order kept)", () => {
    const edits = lint(before).diagnostics.flatMap((x) => (x.fix ? x.fix.edits : []));
    expect(edits).toHaveLength(3);
    expectOnlyEditsChanged(before, first.text, edits);
    // An oracle independent of the edits: line by line, only the three value lines differ, by two quotes each.
    const a = before.split("\n");
    const b = first.text.split("\n");
    expect(b).toHaveLength(a.length);
    const changed = a.map((l, i) => (l === b[i] ? -1 : i)).filter((i) => i >= 0);
    expect(changed).toHaveLength(3);
    for (const i of changed) {
      expect(a[i]).toContain("auto_start_machines");
      expect(a[i]!.replace(/"(true|false)"/, "$1")).toBe(b[i]);
    }
  });

  it("re-lints clean for the fixed rule", () => {
    expect(lint(before).diagnostics.filter((x) => x.ruleId === "autostart-type")).toHaveLength(3);
    expect(first.result.diagnostics.filter((x) => x.ruleId === "autostart-type")).toEqual([]);
    expect(lint(first.text).diagnostics.filter((x) => x.ruleId === "autostart-type")).toEqual([]);
  });

  it("is idempotent: fixing the output again applies nothing and changes nothing", () => {
    const second = fixText(first.text);
    expect(second.applied).toBe(0);
    expect(second.passes).toBe(0);
    expect(second.text).toBe(first.text);
  });

  it("applies nothing for a rule set to off, and for a suppressed finding", () => {
    expect(fixText(before, { rules: { "autostart-type": "off" } }).applied).toBe(0);
    const suppressed = before.replace('  auto_start_machines   =', "  # flyconf-disable-next-line autostart-type -- on purpose\n  auto_start_machines   =");
    const r = fixText(suppressed);
    expect(r.applied).toBe(2);
    expect(r.text).toContain('auto_start_machines   =   "true"');
  });

  it("fixes regardless of severity (a warning's fix applies too)", () => {
    expect(fixText(before, { rules: { "autostart-type": "warn" } }).text).toBe(first.text);
  });

  it("leaves unparseable input alone and says why", () => {
    const r = fixText('app = "x"\nauto_start_machines = "true\n');
    expect(r.applied).toBe(0);
    expect(r.result.diagnostics.map((x) => x.ruleId)).toEqual(["toml-syntax"]);
    const bad = fixText(new Uint8Array([0x61, 0x3d, 0xff]));
    expect(bad.applied).toBe(0);
  });

  it("strips a BOM for offsets (the CLI puts it back; see cli-lint tests)", () => {
    const r = fixText(`\uFEFF${before}`);
    expect(r.text).toBe(first.text);
  });

  it("stops within MAX_FIX_PASSES", () => {
    expect(MAX_FIX_PASSES).toBe(10);
    expect(first.passes).toBeLessThanOrEqual(MAX_FIX_PASSES);
  });
});

describe("fix properties on generated files", () => {
  // A small seeded PRNG so failures reproduce.
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => {
      s = (s * 1664525 + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  }
  function generate(seed: number): string {
    const r = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    const sp = () => pick(["", " ", "  ", "\t"]);
    const comment = () => (r() < 0.4 ? `${sp()} # ${pick(["note", "ünïcode ✓", '"quoted" = "true"', "auto_start_machines = \"true\""])}` : "");
    const eol = pick(["\n", "\r\n"]);
    const val = () => pick(['"true"', '"false"', "true", "false"]);
    const lines: string[] = [`app = "g${seed}"${comment()}`];
    if (r() < 0.5) lines.push(`# header comment${comment()}`);
    lines.push("[http_service]", `${sp()}internal_port${sp()}=${sp()}8080${comment()}`, `${sp()}auto_start_machines${sp()}=${sp()}${val()}${comment()}`);
    const n = Math.floor(r() * 3);
    for (let i = 0; i < n; i++) {
      lines.push("", "[[services]]", `  internal_port = ${9000 + i}`, '  protocol = "tcp"', `  auto_start_machines =${sp()}${val()}${comment()}`, "  [[services.ports]]", `    port = ${9000 + i}`);
    }
    const text = lines.join(eol) + (r() < 0.8 ? eol : "");
    return (r() < 0.2 ? "\uFEFF" : "") + text;
  }

  for (let seed = 1; seed <= 40; seed++) {
    it(`seed ${seed}: fixes every finding, only inside edits, idempotently`, () => {
      const input = generate(seed);
      const before = lint(input);
      const findings = before.diagnostics.filter((x) => x.ruleId === "autostart-type");
      const f = fixText(input);
      expect(f.applied).toBe(findings.length);
      expectOnlyEditsChanged(before.source, f.text, findings.flatMap((x) => x.fix!.edits));
      expect(lint(f.text).diagnostics.filter((x) => x.ruleId === "autostart-type")).toEqual([]);
      const again = fixText(f.text);
      expect(again.applied).toBe(0);
      expect(again.text).toBe(f.text);
    });
  }
});

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("f", "a\nb\n", "a\nb\n")).toBe("");
  });

  it("prints headers, a hunk with 3 lines of context, and leaves ',1' out", () => {
    const a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
    const b = "1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n";
    expect(unifiedDiff("fly.toml", a, b)).toBe("--- a/fly.toml\n+++ b/fly.toml\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+FIVE\n 6\n 7\n 8\n");
    expect(unifiedDiff("f", "x\n", "y\n")).toBe("--- a/f\n+++ b/f\n@@ -1 +1 @@\n-x\n+y\n");
  });

  it("splits distant changes into hunks and merges close ones (gap ≤ 6 lines)", () => {
    const a = Array.from({ length: 30 }, (_, i) => `${i}\n`).join("");
    const far = a.replace("3\n", "three\n").replace("20\n", "twenty\n");
    expect(unifiedDiff("f", a, far).match(/^@@/gm)).toHaveLength(2);
    const near = a.replace("3\n", "three\n").replace("10\n", "ten\n");
    expect(unifiedDiff("f", a, near).match(/^@@/gm)).toHaveLength(1);
  });

  it("marks a missing final newline, and handles empty sides", () => {
    expect(unifiedDiff("f", "a\nb", "a\nc")).toBe("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
    expect(unifiedDiff("f", "", "a\n")).toBe("--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n");
    expect(unifiedDiff("f", "a\n", "")).toBe("--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-a\n");
  });

  it("keeps CR in CRLF lines", () => {
    expect(unifiedDiff("f", "a\r\nb\r\n", "a\r\nc\r\n")).toBe("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n");
  });

  // Oracles: applying the script rebuilds both sides, and its length is minimal (n + m - 2·LCS).
  function lcs(a: readonly string[], b: readonly string[]): number {
    const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
    return dp[a.length]![b.length]!;
  }
  it("diffLines gives a minimal, correct script on random inputs", () => {
    let s = 7;
    const r = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff), s / 0x7fffffff);
    for (let t = 0; t < 300; t++) {
      const a = Array.from({ length: Math.floor(r() * 12) }, () => `${"abc"[Math.floor(r() * 3)]}\n`);
      const b = Array.from({ length: Math.floor(r() * 12) }, () => `${"abc"[Math.floor(r() * 3)]}\n`);
      const ops = diffLines(a, b);
      expect(ops.filter((o) => o.kind !== "+").map((o) => o.line)).toEqual(a);
      expect(ops.filter((o) => o.kind !== "-").map((o) => o.line)).toEqual(b);
      expect(ops.filter((o) => o.kind !== " ").length).toBe(a.length + b.length - 2 * lcs(a, b));
    }
  });

  it("splitLinesKeepEnds keeps terminators and a last unterminated line", () => {
    expect(splitLinesKeepEnds("a\r\nb\nc")).toEqual(["a\r\n", "b\n", "c"]);
    expect(splitLinesKeepEnds("")).toEqual([]);
  });

  const hasGit = spawnSync("git", ["--version"]).status === 0;
  it.skipIf(!hasGit)("is accepted by git apply, which reproduces the fixed file", () => {
    const before = readFileSync(FIXTURE, "utf8");
    const after = fixText(before).text;
    const { dir } = tmpDirWith("fly.toml", before);
    const patch = unifiedDiff("fly.toml", before, after);
    writeFileSync(join(dir, "fix.patch"), patch);
    execFileSync("git", ["apply", "--unidiff-zero", "fix.patch"], { cwd: dir });
    expect(readFileSync(join(dir, "fly.toml"), "utf8")).toBe(after);
    // And a diff with a missing final newline and CRLF.
    const b2 = "a = 1\r\nb = \"true\"\r\nc = 3";
    const a2 = "a = 1\r\nb = true\r\nc = 4";
    writeFileSync(join(dir, "x.toml"), b2);
    writeFileSync(join(dir, "x.patch"), unifiedDiff("x.toml", b2, a2));
    execFileSync("git", ["apply", "x.patch"], { cwd: dir });
    expect(readFileSync(join(dir, "x.toml"), "utf8")).toBe(a2);
  });
});

describe("--fix through the CLI (in-process)", () => {
  it("writes the fix, keeps the BOM and file mode, and a second run changes nothing", async () => {
    const original = `\uFEFF${readFileSync(FIXTURE, "utf8")}`;
    const { dir, file } = tmpDirWith("fly.toml", original);
    chmodSync(file, 0o640);
    const c1 = capture();
    expect(await main(["lint", "--fix", "--rule", "group-inconsistent=off", "--rule", "autostop-without-autostart=off", file], c1.io)).toBe(0);
    const once = readFileSync(file);
    expect(once.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(once.toString("utf8")).toBe(`\uFEFF${readFileSync(FIXED, "utf8")}`);
    expect(realFs.statSync(file).mode & 0o777).toBe(0o640);
    const c2 = capture();
    expect(await main(["lint", "--fix", "--rule", "group-inconsistent=off", "--rule", "autostop-without-autostart=off", file], c2.io)).toBe(0);
    expect(readFileSync(file)).toEqual(once);
    expect(readdirSync(dir)).toEqual(["fly.toml"]); // no temp files left behind
  });

  it("does not touch a file with nothing to fix (not even rewriting the same bytes)", async () => {
    const { file } = tmpDirWith("fly.toml", 'app = "x"\n');
    const mtime = realFs.statSync(file).mtimeMs;
    const writes: string[] = [];
    const c = capture();
    expect(await main(["lint", "--fix", file], { ...c.io, writeFile: (p: string) => void writes.push(p) })).toBe(0);
    expect(writes).toEqual([]);
    expect(realFs.statSync(file).mtimeMs).toBe(mtime);
  });
});

describe("a failed --fix write leaves the original intact", () => {
  const original = readFileSync(FIXTURE, "utf8");

  it("disk full (ENOSPC injected into the real writeFileAtomic): exit 2, clear message, original bytes, no temp file", async () => {
    // Proves: writeFileAtomic's failure path (partial write to the temp file, then ENOSPC) never reaches the target
    // and cleans up; the CLI reports it as an I/O error. The ENOSPC itself is simulated in node:fs.writeSync.
    const { dir, file } = tmpDirWith("fly.toml", original);
    const c = capture();
    fault.failWrites = true;
    const code = await main(["lint", "--fix", file], c.io);
    fault.failWrites = false;
    expect(code).toBe(2);
    expect(c.out.stderr).toContain("no space left on device");
    expect(c.out.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(file, "utf8")).toBe(original);
    expect(readdirSync(dir)).toEqual(["fly.toml"]);
    // The report shows the findings of the file as it still is.
    expect(c.out.stdout).toContain("autostart-type");
  });

  it("writeFileAtomic itself: ENOSPC mid-write leaves the target byte-identical", () => {
    const { dir, file } = tmpDirWith("x.txt", "old contents\n");
    fault.failWrites = true;
    expect(() => writeFileAtomic(file, "new contents that do not fit\n")).toThrow(/no space left on device/);
    fault.failWrites = false;
    expect(readFileSync(file, "utf8")).toBe("old contents\n");
    expect(readdirSync(dir)).toEqual(["x.txt"]);
  });

  it.skipIf(isRoot)("read-only file in a read-only directory (chmod; non-root only): exit 2, original intact", async () => {
    // Proves the real permission path: the temp file cannot be created in a 0555 directory, so nothing is renamed.
    const { dir, file } = tmpDirWith("fly.toml", original);
    chmodSync(file, 0o444);
    chmodSync(dir, 0o555);
    try {
      const c = capture();
      expect(await main(["lint", "--fix", file], c.io)).toBe(2);
      expect(c.out.stderr).toContain("permission denied");
      expect(readFileSync(file, "utf8")).toBe(original);
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  // As root, chmod does not stop writes. A read-only tmpfs mount (needs CAP_SYS_ADMIN) does: EROFS. And a tiny
  // tmpfs gives a real ENOSPC. Where mounting is not allowed these tests are skipped; the injected-fault tests
  // above still cover the failure path.
  const canMount = (() => {
    if (!isRoot || process.platform !== "linux") return false;
    const probe = mkdtempSync(join(tmpdir(), "flyconf-mnt-probe-"));
    const ok = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]).status === 0;
    if (ok) spawnSync("umount", [probe]);
    rmSync(probe, { recursive: true, force: true });
    return ok;
  })();

  function withMount(size: string, fn: (mnt: string) => Promise<void>): () => Promise<void> {
    return async () => {
      const mnt = mkdtempSync(join(tmpdir(), "flyconf-mnt-"));
      expect(spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", mnt]).status).toBe(0);
      try {
        await fn(mnt);
      } finally {
        spawnSync("umount", [mnt]);
        rmSync(mnt, { recursive: true, force: true });
      }
    };
  }

  it.skipIf(!canMount)(
    "read-only file system (root: tmpfs remounted ro): exit 2, original intact",
    withMount("64k", async (mnt) => {
      const file = join(mnt, "fly.toml");
      writeFileSync(file, original);
      expect(spawnSync("mount", ["-o", "remount,ro", mnt]).status).toBe(0);
      const c = capture();
      expect(await main(["lint", "--fix", file], c.io)).toBe(2);
      expect(c.out.stderr).toMatch(/read-only file system/);
      expect(readFileSync(file, "utf8")).toBe(original);
    }),
  );

  it.skipIf(!canMount)(
    "a really full disk (root: 8 KiB tmpfs, file padded to fill it): exit 2, original intact, no temp file",
    withMount("8k", async (mnt) => {
      const file = join(mnt, "fly.toml");
      // Pad with a comment until the file system is full, then shrink the file a little so it still fits.
      const padded = `${original}# ${"x".repeat(8192)}\n`;
      let content = padded;
      for (;;) {
        try {
          writeFileSync(file, content);
          break;
        } catch {
          content = `${original}# ${"x".repeat(Math.max(0, content.length - original.length - 600))}\n`;
        }
      }
      const before = readFileSync(file, "utf8");
      expect(lint(before).diagnostics.some((x) => x.fix)).toBe(true);
      const c = capture();
      expect(await main(["lint", "--fix", file], c.io)).toBe(2);
      expect(c.out.stderr).toContain("no space left on device");
      expect(readFileSync(file, "utf8")).toBe(before);
      expect(readdirSync(mnt)).toEqual(["fly.toml"]);
    }),
  );

  it("an injected writer failing (the LintIO seam) also leaves the file alone and exits 2", async () => {
    const { file } = tmpDirWith("fly.toml", original);
    const c = capture();
    const code = await main(["lint", "--fix", file], {
      ...c.io,
      writeFile: () => {
        throw Object.assign(new Error("EIO: i/o error, write"), { code: "EIO" });
      },
    });
    expect(code).toBe(2);
    expect(c.out.stderr).toContain("EIO");
    expect(readFileSync(file, "utf8")).toBe(original);
    expect(existsSync(file)).toBe(true);
  });
});
