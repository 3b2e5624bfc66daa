// A bare number where fly.toml expects a duration: its unit depends on where it is written (spec §1.3), so make it
// explicit. The safe fix writes the duration flyctl already reads; where that reading is surely a slip (nanoseconds, a
// dropped fraction) there are only suggestions, so the warning stays until a person picks one.
import type { KeyPath } from "../diagnostic.js";
import { formatGoDuration } from "../model/go-duration.js";
import { isTable, TomlFloat, type TomlTable, type TomlValue } from "../reader/values.js";
import { schemaMessages } from "./utils/problem-messages.js";
import { defineRule, type Rule, type TomlContext } from "./types.js";
import { itemsOf } from "./utils/paths.js";

type Unit = "s" | "ms" | "ns";
const UNIT_NS: Record<Unit, bigint> = { s: 1_000_000_000n, ms: 1_000_000n, ns: 1n };
const UNIT_WORD: Record<Unit, [string, string]> = { s: ["second", "seconds"], ms: ["millisecond", "milliseconds"], ns: ["nanosecond", "nanoseconds"] };
const MAX_NS = (1n << 63n) - 1n;
const CHECK_TIMINGS = ["interval", "timeout", "grace_period"] as const;

const messages = {
  plain: ({ key, written, n, unit, fixed }: { key: string; written: string; n: bigint; unit: Unit; fixed: string }) =>
    `${key} = ${written} is ${amount(n, unit)} here (a bare number means seconds, milliseconds or nanoseconds depending on the key); write ${JSON.stringify(fixed)}`,
  truncated: ({ key, written, n, unit, fixed, asWritten }: { key: string; written: string; n: bigint; unit: Unit; fixed: string; asWritten: string | undefined }) =>
    `${key} = ${written} is truncated to ${amount(n, unit)} (flyctl drops the fraction of a bare number); write ${asWritten ? `${JSON.stringify(asWritten)} if that is what you meant, or ` : ""}${JSON.stringify(fixed)}`,
  nanoseconds: ({ key, written, n, where, meant }: { key: string; written: string; n: bigint; where: string; meant: string | undefined }) =>
    `${key} = ${written} is ${amount(n, "ns")}: bare numbers in ${where} are nanoseconds, not milliseconds or seconds${meant ? `; did you mean ${JSON.stringify(meant)}?` : ""}`,
  fix: ({ written, fixed }: { written: string; fixed: string }) => `replace ${written} with ${JSON.stringify(fixed)} (the same duration, with its unit)`,
  suggestSame: ({ written, fixed }: { written: string; fixed: string }) => `replace ${written} with ${JSON.stringify(fixed)} (the duration flyctl reads today)`,
  suggestMeant: ({ written, meant }: { written: string; meant: string }) => `replace ${written} with ${JSON.stringify(meant)} (changes the duration: the likely intent)`,
  suggestWritten: ({ written, exact }: { written: string; exact: string }) => `replace ${written} with ${JSON.stringify(exact)} (changes the duration: the fraction kept)`,
  // Claimed: a Machine JSON duration the schema check rejects, in its words.
  ...schemaMessages,
};

/**
 * Go's Duration.String() without the trailing zero units Go prints ("5m0s" → "5m", "1h0m0s" → "1h"); ParseDuration
 * reads both.
 */
function durationText(ns: bigint): string {
  let s = formatGoDuration(ns);
  if (s.endsWith("m0s") || s.endsWith("h0s")) s = s.slice(0, -2);
  if (s.endsWith("h0m")) s = s.slice(0, -2);
  const micro = s.indexOf("\u00b5s");
  return micro < 0 ? s : `${s.slice(0, micro)}us${s.slice(micro + 2)}`;
}

function amount(n: bigint, unit: Unit): string {
  const [one, many] = UNIT_WORD[unit];
  return `${n} ${n === 1n || n === -1n ? one : many}`;
}

/** What a nanosecond value was probably meant as: ≥ 1000 reads as milliseconds, smaller as seconds. */
function meant(n: bigint): string | undefined {
  const abs = n < 0n ? -n : n;
  const ns = abs >= 1000n ? n * UNIT_NS.ms : n * UNIT_NS.s;
  return ns > MAX_NS || ns < -MAX_NS ? undefined : durationText(ns);
}

