// Live mode: read an app's Machines from the Machines API (GET only), through the library client's request core
// (src/api/machines.ts). The token comes from the environment, is sent as an Authorization header and never appears
// in any message, log or error this module produces.
import { checkAppName, DEFAULT_TIMEOUT_MS, describeBody, MachinesApiError, MAX_RESPONSE_BYTES, redact, request, resolveApiUrl } from "../api/machines.js";
import { CliError } from "./io.js";

export { DEFAULT_API_URL, DEFAULT_TIMEOUT_MS, MAX_RESPONSE_BYTES, authorizationHeader, redact } from "../api/machines.js";

export interface LiveOptions {
  app: string;
  /** --api-url; else FLY_API_HOSTNAME; else https://api.machines.dev/v1. A URL without a /v1 path gets one. */
  apiUrl?: string | undefined;
  /** --insecure: allow plain http:// to a host other than loopback. */
  insecure?: boolean | undefined;
  timeoutMs?: number | undefined;
  /** Retries on 429, 5xx, network errors and timeouts (default 2). */
  retries?: number | undefined;
  retryDelayMs?: number | undefined;
  env?: Record<string, string | undefined> | undefined;
  /** For tests: a fetch implementation. */
  fetch?: typeof fetch | undefined;
}

export interface LiveResponse {
  /** The response body: a JSON list of Machines. */
  text: string;
  /** The URL fetched (no credentials in it). */
  url: string;
  /** `app NAME`, how results name their source. */
  source: string;
}

/** The base URL policy of the Machines API client (one place: src/api/machines.ts), as CLI errors. */
export function apiBaseUrl(apiUrl: string | undefined, env: Record<string, string | undefined>, insecure = false): string {
  try {
    return resolveApiUrl(apiUrl ?? env.FLY_API_HOSTNAME, { insecure });
  } catch (e) {
    if (e instanceof MachinesApiError) throw new CliError(e.message.replace("pass the token separately", "set FLY_API_TOKEN"));
    throw e;
  }
}

export function tokenFrom(env: Record<string, string | undefined>): string {
  const t = (env.FLY_API_TOKEN || env.FLY_TOKEN || "").trim();
  if (!t) throw new CliError("live mode needs a token: set FLY_API_TOKEN (e.g. from `fly tokens create readonly`) or FLY_TOKEN");
  return t;
}

/** GET /v1/apps/{app}/machines through the client's request core (retries with backoff, timeouts, size cap). */
export async function fetchMachines(o: LiveOptions): Promise<LiveResponse> {
  const env = o.env ?? process.env;
  try {
    checkAppName(o.app);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  const base = apiBaseUrl(o.apiUrl, env, o.insecure === true);
  const token = tokenFrom(env);
  const path = `/apps/${encodeURIComponent(o.app)}/machines`;
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fail = (message: string, exitCode = 2): never => {
    throw new CliError(redact(message, token), exitCode);
  };
  let r;
  try {
    r = await request(
      { base, token, timeoutMs, retries: o.retries ?? 2, retryDelayMs: o.retryDelayMs ?? 500, fetch: o.fetch ?? fetch, maxResponseBytes: MAX_RESPONSE_BYTES },
      { method: "GET", path, retry: "always" },
    );
  } catch (e) {
    if (!(e instanceof MachinesApiError)) throw e;
    if (e.kind === "timeout") return fail(`${e.message} (raise it with --timeout)`);
    if (e.kind === "http") return fail(statusMessage(e.status ?? 0, o.app, base, e.detail));
    return fail(e.message);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(r.text);
  } catch {
    return fail(`the Machines API returned a malformed response for app ${o.app}: not JSON (${describeBody(r.text)})`);
  }
  if (!Array.isArray(parsed)) return fail(`the Machines API returned a malformed response for app ${o.app}: expected a list of Machines, got ${parsed === null ? "null" : typeof parsed === "object" ? "an object" : typeof parsed}`);
  return { text: r.text, url: r.url, source: `app ${o.app}` };
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
