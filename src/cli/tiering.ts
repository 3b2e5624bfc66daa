// When V8's optimizing compiler (TurboFan) runs during `flyconf lint`. A short lint (a pre-commit hook on one
// fly.toml) ends before optimized code pays for compiling it: the compile jobs cost more CPU than they save (on this
// 2-core machine ~15 ms of a ~130 ms lint of an 8.4 KB file). So a lint started from the command line turns
// TurboFan off before it lints its first few KB, and on again before the input read so far passes PAYS_AFTER (or
// before work long by nature: a live fleet), for the rest of the process.
// Measured (whole processes, lint of N copies of an 8.4 KB fly.toml, TurboFan off all along vs on): 4 files 150 vs
// 200 ms, 16 files 367 vs 460 ms, 64 files 593 vs 396 ms. Below WORTH_IT nothing is touched: a file that small
// ends before TurboFan starts, and node:v8 costs ~1.4 ms to load. The switch is bin/flyconf.js's, which also keeps
// V8's code caches valid (read and written with the flags V8 started with). Never armed, as in the library or in
// tests, this does nothing.

/** Input bytes from which turning TurboFan off pays for loading node:v8. */
const WORTH_IT = 4 * 1024;
/** Input bytes after which TurboFan is on again: well below where it starts to pay (~250 KB of TOML). */
const PAYS_AFTER = 128 * 1024;
/**
 * A run of more files than this keeps TurboFan on from the start, whatever their size. Switched off for the first
 * 128 KB of a 10,296-file directory (164 files of the corpus), hot functions tier up late for the rest of the run:
 * the whole lint took ~10% longer (2.82 vs 2.50 s, medians of 5 interleaved runs).
 */
const MANY_FILES = 32;

let turbofan: ((on: boolean) => void) | undefined;
let off = false;
let seen = 0;

/** For the command-line process only: `setTurbofan` switches V8's optimizing compiler. */
export function adaptTiering(setTurbofan: (on: boolean) => void): void {
  turbofan = setTurbofan;
}

/** Call before linting `bytes` more bytes of input. */
export function willLint(bytes: number): void {
  if (!turbofan) return;
  seen += bytes;
  if (!off && seen >= WORTH_IT && seen < PAYS_AFTER) {
    turbofan(false);
    off = true;
  } else if (seen >= PAYS_AFTER) optimizeFromHere();
}

/** Call once the run knows how many files it lints: many files are long work whatever their sizes. */
export function willLintFiles(count: number): void {
  if (count > MANY_FILES) optimizeFromHere();
}

/** Call before work that is long whatever its input size: TurboFan stays on from here. */
export function optimizeFromHere(): void {
  if (off) turbofan?.(true);
  turbofan = undefined;
  off = false;
}