const rule: Rule<typeof messages> = {
  meta: {
    id: "duration-unit",
    severity: "warning",
    description: "a bare number as a duration, whose unit (s, ms or ns) depends on where it is written",
    fixable: true,
    inputs: ["fly.toml", "machine-json"],
    messages,
    docs: `flyctl reads a bare number where a duration is expected in a unit that depends on the key:

| where | unit |
|---|---|
| \`kill_timeout\` (and \`experimental.kill_timeout\`) | seconds |
| \`[[services.tcp_checks]]\`, \`[[services.http_checks]]\`, \`[checks.*]\` interval, timeout, grace_period | milliseconds |
| \`[[http_service.checks]]\` interval, timeout, grace_period | **nanoseconds** (the docs say milliseconds) |
| \`machine_checks\` kill_timeout, \`deploy.wait_timeout\`, \`deploy.release_command_timeout\` | nanoseconds |

A float is truncated first (\`kill_timeout = 1.5\` is one second). Copying \`interval = 10000\` from
\`[[services.tcp_checks]]\` into \`[[http_service.checks]]\` turns ten seconds into ten microseconds. Write durations as
strings with a unit (\`"10s"\`, \`"500ms"\`, \`"1m30s"\`). \`--fix\` writes the duration flyctl reads today where that
is surely what was meant (\`kill_timeout = 5\` → \`"5s"\`, \`interval = 15000\` in \`[[services.tcp_checks]]\` → \`"15s"\`).
A nanosecond value or a truncated float is almost certainly a slip, so it keeps its warning: the finding carries
*suggestions* instead (the likely intent first, e.g. \`"10s"\` for \`interval = 10000\`, then the duration as flyctl
reads it, \`"10us"\`), shown in editors and in the JSON and SARIF output and applied only by \`--fix-unsafe\`.

Evidence: flyctl \`internal/appconfig/patches.go\` \`_castDuration\` (ms for service and top-level checks, s for
\`kill_timeout\`); fly-go \`duration.go\` (numbers are nanoseconds); \`http_service\` is not patched; Fly docs
\`reference/configuration\` L494.

Bad:
\`\`\`toml
[http_service]
internal_port = 8080

[[http_service.checks]]
interval = 10000
timeout = 2000
path = "/health"
\`\`\`

Good:
\`\`\`toml
[http_service]
internal_port = 8080

[[http_service.checks]]
interval = "10s"
timeout = "2s"
path = "/health"
\`\`\``,
  },
  claims: [{ kinds: ["schema"], definition: "duration" }],
  checkToml(ctx) {
    const root = ctx.doc.value;
    const at = (path: KeyPath, unit: Unit, where?: string) => checkValue(ctx, path, unit, where);
    at(["kill_timeout"], "s");
    const exp = root.experimental;
    if (isTable(exp)) at(["experimental", "kill_timeout"], "s");

    const machineChecks = (base: KeyPath, v: TomlValue | undefined, where: string) => {
      if (Array.isArray(v)) v.forEach((c, i) => isTable(c) && isNumber(c.kill_timeout) && at([...base, i, "kill_timeout"], "ns", where));
    };
    machineChecks(["machine_checks"], root.machine_checks, "[[machine_checks]]");

    const http = root.http_service;
    if (isTable(http)) {
      const checks = http.checks;
      if (Array.isArray(checks)) checks.forEach((c, i) => isTable(c) && CHECK_TIMINGS.forEach((k) => isNumber(c[k]) && at(["http_service", "checks", i, k], "ns", "[[http_service.checks]]")));
      machineChecks(["http_service", "machine_checks"], http.machine_checks, "[[http_service.machine_checks]]");
    }

    for (const { item: svc, seg } of itemsOf(root.services)) {
      const base: KeyPath = ["services", ...seg];
      for (const kind of ["tcp_checks", "http_checks"] as const) {
        for (const { item: c, seg: cseg } of itemsOf(svc[kind])) CHECK_TIMINGS.forEach((k) => isNumber(c[k]) && at([...base, kind, ...cseg, k], "ms"));
      }
      machineChecks([...base, "machine_checks"], svc.machine_checks, "[[services.machine_checks]]");
    }

    const checks = root.checks;
    if (Array.isArray(checks)) checks.forEach((c, i) => isTable(c) && CHECK_TIMINGS.forEach((k) => isNumber(c[k]) && at(["checks", i, k], "ms")));
    else if (isTable(checks)) for (const [name, c] of Object.entries(checks)) if (isTable(c)) CHECK_TIMINGS.forEach((k) => isNumber(c[k]) && at(["checks", name, k], "ms"));

    const deploy = root.deploy;
    if (isTable(deploy)) for (const k of ["wait_timeout", "release_command_timeout"]) at(["deploy", k], "ns", "[deploy]");
  },
};

