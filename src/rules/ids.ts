// Every rule id, as a type (a test holds this list equal to the registry). Diagnostics also carry a few ids of the
// pipeline itself that no rule owns (PipelineDiagnosticId).
export type RuleId =
  | "toml-syntax"
  | "yaml-syntax"
  | "input-size"
  | "empty-config"
  | "invalid-type"
  | "autostop-value"
  | "autostart-type"
  | "autostop-without-autostart"
  | "autostart-without-autostop"
  | "group-inconsistent"
  | "unknown-group"
  | "service-missing-processes"
  | "unknown-key"
  | "service-no-ports"
  | "port-conflict"
  | "port-range"
  | "missing-file"
  | "unused-suppression"
  | "ignored-suppression"
  | "too-many-findings"
  | "concurrency-limits"
  | "handler-value"
  | "min-machines-no-effect"
  | "restart-policy"
  | "duration-unit"
  | "autostop-worker"
  | "deploy-strategy-incompatible"
  | "check-timing-bounds"
  | "suspend-incompatible-vm"
  | "env-reserved-name"
  | "mount-values"
  | "json-syntax"
  | "config-wrapper"
  | "missing-image"
  | "detached-machine"
  | "no-restart-policy"
  | "restart-retries";

/**
 * Ids of diagnostics that come from the pipeline rather than a rule: input over the size cap, a `machine` option
 * that is not a Machine or that the update path refuses to move or attach, an integer past 2^53 without `bigint`.
 */
export type PipelineDiagnosticId = "invalid-machine" | "unsafe-integer";
