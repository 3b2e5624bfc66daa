// Config reload for clients that watch no files for the server (Neovim 0.7 has no dynamic registration of
// workspace/didChangeWatchedFiles): the server watches, itself, the directories where the config of an open document
// is or could appear — from the document's directory up to its config's (a nearer one would win), or to the root
// when there is none — and reports a change of a config file name in them, debounced. Directory watches (not file
// watches) see a config created, changed, replaced by a rename or deleted alike. Bounded in number; closed on
// shutdown.
import { watch, type FSWatcher } from "node:fs";
import { dirname, resolve } from "node:path";
import { CONFIG_FILE_NAMES } from "../lint/config.js";

/** Directory watches at most (each is one inotify watch on Linux; the user's limit is shared with other programs). */
export const MAX_WATCHED_DIRECTORIES = 64;
export const CONFIG_WATCH_DEBOUNCE_MS = 50;

/** The directories whose config files can govern a document in `docDir`: up to its config's directory, else root. */
export function configSearchDirs(docDir: string, configPath: string | undefined): string[] {
  const stop = configPath === undefined ? undefined : dirname(resolve(configPath));
  const out: string[] = [];
  for (let d = resolve(docDir); ; d = dirname(d)) {
    out.push(d);
    if (d === stop || dirname(d) === d) return out;
  }
}

export class ConfigWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly onChange: () => void,
    private readonly max = MAX_WATCHED_DIRECTORIES,
    private readonly debounceMs = CONFIG_WATCH_DEBOUNCE_MS,
  ) {}

  /** Watches exactly these directories (the first `max` of them, in order): new ones are added, the rest closed. */
  update(dirs: Iterable<string>): void {
    if (this.closed) return;
    const want = new Set<string>();
    for (const d of dirs) {
      if (want.size >= this.max) break;
      want.add(d);
    }
    for (const [d, w] of this.watchers) {
      if (!want.has(d)) {
        w.close();
        this.watchers.delete(d);
      }
    }
    for (const d of want) if (!this.watchers.has(d)) this.add(d);
  }

  get size(): number {
    return this.watchers.size;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  private add(dir: string): void {
    let w: FSWatcher;
    try {
      w = watch(dir, { persistent: false }, (_event, name) => {
        // No name (some platforms): any change may be the config's.
        if (name === null || (CONFIG_FILE_NAMES as readonly string[]).includes(String(name))) this.changed();
      });
    } catch {
      return; // gone, unreadable, or out of watches: the config still reloads on save and on reopening
    }
    w.on("error", () => {
      w.close();
      if (this.watchers.get(dir) === w) this.watchers.delete(dir);
    });
    this.watchers.set(dir, w);
  }

  private changed(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) this.onChange();
    }, this.debounceMs);
  }
}
