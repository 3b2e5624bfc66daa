// Guest presets by size name (`shared-cpu-1x`, `performance-2x`, `a100-40gb`, …), as `[[vm]] size` compiles.
import { computeGuest } from "../compile/guest.js";
import type { Problem } from "../diagnostic.js";
import type { MachineGuest } from "../compile/machine-types.js";
import { problemMessage } from "../lint/report.js";

export type GuestResult = { ok: true; guest: MachineGuest<number> } | { ok: false; message: string };

/**
 * The guest (cpu_kind, cpus, memory_mb, gpu_kind) flyctl sends for a size preset, with `memory` overriding the
 * preset's memory as `[[vm]] memory` does: a number of megabytes, or a size such as "1gb" or "512mb".
 */
export function guestForSize(size: string, memory?: number | string): GuestResult {
  if (typeof size !== "string" || size === "") return { ok: false, message: "the size must be a preset name such as shared-cpu-1x" };
  if (memory !== undefined && !(typeof memory === "string" || (typeof memory === "number" && Number.isInteger(memory) && memory > 0))) {
    return { ok: false, message: `memory must be a positive number of megabytes or a size such as "1gb", not ${String(memory)}` };
  }
  const r = computeGuest({ size, ...(memory !== undefined ? { memory: String(memory) } : {}) }, undefined);
  // In the words `[[vm]] size` gets from the rule that claims it (invalid-type).
  if (!r.ok) return { ok: false, message: problemMessage({ kind: "convert", messageId: r.messageId, data: r.data, path: ["vm", 0, r.field] } as Problem, "fly.toml") };
  return { ok: true, guest: { ...r.guest } as MachineGuest<number> };
}