/** Only numbers have a unit problem; checked before a path is built for them. */
function isNumber(v: unknown): boolean {
  return typeof v === "number" || typeof v === "bigint" || v instanceof TomlFloat;
}

function checkValue({ doc, report }: TomlContext<typeof messages>, path: KeyPath, unit: Unit, nsWhere: string | undefined): void {
  let v: unknown = doc.value;
  for (const seg of path) v = isTable(v) ? (v as TomlTable)[seg as string] : Array.isArray(v) ? v[seg as number] : undefined;
  let n: bigint;
  let float: number | undefined;
  if (typeof v === "number" && Number.isInteger(v)) n = BigInt(v);
  else if (typeof v === "bigint") n = v;
  else if (v instanceof TomlFloat && Number.isFinite(v.value)) {
    n = BigInt(Math.trunc(v.value));
    // An integral float (TOML 15000.0, any fly.json number: a float64) loses nothing to truncation.
    if (!Number.isInteger(v.value)) float = v.value;
  } else return;
  if (n === 0n && float === undefined) return; // 0 is 0 in every unit
  const span = doc.get(path)?.value;
  if (!span) return;
  const written = doc.text.slice(span.start, span.end);
  const key = String(path[path.length - 1]);
  const ns = n * UNIT_NS[unit];
  const fixed = inRange(ns) ? durationText(ns) : undefined;
  const edit = (to: string, description: string) => ({ description, edits: [{ start: span.start, end: span.end, text: JSON.stringify(to) }] });
  if (unit === "ns" && nsWhere) {
    // Almost certainly a mistake (a check every 10 µs): the value keeps its warning until a person changes it, so
    // nothing here is a safe fix. The likely intent first, then the same duration spelt out.
    const intended = meant(n);
    const suggestions = [
      ...(intended && intended !== fixed ? [edit(intended, messages.suggestMeant({ written, meant: intended }))] : []),
      ...(fixed ? [edit(fixed, messages.suggestSame({ written, fixed }))] : []),
    ];
    report({ path, messageId: "nanoseconds", data: { key, written, n, where: nsWhere, meant: intended }, suggestions });
    return;
  }
  if (float !== undefined && fixed) {
    // flyctl drops the fraction: "1s" keeps today's meaning but hides the slip, so both readings are suggestions.
    const exact = float * Number(UNIT_NS[unit]);
    const asWritten = Number.isSafeInteger(Math.round(exact)) ? durationText(BigInt(Math.round(exact))) : undefined;
    const suggestions = [
      ...(asWritten && asWritten !== fixed ? [edit(asWritten, messages.suggestWritten({ written, exact: asWritten }))] : []),
      edit(fixed, messages.suggestSame({ written, fixed })),
    ];
    report({ path, messageId: "truncated", data: { key, written, n, unit, fixed, asWritten: asWritten !== fixed ? asWritten : undefined }, suggestions });
    return;
  }
  report({ path, messageId: "plain", data: { key, written, n, unit, fixed: fixed ?? `${n}${unit}` }, fix: fixed ? edit(fixed, messages.fix({ written, fixed })) : undefined });
}

function inRange(ns: bigint): boolean {
  return ns <= MAX_NS && ns >= -MAX_NS;
}

export default defineRule(rule);
