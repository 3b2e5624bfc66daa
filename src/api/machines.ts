// The Machines API over HTTP (Node entry only: the main entry stays runtime-neutral). One request core — base URL
// policy, auth header, timeouts, retries with backoff, a response size cap, token redaction — used by the library
// client (createMachinesClient) and by the CLI's live mode (lint --app, diff --app).
// The token is sent as an Authorization header and never appears in any message this module produces.
import type { AnyMachineConfig, Machine, MachineConfig, MachineRequest } from "../compile/machine-types.js";
import type { Diagnostic } from "../diagnostic.js";
import { isObj, safeClone } from "../object.js";
import { checkOptions, type OptionCheck, type OptionKeys } from "../options.js";
import { trimTrailingSlashes } from "../portable/paths.js";
import { validateMachineBody, type ValidateBodyOptions } from "../platform/machine-json.js";

export const DEFAULT_API_URL = "https://api.machines.dev/v1";
export const DEFAULT_TIMEOUT_MS = 30_000;
/** A list response bigger than this is refused (a 10,000-Machine app is well under it). */
export const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
export const LEASE_NONCE_HEADER = "fly-machine-lease-nonce";

export type MachinesApiErrorKind = "usage" | "http" | "network" | "timeout" | "too-large" | "invalid-response" | "validation";

/** Every failure of the client: what kind, the HTTP status when there was one, and the API's own error text. */
export class MachinesApiError extends Error {
  override readonly name = "MachinesApiError";
  constructor(
    message: string,
    readonly kind: MachinesApiErrorKind,
    readonly status?: number,
    /** The API's `{"error": …}` text, shortened (never the whole body). */
    readonly detail?: string,
    /** For `kind: "validation"`: why the body was not sent. */
    readonly diagnostics?: Diagnostic[],
  ) {
    super(message);
  }
}

// ---- base URL ---------------------------------------------------------------------------------------------------

/** Hosts plain http:// is allowed for without `insecure`: the machine itself (a local fake API, a proxy). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost") || h === "::1") return true;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m[1] === "127" && m.slice(1).every((x) => Number(x) <= 255);
}

/**
 * The API base URL: `raw` (a URL or a host name), else https://api.machines.dev/v1; a path without /v1 gets one.
 * Refused: credentials in the URL, schemes other than http(s), and plain http:// to anything but loopback unless
 * `insecure` (the token would cross the network in the clear).
 */
export function resolveApiUrl(raw: string | undefined, options: { insecure?: boolean | undefined } = {}): string {
  const text = (raw ?? "").trim() || DEFAULT_API_URL;
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new MachinesApiError(`invalid Machines API URL ${JSON.stringify(text)}`, "usage");
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new MachinesApiError(`invalid Machines API URL ${JSON.stringify(text)}: must be http(s)`, "usage");
  if (u.username || u.password) throw new MachinesApiError("the Machines API URL must not carry credentials; pass the token separately", "usage");
  if (u.protocol === "http:" && !isLoopbackHost(u.hostname) && !options.insecure) {
    throw new MachinesApiError(`refusing plain http:// to ${u.host}: the API token would cross the network unencrypted; use https://, or allow it explicitly (--insecure, { insecure: true })`, "usage");
  }
  let path = trimTrailingSlashes(u.pathname);
  if (!/\/v1$/.test(path)) path += "/v1";
  return `${u.origin}${path}`;
}

/** flyctl's tokens come as `FlyV1 fm2_…` (sent as they are) or as bare tokens (sent as Bearer). */
export function authorizationHeader(token: string): string {
  return /^(FlyV1|Bearer)\s/.test(token) ? token : `Bearer ${token}`;
}

/** Remove every trace of the token (whole, and each comma-separated macaroon of a FlyV1 token) from a text. */
export function redact(text: string, token: string | undefined): string {
  if (!token) return text;
  let out = text;
  const bare = token.replace(/^(FlyV1|Bearer)\s+/, "");
  const parts = new Set([token, bare, ...bare.split(",")]);
  for (const p of [...parts].filter((x) => x.length >= 6).sort((a, b) => b.length - a.length)) out = out.split(p).join("[REDACTED]");
  return out;
}

