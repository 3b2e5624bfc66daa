// Minimal ANSI styling; a palette of identity functions when colour is off keeps call sites branch-free.
import type { Severity } from "../diagnostic.js";

type Paint = (text: string) => string;

export interface Palette {
  bold: Paint;
  dim: Paint;
  underline: Paint;
  red: Paint;
  yellow: Paint;
  blue: Paint;
  severity: (severity: Severity) => Paint;
}

const sgr =
  (open: number, close: number): Paint =>
  (text) =>
    text === "" ? "" : `\x1b[${open}m${text}\x1b[${close}m`;

const plain: Paint = (text) => text;

export function palette(color: boolean): Palette {
  if (!color) {
    return { bold: plain, dim: plain, underline: plain, red: plain, yellow: plain, blue: plain, severity: () => plain };
  }
  const red = sgr(31, 39);
  const yellow = sgr(33, 39);
  const blue = sgr(34, 39);
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    underline: sgr(4, 24),
    red,
    yellow,
    blue,
    severity: (s) => (s === "error" ? red : s === "warning" ? yellow : blue),
  };
}
