// Live mode: read an app's Machines from the Machines API (GET only). The token comes from the environment, is sent
// as an Authorization header and never appears in any message, log or error this module produces.
import { CliError } from "./io.js";

export const DEFAULT_API_URL = "https://api.machines.dev/v1";
export const DEFAULT_TIMEOUT_MS = 30_000;
/** A list response bigger than this is refused (a 10,000-Machine app is well under it). */
export const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

export interface LiveOptions {
  app: string;
  /** --api-url; else FLY_API_HOSTNAME; else https://api.machines.dev/v1. A URL without a /v1 path gets one. */
  apiUrl?: string;
  timeoutMs?: number;
  env?: Record<string, string | undefined>;
  /** For tests: a fetch implementation. */
  fetch?: typeof fetch;
}

export interface LiveResponse {
  /** The response body: a JSON list of Machines. */
  text: string;
  /** The URL fetched (no credentials in it). */
  url: string;
  /** `app NAME`, how results name their source. */
  source: string;
}

/** App names are lowercase letters, digits and dashes; anything else is refused before a request is made. */
const APP_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function apiBaseUrl(apiUrl: string | undefined, env: Record<string, string | undefined>): string {
  const raw = (apiUrl ?? env.FLY_API_HOSTNAME ?? "").trim() || DEFAULT_API_URL;
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new CliError(`invalid Machines API URL ${JSON.stringify(raw)}`);
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new CliError(`invalid Machines API URL ${JSON.stringify(raw)}: must be http(s)`);
  if (u.username || u.password) throw new CliError("the Machines API URL must not carry credentials; set FLY_API_TOKEN");
  let path = u.pathname.replace(/\/+$/, "");
  if (!/\/v1$/.test(path)) path += "/v1";
  return `${u.origin}${path}`;
}

export function tokenFrom(env: Record<string, string | undefined>): string {
  const t = (env.FLY_API_TOKEN || env.FLY_TOKEN || "").trim();
  if (!t) throw new CliError("live mode needs a token: set FLY_API_TOKEN (e.g. from `fly tokens create readonly`) or FLY_TOKEN");
  return t;
}

/** flyctl's tokens come as `FlyV1 fm2_…` (sent as they are) or as bare tokens (sent as Bearer). */
export function authorizationHeader(token: string): string {
  return /^(FlyV1|Bearer)\s/.test(token) ? token : `Bearer ${token}`;
}

/** Remove every trace of the token (whole, and each comma-separated macaroon of a FlyV1 token) from a text. */
export function redact(text: string, token: string | undefined): string {
  if (!token) return text;
  let out = text;
  const parts = new Set([token, token.replace(/^(FlyV1|Bearer)\s+/, ""), ...token.replace(/^(FlyV1|Bearer)\s+/, "").split(",")]);
  for (const p of [...parts].filter((x) => x.length >= 6).sort((a, b) => b.length - a.length)) out = out.split(p).join("[REDACTED]");
  return out;
}

export async function fetchMachines(o: LiveOptions): Promise<LiveResponse> {
  const env = o.env ?? process.env;
  if (!APP_NAME.test(o.app)) throw new CliError(`invalid app name ${JSON.stringify(o.app)}: app names are lowercase letters, digits and dashes`);
  const base = apiBaseUrl(o.apiUrl, env);
  const token = tokenFrom(env);
  const url = `${base}/apps/${encodeURIComponent(o.app)}/machines`;
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = o.fetch ?? fetch;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const fail = (message: string, exitCode = 2): never => {
    throw new CliError(redact(message, token), exitCode);
  };
  try {
    let res: Response;
    try {
      res = await doFetch(url, {
        method: "GET",
        headers: { Authorization: authorizationHeader(token), Accept: "application/json", "User-Agent": "flyconf" },
        redirect: "manual",
        signal: controller.signal,
      });
    } catch (err) {
      if (controller.signal.aborted) return fail(`the Machines API at ${base} did not answer within ${seconds(timeoutMs)} (raise it with --timeout)`);
      return fail(`cannot reach the Machines API at ${base}: ${networkReason(err)}`);
    }
    let text: string;
    try {
      text = await readBody(res, controller);
    } catch (err) {
      if (controller.signal.aborted) return fail(`the Machines API at ${base} did not finish its answer within ${seconds(timeoutMs)} (raise it with --timeout)`);
      if (err instanceof CliError) throw err;
      return fail(`reading the Machines API response failed: ${networkReason(err)}`);
    }
    if (!res.ok) return fail(statusMessage(res.status, o.app, base, apiError(text)));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail(`the Machines API returned a malformed response for app ${o.app}: not JSON (${describeBody(text)})`);
    }
    if (!Array.isArray(parsed)) return fail(`the Machines API returned a malformed response for app ${o.app}: expected a list of Machines, got ${parsed === null ? "null" : typeof parsed === "object" ? "an object" : typeof parsed}`);
    return { text, url, source: `app ${o.app}` };
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(res: Response, controller: AbortController): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      controller.abort();
      throw new CliError(`the Machines API response is over ${MAX_RESPONSE_BYTES} bytes; refusing it`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code;
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    case "ECONNRESET":
      return "connection reset";
    case "ETIMEDOUT":
      return "connection timed out";
    default:
      return cause?.message ?? (err as Error)?.message ?? String(err);
  }
}

/** The API's own error text ({"error": "…"}), shortened; never the whole body. */
function apiError(text: string): string | undefined {
  try {
    const j = JSON.parse(text) as unknown;
    if (typeof j === "object" && j !== null && typeof (j as { error?: unknown }).error === "string") return (j as { error: string }).error.slice(0, 200);
  } catch {
    /* not JSON */
  }
  return undefined;
}

function describeBody(text: string): string {
  const t = text.trim();
  if (!t) return "empty body";
  return `starts with ${JSON.stringify(t.slice(0, 40))}`;
}

function statusMessage(status: number, app: string, base: string, detail: string | undefined): string {
  const d = detail ? ` (${detail})` : "";
  if (status === 401) return `the Machines API rejected the token (401 Unauthorized)${d}: check FLY_API_TOKEN / FLY_TOKEN`;
  if (status === 403) return `the token may not read app ${app} (403 Forbidden)${d}: use a token for the app's organization`;
  if (status === 404) return `app ${app} not found (404)${d}: check --app and that the token belongs to the app's organization`;
  if (status === 429) return `the Machines API is rate limiting (429)${d}: try again shortly`;
  if (status >= 500) return `the Machines API failed (HTTP ${status})${d}: try again later`;
  if (status >= 300 && status < 400) return `the Machines API at ${base} answered with a redirect (HTTP ${status}); check --api-url`;
  return `the Machines API answered HTTP ${status}${d}`;
}