/** App names are lowercase letters, digits and dashes; anything else is refused before a request is made. */
const APP_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Machine ids are hex-ish; refused before they could become a path. */
const MACHINE_ID = /^[a-zA-Z0-9_-]{1,64}$/;

export function checkAppName(app: string): void {
  if (typeof app !== "string" || !APP_NAME.test(app)) throw new MachinesApiError(`invalid app name ${JSON.stringify(app)}: app names are lowercase letters, digits and dashes`, "usage");
}

// ---- the request core -------------------------------------------------------------------------------------------

export interface RequestContext {
  base: string;
  token: string;
  timeoutMs: number;
  /** How many times a failed request is tried again (429, 5xx, network errors, timeouts; see `retry`). */
  retries: number;
  /** First backoff delay; doubled each retry, with jitter, capped at 10 s. A Retry-After header wins (capped). */
  retryDelayMs: number;
  fetch: typeof fetch;
  maxResponseBytes: number;
}

export interface RequestSpec {
  method: "GET" | "POST" | "DELETE";
  path: string;
  body?: unknown;
  nonce?: string | undefined;
  /**
   * "always": 429, 5xx, network errors and timeouts are retried (reads and idempotent writes).
   * "rate-limit": only 429 (the request was not processed): for a create, which must not run twice.
   */
  retry: "always" | "rate-limit";
}

export interface RawResponse {
  status: number;
  text: string;
  url: string;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const MAX_BACKOFF_MS = 10_000;

/** One request with its retries. Throws MachinesApiError (redacted) for anything but a 2xx answer. */
export async function request(ctx: RequestContext, spec: RequestSpec): Promise<RawResponse> {
  const url = `${ctx.base}${spec.path}`;
  for (let attempt = 0; ; attempt++) {
    let outcome: RawResponse | MachinesApiError;
    let retryAfterMs: number | undefined;
    try {
      const r = await once(ctx, spec, url);
      if (r.status >= 200 && r.status < 300) return { status: r.status, text: r.text, url };
      retryAfterMs = r.retryAfterMs;
      outcome = httpError(ctx, r.status, r.text);
    } catch (e) {
      outcome = e instanceof MachinesApiError ? e : new MachinesApiError(redact(`cannot reach the Machines API at ${ctx.base}: ${networkReason(e)}`, ctx.token), "network");
    }
    const retriable =
      outcome.kind === "http" ? (spec.retry === "always" ? RETRY_STATUS.has(outcome.status ?? 0) : outcome.status === 429) : spec.retry === "always" && (outcome.kind === "network" || outcome.kind === "timeout");
    if (!retriable || attempt >= ctx.retries) throw outcome;
    const backoff = Math.min(MAX_BACKOFF_MS, ctx.retryDelayMs * 2 ** attempt);
    const delay = retryAfterMs !== undefined ? Math.min(retryAfterMs, MAX_BACKOFF_MS) : backoff / 2 + Math.random() * (backoff / 2);
    await new Promise((r) => setTimeout(r, delay));
  }
}

async function once(ctx: RequestContext, spec: RequestSpec, url: string): Promise<{ status: number; text: string; retryAfterMs?: number }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ctx.timeoutMs);
  const headers: Record<string, string> = { Authorization: authorizationHeader(ctx.token), Accept: "application/json", "User-Agent": "flyconf" };
  if (spec.body !== undefined) headers["Content-Type"] = "application/json";
  if (spec.nonce !== undefined) headers[LEASE_NONCE_HEADER] = spec.nonce;
  try {
    let res: Response;
    try {
      res = await ctx.fetch(url, { method: spec.method, headers, redirect: "manual", signal: controller.signal, ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}) });
    } catch (err) {
      if (controller.signal.aborted) throw new MachinesApiError(`the Machines API at ${ctx.base} did not answer within ${seconds(ctx.timeoutMs)}`, "timeout");
      throw new MachinesApiError(redact(`cannot reach the Machines API at ${ctx.base}: ${networkReason(err)}`, ctx.token), "network");
    }
    let text: string;
    try {
      text = await readBody(res, controller, ctx.maxResponseBytes);
    } catch (err) {
      if (err instanceof MachinesApiError) throw err;
      if (controller.signal.aborted) throw new MachinesApiError(`the Machines API at ${ctx.base} did not finish its answer within ${seconds(ctx.timeoutMs)}`, "timeout");
      throw new MachinesApiError(redact(`reading the Machines API response failed: ${networkReason(err)}`, ctx.token), "network");
    }
    const ra = res.headers.get("retry-after");
    const secs = ra !== null && /^\d{1,6}$/.test(ra.trim()) ? Number(ra.trim()) * 1000 : undefined;
    return secs !== undefined ? { status: res.status, text, retryAfterMs: secs } : { status: res.status, text };
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(res: Response, controller: AbortController, max: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const decoder = new TextDecoder("utf-8");
  let size = 0;
  let out = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      controller.abort();
      throw new MachinesApiError(`the Machines API response is over ${max} bytes; refusing it`, "too-large");
    }
    out += decoder.decode(value, { stream: true });
  }
  return out + decoder.decode();
}

