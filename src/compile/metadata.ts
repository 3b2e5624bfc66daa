// Process-group metadata of a Machine: what makes fly deploy manage it (`fly_platform_version = "v2"` and
// `fly_process_group`), and pure helpers to attach a config to a group or detach it. None mutates its input.
import { isObj } from "../object.js";
import type { Int, MachineConfigFields, AutostopWire } from "./machine-types.js";
import { nullObject } from "../object.js";

/** The metadata keys flyctl writes on every Machine it manages. */
export const PLATFORM_VERSION_KEY = "fly_platform_version";
export const PROCESS_GROUP_KEY = "fly_process_group";

/** Any config, input or compiled. */
type ConfigLike = MachineConfigFields<Int, AutostopWire>;

/**
 * Detached: fly deploy and fly scale leave the Machine alone. fly-go's ListFlyAppsMachines keeps only Machines with
 * `fly_platform_version = "v2"` (IsFlyAppsPlatform). (A v2 Machine without a group is managed, in group "", which
 * fly deploy destroys: the detached-machine rule reports both.)
 */
export function isDetachedConfig(config: unknown): boolean {
  if (!isObj(config)) return true;
  const md = config.metadata;
  return !isObj(md) || md[PLATFORM_VERSION_KEY] !== "v2";
}

/**
 * Whether a Machine (a GET response), a create/update body (`{"config": …}`) or a bare config is detached: without
 * `fly_platform_version = "v2"` in its metadata, fly deploy and fly scale do not manage it.
 */
export function isDetached(machine: { config: ConfigLike } | ConfigLike): boolean {
  const m: unknown = machine;
  return isDetachedConfig(isObj(m) && isObj(m.config) ? m.config : m);
}

/** The config's process group (`fly_process_group`, else the legacy `process_group`), when it names one. */
export function processGroupOf(machine: { config: ConfigLike } | ConfigLike): string | undefined {
  const m: unknown = machine;
  const c = isObj(m) && isObj(m.config) ? m.config : m;
  const md = isObj(c) && isObj(c.metadata) ? c.metadata : undefined;
  for (const g of [md?.[PROCESS_GROUP_KEY], md?.process_group]) if (typeof g === "string" && g !== "") return g;
  return undefined;
}

/**
 * A copy of `config` that belongs to process `group`, as flyctl writes it: metadata `fly_platform_version = "v2"`
 * and `fly_process_group = group`, and env `FLY_PROCESS_GROUP = group`. Services and command are untouched: compile
 * fly.toml for the group (`compileGroup`, `updateBody`) to get the group's own.
 */
export function setProcessGroup<C extends ConfigLike>(config: C, group: string): C & { metadata: Record<string, string>; env: Record<string, string> } {
  if (typeof group !== "string" || group === "") throw new TypeError("setProcessGroup: the group must be a non-empty string");
  const metadata = copyMap(config.metadata);
  metadata[PLATFORM_VERSION_KEY] = "v2";
  metadata[PROCESS_GROUP_KEY] = group;
  const env = copyMap(config.env);
  env.FLY_PROCESS_GROUP = group;
  return { ...config, metadata, env };
}

/**
 * A copy of `config` that fly deploy will leave alone: `fly_platform_version`, `fly_process_group` and the legacy
 * `process_group` removed from metadata. Env is kept (the app may read FLY_PROCESS_GROUP).
 */
export function detach<C extends ConfigLike>(config: C): C & { metadata: Record<string, string> } {
  const metadata = copyMap(config.metadata);
  delete metadata[PLATFORM_VERSION_KEY];
  delete metadata[PROCESS_GROUP_KEY];
  delete metadata.process_group;
  return { ...config, metadata };
}

/** A plain copy of a string map (own keys only; `__proto__` stays a plain key). */
function copyMap(m: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = nullObject() as Record<string, string>;
  if (isObj(m)) for (const k of Object.keys(m)) out[k] = m[k]!;
  return out;
}
