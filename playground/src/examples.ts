// The examples menu: a clean app, the classic mistakes, and Machines to compare against them.
import clean from "../../fixtures/examples/demo/fly.toml";
import mistakes from "../../fixtures/examples/demo/broken.fly.toml";
import machines from "../examples/machines.json";
import autostop503 from "../examples/autostop-503.fly.toml";
import typos from "../examples/typos.fly.toml";

export interface Example {
  id: string;
  label: string;
  toml: string;
  json?: string;
}

export const EXAMPLES: readonly Example[] = [
  { id: "clean", label: "Clean app (web + worker)", toml: clean, json: machines },
  { id: "mistakes", label: "Classic mistakes", toml: mistakes },
  { id: "autostop-503", label: "Stops and never starts (503)", toml: autostop503 },
  { id: "typos", label: "Typos flyctl ignores", toml: typos },
];

export const DEFAULT_EXAMPLE = EXAMPLES[1]!;