function httpError(ctx: RequestContext, status: number, text: string): MachinesApiError {
  const detail = apiErrorText(text);
  const d = detail ? `: ${detail}` : "";
  let message: string;
  if (status === 401) message = `the Machines API rejected the token (401 Unauthorized)${d}`;
  else if (status === 403) message = `the token may not do this (403 Forbidden)${d}`;
  else if (status === 404) message = `not found (404)${d}`;
  else if (status === 409 || status === 412) message = `conflict (HTTP ${status})${d}: the Machine changed or is leased by someone else`;
  else if (status === 429) message = `the Machines API is rate limiting (429)${d}`;
  else if (status >= 500) message = `the Machines API failed (HTTP ${status})${d}`;
  else if (status >= 300 && status < 400) message = `the Machines API at ${ctx.base} answered with a redirect (HTTP ${status})`;
  else message = `the Machines API answered HTTP ${status}${d}`;
  return new MachinesApiError(redact(message, ctx.token), "http", status, detail === undefined ? undefined : redact(detail, ctx.token));
}

/** The API's own error text ({"error": "…"}), shortened; never the whole body. */
function apiErrorText(text: string): string | undefined {
  try {
    const j = JSON.parse(text) as unknown;
    if (isObj(j) && typeof j.error === "string") return j.error.slice(0, 200);
  } catch {
    /* not JSON */
  }
  return undefined;
}

export function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  switch (cause?.code) {
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
      return cause?.message ?? (err instanceof Error ? err.message : String(err));
  }
}

export function describeBody(text: string): string {
  const t = text.trim();
  if (!t) return "empty body";
  return `starts with ${JSON.stringify(t.slice(0, 40))}`;
}

// ---- the client -------------------------------------------------------------------------------------------------

export interface MachinesClientOptions {
  app: string;
  /** A Fly API token (`fly tokens create deploy`); `FlyV1 …` tokens are sent as they are, others as Bearer. */
  token: string;
  /** Default https://api.machines.dev/v1. Plain http:// only for loopback unless `insecure`. */
  baseUrl?: string | undefined;
  /** Allow plain http:// to a host other than loopback (the token then crosses the network in the clear). */
  insecure?: boolean | undefined;
  /** Per attempt, default 30 s. */
  timeoutMs?: number | undefined;
  /** Retries of a failed request (429, 5xx, network errors, timeouts; a create only on 429). Default 3. */
  retries?: number | undefined;
  /** First backoff delay, doubled each retry (with jitter); default 500 ms. A Retry-After header wins. */
  retryDelayMs?: number | undefined;
  /** A fetch implementation (default: the global fetch). */
  fetch?: typeof fetch | undefined;
}

/** What `update` hands your change: a copy of the fresh config (yours to change) and the Machine as fetched. */
export type MachineChange = (config: MachineConfig<number>, machine: Machine) => AnyMachineConfig | MachineRequest;

