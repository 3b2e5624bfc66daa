// The page's state in the URL hash, so a link reproduces what someone saw: `#toml=<base64url of the UTF-8 text>`
// (the form forum answers and issues link to), plus optional json=, tab=, group=, view= and rule=.
// Pure functions, no DOM: the unit tests run them in Node.

export type Tab = "toml" | "machine";
export type View = "config" | "services" | "wrap";

export interface PageState {
  toml?: string;
  json?: string;
  tab?: Tab;
  group?: string;
  view?: View;
  /** The rule whose docs are open. */
  rule?: string;
}

/** base64url (RFC 4648 §5) of the UTF-8 bytes, unpadded. */
export function encodeBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  // Chunks keep String.fromCharCode's argument list short on large files.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return trimPadding(btoa(binary).replaceAll("+", "-").replaceAll("/", "_"));
}

/**
 * The text of a base64url (or standard base64, padded or not) UTF-8 payload; undefined when it is not base64 or not
 * UTF-8, so a mangled link shows a message instead of garbage.
 */
export function decodeBase64Url(payload: string): string | undefined {
  let s = trimPadding(payload.replaceAll("-", "+").replaceAll("_", "/"));
  if (!/^[A-Za-z0-9+/]*$/.test(s) || s.length % 4 === 1) return undefined;
  s += "=".repeat((4 - (s.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(s);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** Trailing `=` removed (a loop: a regex here would backtrack on a link full of `=`). */
function trimPadding(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61) end--;
  return s.slice(0, end);
}

export interface ParsedHash {
  state: PageState;
  /** Parameters that were present but could not be read (a truncated link). */
  errors: string[];
}

/** `#toml=…&tab=machine` → state. Unknown parameters are ignored. */
export function parseHash(hash: string): ParsedHash {
  const state: PageState = {};
  const errors: string[] = [];
  const body = hash.startsWith("#") ? hash.slice(1) : hash;
  for (const part of body.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? "" : part.slice(eq + 1);
    switch (key) {
      case "toml":
      case "json": {
        const text = decodeBase64Url(raw);
        if (text === undefined) errors.push(`the link's ${key}= part is not base64url UTF-8 text (was the link cut short?)`);
        // One leading BOM is dropped, as flyconf reads files (the editor would show it as a character).
        else state[key] = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
        break;
      }
      case "tab":
        if (raw === "toml" || raw === "machine") state.tab = raw;
        break;
      case "view":
        if (raw === "config" || raw === "services" || raw === "wrap") state.view = raw;
        break;
      case "group":
      case "rule": {
        const v = safeDecode(raw);
        if (v !== undefined && v !== "") state[key] = v;
        break;
      }
    }
  }
  return { state, errors };
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** State → `#toml=…`; defaults are left out so links stay short. */
export function formatHash(state: PageState): string {
  const parts: string[] = [];
  if (state.toml !== undefined) parts.push(`toml=${encodeBase64Url(state.toml)}`);
  if (state.json !== undefined && state.json !== "") parts.push(`json=${encodeBase64Url(state.json)}`);
  if (state.tab !== undefined && state.tab !== "toml") parts.push(`tab=${state.tab}`);
  if (state.group !== undefined) parts.push(`group=${encodeURIComponent(state.group)}`);
  if (state.view !== undefined && state.view !== "config") parts.push(`view=${state.view}`);
  if (state.rule !== undefined) parts.push(`rule=${encodeURIComponent(state.rule)}`);
  return `#${parts.join("&")}`;
}
