// The one runtime import of zod. The CLI bundle loads zod from a chunk of its own on first use (scripts/bundle.mjs),
// and each module importing a chunk copies its ~260 exports: importing it here alone keeps that to one copy.
export * as z from "zod";