export interface UpdateOptions {
  /**
   * Hold a lease on the Machine for the update (POST …/lease, the nonce sent as fly-machine-lease-nonce, released
   * afterwards): `true` for a 60-second lease, or `{ ttlSeconds }`. Or pass `nonce` for a lease you already hold.
   */
  lease?: boolean | { ttlSeconds?: number } | undefined;
  nonce?: string | undefined;
  /** Validation settings for the body (intent is "update"). */
  validate?: Omit<ValidateBodyOptions, "intent"> | undefined;
}

export interface CreateOptions {
  validate?: Omit<ValidateBodyOptions, "intent"> | undefined;
}

export interface UpdateResult {
  /** The Machine as the API answered the update. */
  machine: Machine;
  /** The body that was POSTed. */
  body: MachineRequest;
  /** Warnings of the validation (the update went through). */
  warnings: Diagnostic[];
  /** The Machine as fetched just before the change. */
  before: Machine;
}

export interface MachinesClient {
  readonly app: string;
  /** GET /v1/apps/{app}/machines */
  list(): Promise<Machine[]>;
  /** GET /v1/apps/{app}/machines/{id} */
  get(id: string): Promise<Machine>;
  /** Validate (intent "create": an image is required), then POST /v1/apps/{app}/machines. */
  create(body: MachineRequest, options?: CreateOptions): Promise<{ machine: Machine; warnings: Diagnostic[] }>;
  /**
   * The update the Fly guide insists on: a fresh GET, your change applied to a copy of its config, the result
   * validated as a full `{"config": …}` body, then POST /v1/apps/{app}/machines/{id}; optionally under a lease.
   */
  update(id: string, change: MachineChange, options?: UpdateOptions): Promise<UpdateResult>;
}

/** Every option createMachinesClient takes, and those of create() and update(), as checkOptions checks them. */
const CLIENT_OPTION_KEYS = { app: "string", token: "string", baseUrl: "string", insecure: "boolean", timeoutMs: "count", retries: "index", retryDelayMs: "index", fetch: "function" } as const satisfies OptionKeys;
const leaseOption: OptionCheck = (_fn, _key, v) => (typeof v === "boolean" || (isObj(v) && (v.ttlSeconds === undefined || (Number.isSafeInteger(v.ttlSeconds) && (v.ttlSeconds as number) > 0))) ? undefined : "true, false or { ttlSeconds: a positive integer }");
const UPDATE_OPTION_KEYS = { lease: leaseOption, nonce: "string", validate: "object" } as const satisfies OptionKeys;

