// Byte-level helpers that run in any JavaScript runtime (no Buffer): UTF-8 length, code point order, base64.
// The main entry must bundle for a browser without polyfills; these replace the few Buffer calls it had.

/**
 * The length in bytes of `text` encoded as UTF-8 (a lone surrogate counts as U+FFFD, 3 bytes, as encoders write it).
 */
export function utf8ByteLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: 2 UTF-16 units, 4 bytes.
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

/** The UTF-8 encoding of `text` (lone surrogates become U+FFFD). */
export function utf8Encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Order of the UTF-8 encodings of two strings, which is code point order: -1, 0 or 1. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
    if (x === y) continue;
    const ex = lone(x);
    const ey = lone(y);
    if (ex !== ey) return ex < ey ? -1 : 1;
  }
  const restA = a.length - i;
  const restB = b.length - j;
  return restA === restB ? 0 : restA < restB ? -1 : 1;
}

/** A lone surrogate is encoded as U+FFFD. */
function lone(cp: number): number {
  return cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 (RFC 4648 §4, padded), as Go's encoding/base64.StdEncoding and Buffer#toString("base64"). */
export function base64Encode(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = bytes[i]! << 16;
    out += `${ALPHABET[v >> 18]!}${ALPHABET[(v >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${ALPHABET[v >> 18]!}${ALPHABET[(v >> 12) & 63]!}${ALPHABET[(v >> 6) & 63]!}=`;
  }
  return out;
}

/** base64 of the UTF-8 encoding of `text`. */
export function base64EncodeText(text: string): string {
  return base64Encode(utf8Encode(text));
}
