/// <reference lib="dom" />
// The playground's budgets, measured in one run:
//   (d) total transfer of playground/dist (every file, gzip -9) — target ≤ 300 KB
//   (f) keystroke → updated diagnostics in headless Chromium: median over 50 edits of a 60-line fly.toml, from the
//       keydown event to the diagnostics list re-rendered (and to the next animation frame, i.e. painted), printed
//       beside the in-process lint() time of the same 50 texts in Node
//
//   npm run bench:playground      (npm run bench runs it as (d)/(f))
//   BENCH_JSON=1                  also print the figures as one JSON line
// Needs chromium (CHROMIUM_PATH or /usr/bin/chromium); builds the playground first.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { encodeBase64Url } from "../playground/src/state.js";
import { lint } from "../src/lint/lint.js";
import { findChromium, launchChromium } from "./chromium.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "playground/dist");
const EDITS = 50;
export const TRANSFER_BUDGET = 300 * 1024;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** 60 lines: the demo app (web + worker) and a restart policy written the API's way (one finding, fixable). */
function sixtyLines(): string {
  const demo = readFileSync(join(root, "fixtures/examples/demo/fly.toml"), "utf8").split("\n").slice(0, 58);
  const text = [...demo, "[[restart]]", '  policy = "no"'].join("\n");
  if (text.split("\n").length !== 60) throw new Error("bench-playground: the input must have 60 lines");
  return text;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (f === "screenshots") return [];
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

export interface PlaygroundFigures {
  transferBytes: number;
  rawBytes: number;
  files: string[];
  keystrokeMs?: number;
  keystrokePaintMs?: number;
  /** Of keystrokeMs, the page's lint + compile + render (the rest is the browser's and the editor's input handling). */
  pageWorkMs?: number;
  inProcessLintMs: number;
  edits: number;
  lines: number;
  chromium?: string;
}

export async function benchPlayground(): Promise<PlaygroundFigures> {
  execFileSync(process.execPath, [join(root, "playground/build.mjs")], { cwd: root, stdio: "pipe" });
  const all = files(dist);
  const transferBytes = all.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  const rawBytes = all.reduce((n, f) => n + statSync(f).size, 0);

  const text = sixtyLines();
  // The same 50 texts the browser sees: letters typed into the app name, then deleted again.
  const insertAt = text.indexOf('"acme-shop"') + '"acme-shop'.length;
  const texts: string[] = [];
  let typed = "";
  for (let i = 0; i < EDITS; i++) {
    typed = i < EDITS / 2 ? typed + String.fromCharCode(97 + (i % 26)) : typed.slice(0, -1);
    texts.push(text.slice(0, insertAt) + typed + text.slice(insertAt));
  }
  for (const t of texts.slice(0, 10)) lint(t); // warm up
  const nodeTimes = texts.map((t) => {
    const s = performance.now();
    lint(t);
    return performance.now() - s;
  });

  const figures: PlaygroundFigures = {
    transferBytes,
    rawBytes,
    files: all.map((f) => relative(root, f)),
    inProcessLintMs: median(nodeTimes),
    edits: EDITS,
    lines: 60,
  };
  const chromiumPath = findChromium();
  if (!chromiumPath) return figures;
  figures.chromium = chromiumPath;

  const browser = await launchChromium(chromiumPath);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(() => {
      const w = window as unknown as { __lastKey: number; __samples: { dom: number; paint: number; work: number }[] };
      w.__samples = [];
      document.addEventListener("keydown", (e) => (w.__lastKey = e.timeStamp), true);
      document.addEventListener("DOMContentLoaded", () => {
        const list = document.querySelector("#diagnostics")!;
        new MutationObserver(() => {
          const dom = performance.now() - w.__lastKey;
          // The page's own work for this keystroke: lint, compile, render (it stamps it on the list).
          const work = Number((list as HTMLElement).dataset.lintMs);
          requestAnimationFrame(() => w.__samples.push({ dom, paint: performance.now() - w.__lastKey, work }));
        }).observe(list, { attributes: true, attributeFilter: ["data-version"] });
      });
    });
    await page.goto(`${pathToFileURL(join(dist, "index.html")).href}#toml=${encodeBase64Url(text)}`);
    await page.waitForSelector("body[data-ready=true]");
    // Put the cursor inside the app name: click line 2, then End and one step left (before the closing quote).
    await page.click('[data-input="toml"] .cm-line:nth-child(2)');
    await page.keyboard.press("End");
    await page.keyboard.press("ArrowLeft");
    await page.evaluate(() => ((window as unknown as { __samples: unknown[] }).__samples.length = 0));
    for (let i = 0; i < EDITS; i++) {
      const count = i;
      if (i < EDITS / 2) await page.keyboard.type(String.fromCharCode(97 + (i % 26)));
      else await page.keyboard.press("Backspace");
      await page.waitForFunction((n) => (window as unknown as { __samples: unknown[] }).__samples.length > n, count);
    }
    const got = await page.evaluate(() => (window as unknown as { flyconfPlayground: { text: () => string } }).flyconfPlayground.text());
    if (got !== text) throw new Error("bench-playground: the edits did not leave the text as it was (the cursor was not where expected)");
    const samples = await page.evaluate(() => (window as unknown as { __samples: { dom: number; paint: number; work: number }[] }).__samples);
    figures.keystrokeMs = median(samples.map((s) => s.dom));
    figures.pageWorkMs = median(samples.map((s) => s.work));
    figures.keystrokePaintMs = median(samples.map((s) => s.paint));
  } finally {
    await browser.close();
  }
  return figures;
}

export function describeFigures(f: PlaygroundFigures): string[] {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const out = [`(d) playground transfer: ${kb(f.transferBytes)} gzip (${kb(f.rawBytes)} raw) in ${f.files.length} file(s): ${f.files.join(", ")}; budget ${kb(TRANSFER_BUDGET)}`];
  if (f.keystrokeMs === undefined) out.push("(f) keystroke → diagnostics: not measured (no chromium; set CHROMIUM_PATH)");
  else
    out.push(
      `(f) keystroke → diagnostics, median of ${f.edits} edits of a ${f.lines}-line fly.toml in headless Chromium: ${f.keystrokeMs.toFixed(2)} ms to the re-rendered list, ${f.keystrokePaintMs!.toFixed(2)} ms to the next frame (of which the page's lint + compile + render: ${f.pageWorkMs!.toFixed(2)} ms; Chromium coarsens timers to 0.1 ms); in-process lint() of the same texts in Node: ${f.inProcessLintMs.toFixed(2)} ms`,
    );
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const f = await benchPlayground();
  for (const line of describeFigures(f)) console.log(line);
  if (process.env.BENCH_JSON === "1") console.log(JSON.stringify(f));
}
