// Reading Machines API JSON for the rules' Machine checks: how messages name a Machine, each config's services with
// their JSON paths, and the autostop values that mean on and off. Every helper is linear in the size of the input.
import type { KeyPath } from "../../diagnostic.js";
import { machineLabel, type MachineEntry } from "../../model/machine-input.js";
import { isObj } from "../../object.js";
import type { MachineContext } from "../types.js";

type Obj = Record<string, unknown>;

/** "Machine 148e…: " for inputs holding Machines, "" for a bare config or body (positions say enough). */
export function subject(ctx: Pick<MachineContext, "input">, e: MachineEntry): string {
  return ctx.input.shape === "machine-list" || ctx.input.shape === "machine" ? `${machineLabel(e)}: ` : "";
}

/** Each config's services with their JSON paths and labels (`Machine 148e…: services[0]`). */
export function* machineServices(ctx: Pick<MachineContext, "input">): Generator<{ e: MachineEntry; s: Obj; path: KeyPath; label: string }> {
  for (const e of ctx.input.entries) {
    if (!e.config || !Array.isArray(e.config.services)) continue;
    const list = e.config.services as unknown[];
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      if (isObj(s)) yield { e, s, path: [...e.configPath!, "services", i], label: `${subject(ctx, e)}services[${i}]` };
    }
  }
}

/** The API's autostop values that stop Machines… */
export const autostopOn = (v: unknown): boolean => v === true || v === "stop" || v === "suspend";
/** …and those that leave them running (absent means off). */
export const autostopOff = (v: unknown): boolean => v === undefined || v === null || v === false || v === "off";

/** A finite JSON number, else undefined. */
export const finite = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
