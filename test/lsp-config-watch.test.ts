// The language server's own config watching (src/lsp/config-watch.ts), for clients without dynamic file watching:
// which directories, debouncing, the bound, and that nothing fires once closed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigWatcher, configSearchDirs } from "../src/lsp/config-watch.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(pred: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await sleep(10);
}

describe("ConfigWatcher", () => {
  const dir = mkdtempSync(join(tmpdir(), "flyconf-watch-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("configSearchDirs: the document's directory up to its config's, else to the root", () => {
    expect(configSearchDirs("/a/b/c", "/a/.flyconf.json")).toEqual(["/a/b/c", "/a/b", "/a"]);
    expect(configSearchDirs("/a/b", "/a/b/flyconf.config.json")).toEqual(["/a/b"]);
    expect(configSearchDirs("/a/b", undefined)).toEqual(["/a/b", "/a", "/"]);
  });

  it("a burst of writes to a config name is one change; other names are none; closed, nothing fires", async () => {
    mkdirSync(join(dir, "burst"));
    let calls = 0;
    const w = new ConfigWatcher(() => calls++, 64, 200);
    w.update([join(dir, "burst")]);
    writeFileSync(join(dir, "burst/fly.toml"), 'app = "x"\n');
    writeFileSync(join(dir, "burst/notes.json"), "{}");
    await sleep(200);
    expect(calls).toBe(0);
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, "burst/.flyconf.json"), JSON.stringify({ rules: {}, i }));
    await until(() => calls > 0);
    await sleep(400);
    expect(calls).toBe(1);
    rmSync(join(dir, "burst/.flyconf.json"));
    await until(() => calls > 1);
    expect(calls).toBe(2);
    w.close();
    expect(w.size).toBe(0);
    writeFileSync(join(dir, "burst/flyconf.config.json"), "{}");
    await sleep(200);
    expect(calls).toBe(2);
  });

  it("watches at most `max` directories, in the order given; update() closes those no longer wanted", () => {
    const dirs = Array.from({ length: 10 }, (_, i) => join(dir, `many${i}`));
    for (const d of dirs) mkdirSync(d);
    const w = new ConfigWatcher(() => undefined, 4, 50);
    w.update(dirs);
    expect(w.size).toBe(4);
    w.update(dirs.slice(8));
    expect(w.size).toBe(2);
    w.update([join(dir, "does-not-exist"), dirs[0]!]);
    expect(w.size).toBe(1); // a directory that cannot be watched is skipped
    w.close();
    w.update(dirs);
    expect(w.size).toBe(0);
  });
});
