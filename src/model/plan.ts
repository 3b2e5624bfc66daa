// The decoder plan of the fly.toml model (generated/fly-toml-decoder.js, written by scripts/gen-decoder-plan.ts from
// the zod model at build time), typed. The generated module declares only its outline, so the published package's
// generated/ names nothing outside itself.
import data from "../../generated/fly-toml-decoder.js";
import type { DecoderPlan } from "./decoder-runtime.js";

export const PLAN: DecoderPlan = data as DecoderPlan;
