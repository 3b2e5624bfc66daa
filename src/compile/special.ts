// The other converters flyctl has (spec §4.15), from the unflattened config: the release command Machine, the
// `fly console` Machine and the test Machine of a machine check. Same conventions as toMachineConfig.
import type { KeyPath } from "../diagnostic.js";
import { formatGoDuration } from "../model/go-duration.js";
import type { FlyToml } from "../model/schema.js";
import { canonicalConfig } from "./canonical.js";
import { computeGuest } from "./guest.js";
import { checkOptions } from "../options.js";
import { dropUndefined, groupEnv, mergedFiles, stopConfig, TO_MACHINE_OPTION_KEYS, type ConvertError, type ConvertResult, type ToMachineOptions } from "./machine.js";
import type { MachineConfig, MachineInit } from "./machine-types.js";

/** A config being built: init is always present (fly-go has no omitempty there). */
type Building = MachineConfig & { init: MachineInit };
import { shlexSplit } from "./shlex.js";

type Options = Omit<ToMachineOptions, "src">;
const { src: _src, ...SPECIAL_OPTION_KEYS } = TO_MACHINE_OPTION_KEYS;

function metadata(group: string, options: Options): Record<string, string> {
  const m: Record<string, string> = { fly_platform_version: "v2", fly_process_group: group };
  if (options.flyctlVersion) m.fly_flyctl_version = options.flyctlVersion;
  return m;
}

/** One-off Machines: never restarted, destroyed when done, not registered in DNS. */
const ONE_OFF = { auto_destroy: true, restart: { policy: "no" as const }, dns: { skip_registration: true } };

export function toReleaseMachineConfig(model: FlyToml, options: Options = {}): ConvertResult {
  checkOptions("toReleaseMachineConfig", options, SPECIAL_OPTION_KEYS);
  const group = "fly_app_release_command";
  const errors: ConvertError[] = [];
  const init: MachineConfig["init"] = {};
  const cmd = model.deploy?.release_command;
  if (cmd) {
    const r = shlexSplit(cmd);
    if (r.ok) init.cmd = r.words.length ? r.words : undefined;
    else errors.push({ messageId: "release-command", data: { detail: r.error }, path: ["deploy", "release_command"] });
  }
  if (model.experimental?.entrypoint?.length) init.entrypoint = model.experimental.entrypoint;
  // *int in appconfig.Config and fly.MachineInit (machines.go: SwapSizeMB: c.SwapSizeMB): 0 is sent.
  if (model.swap_size_mb !== undefined) init.swap_size_mb = model.swap_size_mb;
  const m: Building = {
    env: groupEnv(model, group, { RELEASE_COMMAND: "1" }),
    init: dropUndefined(init),
    metadata: metadata(group, options),
    ...ONE_OFF,
    stop_config: stopConfig(model),
    files: options.files === "none" ? undefined : mergedFiles(model, options, errors),
  };
  const vm = model.deploy?.release_command_vm;
  if (vm) {
    const r = computeGuest(vm, vm.host_dedication_id || model.host_dedication_id);
    if (r.ok) m.guest = r.guest;
    else errors.push({ messageId: r.messageId, data: r.data, path: ["deploy", "release_command_vm", r.field] } as ConvertError);
  }
  return errors.length ? { ok: false, errors } : { ok: true, config: canonicalConfig(m) };
}

export function toConsoleMachineConfig(model: FlyToml, options: Options = {}): ConvertResult {
  checkOptions("toConsoleMachineConfig", options, SPECIAL_OPTION_KEYS);
  const group = "fly_app_console";
  const init: MachineConfig["init"] = { exec: ["/bin/sleep", "inf"] };
  // *int in appconfig.Config and fly.MachineInit (machines.go: SwapSizeMB: c.SwapSizeMB): 0 is sent.
  if (model.swap_size_mb !== undefined) init.swap_size_mb = model.swap_size_mb;
  const m: Building = { env: groupEnv(model, group), init, metadata: metadata(group, options), ...ONE_OFF };
  return { ok: true, config: canonicalConfig(m) };
}

/** The subset of a Machine (GET response) a test Machine borrows from. */
export interface OriginalMachine {
  private_ip?: string;
  config?: MachineConfig;
}

type MachineCheck = NonNullable<FlyToml["machine_checks"]>[number];

/** `path` locates the check in the model for diagnostics, e.g. ["http_service", "machine_checks", 0]. */
export function toTestMachineConfig(model: FlyToml, check: MachineCheck, path: KeyPath, orig?: OriginalMachine, options: Options = {}): ConvertResult {
  checkOptions("toTestMachineConfig", options, SPECIAL_OPTION_KEYS);
  const group = "fly_app_test_machine_command";
  const errors: ConvertError[] = [];
  const origCfg = orig?.config;
  if (!check.command?.length) errors.push({ messageId: "test-machine-command", data: {}, path });
  const image = check.image || origCfg?.image;
  if (!image) errors.push({ messageId: "test-machine-image", data: {}, path });
  const init: MachineConfig["init"] = { cmd: check.command };
  init.entrypoint = check.entrypoint ?? origCfg?.init?.entrypoint;
  if (model.experimental?.entrypoint) init.entrypoint = model.experimental.entrypoint;
  // *int in appconfig.Config and fly.MachineInit (machines.go: SwapSizeMB: c.SwapSizeMB): 0 is sent.
  if (model.swap_size_mb !== undefined) init.swap_size_mb = model.swap_size_mb;
  const env = groupEnv(model, group, { ...(origCfg?.env ?? {}), FLY_TEST_COMMAND: "1", FLY_TEST_MACHINE_IP: orig?.private_ip ?? "" });
  // With its own image the check keeps only its own kill settings; otherwise it falls back to the app's. Both are
  // pointers (ToTestMachineConfig): kill_signal = "" is sent as "signal": "".
  const signal = check.image ? check.kill_signal : (check.kill_signal ?? model.kill_signal);
  const timeout = check.image ? check.kill_timeout : (check.kill_timeout ?? model.kill_timeout);
  const m: Building = {
    env,
    init: dropUndefined(init),
    metadata: metadata(group, options),
    image,
    ...ONE_OFF,
    stop_config: dropUndefined({ timeout: timeout !== undefined ? formatGoDuration(timeout) : undefined, signal }),
  };
  return errors.length ? { ok: false, errors } : { ok: true, config: canonicalConfig(m) };
}
