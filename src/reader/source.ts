// Source text: decoding bytes the way a strict tool must, and mapping offsets to 1-based line:column.
import type { ProblemData } from "../diagnostic.js";

export const DEFAULT_MAX_BYTES = 1024 * 1024;

export type DecodeResult =
  | { ok: true; text: string }
  | ({ ok: false; line: number; column: number } & ({ messageId: "file-too-large"; data: ProblemData["file-too-large"] } | { messageId: "invalid-utf8"; data: ProblemData["invalid-utf8"] }));

/** One decoder for every file: a call without `stream` starts afresh, and a fatal error leaves no state behind. */
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Bytes → text: strict UTF-8 (invalid bytes are an error, never U+FFFD), one leading BOM stripped, a size cap.
 * CRLF is left alone: TOML accepts it and positions stay those an editor shows.
 */
export function decodeSource(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): DecodeResult {
  if (bytes.length > maxBytes) {
    return { ok: false, messageId: "file-too-large", data: { size: bytes.length, max: maxBytes }, line: 1, column: 1 };
  }
  let text: string;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const before = new TextDecoder("utf-8").decode(bytes.subarray(0, at));
    const { line, column } = new LineIndex(before).position(before.length);
    return { ok: false, messageId: "invalid-utf8", data: { byte: at }, line, column };
  }
  return { ok: true, text: stripBom(text) };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Offset of the first byte that starts an ill-formed UTF-8 sequence (Unicode Table 3-7), or bytes.length. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c === 0xe0) {
      need = 2;
      lo = 0xa0;
    } else if (c === 0xed) {
      need = 2;
      hi = 0x9f;
    } else if (c >= 0xe1 && c <= 0xef) need = 2;
    else if (c === 0xf0) {
      need = 3;
      lo = 0x90;
    } else if (c === 0xf4) {
      need = 3;
      hi = 0x8f;
    } else if (c >= 0xf1 && c <= 0xf3) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined || b < (k === 1 ? lo : 0x80) || b > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return n;
}

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

/** Offset ↔ line:column for one text. Line breaks are LF; a CR before it belongs to the line. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    // indexOf, not a charCodeAt loop: V8 scans for one character far faster than a JS loop does.
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo]! + 1 };
  }
  offset(line: number, column: number): number {
    const start = this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]!;
    return Math.min(start + column - 1, this.text.length);
  }
  get lineCount(): number {
    return this.starts.length;
  }
}
