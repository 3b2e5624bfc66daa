// Every rule id, as a type (a test holds this list equal to the registry). Every id a diagnostic can carry is one of
// these (test/printed-ids.test.ts).
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
  | "restart-retries"
  | "invalid-machine"
  | "unsafe-integer";

/**
 * Formerly the ids of pipeline diagnostics no rule owned; every printed id is now a registered rule (RuleId).
 * @deprecated use RuleId
 */
export type PipelineDiagnosticId = Extract<RuleId, "invalid-machine" | "unsafe-integer">;
