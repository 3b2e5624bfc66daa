// The examples menu: a clean app, the classic mistakes, and Machines to compare against them.
import clean from "../../fixtures/examples/demo/fly.toml";
import mistakes from "../../fixtures/examples/demo/broken.fly.toml";
import machineMistakes from "../examples/machine-mistakes.json";
import machines from "../examples/machines.json";
import autostop503 from "../examples/autostop-503.fly.toml";
import typos from "../examples/typos.fly.toml";

export interface Example {
  id: string;
  label: string;
  toml: string;
  json?: string;
  /** The tab it opens on (default: the one showing). */
  tab?: "toml" | "machine";
}

export const EXAMPLES: readonly Example[] = [
  { id: "clean", label: "Clean app (web + worker)", toml: clean, json: machines },
  { id: "mistakes", label: "Classic mistakes", toml: mistakes },
  { id: "autostop-503", label: "Stops and never starts (503)", toml: autostop503 },
  { id: "typos", label: "Typos flyctl ignores", toml: typos },
  { id: "machines-drift", label: "Machines: one drifted from fly.toml", toml: clean, json: machines, tab: "machine" },
  { id: "machine-mistakes", label: "Machines: API mistakes", toml: autostop503, json: machineMistakes, tab: "machine" },
];

export const DEFAULT_EXAMPLE = EXAMPLES[1]!;
