// `[[vm]]` → guest (spec §4.13): a size preset, then memory, then inline guest fields, with no merging.
import type { ProblemData } from "../diagnostic.js";
import type { Vm } from "../model/schema.js";
import type { MachineGuest } from "./machine-types.js";
import { memoryMbFromString } from "./size.js";

interface Preset {
  cpu_kind: string;
  cpus: number;
  memory_mb: number;
  gpus?: number;
  gpu_kind?: string;
}

const shared = (cpus: number, memory_mb: number): Preset => ({ cpu_kind: "shared", cpus, memory_mb });
const perf = (cpus: number, memory_mb: number): Preset => ({ cpu_kind: "performance", cpus, memory_mb });
const gpu = (gpu_kind: string): Preset => ({ cpu_kind: "performance", cpus: 8, memory_mb: 16384, gpus: 1, gpu_kind });

export const MACHINE_PRESETS: Readonly<Record<string, Preset>> = {
  "shared-cpu-1x": shared(1, 256),
  "shared-cpu-2x": shared(2, 512),
  "shared-cpu-4x": shared(4, 1024),
  "shared-cpu-6x": shared(6, 1536),
  "shared-cpu-8x": shared(8, 2048),
  "performance-1x": perf(1, 2048),
  "performance-2x": perf(2, 4096),
  "performance-4x": perf(4, 8192),
  "performance-6x": perf(6, 12288),
  "performance-8x": perf(8, 16384),
  "performance-10x": perf(10, 20480),
  "performance-12x": perf(12, 24576),
  "performance-14x": perf(14, 28672),
  "performance-16x": perf(16, 32768),
  "a100-40gb": gpu("a100-pcie-40gb"),
  "a100-80gb": gpu("a100-sxm4-80gb"),
  l40s: gpu("l40s"),
  a10: gpu("a10"),
};

export type GuestResult =
  | { ok: true; guest: MachineGuest }
  | ({ ok: false; field: "size" | "memory" } & ({ messageId: "vm-size-unknown"; data: ProblemData["vm-size-unknown"] } | { messageId: "vm-memory-invalid"; data: ProblemData["vm-memory-invalid"] }));

export function computeGuest(vm: Vm, hostDedicationId: string | undefined): GuestResult {
  const size = vm.size || (vm.gpu_kind ? "performance-8x" : "shared-cpu-1x");
  const preset = MACHINE_PRESETS[size];
  if (!preset) return { ok: false, field: "size", messageId: "vm-size-unknown", data: unknownSize(size) };
  const guest: MachineGuest = { ...preset };
  if (hostDedicationId) guest.host_dedication_id = hostDedicationId;
  if (vm.memory) {
    const mb = memoryMbFromString(vm.memory);
    if (!mb.ok) return { ok: false, field: "memory", messageId: "vm-memory-invalid", data: { detail: mb.error } };
    guest.memory_mb = mb.value;
  }
  // Inline guest fields override, when non-zero (Go's zero-value checks).
  if (vm.cpu_kind) guest.cpu_kind = vm.cpu_kind;
  if (vm.cpus) guest.cpus = vm.cpus;
  if (vm.memory_mb) guest.memory_mb = vm.memory_mb;
  if (vm.max_memory_mb) guest.max_memory_mb = vm.max_memory_mb;
  if (vm.gpus) guest.gpus = vm.gpus;
  if (vm.gpu_kind) guest.gpu_kind = vm.gpu_kind;
  if (vm.host_dedication_id) guest.host_dedication_id = vm.host_dedication_id;
  // Already a fly-go MachinePersistRootfs ("none" and 0 decode to "", omitted; 1–3 to their names).
  if (vm.persist_rootfs) guest.persist_rootfs = vm.persist_rootfs;
  if (vm.kernel_args?.length) guest.kernel_args = vm.kernel_args;
  return { ok: true, guest };
}

/** A size that is no preset, with the presets of its family when it names one. */
function unknownSize(size: string): ProblemData["vm-size-unknown"] {
  const family = size.startsWith("shared") ? "shared" : size.startsWith("performance") ? "performance" : undefined;
  if (!family) return { size };
  const choices = Object.keys(MACHINE_PRESETS)
    .filter((n) => n.startsWith(family))
    .sort();
  return { size, choices };
}