export function createMachinesClient(options: MachinesClientOptions): MachinesClient {
  if (!isObj(options)) throw new MachinesApiError("createMachinesClient needs { app, token }", "usage");
  checkOptions("createMachinesClient", options, CLIENT_OPTION_KEYS);
  checkAppName(options.app);
  const token = typeof options.token === "string" ? options.token.trim() : "";
  if (!token) throw new MachinesApiError("createMachinesClient needs a token (e.g. from `fly tokens create deploy`)", "usage");
  const ctx: RequestContext = {
    base: resolveApiUrl(options.baseUrl, { insecure: options.insecure }),
    token,
    timeoutMs: positive(options.timeoutMs, DEFAULT_TIMEOUT_MS),
    retries: options.retries !== undefined && Number.isInteger(options.retries) && options.retries >= 0 ? options.retries : 3,
    retryDelayMs: positive(options.retryDelayMs, 500),
    fetch: options.fetch ?? fetch,
    maxResponseBytes: MAX_RESPONSE_BYTES,
  };
  const app = options.app;
  const machinesPath = `/apps/${encodeURIComponent(app)}/machines`;
  const machinePath = (id: string) => {
    if (typeof id !== "string" || !MACHINE_ID.test(id)) throw new MachinesApiError(`invalid Machine id ${JSON.stringify(String(id)).slice(0, 80)}`, "usage");
    return `${machinesPath}/${id}`;
  };
  const parse = (r: RawResponse, what: string): unknown => {
    try {
      return JSON.parse(r.text) as unknown;
    } catch {
      throw new MachinesApiError(redact(`the Machines API returned a malformed response for ${what}: not JSON (${describeBody(r.text)})`, token), "invalid-response", r.status);
    }
  };
  const asMachine = (v: unknown, what: string): Machine => {
    if (!isObj(v) || typeof v.id !== "string" || !isObj(v.config)) {
      throw new MachinesApiError(`the Machines API returned a malformed response for ${what}: expected a Machine (an object with "id" and "config")`, "invalid-response");
    }
    return v as Machine;
  };
  const validated = (body: unknown, intent: "create" | "update", v: CreateOptions["validate"]) => {
    const r = validateMachineBody(body, { ...(v ?? {}), intent });
    if (!r.ok) {
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      const first = errors[0];
      throw new MachinesApiError(
        `the ${intent} body is not valid, nothing was sent: ${errors.length} error${errors.length === 1 ? "" : "s"}${first ? `, first: ${first.keyPath ? `${first.keyPath}: ` : ""}${first.message} [${first.ruleId}]` : ""}`,
        "validation",
        undefined,
        undefined,
        r.diagnostics,
      );
    }
    return r;
  };

  return {
    app,
    async list() {
      const r = await request(ctx, { method: "GET", path: machinesPath, retry: "always" });
      const v = parse(r, `app ${app}`);
      if (!Array.isArray(v)) throw new MachinesApiError(`the Machines API returned a malformed response for app ${app}: expected a list of Machines`, "invalid-response");
      return v.map((m, i) => asMachine(m, `app ${app} (list element ${i})`));
    },
    async get(id) {
      const r = await request(ctx, { method: "GET", path: machinePath(id), retry: "always" });
      return asMachine(parse(r, `Machine ${id}`), `Machine ${id}`);
    },
    async create(body, o = {}) {
      checkOptions("create", o, { validate: "object" });
      const v = validated(body, "create", o.validate);
      const r = await request(ctx, { method: "POST", path: machinesPath, body, retry: "rate-limit" });
      return { machine: asMachine(parse(r, "the new Machine"), "the new Machine"), warnings: v.warnings };
    },
    async update(id, change, o = {}) {
      checkOptions("update", o, UPDATE_OPTION_KEYS);
      const path = machinePath(id);
      let nonce = o.nonce;
      let leased = false;
      if (nonce === undefined && o.lease) {
        const ttl = typeof o.lease === "object" && o.lease.ttlSeconds !== undefined ? o.lease.ttlSeconds : 60;
        const r = await request(ctx, { method: "POST", path: `${path}/lease`, body: { ttl, description: "flyconf update" }, retry: "rate-limit" });
        const v = parse(r, `the lease on Machine ${id}`);
        const data = isObj(v) && isObj(v.data) ? v.data : v;
        if (!isObj(data) || typeof data.nonce !== "string" || data.nonce === "") throw new MachinesApiError(`the Machines API returned no lease nonce for Machine ${id}`, "invalid-response");
        nonce = data.nonce;
        leased = true;
      }
      try {
        const before = asMachine(parse(await request(ctx, { method: "GET", path, retry: "always" }), `Machine ${id}`), `Machine ${id}`);
        // The change gets its own copy (prototype keys dropped): the Machine as fetched stays as it was.
        const changed = change(safeClone(before.config) as MachineConfig<number>, before);
        if (!isObj(changed)) throw new MachinesApiError("the change must return a config or a {config} body", "usage");
        const body: MachineRequest = isRequest(changed) ? changed : { config: changed };
        const v = validated(body, "update", o.validate);
        const r = await request(ctx, { method: "POST", path, body, nonce, retry: nonce !== undefined ? "always" : "rate-limit" });
        return { machine: asMachine(parse(r, `Machine ${id}`), `Machine ${id}`), body, warnings: v.warnings, before };
      } finally {
        if (leased && nonce !== undefined) {
          // Best effort: a lease left behind expires with its ttl.
          await request(ctx, { method: "DELETE", path: `${path}/lease`, nonce, retry: "rate-limit" }).catch(() => undefined);
        }
      }
    },
  };
}

/** A `{"config": …}` body rather than a bare config (a config has no "config" key). */
function isRequest(v: AnyMachineConfig | MachineRequest): v is MachineRequest {
  return "config" in v && isObj(v.config);
}

function positive(v: number | undefined, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : fallback;
}
